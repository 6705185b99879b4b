"""A realistic QMS folder of an agency (issue 19), built at test time rather than committed: the
shapes agencies really keep since 2008 or 2015. Documents with the cover table ("Mã hiệu | Lần ban
hành | Ngày ban hành") and without, an NĐ 30 header, odd file names, nested folders, forms of
procedures, a register in .xlsx, an .odt, PDFs with text and a scanned one without, a legacy .doc,
a duplicate, a corrupt file, a zip bomb, and the system files a zip from Windows or macOS carries.

`EXPECTED` lists, for each file carrying them, the code, title, type, lần ban hành and issue date
eISO should propose. Every file is small: the whole folder builds in about a second.
"""

import io
import zipfile
from dataclasses import dataclass
from datetime import date

import docx
from openpyxl import Workbook
from pypdf import PdfWriter

ROOT = "HTQLCL UBND xa Thach Ha"
LEGAL = "Căn cứ Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ và Quyết định số 19/2014/QĐ-TTg."


@dataclass
class Expected:
    code: str
    title: str
    kind: str
    version: int
    issued_on: date | None


# path -> (code, title, kind, lần ban hành, issue date, shape)
COVERED = [
    (
        "01 So tay/STCL So tay chat luong.docx",
        "STCL",
        "Sổ tay chất lượng",
        "quality_manual",
        3,
        date(2020, 1, 10),
    ),
    (
        "02 Chinh sach/CSCL Chinh sach chat luong.docx",
        "CSCL",
        "Chính sách chất lượng",
        "quality_policy",
        2,
        date(2019, 5, 2),
    ),
    (
        "02 Chinh sach/MTCL.2024 Muc tieu chat luong nam 2024.docx",
        "MTCL.2024",
        "Mục tiêu chất lượng năm 2024",
        "quality_objectives",
        1,
        date(2024, 1, 15),
    ),
    (
        "03 Quy trinh noi bo/QT-01 Kiem soat tai lieu.docx",
        "QT-01",
        "Quy trình kiểm soát tài liệu",
        "procedure",
        2,
        date(2020, 3, 15),
    ),
    (
        "03 Quy trinh noi bo/QT-02 Kiem soat ho so.docx",
        "QT-02",
        "Quy trình kiểm soát hồ sơ",
        "procedure",
        2,
        date(2020, 3, 15),
    ),
    (
        "03 Quy trinh noi bo/QT-03 Danh gia noi bo.docx",
        "QT-03",
        "Quy trình đánh giá nội bộ",
        "procedure",
        1,
        date(2018, 11, 20),
    ),
    (
        "03 Quy trinh noi bo/QT-04 Kiem soat su khong phu hop.odt",
        "QT-04",
        "Quy trình kiểm soát sự không phù hợp",
        "procedure",
        3,
        date(2021, 6, 1),
    ),
    (
        "03 Quy trinh noi bo/QT-05 Hanh dong khac phuc.pdf",
        "QT-05",
        "Quy trình hành động khắc phục",
        "procedure",
        1,
        date(2017, 8, 8),
    ),
    (
        "03 Quy trinh noi bo/QT-06 Xem xet cua lanh dao.docx",
        "QT-06",
        "Quy trình xem xét của lãnh đạo",
        "procedure",
        2,
        date(2022, 2, 28),
    ),
    (
        "03 Quy trinh noi bo/qt_07-quy trinh quan ly rui ro (ban cuoi) FINAL.docx",
        "QT-07",
        "Quy trình quản lý rủi ro và cơ hội",
        "procedure",
        1,
        date(2023, 4, 4),
    ),
    (
        "04 Quy trinh TTHC/Tu phap/QT.TP.01 Chung thuc ban sao/QT.TP.01 Quy trinh chung thuc ban sao.docx",
        "QT.TP.01",
        "Quy trình chứng thực bản sao từ bản chính",
        "procedure",
        4,
        date(2021, 9, 9),
    ),
    (
        "04 Quy trinh TTHC/Tu phap/QT.TP.02 Dang ky khai sinh/QT.TP.02.docx",
        "QT.TP.02",
        "Quy trình đăng ký khai sinh",
        "procedure",
        3,
        date(2021, 9, 9),
    ),
    (
        "04 Quy trinh TTHC/Tu phap/QT.TP.03 Dang ky ket hon.pdf",
        "QT.TP.03",
        "Quy trình đăng ký kết hôn",
        "procedure",
        2,
        date(2020, 12, 1),
    ),
    (
        "04 Quy trinh TTHC/Tu phap/QT.TP.04 Dang ky khai tu.docx",
        "QT.TP.04",
        "Quy trình đăng ký khai tử",
        "procedure",
        2,
        date(2020, 12, 1),
    ),
    (
        "04 Quy trinh TTHC/Dia chinh/QT.DC.01 Chuyen muc dich su dung dat.docx",
        "QT.DC.01",
        "Quy trình chuyển mục đích sử dụng đất",
        "procedure",
        1,
        date(2019, 7, 1),
    ),
    (
        "04 Quy trinh TTHC/Dia chinh/QT.DC.02 Hoa giai tranh chap dat dai.docx",
        "QT.DC.02",
        "Quy trình hòa giải tranh chấp đất đai",
        "procedure",
        1,
        date(2019, 7, 1),
    ),
    (
        "04 Quy trinh TTHC/Van hoa/QT.VH.01 Cong nhan gia dinh van hoa.odt",
        "QT.VH.01",
        "Quy trình công nhận gia đình văn hóa",
        "procedure",
        2,
        date(2022, 10, 10),
    ),
    (
        "04 Quy trinh TTHC/Lao dong/QT.LĐ.01 Tro cap xa hoi.docx",
        "QT.LĐ.01",
        "Quy trình giải quyết trợ cấp xã hội hằng tháng",
        "procedure",
        1,
        date(2023, 3, 3),
    ),
    (
        "05 Huong dan/HD-01 Huong dan tiep cong dan.docx",
        "HD-01",
        "Hướng dẫn tiếp công dân",
        "work_instruction",
        1,
        date(2018, 6, 6),
    ),
    (
        "05 Huong dan/HD-02 Huong dan luu tru ho so.docx",
        "HD-02",
        "Hướng dẫn lưu trữ hồ sơ",
        "work_instruction",
        2,
        date(2021, 1, 4),
    ),
    (
        "05 Huong dan/HD-03 Huong dan su dung phan mem mot cua.pdf",
        "HD-03",
        "Hướng dẫn sử dụng phần mềm một cửa",
        "work_instruction",
        1,
        date(2022, 8, 15),
    ),
    (
        "06 Bieu mau/BM-01 Phieu yeu cau soan thao tai lieu.docx",
        "BM-01",
        "Phiếu yêu cầu soạn thảo tài liệu",
        "form",
        1,
        date(2020, 3, 15),
    ),
    (
        "06 Bieu mau/BM-02 Danh muc tai lieu noi bo.docx",
        "BM-02",
        "Biểu mẫu danh mục tài liệu nội bộ",
        "form",
        2,
        date(2020, 3, 15),
    ),
    (
        "06 Bieu mau/BM-03 Phieu theo doi ho so.docx",
        "BM-03",
        "Phiếu theo dõi hồ sơ",
        "form",
        1,
        date(2020, 3, 15),
    ),
    (
        "06 Bieu mau/BM-04 Bien ban hop xem xet.docx",
        "BM-04",
        "Biên bản họp xem xét của lãnh đạo",
        "form",
        1,
        date(2022, 2, 28),
    ),
    (
        "06 Bieu mau/BM-05 Phieu danh gia noi bo.odt",
        "BM-05",
        "Phiếu đánh giá nội bộ",
        "form",
        1,
        date(2018, 11, 20),
    ),
    (
        "07 Danh muc/DMHS-01 Danh muc ho so chat luong.docx",
        "DMHS-01",
        "Danh mục hồ sơ chất lượng",
        "record_list",
        2,
        date(2021, 1, 4),
    ),
]
# Documents without a cover table: the title is the text's own, the code in the file name or in
# an NĐ 30 header; the date is the header's place-and-date line.
UNCOVERED = [
    (
        "03 Quy trinh noi bo/QT-08 Quy trinh tiep nhan va xu ly phan anh.docx",
        "QT-08",
        "Quy trình tiếp nhận và xử lý phản ánh",
        "procedure",
        1,
        date(2019, 3, 12),
    ),
    (
        "03 Quy trinh noi bo/QT-09 Quy trinh trao doi thong tin noi bo.docx",
        "QT-09",
        "Quy trình trao đổi thông tin nội bộ",
        "procedure",
        1,
        date(2020, 10, 2),
    ),
    (
        "05 Huong dan/HD-04_Huong dan bao mat thong tin.docx",
        "HD-04",
        "Hướng dẫn bảo mật thông tin",
        "work_instruction",
        1,
        date(2021, 5, 20),
    ),
    (
        "05 Huong dan/HD-05 Huong dan ve sinh noi lam viec.pdf",
        "HD-05",
        "Hướng dẫn vệ sinh nơi làm việc",
        "work_instruction",
        1,
        date(2018, 1, 8),
    ),
]
# Forms of procedures, in the procedure's folder; codes name the procedure.
FORMS = [
    (
        "04 Quy trinh TTHC/Tu phap/QT.TP.01 Chung thuc ban sao/Bieu mau/BM.01-QT.TP.01 So chung thuc.docx",
        "BM.01-QT.TP.01",
        "Sổ theo dõi chứng thực bản sao",
        "form",
        1,
        date(2021, 9, 9),
    ),
    (
        "04 Quy trinh TTHC/Tu phap/QT.TP.01 Chung thuc ban sao/Bieu mau/BM.02-QT.TP.01 Phieu giao nhan.docx",
        "BM.02-QT.TP.01",
        "Phiếu giao nhận hồ sơ chứng thực",
        "form",
        1,
        date(2021, 9, 9),
    ),
    (
        "04 Quy trinh TTHC/Tu phap/QT.TP.02 Dang ky khai sinh/Bieu mau/BM.01-QT.TP.02.docx",
        "BM.01-QT.TP.02",
        "Phiếu kiểm soát quá trình giải quyết hồ sơ",
        "form",
        1,
        date(2021, 9, 9),
    ),
    (
        "04 Quy trinh TTHC/Dia chinh/Bieu mau QT.DC.01/BM.01 Phieu tiep nhan.docx",
        "BM.01",
        "Phiếu tiếp nhận hồ sơ đất đai",
        "form",
        1,
        date(2019, 7, 1),
    ),
]
FORM_PROCESSES = {
    "BM.01-QT.TP.01": "QT.TP.01",
    "BM.02-QT.TP.01": "QT.TP.01",
    "BM.01-QT.TP.02": "QT.TP.02",
    "BM.01": "QT.DC.01",
}
REGISTER = ("07 Danh muc/DM-TL Danh muc tai lieu.xlsx", "DM-TL")
SCANNED = "03 Quy trinh noi bo/QT-10 Quy trinh quan ly con dau (scan).pdf"
LEGACY = "99 Cu/QT-11 quy trinh cu.doc"
CORRUPT = "03 Quy trinh noi bo/QT-12 Quy trinh hong.docx"
BOMB = "05 Huong dan/HD-06 Huong dan.docx"
DUPLICATE = "99 Cu/Ban sao QT-02 Kiem soat ho so (copy).docx"
IGNORED = [
    "__MACOSX/03 Quy trinh noi bo/._QT-01 Kiem soat tai lieu.docx",
    "06 Bieu mau/Thumbs.db",
    "05 Huong dan/~$-01 Huong dan.docx",
]

