from django import forms
from django.utils import timezone

from eiso.core.forms import BootstrapFormMixin, DateInput
from eiso.core.query import parse_int
from eiso.core.rich_text import RichTextWidget
from eiso.core.workflow import TransitionForm
from eiso.orgs.models import Agency
from eiso.oversight import scoring
from eiso.oversight.models import BudgetLine, CriteriaSet, Criterion, Inspection, PlanEntry, Report

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def _date(label: str, required: bool = True, initial=None) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, initial=initial, input_formats=DATE_FORMATS, widget=DateInput()
    )


class RegistryFilterForm(BootstrapFormMixin, forms.Form):
    year = forms.IntegerField(label="Năm", min_value=2000, max_value=2100, required=False)
    kind = forms.ChoiceField(
        label="Loại cơ quan", choices=[("", "Tất cả")] + Agency.Kind.choices, required=False
    )
    obligation = forms.ChoiceField(
        label="Nghĩa vụ", choices=[("", "Tất cả")] + Agency.Obligation.choices, required=False
    )
    stage = forms.ChoiceField(
        label="Giai đoạn",
        required=False,
        choices=[("", "Tất cả"), ("none", "Chưa đăng ký kế hoạch")] + PlanEntry.Stage.choices,
    )
    alerts = forms.BooleanField(label="Chỉ cơ quan có cảnh báo", required=False)


class PlanForm(BootstrapFormMixin, forms.Form):
    year = forms.IntegerField(label="Năm", min_value=2000, max_value=2100)
    title = forms.CharField(label="Tên kế hoạch", max_length=300)
    number = forms.CharField(label="Số, ký hiệu", max_length=60, required=False)
    notes = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ApproveForm(TransitionForm):
    """The approval of a rollout or inspection plan, on the date the decision was signed."""

    approved_on = _date("Ngày phê duyệt", initial=timezone.localdate)


class EntryForm(BootstrapFormMixin, forms.Form):
    agency = forms.ModelChoiceField(label="Cơ quan", queryset=Agency.objects.none())
    track = forms.ChoiceField(label="Nhiệm vụ trong năm", choices=PlanEntry.Track.choices)
    consultant = forms.CharField(label="Đơn vị tư vấn", max_length=255, required=False)
    budget_line = forms.CharField(label="Nguồn kinh phí", max_length=255, required=False)
    budget_amount = forms.DecimalField(label="Kinh phí (đồng)", required=False, min_value=0, decimal_places=0)

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agencies is None:
            del self.fields["agency"]
        else:
            self.fields["agency"].queryset = agencies


class ProgressForm(BootstrapFormMixin, forms.Form):
    stage = forms.ChoiceField(label="Giai đoạn", choices=PlanEntry.Stage.choices)
    progress_percent = forms.IntegerField(label="Tiến độ (%)", min_value=0, max_value=100)
    progress_note = forms.CharField(
        label="Nội dung báo cáo", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class MilestoneForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label="Mốc", max_length=300)
    due_on = _date("Hạn")


class InspectionPlanForm(BootstrapFormMixin, forms.Form):
    year = forms.IntegerField(label="Năm", min_value=2000, max_value=2100)
    number = forms.CharField(label="Số, ký hiệu", max_length=60, required=False)


class InspectionPlanDocumentForm(BootstrapFormMixin, forms.Form):
    number = forms.CharField(label="Số, ký hiệu kế hoạch", max_length=60, required=False)
    issuing_agency = forms.CharField(label="Cơ quan ban hành", max_length=255)
    signer_authority = forms.CharField(
        label="Thẩm quyền ký",
        max_length=100,
        required=False,
        help_text="Ví dụ: KT. GIÁM ĐỐC; để trống nếu ký trực tiếp.",
    )
    signer_position = forms.CharField(label="Chức vụ người ký", max_length=100)
    signer_name = forms.CharField(label="Người ký", max_length=150, required=False)


def _cooperating_unit() -> forms.CharField:
    return forms.CharField(
        label="Đơn vị phối hợp",
        max_length=255,
        required=False,
        help_text="Đơn vị phối hợp kiểm tra (TT 26/2014 Điều 34.b), ví dụ: Sở Nội vụ.",
    )


class InspectionAddForm(BootstrapFormMixin, forms.Form):
    agency = forms.ModelChoiceField(label="Cơ quan", queryset=Agency.objects.none())
    form = forms.ChoiceField(label="Hình thức", choices=Inspection.Form.choices)
    planned_on = _date("Thời gian dự kiến", required=False)
    inspecting_unit = forms.CharField(label="Đơn vị kiểm tra", max_length=255, required=False)
    cooperating_unit = _cooperating_unit()

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies


