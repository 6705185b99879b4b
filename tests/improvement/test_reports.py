"""The improvement app's official documents: the announcement decision (QĐ 19/2014 Phụ lục I)."""

import io

import docx

from eiso.improvement import reports
from eiso.improvement.models import Announcement
from eiso.orgs.models import Agency
from tests.factories import AgencyFactory
from tests.improvement.factories import AnnouncementFactory


def _paragraphs(data: bytes) -> dict:
    return {p.text: p for p in docx.Document(io.BytesIO(data)).paragraphs}


def test_announcement_decision_has_its_bases_articles_and_scope_annex(agency_a):
    announcement = AnnouncementFactory(
        agency=agency_a,
        number="215/QĐ-SKHCN",
        scope={
            "processes": [{"code": "QT-01", "title": "Cấp giấy phép"}],
            "internal_activities": "Quản lý văn bản đi, đến.",
        },
    )
    data = reports.announcement_decision_docx(announcement)
    paragraphs = _paragraphs(data)
    basis = next(p for text, p in paragraphs.items() if text.startswith("Căn cứ Quyết định số 19/2014"))
    assert all(run.italic for run in basis.runs)
    article = next(p for text, p in paragraphs.items() if text.startswith("Điều 1. Công bố Hệ thống"))
    assert article.runs[0].bold and not article.runs[1].bold
    assert "Hoạt động nội bộ: Quản lý văn bản đi, đến." in paragraphs
    annex = [[cell.text for cell in row.cells] for row in docx.Document(io.BytesIO(data)).tables[1].rows]
    assert annex == [["TT", "Mã quy trình", "Tên quy trình"], ["1", "QT-01", "Cấp giấy phép"]]


def test_a_reannouncement_says_the_earlier_decision_ends(agency_a):
    announcement = AnnouncementFactory(agency=agency_a, kind=Announcement.Kind.EXPAND)
    text = "\n".join(_paragraphs(reports.announcement_decision_docx(announcement)))
    assert "Điều 1. Công bố lại" in text and "Quyết định công bố trước đây hết hiệu lực" in text


def test_a_departments_decision_is_headed_by_the_provinces_peoples_committee(agency_a, province):
    document = docx.Document(
        io.BytesIO(reports.announcement_decision_docx(AnnouncementFactory(agency=agency_a)))
    )
    heading = [p.text.strip() for p in document.tables[0].rows[0].cells[0].paragraphs]
    assert heading[:2] == ["UBND TỈNH HÀ TĨNH", agency_a.name.upper()]


def test_a_communes_decision_has_no_managing_body_line(province):
    commune = AgencyFactory(province=province, kind=Agency.Kind.COMMUNE, name="UBND xã Thạch Lạc")
    document = docx.Document(
        io.BytesIO(reports.announcement_decision_docx(AnnouncementFactory(agency=commune)))
    )
    assert document.tables[0].rows[0].cells[0].paragraphs[0].text.strip() == "UBND XÃ THẠCH LẠC"
