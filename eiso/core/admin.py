"""Django admin for operators: the audit trail is read-only, here as everywhere."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.shortcuts import redirect

from eiso.core import retention, revocation, signatures
from eiso.core.errors import DomainError
from eiso.core.forms import BootstrapFormMixin
from eiso.core.models import AuditEntry, CalendarDay, RevocationList, TrustedRoot, WorkCalendar

MAX_CERTIFICATE_BYTES = 64 * 1024
MAX_CRL_BYTES = revocation.MAX_BYTES


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "chain", "sequence", "actor_repr", "action", "target_repr"]
    list_filter = ["action"]
    search_fields = ["actor_repr", "target_repr", "action", "request_id"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CalendarDayInline(admin.TabularInline):
    model = CalendarDay
    extra = 0


@admin.register(WorkCalendar)
class WorkCalendarAdmin(admin.ModelAdmin):
    """Read-mostly: changes go through the calendar page, whose service writes the audit trail."""

    list_display = ["province", "morning_start", "afternoon_end", "cutoff"]
    inlines = [CalendarDayInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class TrustedRootForm(BootstrapFormMixin, forms.ModelForm):
    """A root certificate uploaded as a file (.cer, .crt, .pem); the service reads and checks it."""

    upload = forms.FileField(label="Tệp chứng thư gốc (.cer, .crt, .pem)")

    class Meta:
        model = TrustedRoot
        fields = ["name"]

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("upload")
        if upload is None:
            return cleaned
        if upload.size > MAX_CERTIFICATE_BYTES:
            self.add_error("upload", "Tệp chứng thư quá lớn.")
            return cleaned
        self.certificate_data = upload.read()
        try:
            signatures.root_certificate(self.certificate_data)
        except DomainError as error:
            self.add_error("upload", error.message)
        return cleaned


@admin.register(TrustedRoot)
class TrustedRootAdmin(admin.ModelAdmin):
    """The roots PDF signatures are checked against. Added and removed through core.signatures,
    which checks the certificate and writes the audit trail; never edited in place."""

    list_display = ["name", "subject", "valid_until", "fingerprint"]
    readonly_fields = ["subject", "fingerprint", "valid_until", "certificate"]
    form = TrustedRootForm

    def has_change_permission(self, request, obj=None):
        return obj is None  # the add form only

    def save_model(self, request, obj, form, change):
        root = signatures.trusted_root_add(data=form.certificate_data, name=obj.name, actor=request.user)
        obj.pk = root.pk

    def delete_model(self, request, obj):
        signatures.trusted_root_remove(root=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for root in queryset:
            signatures.trusted_root_remove(root=root, actor=request.user)


class RevocationListForm(BootstrapFormMixin, forms.ModelForm):
    """A CRL uploaded as a file (.crl, DER or PEM); the service reads and checks it."""

    upload = forms.FileField(label="Tệp danh sách chứng thư bị thu hồi (.crl)")

    class Meta:
        model = RevocationList
        fields = []

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("upload")
        if upload is None:
            return cleaned
        if upload.size > MAX_CRL_BYTES:
            self.add_error("upload", "Tệp danh sách quá lớn.")
            return cleaned
        self.crl_data = upload.read()
        try:
            revocation.revocation_list(self.crl_data)
        except DomainError as error:
            self.add_error("upload", error.message)
        return cleaned


@admin.register(RevocationList)
class RevocationListAdmin(admin.ModelAdmin):
    """The CRLs signatures' revocation is checked against when the servers cannot fetch them. Added
    (replacing the issuer's older one) and removed through core.revocation, which checks the file
    and writes the audit trail; never edited in place."""

    list_display = ["issuer", "this_update", "next_update", "revoked_count"]
    readonly_fields = ["issuer", "this_update", "next_update", "revoked_count", "fingerprint"]
    form = RevocationListForm

    def has_change_permission(self, request, obj=None):
        return obj is None  # the add form only

    def save_model(self, request, obj, form, change):
        entry = revocation.revocation_list_add(data=form.crl_data, actor=request.user)
        obj.pk = entry.pk

    def delete_model(self, request, obj):
        revocation.revocation_list_remove(entry=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for entry in queryset:
            revocation.revocation_list_remove(entry=entry, actor=request.user)


class RecordAdmin(admin.ModelAdmin):
    """A kept record (core.retention), for operators to look at: changes go through the pages and
    their services; a deletion is asked of the retention guard first, whose refusal (naming the rule
    and the date) is shown instead of Django's confirmation page."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        # The bulk "delete selected" would skip the per-record message; each record is deleted alone.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None:
            try:
                retention.ensure_may_destroy(obj)
            except DomainError as error:
                self.message_user(request, error.message, messages.ERROR)
                opts = self.model._meta
                return redirect(f"admin:{opts.app_label}_{opts.model_name}_change", obj.pk)
        return super().delete_view(request, object_id, extra_context)