class InspectionForm(BootstrapFormMixin, forms.Form):
    form = forms.ChoiceField(label="Hình thức", choices=Inspection.Form.choices)
    planned_on = _date("Thời gian dự kiến", required=False)
    inspecting_unit = forms.CharField(label="Đơn vị kiểm tra", max_length=255, required=False)
    cooperating_unit = _cooperating_unit()
    budget_amount = forms.DecimalField(label="Kinh phí (đồng)", required=False, min_value=0, decimal_places=0)
    decision_number = forms.CharField(label="Số quyết định kiểm tra (Mẫu 20)", max_length=60, required=False)
    decided_on = _date("Ngày quyết định kiểm tra", required=False)
    team = forms.CharField(
        label="Đoàn kiểm tra",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Mỗi người một dòng, trưởng đoàn ở dòng đầu, "
        "ví dụ: Ông Lê Văn An, Phó Giám đốc Sở — Trưởng đoàn.",
    )
    report_request_number = forms.CharField(
        label="Số văn bản đề nghị báo cáo (Điều 35)",
        max_length=60,
        required=False,
        help_text="Văn bản đề nghị cơ quan báo cáo tình hình áp dụng HTQLCL kèm bằng chứng.",
    )
    report_requested_on = _date("Ngày văn bản đề nghị báo cáo", required=False)
    report_due_on = _date("Hạn cơ quan gửi báo cáo", required=False)
    agency_representative = forms.CharField(
        label="Đại diện cơ quan được kiểm tra",
        max_length=255,
        required=False,
        help_text="Người ký biên bản thay mặt cơ quan, ví dụ: Nguyễn Văn An, Giám đốc.",
    )
    criteria_set = forms.ModelChoiceField(
        label="Bộ tiêu chí", queryset=CriteriaSet.objects.none(), required=False
    )

    def __init__(self, *args, criteria_sets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criteria_set"].queryset = criteria_sets


class StartForm(TransitionForm):
    inspected_on = _date("Ngày kiểm tra", initial=timezone.localdate)


class ScoreForm(TransitionForm):
    """One manual score; the page lays it out on each row of the checklist."""

    criterion = forms.ModelChoiceField(
        label="Tiêu chí",
        queryset=Criterion.objects.none(),
        error_messages={"invalid_choice": "Tiêu chí không thuộc bộ tiêu chí của cuộc kiểm tra."},
    )
    points = forms.DecimalField(label="Điểm", max_digits=6, decimal_places=2)
    evidence = forms.CharField(
        label="Bằng chứng",
        widget=forms.Textarea(attrs={"rows": 1}),
        error_messages={"required": "Hãy ghi bằng chứng cho điểm chấm tay."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.target is not None:
            # Only the criteria that carry points (not the groups) of the inspection's own set.
            self.fields["criterion"].queryset = Criterion.objects.filter(
                criteria_set_id=self.target.criteria_set_id, children__isnull=True
            )


class ConcludeForm(TransitionForm):
    """On site, the date the minutes (Mẫu 21) were signed; through documents, the number and date
    of the written request that ends the inspection (TT 26/2014 Điều 37). Built for one inspection,
    the form asks only what its form of inspection needs."""

    minutes_number = forms.CharField(
        label="Số biên bản kiểm tra (Mẫu 21)", max_length=60, required=False, help_text="Ví dụ: 05/BB-ĐKT."
    )
    minutes_signed_on = _date("Ngày ký biên bản (kiểm tra tại trụ sở)", required=False)
    result_letter_number = forms.CharField(
        label="Số văn bản đề nghị khắc phục (kiểm tra qua hồ sơ)",
        max_length=60,
        required=False,
        help_text="Ví dụ: 120/SKHCN-TĐC.",
    )
    result_letter_on = _date("Ngày văn bản đề nghị khắc phục", required=False)
    conclusion = forms.CharField(label="Kết luận", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.target is None:
            return
        self.fields["conclusion"].initial = self.target.conclusion
        if self.target.is_on_site:
            del self.fields["result_letter_number"], self.fields["result_letter_on"]
            needed = ["minutes_signed_on"]
        else:
            del self.fields["minutes_number"], self.fields["minutes_signed_on"]
            needed = ["result_letter_on"]
        for name in needed:
            self.fields[name].required = True
        for name in ("minutes_signed_on", "result_letter_on"):
            if name in self.fields:
                self.fields[name].initial = timezone.localdate


class FollowUpForm(BootstrapFormMixin, forms.Form):
    request = forms.CharField(label="Yêu cầu khắc phục", widget=forms.Textarea(attrs={"rows": 2}))
    due_on = _date(
        "Hạn báo cáo (tối đa 2 tháng sau ngày ký biên bản hoặc văn bản đề nghị; để trống: đúng 2 tháng; "
        "trùng ngày nghỉ thì dời sang ngày làm việc tiếp theo)",
        required=False,
    )


class FollowUpReportForm(TransitionForm):
    response = forms.CharField(label="Kết quả khắc phục", widget=forms.Textarea(attrs={"rows": 2}))


class CriteriaSetForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label="Tên bộ tiêu chí", max_length=300)


class CriterionForm(BootstrapFormMixin, forms.Form):
    parent = forms.ModelChoiceField(label="Thuộc nhóm", queryset=Criterion.objects.none(), required=False)
    code = forms.CharField(label="Mã", max_length=20)
    title = forms.CharField(label="Nội dung tiêu chí", max_length=500)
    max_points = forms.DecimalField(label="Điểm tối đa", max_digits=6, decimal_places=2, min_value=0)
    rule = forms.ChoiceField(label="Cách chấm", choices=scoring.rule_choices, required=False)
    order = forms.IntegerField(label="Thứ tự", min_value=0, initial=0)

    def __init__(self, *args, criteria_set, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = criteria_set.criteria.filter(parent__isnull=True)


class RankingForm(BootstrapFormMixin, forms.Form):
    year = forms.IntegerField(label="Năm", min_value=2000, max_value=2100, required=False)
    criteria_set = forms.ModelChoiceField(
        label="Bộ tiêu chí", queryset=CriteriaSet.objects.none(), required=False
    )

    def __init__(self, *args, criteria_sets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criteria_set"].queryset = criteria_sets


class ReportCreateForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label="Loại báo cáo", choices=Report.Kind.choices)
    year = forms.IntegerField(label="Năm", min_value=2000, max_value=2100)
    half = forms.TypedChoiceField(
        label="Kỳ (báo cáo 6 tháng)",
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", "—"), (1, "6 tháng đầu năm"), (2, "6 tháng cuối năm")],
    )


class ReportTextForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Report
        fields = [
            "issuing_agency",
            "place",
            "signer_authority",
            "signer_position",
            "signer_name",
            "recipients",
            "direction",
            "strengths",
            "weaknesses",
            "next_plan",
            "recommendations",
        ]
        widgets = {
            "recipients": forms.Textarea(attrs={"rows": 4}),
            **{
                name: RichTextWidget(attrs={"rows": 6})
                for name in ["direction", "strengths", "weaknesses", "next_plan", "recommendations"]
            },
        }


class ReportIssueForm(TransitionForm):
    number = forms.CharField(label="Số, ký hiệu", max_length=60)
    issued_on = _date("Ngày ban hành", initial=timezone.localdate)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.target is not None:
            self.fields["number"].initial = self.target.number


class VndField(forms.Field):
    """An amount in đồng, typed with or without dot thousands separators ("150.000.000")."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 30})

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        text = str(value or "").strip().replace(".", "").replace(" ", "").replace("đ", "")
        if not text:
            return 0
        amount = parse_int(text)
        if amount is None:
            raise forms.ValidationError("Số tiền phải là số nguyên (đồng), ví dụ 150.000.000.")
        return amount


class BudgetFilterForm(BootstrapFormMixin, forms.Form):
    year = forms.IntegerField(label="Năm", min_value=2000, max_value=2100, required=False)
    purpose = forms.ChoiceField(
        label="Mục đích", choices=[("", "Tất cả")] + BudgetLine.Purpose.choices, required=False
    )
    agency = forms.ModelChoiceField(
        label="Cơ quan", queryset=Agency.objects.none(), required=False, empty_label="Tất cả"
    )

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies if agencies is not None else Agency.objects.none()


class BudgetLineForm(BootstrapFormMixin, forms.Form):
    agency = forms.ModelChoiceField(label="Cơ quan", queryset=Agency.objects.none())
    year = forms.IntegerField(label="Năm", min_value=2000, max_value=2100)
    purpose = forms.ChoiceField(label="Mục đích", choices=BudgetLine.Purpose.choices)
    planned = VndField(label="Dự toán (đồng)")
    approved = VndField(label="Được duyệt (đồng)")
    spent = VndField(label="Đã chi (đồng)")
    source = forms.CharField(label="Nguồn, quyết định giao kinh phí", max_length=255, required=False)
    note = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agencies is None:
            del self.fields["agency"]
        else:
            self.fields["agency"].queryset = agencies


class SpentForm(BootstrapFormMixin, forms.Form):
    spent = VndField(label="Đã chi (đồng)")
    note = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class TrainingSessionForm(BootstrapFormMixin, forms.Form):
    topic = forms.CharField(label="Chủ đề", max_length=300)
    held_on = _date("Ngày tổ chức")
    trainer = forms.CharField(label="Giảng viên", max_length=255, required=False)
    place = forms.CharField(label="Địa điểm", max_length=255, required=False)


class AttendeeForm(BootstrapFormMixin, forms.Form):
    agency = forms.ModelChoiceField(label="Cơ quan", queryset=Agency.objects.none())
    person_name = forms.CharField(label="Họ và tên", max_length=200)
    position = forms.CharField(label="Chức vụ", max_length=200, required=False)
    has_certificate = forms.BooleanField(label="Có chứng chỉ ISO", required=False)

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies if agencies is not None else Agency.objects.none()
