"""Input parsing for the improvement pages and the inputs of its workflows' transitions (one form
for the page and the API); choices of people and rows narrowed to the agency."""

from django import forms
from django.utils import timezone

from eiso.accounts.models import User
from eiso.core.forms import AgencyPlainForm, BootstrapFormMixin, DateInput
from eiso.core.rich_text import RichTextField, RichTextWidget
from eiso.core.workflow import TransitionForm
from eiso.documents.models import DocumentVersion
from eiso.improvement.models import ChecklistQuestion, Nonconformity, Result, Schedule
from eiso.orgs.models import StandardEdition, Unit
from eiso.procedures.models import Process

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def date_field(label: str, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, input_formats=DATE_FORMATS, widget=DateInput(), **kwargs)


class ProgrammeForm(BootstrapFormMixin, forms.Form):
    year = forms.IntegerField(label="Năm", min_value=2014, max_value=2100)
    objectives = forms.CharField(
        label="Mục tiêu chương trình", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    risk_basis = forms.CharField(
        label="Căn cứ ưu tiên",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=(
            "Vì sao chọn các đơn vị, quy trình này trước (hồ sơ trễ hạn, phản ánh, phát hiện lần trước)."
        ),
    )


class AuditForm(AgencyPlainForm):
    title = forms.CharField(label="Tên cuộc đánh giá", max_length=300)
    scope = forms.CharField(label="Phạm vi đánh giá", widget=forms.Textarea(attrs={"rows": 2}))
    criteria = forms.CharField(
        label="Chuẩn mực đánh giá",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="Để trống: phiên bản tiêu chuẩn cơ quan áp dụng, tài liệu của cơ quan, QĐ 19/2014/QĐ-TTg.",
    )
    planned_start_on = date_field("Từ ngày")
    planned_end_on = date_field("Đến ngày")
    lead_auditor = forms.ModelChoiceField(label="Trưởng đoàn đánh giá", queryset=User.objects.none())
    members = forms.ModelMultipleChoiceField(
        label="Thành viên đoàn",
        queryset=User.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    units = forms.ModelMultipleChoiceField(
        label="Đơn vị được đánh giá",
        queryset=Unit.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    processes = forms.ModelMultipleChoiceField(
        label="Quy trình được đánh giá",
        queryset=Process.objects.select_related("document"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )


class MemberForm(AgencyPlainForm):
    user = forms.ModelChoiceField(label="Thành viên", queryset=User.objects.none())


class QuestionAddForm(BootstrapFormMixin, forms.Form):
    clause = forms.CharField(label="Điều khoản/mục", max_length=10)
    text = forms.CharField(label="Câu hỏi", widget=forms.Textarea(attrs={"rows": 2}))
    evidence_hint = forms.CharField(label="Gợi ý bằng chứng", required=False)


class LineRecordForm(AgencyPlainForm):
    result = forms.ChoiceField(label="Kết quả", choices=[c for c in Result.choices if c[0] != Result.PENDING])
    evidence_text = forms.CharField(
        label="Bằng chứng khách quan",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Điều đã thấy, đã nghe, đã đọc; bắt buộc với phát hiện.",
    )
    evidence_file = forms.FileField(
        label="Tệp bằng chứng", required=False, help_text="PDF, Word, Excel, OpenDocument hoặc ảnh."
    )
    document_version = forms.ModelChoiceField(
        label="Phiên bản tài liệu liên quan",
        queryset=DocumentVersion.objects.select_related("document"),
        required=False,
    )
    record_reference = forms.CharField(
        label="Mã hồ sơ hoặc bản ghi liên quan", max_length=100, required=False
    )
    unit = forms.ModelChoiceField(label="Đơn vị có phát hiện", queryset=Unit.objects.all(), required=False)

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, agency=agency, **kwargs)
        self.fields["document_version"].queryset = self.fields["document_version"].queryset.filter(
            status="published"
        )
        self.fields["document_version"].label_from_instance = lambda v: f"{v.document.code} · lần {v.number}"


class ReportForm(TransitionForm):
    report_number = forms.CharField(label="Số báo cáo", max_length=40, required=False)
    summary = forms.CharField(label="Tóm tắt kết quả", widget=forms.Textarea(attrs={"rows": 3}))
    conclusions = forms.CharField(label="Kết luận", widget=forms.Textarea(attrs={"rows": 3}))


class ReasonForm(TransitionForm):
    reason = forms.CharField(label="Lý do", widget=forms.Textarea(attrs={"rows": 2}))


class QuestionForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = ChecklistQuestion
        fields = ["reference", "clause", "clause_title", "text", "evidence_hint", "order", "is_active"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "evidence_hint": forms.Textarea(attrs={"rows": 2}),
        }


class NonconformityForm(AgencyPlainForm):
    source = forms.ChoiceField(
        label="Nguồn phát hiện",
        choices=[c for c in Nonconformity.Source.choices if c[0] not in ("audit", "late_dossiers")],
    )
    severity = forms.ChoiceField(label="Mức độ", choices=Nonconformity.Severity.choices, initial="minor")
    title = forms.CharField(label="Tóm tắt", max_length=300)
    description = RichTextField(label="Mô tả sự không phù hợp", widget=RichTextWidget(attrs={"rows": 6}))
    clause = forms.CharField(label="Điều khoản liên quan", max_length=10, required=False)
    detected_on = date_field("Ngày phát hiện")
    unit = forms.ModelChoiceField(label="Đơn vị", queryset=Unit.objects.all(), required=False)
    feedback = forms.IntegerField(widget=forms.HiddenInput, required=False)


# The cause categories of the categories method, in the order of the analysis fields.
CAUSE_CATEGORIES = ("Con người", "Phương pháp", "Tài liệu", "Thiết bị", "Môi trường")


class AnalyseForm(TransitionForm):
    """The root-cause analysis: five answers to “why?” in turn, or a cause per category."""

    correction = forms.CharField(
        label="Khắc phục tức thời (sửa chữa)", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    cause_method = forms.ChoiceField(
        label="Phương pháp phân tích",
        choices=Nonconformity.CauseMethod.choices,
        initial=Nonconformity.CauseMethod.FIVE_WHYS,
    )
    why_1 = forms.CharField(label="Tại sao 1 / nhóm con người", required=False)
    why_2 = forms.CharField(label="Tại sao 2 / nhóm phương pháp", required=False)
    why_3 = forms.CharField(label="Tại sao 3 / nhóm tài liệu", required=False)
    why_4 = forms.CharField(label="Tại sao 4 / nhóm thiết bị", required=False)
    why_5 = forms.CharField(label="Tại sao 5 / nhóm môi trường", required=False)
    root_cause = forms.CharField(
        label="Nguyên nhân gốc", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    WHYS = ("why_1", "why_2", "why_3", "why_4", "why_5")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        nonconformity = self.target
        if nonconformity is None or not nonconformity.root_cause:
            return
        # Analysed again (the actions were not effective): start from the last analysis.
        for name in ("correction", "cause_method", "root_cause"):
            self.fields[name].initial = getattr(nonconformity, name)
        if nonconformity.cause_method == Nonconformity.CauseMethod.FIVE_WHYS:
            for name, answer in zip(self.WHYS, nonconformity.cause_analysis, strict=False):
                self.fields[name].initial = answer

    def analysis_fields(self) -> list:
        return [self[name] for name in self.WHYS]

    def analysis(self) -> list[str]:
        """The answers in order; with the categories method, each answer named by its category."""
        answers = [self.cleaned_data.get(name, "").strip() for name in self.WHYS]
        if self.cleaned_data.get("cause_method") == Nonconformity.CauseMethod.CATEGORIES:
            named = zip(CAUSE_CATEGORIES, answers, strict=True)
            return [f"{category}: {answer}" for category, answer in named if answer]
        return answers

    def input(self) -> dict:
        return {
            "cause_method": self.cleaned_data["cause_method"],
            "analysis": self.analysis(),
            "root_cause": self.cleaned_data["root_cause"],
            "correction": self.cleaned_data["correction"],
        }


class ActionForm(AgencyPlainForm):
    title = forms.CharField(label="Hành động khắc phục", max_length=500)
    owner = forms.ModelChoiceField(label="Người thực hiện", queryset=User.objects.none())
    due_on = date_field("Hạn hoàn thành")
    description = forms.CharField(label="Mô tả", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class OutputForm(ActionForm):
    """An output of a management review: an improvement, a change to the QMS or a resource need."""

    title = forms.CharField(label="Nội dung hành động", max_length=500)


class PlanForm(TransitionForm):
    effectiveness_criteria = forms.CharField(
        label="Tiêu chí đánh giá hiệu lực",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Ví dụ: không có hồ sơ trễ hạn của thủ tục này trong 3 tháng.",
    )
    effectiveness_check_on = date_field("Ngày kiểm tra hiệu lực")


class EffectivenessForm(TransitionForm):
    # A radio pair rather than a checkbox, so that "not effective" is a choice and not an omission;
    # a NullBooleanField reads the page's "true"/"false" and the API's JSON booleans alike.
    is_effective = forms.NullBooleanField(
        label="Kết luận",
        widget=forms.RadioSelect(choices=[("true", "Có hiệu lực"), ("false", "Chưa có hiệu lực")]),
    )
    result = forms.CharField(
        label="Kết quả kiểm tra so với tiêu chí", widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_is_effective(self) -> bool:
        value = self.cleaned_data.get("is_effective")
        if value is None:
            raise forms.ValidationError("Hãy chọn kết luận: có hiệu lực hay chưa có hiệu lực.")
        return value


class CompleteForm(BootstrapFormMixin, forms.Form):
    completion_note = forms.CharField(label="Kết quả thực hiện", widget=forms.Textarea(attrs={"rows": 2}))
    evidence = forms.FileField(
        label="Bằng chứng", required=False, help_text="PDF, Word, Excel, OpenDocument hoặc ảnh."
    )


class ProposalRunForm(BootstrapFormMixin, forms.Form):
    period_start = date_field("Từ ngày")
    period_end = date_field("Đến ngày")
    threshold = forms.IntegerField(label="Ngưỡng (số hồ sơ trễ hạn)", min_value=1, initial=5)


class ReviewForm(AgencyPlainForm):
    title = forms.CharField(label="Tên cuộc họp", max_length=300)
    period_start = date_field("Số liệu từ ngày")
    period_end = date_field("Số liệu đến ngày")
    planned_on = date_field("Ngày dự kiến họp")
    location = forms.CharField(label="Địa điểm", max_length=200, required=False)
    chair = forms.ModelChoiceField(label="Chủ trì", queryset=User.objects.none())
    participants = forms.CharField(
        label="Thành phần dự kiến", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class HoldForm(TransitionForm):
    held_on = date_field("Ngày họp", initial=timezone.localdate)
    minutes_number = forms.CharField(label="Số biên bản", max_length=40, required=False)
    participants = forms.CharField(label="Thành phần tham dự", widget=forms.Textarea(attrs={"rows": 2}))
    note_providers = forms.CharField(
        label="Nhà cung cấp bên ngoài (trình bày tại họp)",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    note_resources = forms.CharField(
        label="Sự đầy đủ của nguồn lực (trình bày tại họp)",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    conclusions = forms.CharField(label="Kết luận", widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.target is not None:
            self.fields["participants"].initial = self.target.participants

    def input(self) -> dict:
        data = self.cleaned_data
        return {
            "held_on": data["held_on"],
            "minutes_number": data["minutes_number"],
            "participants": data["participants"],
            "conclusions": data["conclusions"],
            "notes": {"providers": data["note_providers"], "resources": data["note_resources"]},
        }


class LifecycleForm(BootstrapFormMixin, forms.Form):
    internal_activities = forms.CharField(
        label="Hoạt động nội bộ trong phạm vi", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class AnnounceForm(TransitionForm):
    number = forms.CharField(label="Số quyết định", max_length=40, help_text="Ví dụ: 15/QĐ-STP")
    decided_on = date_field("Ngày quyết định", initial=timezone.localdate)
    signer_name = forms.CharField(label="Người ký", max_length=150)
    signer_position = forms.CharField(label="Chức vụ", max_length=150, initial="Giám đốc")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.target is not None:
            self.fields["signer_name"].initial = self.target.signer_name
            self.fields["signer_position"].initial = self.target.signer_position


class NoticeForm(TransitionForm):
    notice_reference = forms.CharField(label="Số văn bản thông báo Sở KH&CN", max_length=60, required=False)
    notice_sent_on = date_field("Ngày gửi thông báo", required=False)
    posted_at_office_on = date_field("Ngày niêm yết tại trụ sở", required=False)
    website_url = forms.URLField(
        label="Đường dẫn trên trang thông tin điện tử", required=False, assume_scheme="https"
    )
    posted_on_website_on = date_field("Ngày đăng trên trang thông tin điện tử", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.target is not None:
            for name, field in self.fields.items():
                field.initial = getattr(self.target, name)


class ScheduleForm(AgencyPlainForm):
    kind = forms.ChoiceField(label="Loại việc", choices=Schedule.Kind.choices)
    title = forms.CharField(label="Tên công việc", max_length=300)
    owner = forms.ModelChoiceField(label="Người phụ trách", queryset=User.objects.none())
    interval_months = forms.IntegerField(label="Chu kỳ (tháng)", min_value=1, max_value=120, initial=12)
    next_due_on = date_field("Hạn lần tới")


class ScheduleCompleteForm(BootstrapFormMixin, forms.Form):
    done_on = date_field("Ngày hoàn thành", initial=timezone.localdate)


class TransitionStartForm(BootstrapFormMixin, forms.Form):
    """Start moving to a newer edition; an empty deadline is computed by the one clock."""

    to_edition = forms.ModelChoiceField(
        label="Chuyển sang phiên bản", queryset=StandardEdition.objects.none()
    )
    started_on = date_field("Ngày bắt đầu")
    target_on = date_field(
        "Hạn hoàn thành", required=False, help_text="Để trống: 36 tháng kể từ ngày bắt đầu."
    )

    def __init__(self, *args, current: StandardEdition | None, **kwargs):
        super().__init__(*args, **kwargs)
        newer = (
            StandardEdition.objects.filter(year__gt=current.year)
            if current
            else StandardEdition.objects.none()
        )
        self.fields["to_edition"].queryset = newer


class TransitionCompleteForm(BootstrapFormMixin, forms.Form):
    completed_on = date_field("Ngày hoàn thành chuyển đổi")
