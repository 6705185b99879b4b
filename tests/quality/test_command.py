from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.quality.factories import QualityObjectiveFactory

pytestmark = pytest.mark.django_db


def test_recalculate_indicators_computes_open_periods(agency_a, agency_b):
    objective = QualityObjectiveFactory(
        agency=agency_a, source="feedback_received", measure_unit="số lượng", target=5, comparison="le"
    )
    QualityObjectiveFactory(agency=agency_b, source="feedback_received", measure_unit="số lượng", target=5)
    out = StringIO()
    call_command(
        "recalculate_indicators", "--today=2026-05-10", f"--agency={agency_a.identifier_code}", stdout=out
    )
    assert "Đã tính 2 giá trị chỉ số." in out.getvalue()
    assert [value.label for value in objective.values.order_by("period_start")] == [
        "Quý 1/2026",
        "Quý 2/2026",
    ]
    assert objective.values.get(period_start=date(2026, 1, 1)).is_final


def test_an_unknown_agency_is_an_error():
    with pytest.raises(CommandError, match="Không có cơ quan"):
        call_command("recalculate_indicators", "--agency=khong-co")