CARRYING = COVERED + UNCOVERED + FORMS
EXPECTED = {
    f"{ROOT}/{path}": Expected(code, title, kind, version, issued_on)
    for path, code, title, kind, version, issued_on in CARRYING
}


def _cover_docx(code: str, title: str, version: int, issued_on: date, *, legal: bool) -> bytes:
    """An ISO document as agencies write them: the agency's name, the title in capitals, the cover
    table, then the body."""
    document = docx.Document()
    document.add_paragraph("UBND XÃ THẠCH HÀ")
    document.add_paragraph("HỆ THỐNG QUẢN LÝ CHẤT LƯỢNG THEO TCVN ISO 9001:2015")
    kind_word, _, rest = title.partition(" ")
    if title.startswith(("Quy trình", "Hướng dẫn")):
        kind_word, rest = title.split(" ")[0] + " " + title.split(" ")[1], " ".join(title.split(" ")[2:])
        document.add_paragraph(kind_word.upper())
        document.add_paragraph(rest.upper())
    else:
        document.add_paragraph(title.upper())
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).text = "Mã hiệu"
    table.cell(0, 1).text = "Lần ban hành"
    table.cell(0, 2).text = "Ngày ban hành"
    table.cell(1, 0).text = code
    table.cell(1, 1).text = f"{version:02d}"
    table.cell(1, 2).text = issued_on.strftime("%d/%m/%Y")
    document.add_paragraph("1. MỤC ĐÍCH")
    document.add_paragraph(f"Quy định cách thực hiện {title.lower()} tại cơ quan.")
    if legal:
        document.add_paragraph("2. CĂN CỨ")
        document.add_paragraph(LEGAL)
    return _saved(document)


