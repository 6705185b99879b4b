"""Risks and opportunities: rating within the matrix, treatment actions, re-evaluation, closing;
the matrix banding. The Action workflow is tested in test_services_actions.py."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from hypothesis import given
from hypothesis import strategies as st

from eiso.core.errors import DomainError
from eiso.quality import services
from eiso.quality.matrix import DEFAULT_MATRIX, build, matrix_for
from eiso.quality.models import Action, Risk
from tests.quality.factories import ActionFactory, QualityObjectiveFactory, RiskFactory
from tests.quality.helpers import last_entry, on

RISK = {"kind": "risk", "title": "Hồ sơ bị trễ hạn do thiếu cán bộ", "likelihood": 4, "impact": 5}


@pytest.mark.parametrize(
    ("score", "label"),
    [
        (1, "Thấp"),
        (4, "Thấp"),
        (5, "Trung bình"),
        (9, "Trung bình"),
        (10, "Cao"),
        (16, "Cao"),
        (17, "Rất cao"),
        (25, "Rất cao"),
    ],
)
def test_default_matrix_bands(score, label):
    assert DEFAULT_MATRIX.band_for(score).label == label


@given(st.integers(min_value=1, max_value=5), st.integers(min_value=1, max_value=5))
def test_every_cell_of_the_default_matrix_has_exactly_one_band(likelihood, impact):
    score = likelihood * impact
    assert sum(1 for band in DEFAULT_MATRIX.bands if band.low <= score <= band.high) == 1


def test_heat_map_rows_start_with_the_highest_likelihood():
    rows = DEFAULT_MATRIX.rows()
    assert [cell[0] for cell in rows[0]] == [5] * 5
    assert rows[0][4][2].label == "Rất cao"
    assert rows[4][0][2].label == "Thấp"


@pytest.mark.parametrize(
    ("size", "bands", "message"),
    [
        (2, [{"max": 4, "label": "A", "colour": "success"}], "từ 3 đến 10"),
        (3, [{"max": 5, "label": "A", "colour": "success"}], "kết thúc ở điểm 9"),
        (
            3,
            [{"max": 5, "label": "A", "colour": "success"}, {"max": 4, "label": "B", "colour": "danger"}],
            "tăng dần",
        ),
        (3, [{"max": 9, "label": "A", "colour": "purple"}], "màu"),
    ],
)
def test_bad_matrices_are_refused(size, bands, message):
    with pytest.raises(DomainError, match=message):
        build(size, bands)


@pytest.mark.django_db
def test_secretary_records_a_risk_on_the_default_matrix(agency_a, secretary_a):
    risk = services.risk_create(agency=agency_a, actor=secretary_a, **RISK)
    assert risk.score == 20
    assert matrix_for(agency_a).band_for(risk.score).label == "Rất cao"
    assert last_entry("risk.create").changes["likelihood"] == [None, 4]


@pytest.mark.django_db
def test_a_rating_outside_the_matrix_is_refused(agency_a, secretary_a):
    with pytest.raises(DomainError, match="từ 1 đến 5"):
        services.risk_create(agency=agency_a, actor=secretary_a, **{**RISK, "impact": 6})


@pytest.mark.django_db
def test_a_three_level_matrix_narrows_the_ratings(agency_a, secretary_a):
    bands = [
        {"max": 2, "label": "Thấp", "colour": "success"},
        {"max": 5, "label": "Vừa", "colour": "warning"},
        {"max": 9, "label": "Cao", "colour": "danger"},
    ]
    services.risk_matrix_update(agency=agency_a, actor=secretary_a, size=3, bands=bands)
    with pytest.raises(DomainError, match="từ 1 đến 3"):
        services.risk_create(agency=agency_a, actor=secretary_a, **RISK)
    assert matrix_for(agency_a).band_for(6).label == "Cao"


@pytest.mark.django_db
def test_shrinking_the_matrix_below_an_open_rating_is_refused(agency_a, secretary_a):
    RiskFactory(agency=agency_a, likelihood=5, impact=1)
    bands = [{"max": 9, "label": "Một dải", "colour": "warning"}]
    with pytest.raises(DomainError, match="vượt quá"):
        services.risk_matrix_update(agency=agency_a, actor=secretary_a, size=3, bands=bands)


@pytest.mark.django_db
def test_staff_may_not_record_a_risk(agency_a, staff_a):
    with pytest.raises(PermissionDenied):
        services.risk_create(agency=agency_a, actor=staff_a, **RISK)


@pytest.mark.django_db
def test_an_objective_of_another_agency_cannot_be_linked(agency_a, agency_b, secretary_a):
    with pytest.raises(DomainError, match="không thuộc"):
        services.risk_create(
            agency=agency_a, actor=secretary_a, **RISK, objective=QualityObjectiveFactory(agency=agency_b)
        )


@pytest.mark.django_db
def test_adding_a_treatment_puts_the_risk_under_treatment(agency_a, secretary_a, staff_a):
    risk = RiskFactory(agency=agency_a)
    action = services.risk_add_treatment(
        risk=risk,
        actor=secretary_a,
        title="Bố trí thêm cán bộ một cửa",
        due_on=date(2026, 6, 30),
        owner=staff_a,
    )
    assert action.source == risk
    assert action.agency == agency_a
    risk.refresh_from_db()
    assert risk.status == Risk.Status.TREATING
    assert last_entry("action.create").changes["title"] == [None, "Bố trí thêm cán bộ một cửa"]
    assert last_entry("risk.treat").changes == {"status": ["open", "treating"]}


@pytest.mark.django_db
def test_a_second_treatment_leaves_the_risk_under_treatment(agency_a, secretary_a):
    risk = RiskFactory(agency=agency_a, status=Risk.Status.TREATING)
    services.risk_add_treatment(risk=risk, actor=secretary_a, title="Thêm ca trực", due_on=date(2026, 6, 30))
    assert risk.status == Risk.Status.TREATING
    assert last_entry("risk.treat") is None


@pytest.mark.django_db
def test_a_closed_risk_takes_no_treatment(agency_a, secretary_a):
    risk = RiskFactory(agency=agency_a, status=Risk.Status.CLOSED)
    with pytest.raises(DomainError, match="đã kết thúc"):
        services.risk_add_treatment(risk=risk, actor=secretary_a, title="X", due_on=date(2026, 6, 30))
    assert not Action.objects.exists()


@pytest.mark.django_db
def test_staff_may_not_add_a_treatment(agency_a, staff_a):
    with pytest.raises(PermissionDenied):
        services.risk_add_treatment(
            risk=RiskFactory(agency=agency_a), actor=staff_a, title="X", due_on=date(2026, 6, 30)
        )


@pytest.mark.django_db
def test_re_evaluation_records_the_residual_rating(agency_a, secretary_a):
    risk = RiskFactory(agency=agency_a, likelihood=4, impact=5)
    services.risk_evaluate(
        risk=risk,
        actor=secretary_a,
        residual_likelihood=2,
        residual_impact=3,
        note="Đã bổ sung nhân sự",
        review_on=date(2026, 12, 1),
        at=on(date(2026, 7, 1)),
    )
    risk.refresh_from_db()
    assert (risk.score, risk.residual_score, risk.current_score) == (20, 6, 6)
    assert risk.evaluated_on == date(2026, 7, 1) and risk.status == Risk.Status.OPEN
    assert last_entry("risk.evaluate").changes["residual_likelihood"] == [None, 2]


@pytest.mark.django_db
def test_re_evaluation_outside_the_matrix_is_refused(agency_a, secretary_a):
    with pytest.raises(DomainError, match="từ 1 đến 5"):
        services.risk_evaluate(
            risk=RiskFactory(agency=agency_a),
            actor=secretary_a,
            residual_likelihood=0,
            residual_impact=3,
            at=on(date(2026, 7, 1)),
        )


@pytest.mark.django_db
def test_the_next_review_must_be_after_the_re_evaluation(agency_a, secretary_a):
    with pytest.raises(DomainError, match="sau hôm nay"):
        services.risk_evaluate(
            risk=RiskFactory(agency=agency_a),
            actor=secretary_a,
            residual_likelihood=1,
            residual_impact=1,
            review_on=date(2026, 7, 1),
            at=on(date(2026, 7, 1)),
        )


@pytest.mark.django_db
def test_a_closed_risk_is_not_re_evaluated(agency_a, secretary_a):
    risk = RiskFactory(agency=agency_a, status=Risk.Status.CLOSED)
    with pytest.raises(DomainError, match="đang ở trạng thái “đã kết thúc”"):
        services.risk_evaluate(risk=risk, actor=secretary_a, residual_likelihood=1, residual_impact=1)


@pytest.mark.django_db
def test_a_risk_with_open_actions_cannot_be_closed(agency_a, secretary_a):
    action = ActionFactory(risk=RiskFactory(agency=agency_a))
    with pytest.raises(DomainError, match="chưa hoàn thành"):
        services.risk_close(risk=action.source, actor=secretary_a, note="Đã xử lý xong")
    services.action_cancel(action=action, actor=secretary_a, reason="Không còn cần thiết")
    risk = services.risk_close(risk=action.source, actor=secretary_a, note="Đã xử lý xong")
    assert risk.status == Risk.Status.CLOSED
    assert last_entry("risk.close").changes == {
        "status": ["open", "closed"],
        "note": [None, "Đã xử lý xong"],
    }


@pytest.mark.django_db
def test_closing_needs_a_reason_and_a_manager(agency_a, secretary_a, staff_a):
    risk = RiskFactory(agency=agency_a)
    with pytest.raises(DomainError, match="lý do"):
        services.risk_close(risk=risk, actor=secretary_a, note=" ")
    with pytest.raises(PermissionDenied):
        services.risk_close(risk=risk, actor=staff_a, note="Đã xử lý xong")
    assert risk.status == Risk.Status.OPEN


@pytest.mark.django_db
def test_a_closed_risk_cannot_be_edited(agency_a, secretary_a):
    risk = RiskFactory(agency=agency_a, status=Risk.Status.CLOSED)
    with pytest.raises(DomainError, match="không sửa được"):
        services.risk_update(risk=risk, actor=secretary_a, title="Sửa")
