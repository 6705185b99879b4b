from django import forms

from eiso.core.forms import BootstrapFormMixin, DateInput
from eiso.orgs import signing
from eiso.orgs.models import Agency, AgencyLineage, Unit

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class AgencyForm(BootstrapFormMixin, forms.ModelForm):
    active_from = forms.DateField(
        label="Hoạt động từ", required=False, input_formats=DATE_FORMATS, widget=DateInput()
    )
    active_to = forms.DateField(
        label="Ngừng hoạt động từ", required=False, input_formats=DATE_FORMATS, widget=DateInput()
    )

    class Meta:
        model = Agency
        fields = [
            "name",
            "short_name",
            "kind",
            "obligation",
            "identifier_code",
            "division_code",
            "parent",
            "active_from",
            "active_to",
        ]

    def __init__(self, *args, province, **kwargs):
        super().__init__(*args, **kwargs)
        parents = Agency.objects.filter(province=province, active_to__isnull=True)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["parent"].required = False

    def validate_unique(self):
        # The service checks the identifier with a Vietnamese message; skip the model's English one.
        pass

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("active_from"), cleaned.get("active_to")
        if start and end and end <= start:
            self.add_error("active_to", "Ngày ngừng hoạt động phải sau ngày bắt đầu hoạt động.")
        return cleaned


class AgencyMergeForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label="Hình thức sắp xếp", choices=AgencyLineage.Kind.choices)
    successor = forms.ModelChoiceField(label="Cơ quan kế thừa", queryset=Agency.objects.none())
    effective_on = forms.DateField(label="Có hiệu lực từ", input_formats=DATE_FORMATS, widget=DateInput())
    decision = forms.CharField(
        label="Quyết định", max_length=200, required=False, help_text="Số, ký hiệu quyết định."
    )

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = Agency.objects.filter(province=agency.province).exclude(
            pk=agency.pk
        )


class UnitForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["name", "code", "is_one_stop"]

    def validate_unique(self):
        pass


class CmsForm(BootstrapFormMixin, forms.Form):
    cms = forms.FileField(
        label="Tệp chữ ký số (.p7s)",
        help_text="Chữ ký CMS (PKCS#7) dạng DER mà thiết bị ký số tạo trên giá trị băm ở trên.",
    )

    def clean_cms(self) -> bytes:
        upload = self.cleaned_data["cms"]
        if upload.size > signing.MAX_CMS_BYTES:
            raise forms.ValidationError("Tệp chữ ký số quá lớn.")
        return upload.read()
