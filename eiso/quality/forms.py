"""Input parsing of the quality pages. Business rules live in the services; these forms only
parse and, through core.forms.AgencyForm, offer the agency's own people, units and rows."""

from django import forms
from django.contrib.auth import get_user_model

from eiso.core.forms import AgencyForm, BootstrapFormMixin, DateInput
from eiso.core.workflow import TransitionForm
from eiso.orgs.models import Unit
from eiso.procedures.models import Procedure
from eiso.quality import indicators
from eiso.quality.matrix import matrix_for
from eiso.quality.models import (
    Action,
    ContextIssue,
    CultureRecord,
    Feedback,
    InterestedParty,
    QualityObjective,
    Risk,
)
from eiso.quality.models.risks import MAX_SIZE, MIN_SIZE


class NumberField(forms.DecimalField):
    """A number typed the Vietnamese way (93,5) or the other (93.5)."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        super().__init__(max_digits=12, decimal_places=2, **kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(" ", "").replace(",", ".")
        return super().to_python(value)


class ObjectiveForm(AgencyForm):
    target = NumberField(label="Chỉ tiêu")
    source = forms.ChoiceField(label="Nguồn số liệu")

    class Meta:
        model = QualityObjective
        fields = [
            "year",
            "unit",
            "statement",
            "work_plan_task",
            "indicator",
            "source",
            "procedure",
            "comparison",
            "target",
            "measure_unit",
            "frequency",
            "owner",
        ]
        widgets = {"statement": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"measure_unit": "Với chỉ số tự động, đơn vị tính theo chỉ số."}

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, agency=agency, **kwargs)
        self.fields["source"].choices = indicators.source_choices()
        self.fields["procedure"].queryset = Procedure.objects.filter(
            province_id=agency.province_id, current_version__isnull=False
        ).select_related("current_version")
        self.fields["procedure"].label_from_instance = lambda p: f"{p.code} — {p.current_version.name}"


class IndicatorValueForm(BootstrapFormMixin, forms.Form):
    period_start = forms.DateField(widget=forms.HiddenInput)
    value = NumberField(label="Giá trị")
    note = forms.CharField(
        label="Ghi chú, cách tính", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence = forms.FileField(label="Bằng chứng", required=False, help_text="PDF, Word, Excel hoặc ảnh.")


class ActionForm(AgencyForm):
    class Meta:
        model = Action
        fields = ["title", "owner", "resources", "due_on", "evaluation_method", "description"]
        widgets = {"due_on": DateInput(), "description": forms.Textarea(attrs={"rows": 2})}


class ActionCompleteForm(TransitionForm):
    """Report an action done (page and API, multipart for the evidence file)."""

    completion_note = forms.CharField(label="Kết quả thực hiện", widget=forms.Textarea(attrs={"rows": 3}))
    completed_on = forms.DateField(
        label="Ngày hoàn thành", required=False, widget=DateInput(), help_text="Để trống nếu là hôm nay."
    )
    evidence = forms.FileField(label="Bằng chứng", required=False, help_text="PDF, Word, Excel hoặc ảnh.")


class ActionVerifyForm(TransitionForm):
    """The check of a completed action: effective, or back to work with the reason (API: a boolean)."""

    is_effective = forms.NullBooleanField(
        label="Kết luận",
        widget=forms.RadioSelect(choices=[(True, "Có hiệu lực"), (False, "Chưa có hiệu lực, làm lại")]),
    )
    note = forms.CharField(
        label="Nhận xét",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Bắt buộc khi hành động chưa có hiệu lực.",
    )

    def clean_is_effective(self):
        # A NullBooleanField takes a missing answer for "unknown": the check must conclude.
        if self.cleaned_data.get("is_effective") is None:
            raise forms.ValidationError("Hãy chọn kết luận kiểm tra.")
        return self.cleaned_data["is_effective"]


class ReasonForm(TransitionForm):
    """The reason of a destructive transition (cancel an action, refuse feedback)."""

    reason = forms.CharField(label="Lý do", widget=forms.Textarea(attrs={"rows": 2}))


class RiskForm(AgencyForm):
    class Meta:
        model = Risk
        fields = [
            "kind",
            "title",
            "description",
            "process",
            "objective",
            "context_issue",
            "owner",
            "likelihood",
            "impact",
            "review_on",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "review_on": DateInput()}
        help_texts = {
            "likelihood": "Với cơ hội: mức lợi ích.",
            "impact": "Với cơ hội: mức khả thi.",
        }

    def __init__(self, *args, agency, matrix_size: int, **kwargs):
        super().__init__(*args, agency=agency, **kwargs)
        self.fields["objective"].queryset = QualityObjective.objects.filter(agency=agency, is_active=True)
        self.fields["context_issue"].queryset = ContextIssue.objects.filter(agency=agency, is_active=True)
        levels = [(level, str(level)) for level in range(1, matrix_size + 1)]
        for name in ("likelihood", "impact"):
            self.fields[name] = forms.TypedChoiceField(
                label=self.fields[name].label,
                choices=levels,
                coerce=int,
                help_text=self.fields[name].help_text,
            )


class RiskEvaluateForm(TransitionForm):
    """The residual rating on the risk's own matrix, labelled on its axes (benefit and feasibility
    for an opportunity); without a target (the API schema) the largest matrix is offered."""

    residual_likelihood = forms.TypedChoiceField(label="Khả năng xảy ra sau xử lý", coerce=int)
    residual_impact = forms.TypedChoiceField(label="Mức độ ảnh hưởng sau xử lý", coerce=int)
    note = forms.CharField(label="Nhận xét", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    review_on = forms.DateField(label="Ngày xem xét lại", required=False, widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        size = matrix_for(self.target.agency).size if self.target is not None else MAX_SIZE
        levels = [(level, str(level)) for level in range(1, size + 1)]
        self.fields["residual_likelihood"].choices = levels
        self.fields["residual_impact"].choices = levels
        if self.target is not None:
            first, second = self.target.axis_labels
            self.fields["residual_likelihood"].label = f"{first} sau xử lý"
            self.fields["residual_impact"].label = f"{second} sau xử lý"


class RiskCloseForm(TransitionForm):
    note = forms.CharField(label="Lý do kết thúc theo dõi", widget=forms.Textarea(attrs={"rows": 2}))


class ContextIssueForm(AgencyForm):
    class Meta:
        model = ContextIssue
        fields = ["kind", "category", "description", "effect", "climate_relevant", "reviewed_on", "is_active"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "effect": forms.Textarea(attrs={"rows": 2}),
            "reviewed_on": DateInput(),
        }


class InterestedPartyForm(AgencyForm):
    class Meta:
        model = InterestedParty
        fields = [
            "name",
            "category",
            "requirements",
            "climate_requirements",
            "monitoring",
            "reviewed_on",
            "is_active",
        ]
        widgets = {
            "requirements": forms.Textarea(attrs={"rows": 3}),
            "climate_requirements": forms.Textarea(attrs={"rows": 2}),
            "reviewed_on": DateInput(),
        }


class CultureRecordForm(AgencyForm):
    class Meta:
        model = CultureRecord
        fields = ["kind", "title", "description", "recorded_on", "leader", "participants", "document"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "recorded_on": DateInput()}


class FeedbackRecordForm(AgencyForm):
    channel = forms.ChoiceField(
        label="Kênh tiếp nhận",
        choices=[(c.value, c.label) for c in (Feedback.Channel.COUNTER, Feedback.Channel.STAFF)],
    )

    class Meta:
        model = Feedback
        fields = [
            "kind",
            "channel",
            "category",
            "content",
            "dossier_code",
            "sender_name",
            "sender_phone",
            "sender_email",
            "sender_address",
        ]
        widgets = {"content": forms.Textarea(attrs={"rows": 4})}


class FeedbackAcceptForm(TransitionForm):
    handler = forms.ModelChoiceField(
        label="Người xử lý", queryset=get_user_model().objects.all(), required=False
    )
    unit = forms.ModelChoiceField(label="Phòng/ban xử lý", queryset=Unit.objects.all(), required=False)


class FeedbackReplyForm(TransitionForm):
    reply = forms.CharField(label="Nội dung trả lời", widget=forms.Textarea(attrs={"rows": 4}))


BAND_COLOUR_CHOICES = [
    ("success", "Xanh lá"),
    ("info", "Xanh nhạt"),
    ("warning", "Vàng"),
    ("orange", "Cam"),
    ("danger", "Đỏ"),
]
MAX_BANDS = 5


class RiskMatrixForm(BootstrapFormMixin, forms.Form):
    """The matrix size and up to five colour bands, each up to a score (the last one up to size²)."""

    size = forms.TypedChoiceField(
        label="Số mức mỗi trục", coerce=int, choices=[(n, f"{n}×{n}") for n in range(MIN_SIZE, MAX_SIZE + 1)]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for index in range(1, MAX_BANDS + 1):
            self.fields[f"band_{index}_label"] = forms.CharField(
                label=f"Dải {index}: tên", required=False, max_length=40
            )
            self.fields[f"band_{index}_max"] = forms.IntegerField(
                label="đến điểm", required=False, min_value=1
            )
            self.fields[f"band_{index}_colour"] = forms.ChoiceField(
                label="màu", choices=BAND_COLOUR_CHOICES, required=False
            )
        for name, field in self.fields.items():
            if name != "size":
                field.widget.attrs["class"] = field.widget.attrs.get("class", "") + " form-control-sm"

    @staticmethod
    def initial_for(matrix) -> dict:
        initial = {"size": matrix.size}
        for index, band in enumerate(matrix.bands, start=1):
            initial.update(
                {
                    f"band_{index}_label": band.label,
                    f"band_{index}_max": band.high,
                    f"band_{index}_colour": band.colour,
                }
            )
        return initial

    def bands(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {
                "max": data[f"band_{i}_max"],
                "label": data[f"band_{i}_label"],
                "colour": data[f"band_{i}_colour"],
            }
            for i in range(1, MAX_BANDS + 1)
            if data.get(f"band_{i}_label") and data.get(f"band_{i}_max")
        ]

    def band_rows(self):
        return [
            (self[f"band_{i}_label"], self[f"band_{i}_max"], self[f"band_{i}_colour"])
            for i in range(1, MAX_BANDS + 1)
        ]


class Index766EntryForm(BootstrapFormMixin, forms.Form):
    """A figure of the Bộ chỉ số 766 read off the national portal: numerator and denominator of a period."""

    starts_on = forms.DateField(label="Từ ngày", input_formats=["%d/%m/%Y", "%Y-%m-%d"], widget=DateInput())
    ends_on = forms.DateField(label="Đến ngày", input_formats=["%d/%m/%Y", "%Y-%m-%d"], widget=DateInput())
    numerator = forms.IntegerField(label="Tử số", min_value=0)
    denominator = forms.IntegerField(
        label="Mẫu số", min_value=0, help_text="Nhập 0 nếu chỉ số không phát sinh trong kỳ (không tính điểm)."
    )
    source = forms.CharField(
        label="Nguồn số liệu",
        max_length=300,
        required=False,
        help_text="Ví dụ: Cổng Dịch vụ công quốc gia, trang Bộ chỉ số 766, xem ngày 05/01/2027.",
    )
