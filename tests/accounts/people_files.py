"""Workbooks for the people import tests, built the way an agency fills the template."""

import io

from openpyxl import load_workbook

from eiso.accounts.people_import import UNITS_SHEET, USERS_SHEET, template_workbook


def workbook(units: list[list], users: list[list]) -> bytes:
    """The template with its example rows replaced by `units` and `users` (lists of cells, in the
    template's column order)."""
    book = load_workbook(io.BytesIO(template_workbook()))
    for name, rows in ((UNITS_SHEET, units), (USERS_SHEET, users)):
        sheet = book[name]
        sheet.delete_rows(2, sheet.max_row)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


UNITS = [["VP", "Văn phòng", ""], ["TCCB", "Phòng Tổ chức cán bộ", ""], ["MC", "Bộ phận một cửa", "x"]]
USERS = [
    ["Trần Thị Bình", "binh.tt@hatinh.gov.vn", "VP", "Thư ký ISO", "Chuyên viên", "0912345678", ""],
    ["Lê Văn Cường", "cuong.lv@hatinh.gov.vn", "Phòng Tổ chức cán bộ", "Cán bộ, công chức", "", "", ""],
    ["Phạm Thu Dung", "dung.pt@hatinh.gov.vn", "MC", "Cán bộ một cửa", "", "", ""],
]
