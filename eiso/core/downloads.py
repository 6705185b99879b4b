"""Downloads of generated files (.docx, .xlsx, PDF): one response shape for every app."""

from collections.abc import Callable

from django.http import HttpResponse
from django.utils.http import content_disposition_header

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"
DOCUMENT_FORMATS = {"docx": DOCX, "pdf": PDF}  # an official document downloads as either


def attachment(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    """A response the browser saves as `filename` (Vietnamese letters in the name are kept)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


def document_attachment(render: Callable[[str], bytes], *, stem: str, fmt: str) -> HttpResponse:
    """An official document rendered in `fmt` ("docx" or "pdf"), saved as `stem.fmt`."""
    return attachment(render(fmt), filename=f"{stem}.{fmt}", content_type=DOCUMENT_FORMATS[fmt])