def _cover_inline_docx(code: str, title: str, version: int, issued_on: date) -> bytes:
    """The other common cover: one table row "Mã hiệu: QT-01 | Lần ban hành: 02 | Ngày ban hành: …"."""
    document = docx.Document()
    document.add_paragraph("ỦY BAN NHÂN DÂN XÃ THẠCH HÀ")
    document.add_paragraph(title.upper())
    table = document.add_table(rows=1, cols=3)
    table.cell(0, 0).text = f"Mã hiệu: {code}"
    table.cell(0, 1).text = f"Lần ban hành: {version}"
    table.cell(0, 2).text = f"Ngày ban hành: {issued_on.day}/{issued_on.month}/{issued_on.year}"
    document.add_paragraph("Nội dung biểu mẫu.")
    return _saved(document)


def _header_docx(code: str, title: str, issued_on: date) -> bytes:
    """No cover table: the NĐ 30/2020 header and the title; the code only in the file name."""
    document = docx.Document()
    document.add_paragraph("UBND XÃ THẠCH HÀ")
    document.add_paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    document.add_paragraph("Độc lập - Tự do - Hạnh phúc")
    document.add_paragraph(
        f"Thạch Hà, ngày {issued_on.day:02d} tháng {issued_on.month:02d} năm {issued_on.year}"
    )
    document.add_paragraph(title.upper())
    document.add_paragraph("Phạm vi áp dụng: toàn cơ quan.")
    document.add_paragraph(LEGAL)
    return _saved(document)


