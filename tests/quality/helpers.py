from datetime import date, datetime, time

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from eiso.core.models import AuditEntry
from tests.hostile_files import pdf_bytes


def last_entry(action: str) -> AuditEntry:
    return AuditEntry.objects.filter(action=action).order_by("-pk").first()


def pdf(name: str = "bang-chung.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def on(day: date) -> datetime:
    """A moment in office hours of `day`: when a test's transition happens (`at=`)."""
    return timezone.make_aware(datetime.combine(day, time(9)))
