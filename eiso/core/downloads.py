"""Downloads of generated files (.docx, .xlsx, PDF): one response shape for every app."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"


def attachment(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    """A response the browser saves as `filename` (Vietnamese letters in the name are kept)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response
