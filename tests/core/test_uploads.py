"""The upload gate (core.uploads, core.zips, core.sandbox): real files of every accepted kind pass,
every file of the hostile corpus is refused with its Vietnamese reason, bombs are refused from the
zip's directory without a member being read, and the readers behind the gate are hardened too."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from eiso.core import sandbox, uploads, zips
from tests.hostile_files import (
    CORPUS,
    LAUGHS,
    W_NS,
    billion_laughs_docx,
    billion_laughs_xlsx,
    docx_bytes,
    odt_bytes,
    pdf_bytes,
    png_bytes,
    rezip,
    with_member,
    xlsx_bomb,
    xlsx_bytes,
    zip_bomb_docx,
)

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 100 + b"\xff\xd9"


def refusal(data: bytes, name: str, policy=uploads.EVIDENCE) -> str:
    with pytest.raises(uploads.UploadRefused) as refused:
        uploads.check_bytes(data, name, policy)
    return refused.value.message


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("quy-trinh.docx", docx_bytes(), "docx"),
        ("danh-muc.xlsx", xlsx_bytes(), "xlsx"),
        ("bao-cao.pdf", pdf_bytes(3), "pdf"),
        ("bien-ban.odt", odt_bytes(), "odt"),
        ("anh.png", png_bytes(), "png"),
        ("anh.JPG", JPEG, "jpeg"),
        ("cu.doc", OLE + "WordDocument".encode("utf-16-le"), "doc"),
        ("cu.xls", OLE + "Workbook".encode("utf-16-le"), "xls"),
    ],
)
def test_real_files_of_every_kind_pass(name, data, kind):
    checked = uploads.check_bytes(data, name, uploads.EVIDENCE)
    assert (checked.name, checked.kind, checked.size) == (name, kind, len(data))


def test_an_uploaded_file_is_rewound_for_storing():
    upload = SimpleUploadedFile("qt.docx", docx_bytes(), content_type="text/plain")
    upload.read(10)
    assert uploads.check_upload(upload, uploads.DOCUMENT).kind == "docx"
    assert upload.tell() == 0


@pytest.mark.parametrize("hostile", CORPUS, ids=str)
def test_every_hostile_file_is_refused_with_its_reason(hostile):
    assert hostile.reason in refusal(hostile.data, hostile.filename, uploads.DOCUMENT)


def test_the_field_is_named_for_the_page_and_the_api():
    with pytest.raises(uploads.UploadRefused) as refused:
        uploads.check_upload(SimpleUploadedFile("a.pdf", b""), uploads.EVIDENCE, field="evidence")
    assert refused.value.field == "evidence"


# --- size, name and kind --------------------------------------------------------------------------


def test_the_size_limit_is_the_setting_or_the_policys(settings):
    settings.EISO_UPLOAD_MAX_BYTES = 1000
    uploads.check_bytes(pdf_bytes(), "a.pdf", uploads.EVIDENCE)
    assert "Tệp quá lớn" in refusal(docx_bytes(), "a.docx")
    small = uploads.Policy(frozenset({"pdf"}), "PDF.", max_bytes=100)
    assert refusal(pdf_bytes(), "a.pdf", small) == "Tệp quá lớn (0,0 MB); giới hạn là 0,0 MB."


def test_a_kind_the_path_does_not_take_is_refused_by_its_sentence():
    assert refusal(png_bytes(), "anh.png", uploads.DOCUMENT) == uploads.DOCUMENT.wrong_type
    assert refusal(b"MZ", "setup.exe", uploads.FORM) == uploads.FORM.wrong_type
    assert refusal(docx_bytes(), "quy-trinh", uploads.FORM) == uploads.FORM.wrong_type


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("a.docx", xlsx_bytes()),  # a workbook named as a document
        ("a.xlsx", odt_bytes()),
        ("a.docx", rezip(docx_bytes(), {"[Content_Types].xml": b"<Types/>"})),  # no main part
    ],
)
def test_content_of_another_kind_is_refused(name, data):
    assert "Nội dung tệp không phải là tệp" in refusal(data, name)


def _plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "không phải tài liệu")
    return buffer.getvalue()


def test_a_plain_zip_is_not_an_office_file():
    assert "Nội dung tệp không phải là tệp “.docx”" in refusal(_plain_zip(), "a.docx")


def test_old_office_files_must_hold_their_stream_and_no_macros():
    msi = OLE + "SummaryInformation".encode("utf-16-le")
    assert "không phải là tệp “.doc”" in refusal(msi, "cai-dat.doc")
    assert "không phải là tệp “.xls”" in refusal(OLE + "WordDocument".encode("utf-16-le"), "a.xls")
    macros = OLE + "WordDocument".encode("utf-16-le") + "_VBA_PROJECT".encode("utf-16-le")
    assert "macro" in refusal(macros, "a.doc")


def test_images_are_checked_whole_and_alone():
    assert "PNG bị cắt cụt" in refusal(png_bytes()[:-6], "anh.png")
    assert "tệp ghép" in refusal(JPEG + docx_bytes(), "anh.jpg")
    assert "không phải là tệp" in refusal(b"GIF89a" + b"\x00" * 20, "anh.png")


# --- zip-based files ------------------------------------------------------------------------------


def test_bombs_are_refused_from_the_directory_without_reading_a_member(monkeypatch):
    bombs = [(zip_bomb_docx(), "qt.docx"), (xlsx_bomb(), "dm.xlsx")]

    def no_reading(*args, **kwargs):
        raise AssertionError("a member was opened")

    monkeypatch.setattr(zipfile.ZipFile, "open", no_reading)
    for data, name in bombs:
        assert "bom nén" in refusal(data, name)


def test_too_many_members_are_refused_before_the_directory_is_parsed(monkeypatch):
    from tests.hostile_files import many_members_docx

    data = many_members_docx()

    def no_parsing(*args, **kwargs):
        raise AssertionError("the directory was parsed")

    monkeypatch.setattr(zipfile.ZipFile, "__init__", no_parsing)
    assert "quá nhiều thành phần (3016; tối đa 2000)" in refusal(data, "qt.docx")


def test_a_member_deflated_beyond_the_ratio_is_refused_even_under_the_total():
    two_mib_of_zeros = b"\x00" * (2 * 1024 * 1024)
    message = refusal(with_member("word/media/blank.bin", two_mib_of_zeros), "qt.docx")
    assert "“word/media/blank.bin” nén bất thường" in message and "bom nén" in message
    # Under the floor, a part may deflate as well as it likes (an empty style sheet, a blank image).
    uploads.check_bytes(with_member("word/media/blank.bin", b"\x00" * 500_000), "qt.docx", uploads.DOCUMENT)


def test_the_unpacked_total_is_bounded_by_five_times_the_limit(settings):
    settings.EISO_UPLOAD_MAX_BYTES = 200_000  # unpacked at most 1 MB
    parts = {f"word/media/blank{n}.bin": b"\x00" * 900_000 for n in range(2)}
    message = refusal(rezip(docx_bytes(), parts), "qt.docx")
    assert message.startswith("Tệp khi giải nén quá lớn (2,") and "giới hạn là 1,0 MB" in message


@pytest.mark.parametrize(
    "name",
    ["../x", "word/../../x", "/etc/passwd", "..\\x", "C:/Windows/x", "word/x\\..\\..\\y", "a/../b"],
)
def test_member_names_leaving_the_archive_are_refused(name):
    assert "tên thành phần không hợp lệ" in refusal(with_member(name), "qt.docx")


def test_duplicate_and_encrypted_members_are_refused():
    buffer = io.BytesIO(docx_bytes())
    with zipfile.ZipFile(buffer, "a") as archive, pytest.warns(UserWarning, match="Duplicate name"):
        archive.writestr("word/document.xml", b"<w:document " + W_NS + b"/>")
    twice = buffer.getvalue()
    assert "hai thành phần cùng tên" in refusal(twice, "qt.docx")
    data = bytearray(docx_bytes())
    directory = data.find(b"PK\x01\x02")
    data[directory + 8] |= 0x1  # the "encrypted" flag of the first member
    assert "mã hóa không được hỗ trợ" in refusal(bytes(data), "qt.docx")


def test_a_macro_enabled_workbook_renamed_xlsx_is_refused():
    types = zipfile.ZipFile(io.BytesIO(xlsx_bytes())).read("[Content_Types].xml")
    macro = types.replace(b"spreadsheetml.sheet.main+xml", b"").replace(
        b"application/vnd.openxmlformats-officedocument.",
        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    )
    assert "macro" in refusal(rezip(xlsx_bytes(), {"[Content_Types].xml": macro}), "dm.xlsx")


def test_the_main_part_must_have_its_root_element():
    message = refusal(rezip(docx_bytes(), {"word/document.xml": b"<w:tbl " + W_NS + b"/>"}), "qt.docx")
    assert "không đúng cấu trúc" in message


def test_a_dtd_is_refused_in_any_encoding_and_in_parts_not_named_xml():
    utf16 = (LAUGHS.replace(b'<?xml version="1.0"?>', b"") + b"<w:document " + W_NS + b"/>").decode()
    encoded = ('<?xml version="1.0" encoding="UTF-16"?>' + utf16).encode("utf-16")
    assert "DTD" in refusal(rezip(docx_bytes(), {"word/document.xml": encoded}), "qt.docx")
    types = zipfile.ZipFile(io.BytesIO(docx_bytes())).read("[Content_Types].xml")
    declared = types.replace(
        b"</Types>", b'<Override PartName="/word/extra.bin" ContentType="application/xml"/></Types>'
    )
    hidden = rezip(
        docx_bytes(), {"[Content_Types].xml": declared, "word/extra.bin": LAUGHS + b"<a>&lol9;</a>"}
    )
    assert "DTD" in refusal(hidden, "qt.docx")


def test_an_opendocument_needs_its_mimetype_and_content():
    broken = rezip(odt_bytes(), {"content.xml": b"<office:document-content><unclosed>"})
    assert "không phải XML hợp lệ" in refusal(broken, "bb.odt")
    assert "Nội dung tệp không phải" in refusal(rezip(odt_bytes(), {"mimetype": b"text/plain"}), "bb.odt")
    assert "macro" in refusal(with_member("Basic/Standard/Module1.xml", b"<a/>", base=odt_bytes()), "bb.odt")


def test_a_pdf_holding_the_bytes_of_a_zip_end_record_is_no_polyglot():
    # Compressed streams hold any bytes: only an end record whose directory is really there counts.
    record = b"%PK\x05\x06" + b"\x00" * 6 + b"\x01\x00" + b"\x00" * 10 + b"\n"
    fake = pdf_bytes().replace(b"startxref", record + b"startxref")
    assert zips.directory_end(io.BytesIO(fake), len(fake)) is None
    assert uploads.check_bytes(fake, "a.pdf", uploads.EVIDENCE).kind == "pdf"


# --- PDF ------------------------------------------------------------------------------------------


def test_a_pdf_is_opened_in_the_sandbox():
    assert "bị hỏng, không đọc được" in refusal(b"%PDF-1.4\nnot really a pdf\n%%EOF\n", "a.pdf")


def test_a_pdf_with_a_password_is_refused():
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes())))
    writer.encrypt("mat-khau")
    buffer = io.BytesIO()
    writer.write(buffer)
    assert "mật khẩu" in refusal(buffer.getvalue(), "a.pdf")


def test_a_pdf_that_cannot_be_opened_in_time_is_refused(monkeypatch):
    monkeypatch.setattr(uploads, "PDF_CHECK_SECONDS", 0.001)
    assert "thời gian cho phép" in refusal(pdf_bytes(), "a.pdf")


def test_the_sandbox_child_gets_none_of_the_servers_environment(monkeypatch):
    import subprocess

    monkeypatch.setenv("SECRET_KEY", "not-for-the-child")
    seen = {}

    def record(command, **kwargs):
        seen.update(kwargs)
        return subprocess.CompletedProcess(command, 0, stdout=b'{"pages": 1}', stderr=b"")

    monkeypatch.setattr(subprocess, "run", record)
    assert sandbox.run("pdf-check", b"%PDF-", seconds=1) == {"pages": 1}
    assert seen["env"] == {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}


def test_the_sandbox_child_is_stopped_by_its_memory_limit(monkeypatch):
    monkeypatch.setattr(sandbox, "MEMORY_BYTES", 20 * 1024 * 1024)
    assert sandbox.run("pdf-check", pdf_bytes(), seconds=10) == {"failed": True}


# --- the readers behind the gate ------------------------------------------------------------------


def test_python_docx_and_openpyxl_do_not_expand_entities_either():
    """What the gate keeps away would not blow up the readers: python-docx's lxml parser resolves
    no entities and stops at its amplification limit; openpyxl parses with defusedxml."""
    import docx
    import openpyxl
    from defusedxml import EntitiesForbidden
    from lxml.etree import XMLSyntaxError

    assert openpyxl.DEFUSEDXML
    with pytest.raises(XMLSyntaxError, match="amplification"):
        docx.Document(io.BytesIO(billion_laughs_docx()))
    with pytest.raises(ValueError) as raised:
        openpyxl.load_workbook(io.BytesIO(billion_laughs_xlsx()), read_only=True)
    assert isinstance(raised.value.__cause__, EntitiesForbidden)
