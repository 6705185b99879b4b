from django.core.files.uploadedfile import SimpleUploadedFile

from eiso.core.models import AuditEntry


def last_entry(action: str) -> AuditEntry:
    return AuditEntry.objects.filter(action=action).order_by("-pk").first()


def pdf(name: str = "bang-chung.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n% test evidence\n", content_type="application/pdf")
