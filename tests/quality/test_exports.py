"""Exports of the objectives table and the risk register (.xlsx and .docx)."""

import io
from datetime import date
from decimal import Decimal

import docx
import openpyxl
import pytest
from django.urls import reverse

from tests.quality.factories import ActionFactory, IndicatorValueFactory, QualityObjectiveFactory, RiskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(agency_a, agency_b):
    objective = QualityObjectiveFactory(
        agency=agency_a, year=2026, statement="Hồ sơ đúng hạn", target=Decimal("95")
    )
    IndicatorValueFactory(objective=objective, value=Decimal("97.5"))
    QualityObjectiveFactory(agency=agency_b, year=2026, statement="Mục tiêu của cơ quan khác")
    ActionFactory(
        risk=RiskFactory(agency=agency_a, title="Thiếu cán bộ", likelihood=4, impact=5),
        title="Bổ sung cán bộ",
        due_on=date(2026, 6, 30),
    )


def _sheet_text(content: bytes) -> str:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return " | ".join(
        str(cell) for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None
    )


def test_objectives_table_as_xlsx(client, secretary_a, data):
    client.force_login(secretary_a)
    response = client.get(reverse("quality:objective_table_xlsx"), {"year": 2026})
    text = _sheet_text(response.content)
    assert "MỤC TIÊU CHẤT LƯỢNG NĂM 2026" in text
    assert "Hồ sơ đúng hạn" in text and "Quý 1/2026: 97,5 %" in text and "≥ 95 %" in text
    assert "cơ quan khác" not in text


def test_risk_register_as_docx_in_the_official_layout(client, leader_a, data):
    client.force_login(leader_a)
    response = client.get(reverse("quality:risk_register_docx"))
    assert response["Content-Disposition"].startswith('attachment; filename="rui-ro-co-hoi-')
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = " | ".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cells + text
    assert "Thiếu cán bộ" in cells and "4×5 = 20 (Rất cao)" in cells and "Bổ sung cán bộ (30/06/2026" in cells


def test_objectives_docx_and_risk_xlsx_render(client, secretary_a, data):
    client.force_login(secretary_a)
    assert client.get(reverse("quality:objective_table_docx"), {"year": 2026}).status_code == 200
    assert "Thiếu cán bộ" in _sheet_text(client.get(reverse("quality:risk_register_xlsx")).content)


def test_staff_may_not_export(client, staff_a, data):
    client.force_login(staff_a)
    assert client.get(reverse("quality:risk_register_xlsx")).status_code == 403