def _saved(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _odt(code: str, title: str, version: int, issued_on: date) -> bytes:
    """A minimal OpenDocument text, as LibreOffice writes it: the title and the cover table."""
    rows = (
        f"<table:table-row><table:table-cell><text:p>Mã hiệu</text:p></table:table-cell>"
        f"<table:table-cell><text:p>{code}</text:p></table:table-cell></table:table-row>"
        f"<table:table-row><table:table-cell><text:p>Lần ban hành</text:p></table:table-cell>"
        f"<table:table-cell><text:p>{version:02d}</text:p></table:table-cell></table:table-row>"
        f"<table:table-row><table:table-cell><text:p>Ngày ban hành</text:p></table:table-cell>"
        f"<table:table-cell><text:p>{issued_on:%d/%m/%Y}</text:p></table:table-cell></table:table-row>"
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.2">'
        f"<office:body><office:text><text:p>UBND XÃ THẠCH HÀ</text:p><text:p>{title.upper()}</text:p>"
        f"<table:table>{rows}</table:table><text:p>{LEGAL}</text:p></office:text></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED
        )
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _pdf(lines: list[str]) -> bytes:
    from weasyprint import HTML

    body = "".join(f"<p>{line}</p>" for line in lines)
    return HTML(string=f"<html><body>{body}</body></html>").write_pdf()


def _cover_pdf(code: str, title: str, version: int, issued_on: date) -> bytes:
    return _pdf(
        [
            "UBND XÃ THẠCH HÀ",
            title.upper(),
            f"Mã hiệu: {code}",
            f"Lần ban hành: {version:02d}",
            f"Ngày ban hành: {issued_on:%d/%m/%Y}",
            LEGAL,
        ]
    )


def _scanned_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _register() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["DANH MỤC TÀI LIỆU NỘI BỘ"])
    sheet.append(["STT", "Mã hiệu", "Tên tài liệu", "Lần ban hành"])
    for index, (_path, code, title, _kind, version, _on) in enumerate(COVERED, start=1):
        sheet.append([index, code, title, version])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _bomb() -> bytes:
    """A .docx whose main part inflates 8 MB of nothing from a few kilobytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<" + b" " * (8 * 1024 * 1024) + b"/>")
    return buffer.getvalue()


def _legacy_doc() -> bytes:
    """The first bytes of an OLE compound file holding a Word stream, as Word 97–2003 saved."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    return header + "WordDocument".encode("utf-16-le") + b"\x00" * 1024


