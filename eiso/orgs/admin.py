from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect

from eiso.core.errors import DomainError
from eiso.core.forms import BootstrapFormMixin
from eiso.orgs import certificates
from eiso.orgs.models import Agency, AgencyLineage, Province, SigningCertificate, Unit


class ReadMostlyAdmin(admin.ModelAdmin):
    """Operators look here; changes go through the pages, whose services write the audit trail."""

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Province)
class ProvinceAdmin(ReadMostlyAdmin):
    list_display = ["name", "division_code"]


@admin.register(Agency)
class AgencyAdmin(ReadMostlyAdmin):
    list_display = ["name", "kind", "identifier_code", "province", "active_to"]
    list_filter = ["kind", "province"]
    search_fields = ["name", "identifier_code"]


@admin.register(Unit)
class UnitAdmin(ReadMostlyAdmin):
    list_display = ["name", "agency", "is_one_stop", "is_active"]
    search_fields = ["name", "agency__name"]


@admin.register(AgencyLineage)
class AgencyLineageAdmin(ReadMostlyAdmin):
    list_display = ["predecessor", "successor", "kind", "effective_on"]


class SigningCertificateForm(BootstrapFormMixin, forms.ModelForm):
    """The agency's PKCS#12 file and its password; orgs.certificates checks and encrypts both."""

    upload = forms.FileField(label="Tệp chứng thư số (.p12, .pfx)")
    password = forms.CharField(label="Mật khẩu của tệp", widget=forms.PasswordInput, required=False)

    class Meta:
        model = SigningCertificate
        fields = ["agency"]

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("upload")
        if upload is None:
            return cleaned
        self.pkcs12 = upload.read(certificates.MAX_PKCS12_BYTES + 1)
        try:
            certificates.open_pkcs12(self.pkcs12, cleaned.get("password") or "")
        except DomainError as error:
            self.add_error("upload", error.message)
        return cleaned


@admin.register(SigningCertificate)
class SigningCertificateAdmin(admin.ModelAdmin):
    """Set through orgs.certificates (checked, encrypted, audited); the stored file never shows."""

    list_display = ["agency", "subject", "issuer", "valid_until"]
    fields = ["agency", "upload", "password"]
    form = SigningCertificateForm

    def has_change_permission(self, request, obj=None):
        return obj is None

    def save_model(self, request, obj, form, change):
        row = certificates.certificate_set(
            agency=form.cleaned_data["agency"],
            data=form.pkcs12,
            password=form.cleaned_data.get("password") or "",
            actor=request.user,
        )
        obj.pk = row.pk

    def add_view(self, request, form_url="", extra_context=None):
        try:
            return super().add_view(request, form_url, extra_context)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect(request.path)
