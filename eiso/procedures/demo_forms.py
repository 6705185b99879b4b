"""Fillable forms (mẫu đơn, tờ khai) for the demo catalogue, so that the portal's "Mẫu" column
offers downloads as it does once a coordinator has attached the real files.

The demo catalogue names each form but ships no file, and the portal can only link a form that
has one: without this loader every "Mẫu" read as plain text. The files are generated, not the
official annexes: each says so on its face and keeps only the lines every tờ khai has (who asks,
what, the commitment and the signature). A real deployment attaches the official files on the
procedure page (component_attach_form); this loader never replaces a file already attached.
"""

import io

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F

from eiso.core.text import fold
from eiso.procedures.demo import DEMO_PROVINCE_CODE
from eiso.procedures.models import ProcedureComponent

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DEMO_COORDINATOR = "coordinator"  # created by the accounts demo loader (order 20)
LINES = [
    "Họ, chữ đệm, tên người yêu cầu",
    "Ngày, tháng, năm sinh",
    "Nơi cư trú",
    "Giấy tờ tùy thân (loại, số, ngày cấp, nơi cấp)",
    "Số điện thoại liên hệ",
    "Nội dung đề nghị",
]


def load(say) -> None:
    from eiso.procedures import services

    actor = get_user_model().objects.filter(username=DEMO_COORDINATOR).first()
    if actor is None:
        say("  Chưa có tài khoản coordinator: bỏ qua tệp mẫu đơn, tờ khai.")
        return
    components = (
        ProcedureComponent.objects.filter(
            version__procedure__province__division_code=DEMO_PROVINCE_CODE,
            version__procedure__current_version=F("version"),
        )
        .exclude(form_name="")
        .filter(form_file="")
        .select_related("version__procedure")
    )
    count = 0
    for component in components:
        upload = SimpleUploadedFile(_filename(component.form_name), form_docx(component.form_name), DOCX)
        services.component_attach_form(component=component, upload=upload, actor=actor)
        count += 1
    say(f"  Tệp mẫu đơn, tờ khai: {count} tệp đính kèm.")


def _filename(form_name: str) -> str:
    """The form name as a file name: "Tờ khai đăng ký khai sinh" → "to-khai-dang-ky-khai-sinh.docx"."""
    words = "".join(char if char.isalnum() else " " for char in fold(form_name)).split()
    return "-".join(words)[:80] + ".docx"


def form_docx(form_name: str) -> bytes:
    """A one-page tờ khai: national heading, the form's name, the common lines to fill in by hand."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = docx.Document()

    def line(text: str, *, bold=False, italic=False, center=False, size=13):
        paragraph = document.add_paragraph()
        run = paragraph.add_run(text)
        run.bold, run.italic, run.font.size, run.font.name = bold, italic, Pt(size), "Times New Roman"
        if center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        return paragraph

    line("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, center=True)
    line("Độc lập - Tự do - Hạnh phúc", bold=True, center=True, size=14)
    line(form_name.upper(), bold=True, center=True, size=14)
    line("Kính gửi: " + "…" * 30)
    for label in LINES:
        line(f"{label}: " + "…" * 24)
    line(
        "Tôi cam đoan nội dung đề nghị trên đây là đúng sự thật và chịu trách nhiệm trước pháp luật về "
        "cam đoan của mình."
    )
    line("…………, ngày …… tháng …… năm ……", italic=True, center=True)
    line("NGƯỜI YÊU CẦU", bold=True, center=True)
    line("(Ký, ghi rõ họ, chữ đệm, tên)", italic=True, center=True)
    line(
        "Mẫu minh họa của dữ liệu trình diễn eISO, không phải mẫu ban hành kèm theo văn bản quy phạm "
        "pháp luật.",
        italic=True,
        size=10,
    )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