def folder_files(variant: int = 0) -> dict[str, bytes]:
    """Every file of the folder by its path. A `variant` above 0 is another unit's copy of the
    folder (under "Don vi N/", every code ending in "-N"): large folders are made of such copies."""
    files: dict[str, bytes] = {}

    def c(code: str) -> str:
        return f"{code}-{variant}" if variant else code

    for index, (path, code, title, _kind, version, issued_on) in enumerate(COVERED):
        code = c(code)
        if path.endswith(".odt"):
            files[path] = _odt(code, title, version, issued_on)
        elif path.endswith(".pdf"):
            files[path] = _cover_pdf(code, title, version, issued_on)
        elif index % 3 == 2:
            files[path] = _cover_inline_docx(code, title, version, issued_on)
        else:
            files[path] = _cover_docx(code, title, version, issued_on, legal=index % 2 == 0)
    for path, code, title, _kind, _version, issued_on in UNCOVERED:
        code = c(code)
        if path.endswith(".pdf"):
            files[path] = _pdf(
                [
                    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                    f"Thạch Hà, ngày {issued_on.day} tháng {issued_on.month} năm {issued_on.year}",
                    title.upper(),
                ]
            )
        else:
            files[path] = _header_docx(code, title, issued_on)
    for path, code, title, _kind, version, issued_on in FORMS:
        files[path] = _cover_inline_docx(c(code), title, version, issued_on)
    files[REGISTER[0]] = _register()
    files[SCANNED] = _scanned_pdf()
    files[LEGACY] = _legacy_doc()
    files[CORRUPT] = files["03 Quy trinh noi bo/QT-01 Kiem soat tai lieu.docx"][:-700]
    files[BOMB] = _bomb()
    files[DUPLICATE] = files["03 Quy trinh noi bo/QT-02 Kiem soat ho so.docx"]
    for path in IGNORED:
        files[path] = b"\x00\x05\x16\x07"
    if not variant:
        return {f"{ROOT}/{path}": data for path, data in files.items()}
    renamed = {path: path.replace(code, c(code), 1) for path, code, *_ in CARRYING}
    return {
        f"{ROOT}/Don vi {variant}/{renamed.get(path, path)}": data
        for path, data in files.items()
        if path not in IGNORED
    }


def large_folder(count: int) -> dict[str, bytes]:
    """A folder of `count` files made of copies of the fixture folder (bench/folder_import_bench.py):
    in every 41 files, 35 documents to import, a scanned PDF, a register, a legacy .doc, a corrupt
    file, a zip bomb and a duplicate."""
    files = {path: data for path, data in folder_files().items() if not path.endswith(tuple(IGNORED))}
    variant = 0
    while len(files) < count:
        variant += 1
        files.update(folder_files(variant))
    return dict(list(files.items())[:count])


def folder_zip(files: dict[str, bytes] | None = None) -> bytes:
    """The folder as the secretary zips it: names in UTF-8 (flagged, as 7-Zip writes them)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in (files or folder_files()).items():
            archive.writestr(path, data)
    return buffer.getvalue()
