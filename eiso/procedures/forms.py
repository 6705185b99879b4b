from django import forms
from django.conf import settings
from django.contrib.contenttypes.models import ContentType

from eiso.core.collation import vietnamese
from eiso.core.forms import BootstrapFormMixin
from eiso.core.uploads import megabytes
from eiso.documents.models import LegalCitation, LegalDocument
from eiso.orgs.models import Agency, Unit
from eiso.procedures.models import Procedure, ProcessStep


class ImportForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label="Tệp danh mục thủ tục",
        help_text="Tệp JSON theo định dạng eiso-tthc/1 hoặc tệp Excel .xlsx có trang tính “TTHC”.",
        error_messages={"required": "Hãy chọn tệp cần nhập.", "empty": "Tệp rỗng."},
        widget=forms.ClearableFileInput(attrs={"accept": ".json,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.EISO_UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"Tệp quá lớn ({megabytes(upload.size)}); giới hạn là {megabytes(limit)}. "
                "Không thủ tục nào được nhập."
            )
        return upload


class FormFileForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label="Tệp mẫu",
        help_text="PDF, Word, Excel hoặc OpenDocument.",
        error_messages={"required": "Hãy chọn tệp mẫu.", "empty": "Tệp rỗng."},
    )


class ProcessForm(BootstrapFormMixin, forms.Form):
    code = forms.CharField(label="Ký hiệu quy trình", max_length=40, help_text="Ví dụ QT.HT.01.")
    title = forms.CharField(label="Tên quy trình", max_length=300)
    procedures = forms.ModelMultipleChoiceField(
        label="Thủ tục hành chính áp dụng",
        queryset=Procedure.objects.none(),
        required=False,
        help_text="Tổng thời gian các bước không được vượt thời hạn giải quyết của các thủ tục này.",
    )
    owner_unit = forms.ModelChoiceField(label="Đơn vị chủ trì", queryset=Unit.objects.none(), required=False)

    def __init__(self, *args, agency, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["procedures"].queryset = (
            Procedure.objects.for_user(user)
            .filter(province_id=agency.province_id, current_version__isnull=False)
            .select_related("current_version")
            .order_by("code")
        )
        self.fields["procedures"].label_from_instance = lambda p: f"{p.code} — {p.current_version.name}"
        self.fields["owner_unit"].queryset = Unit.objects.filter(agency=agency, is_active=True)


class ProcessProceduresForm(BootstrapFormMixin, forms.Form):
    procedures = forms.ModelMultipleChoiceField(
        label="Thủ tục hành chính áp dụng", queryset=Procedure.objects.none(), required=False
    )

    def __init__(self, *args, agency, user, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["procedures"]
        field.queryset = (
            Procedure.objects.for_user(user)
            .filter(province_id=agency.province_id, current_version__isnull=False)
            .select_related("current_version")
            .order_by("code")
        )
        field.label_from_instance = lambda p: f"{p.code} — {p.current_version.name}"


class StepForm(BootstrapFormMixin, forms.ModelForm):
    legal_documents = forms.ModelMultipleChoiceField(
        label="Căn cứ pháp lý của bước",
        queryset=LegalDocument.objects.none(),
        required=False,
        help_text="Văn bản quy định bước này; khi văn bản thay đổi, bước được đưa vào nhiệm vụ cập nhật.",
    )

    class Meta:
        model = ProcessStep
        fields = [
            "name",
            "description",
            "unit",
            "other_agency",
            "role",
            "duration_amount",
            "duration_unit",
            "forms",
            "outputs",
            "records",
            "record_location",
            "record_retention_years",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "forms": forms.Textarea(attrs={"rows": 2}),
            "outputs": forms.Textarea(attrs={"rows": 2}),
            "records": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "name": {"required": "Hãy nhập tên bước."},
            "duration_amount": {
                "required": "Hãy nhập thời gian của bước.",
                "invalid": "Thời gian phải là một số.",
            },
        }

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(agency=agency, is_active=True)
        self.fields["other_agency"].queryset = (
            Agency.objects.filter(province_id=agency.province_id)
            .exclude(pk=agency.pk)
            .order_by(vietnamese("name"))
        )
        self.fields["other_agency"].help_text = "Chỉ chọn khi bước do cơ quan khác thực hiện (liên thông)."
        legal = LegalDocument.objects.filter(province_id=agency.province_id).order_by("number")
        self.fields["legal_documents"].queryset = legal
        if self.instance.pk:
            cited = LegalCitation.objects.filter(
                content_type=ContentType.objects.get_for_model(ProcessStep), object_id=self.instance.pk
            )
            self.fields["legal_documents"].initial = list(cited.values_list("legal_document_id", flat=True))
        self.fields["duration_amount"].min_value = 0
        self.fields["duration_amount"].widget.attrs.update(min="0", step="0.25")

    def clean_duration_amount(self):
        amount = self.cleaned_data["duration_amount"]
        if amount is not None and amount < 0:
            raise forms.ValidationError("Thời gian không được âm.")
        return amount

    def clean(self):
        data = super().clean()
        if data.get("unit") and data.get("other_agency"):
            raise forms.ValidationError("Chọn đơn vị trong cơ quan hoặc cơ quan phối hợp, không chọn cả hai.")
        return data

    def _post_clean(self):
        # The service validates and saves the step; the form only parses the input.
        pass


class TemplatePublishForm(BootstrapFormMixin, forms.Form):
    agency_kind = forms.ChoiceField(
        label="Áp dụng cho", choices=Agency.Kind.choices, initial=Agency.Kind.COMMUNE
    )
    code = forms.CharField(label="Ký hiệu quy trình mẫu", max_length=40, required=False)
    name = forms.CharField(label="Tên quy trình mẫu", max_length=300, required=False)


class TemplateVersionForm(BootstrapFormMixin, forms.Form):
    change_summary = forms.CharField(
        label="Nội dung thay đổi",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Hãy tóm tắt nội dung thay đổi để các cơ quan biết."},
    )


class DismissForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label="Lý do không áp dụng",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Hãy ghi lý do không áp dụng phiên bản mẫu mới."},
    )


class WebhookEndpointForm(BootstrapFormMixin, forms.Form):
    url = forms.URLField(
        label="Địa chỉ nhận (URL)",
        max_length=500,
        assume_scheme="https",
        error_messages={
            "invalid": "Địa chỉ không hợp lệ; hãy nhập dạng https://…",
            "required": "Hãy nhập địa chỉ.",
        },
    )
    description = forms.CharField(label="Mô tả", max_length=200, required=False)
