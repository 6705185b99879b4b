"""Input parsing of the document-control and legal-register pages; rules live in the services."""

from django import forms
from django.utils import timezone

from eiso.core.forms import BootstrapFormMixin, DateInput
from eiso.core.rich_text import RichTextField
from eiso.core.workflow import TransitionForm
from eiso.documents.models import Approver, Document, DocumentVersion, LegalDocument
from eiso.orgs.models import Unit

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def _date_field(label: str, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        widget=DateInput(),
        error_messages={"invalid": "Ngày phải viết theo dạng dd/mm/yyyy.", "required": "Hãy nhập ngày."},
    )


class DocumentForm(BootstrapFormMixin, forms.Form):
    code = forms.CharField(label="Mã tài liệu", max_length=40, help_text="Ví dụ QT-01, BM-01.")
    title = forms.CharField(label="Tên tài liệu", max_length=300)
    kind = forms.ChoiceField(label="Loại tài liệu", choices=Document.Kind.choices)
    owner_unit = forms.ModelChoiceField(label="Đơn vị chủ trì", queryset=Unit.objects.none(), required=False)
    review_period_months = forms.IntegerField(
        label="Chu kỳ xem xét (tháng)", min_value=1, max_value=60, initial=12
    )
    legal_documents = forms.ModelMultipleChoiceField(
        label="Căn cứ pháp lý",
        queryset=LegalDocument.objects.none(),
        required=False,
        help_text="Giữ Ctrl để chọn nhiều văn bản.",
    )

    def __init__(self, *args, agency, user, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].queryset = Unit.objects.filter(agency=agency, is_active=True)
        self.fields["legal_documents"].queryset = LegalDocument.objects.for_user(user).filter(
            province_id=agency.province_id
        )
        if editing:
            del self.fields["code"]
            del self.fields["kind"]


class VersionForm(BootstrapFormMixin, forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput)
    body = RichTextField(
        label="Nội dung",
        required=False,
        help_text="Dán được từ Word: giữ đoạn văn, chữ đậm, nghiêng, gạch chân, danh sách, đề mục, bảng và "
        "liên kết. Có thể đính kèm tệp thay cho (hoặc cùng với) nội dung.",
    )
    change_summary = forms.CharField(
        label="Tóm tắt nội dung sửa đổi", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    file = forms.FileField(
        label="Tệp đính kèm",
        required=False,
        help_text="Word (.docx), PDF hoặc Excel (.xlsx).",
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.pdf,.xlsx"}),
    )
    remove_file = forms.BooleanField(label="Bỏ tệp đang đính kèm", required=False)


class CommentForm(BootstrapFormMixin, forms.Form):
    comment = forms.CharField(label="Ý kiến", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class LegalDocumentForm(BootstrapFormMixin, forms.Form):
    number = forms.CharField(label="Số, ký hiệu", max_length=80, help_text="Ví dụ 61/2018/NĐ-CP.")
    kind = forms.ChoiceField(label="Loại văn bản", choices=LegalDocument.Kind.choices)
    issuing_body = forms.CharField(label="Cơ quan ban hành", max_length=200)
    title = forms.CharField(label="Trích yếu", widget=forms.Textarea(attrs={"rows": 2}))
    issued_on = _date_field("Ngày ban hành")
    effective_on = _date_field("Ngày có hiệu lực", required=False)

    def clean(self):
        data = super().clean()
        issued, effective = data.get("issued_on"), data.get("effective_on")
        if issued and effective and effective < issued:
            self.add_error("effective_on", "Ngày có hiệu lực không được trước ngày ban hành.")
        return data


class ApprovalChainForm(BootstrapFormMixin, forms.Form):
    """The sign-off steps for one document kind ("" = every kind without its own chain)."""

    STEP_CHOICES = [("", "—"), *Approver.choices]

    kind = forms.ChoiceField(
        label="Áp dụng cho",
        choices=[("", "Mọi loại tài liệu (mặc định)"), *Document.Kind.choices],
        required=False,
    )
    step_1 = forms.ChoiceField(label="Bước 1", choices=STEP_CHOICES)
    step_2 = forms.ChoiceField(label="Bước 2", choices=STEP_CHOICES, required=False)
    step_3 = forms.ChoiceField(label="Bước 3", choices=STEP_CHOICES, required=False)

    def approvers(self) -> list[str]:
        return [
            self.cleaned_data[name] for name in ("step_1", "step_2", "step_3") if self.cleaned_data.get(name)
        ]


# --- inputs of the transitions (services.workflow, legal_services): page and API validate with them


class ApproveForm(TransitionForm):
    comment = forms.CharField(label="Ý kiến", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RequestChangesForm(TransitionForm):
    comment = forms.CharField(
        label="Nội dung cần sửa đổi",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Hãy ghi rõ nội dung cần sửa đổi."},
    )


class PublishForm(TransitionForm):
    effective_on = _date_field("Ngày hiệu lực", required=False)
    units = forms.ModelMultipleChoiceField(
        label="Yêu cầu cán bộ của các phòng/ban đọc và xác nhận",
        queryset=Unit.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["effective_on"].initial = timezone.localdate()
        self.fields["effective_on"].help_text = "Để trống: có hiệu lực từ hôm nay."


class WithdrawForm(TransitionForm):
    reason = forms.CharField(
        label="Lý do thu hồi",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Hãy ghi lý do thu hồi tài liệu."},
    )


class LegalChangeForm(TransitionForm):
    """The text that amends a legal document, from the same province's register."""

    new_document_label = "Văn bản sửa đổi, bổ sung"

    new_document = forms.ModelChoiceField(
        label="Văn bản mới",
        queryset=LegalDocument.objects.all(),
        help_text="Chưa có trong danh mục? Hãy thêm văn bản mới trước.",
        error_messages={"required": "Hãy chọn văn bản sửa đổi hoặc thay thế."},
    )
    on = _date_field("Ngày áp dụng thay đổi", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        register = LegalDocument.objects.none()
        if self.target is not None:
            register = LegalDocument.objects.filter(province_id=self.target.province_id).exclude(
                pk=self.target.pk
            )
        self.fields["new_document"].queryset = register
        self.fields["new_document"].label = self.new_document_label
        self.fields["on"].help_text = "Chỉ cần khi văn bản mới chưa ghi ngày có hiệu lực."


class LegalReplaceForm(LegalChangeForm):
    new_document_label = "Văn bản thay thế"


class LegalExpireForm(TransitionForm):
    on = _date_field("Ngày hết hiệu lực", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].help_text = "Để trống: hôm nay."


class TaskCloseForm(TransitionForm):
    """One version picker per record the legal change touches, plus a note."""

    note = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        task = self.target
        self.items = list(task.items.select_related("content_type")) if task is not None else []
        if task is None:
            return
        versions = DocumentVersion.objects.filter(
            agency_id=task.agency_id,
            status__in=[DocumentVersion.Status.APPROVED, DocumentVersion.Status.PUBLISHED],
        ).select_related("document")
        for item in self.items:
            choices = versions
            if item.content_type.model_class() is Document:
                choices = versions.filter(document_id=item.object_id)
            self.fields[f"item_{item.pk}"] = forms.ModelChoiceField(
                label=item.label, queryset=choices.order_by("-number"), required=False
            )
            self.fields[f"item_{item.pk}"].widget.attrs["class"] = "form-select"
        self.order_fields([*[f"item_{item.pk}" for item in self.items], "note"])

    def input(self) -> dict:
        resolutions = {item.pk: self.cleaned_data.get(f"item_{item.pk}") for item in self.items}
        return {"resolutions": resolutions, "note": self.cleaned_data["note"]}
