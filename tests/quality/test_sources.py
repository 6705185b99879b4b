"""The computed indicator sources of the quality app, against hand-counted fixtures."""

from datetime import date
from decimal import Decimal

import pytest

from eiso.quality import indicators
from eiso.quality.indicators import Scope
from eiso.quality.models import Action, Feedback
from tests.documents.factories import DocumentFactory, published_version
from tests.quality.factories import ActionFactory, FeedbackFactory, RiskFactory

pytestmark = pytest.mark.django_db
Q1 = {"period_start": date(2026, 1, 1), "period_end": date(2026, 3, 31), "scope": Scope()}


def _answered(agency, answered_on, due, **kwargs):
    return FeedbackFactory(
        agency=agency,
        status=Feedback.Status.ANSWERED,
        accepted_on=date(2026, 1, 2),
        handle_due_on=due,
        answered_on=answered_on,
        **kwargs,
    )


def test_feedback_on_time_counts_closed_cases_of_the_period(agency_a, agency_b, unit_a):
    _answered(agency_a, date(2026, 2, 1), date(2026, 2, 10), unit=unit_a)  # on time
    _answered(agency_a, date(2026, 2, 10), date(2026, 2, 10))  # on time, on the last day
    _answered(agency_a, date(2026, 3, 20), date(2026, 3, 10))  # late
    FeedbackFactory(
        agency=agency_a,
        status=Feedback.Status.REFUSED,
        answered_on=date(2026, 3, 3),
        accept_due_on=date(2026, 3, 4),
    )  # refused in time: counts as on time
    _answered(agency_a, date(2026, 4, 2), date(2026, 4, 10))  # next quarter
    FeedbackFactory(agency=agency_a)  # still open
    _answered(agency_b, date(2026, 2, 1), date(2026, 1, 10))  # another agency
    result = indicators.compute("feedback_on_time", agency=agency_a, **Q1)
    assert result.figures == {"closed": 4, "on_time": 3, "late": 1}
    assert result.value == Decimal("75.00")
    by_unit = indicators.compute(
        "feedback_on_time", agency=agency_a, **{**Q1, "scope": Scope(unit_id=unit_a.pk)}
    )
    assert (by_unit.value, by_unit.figures["closed"]) == (Decimal("100.00"), 1)


def test_feedback_on_time_without_cases_has_no_value(agency_a):
    result = indicators.compute("feedback_on_time", agency=agency_a, **Q1)
    assert result.value is None


def test_feedback_received_counts_kinds(agency_a):
    FeedbackFactory(agency=agency_a, received_on=date(2026, 1, 5))
    FeedbackFactory(agency=agency_a, received_on=date(2026, 3, 31), kind=Feedback.Kind.SUGGESTION)
    FeedbackFactory(agency=agency_a, received_on=date(2026, 4, 1))
    result = indicators.compute("feedback_received", agency=agency_a, **Q1)
    assert result.value == Decimal(2)
    assert result.figures == {"received": 2, "complaints": 1, "suggestions": 1}


def test_risk_actions_overdue_at_the_end_of_the_period(agency_a):
    risk = RiskFactory(agency=agency_a)
    ActionFactory(risk=risk, due_on=date(2026, 2, 1))  # overdue
    ActionFactory(
        risk=risk, due_on=date(2026, 2, 1), status=Action.Status.DONE, completed_on=date(2026, 3, 1)
    )
    ActionFactory(
        risk=risk, due_on=date(2026, 2, 1), status=Action.Status.DONE, completed_on=date(2026, 4, 5)
    )
    ActionFactory(risk=risk, due_on=date(2026, 2, 1), status=Action.Status.CANCELLED)
    ActionFactory(risk=risk, due_on=date(2026, 5, 1))  # not due yet
    result = indicators.compute("risk_actions_overdue", agency=agency_a, **Q1)
    assert result.figures == {"due": 3, "overdue": 2}
    assert result.value == Decimal(2)


def test_the_registry_refuses_the_manual_key_and_unknown_units():
    with pytest.raises(ValueError):
        indicators.register_source(indicators.IndicatorSource("manual", "X", "%", lambda *a: None))
    with pytest.raises(ValueError):
        indicators.register_source(indicators.IndicatorSource("x", "X", "km", lambda *a: None))


def test_source_choices_start_with_manual_entry():
    choices = indicators.source_choices()
    assert choices[0][0] == "manual"
    assert ("feedback_on_time", "Tự động: Tỷ lệ phản ánh, kiến nghị được xử lý đúng hạn") in choices


def test_documents_overdue_for_review_at_the_end_of_the_period(agency_a, agency_b, unit_a):
    overdue = published_version(DocumentFactory(agency=agency_a, owner_unit=unit_a)).document
    overdue.next_review_on = date(2026, 3, 31)  # due on the last day: overdue at the end of Q1
    overdue.save(update_fields=["next_review_on"])
    published_version(DocumentFactory(agency=agency_a))  # next review 05/01/2027
    DocumentFactory(agency=agency_a, next_review_on=date(2026, 1, 1))  # no version in force: not counted
    withdrawn = published_version(DocumentFactory(agency=agency_a, status="obsolete")).document
    withdrawn.next_review_on = date(2026, 1, 1)
    withdrawn.save(update_fields=["next_review_on"])
    published_version(DocumentFactory(agency=agency_b))
    result = indicators.compute("documents_overdue_review", agency=agency_a, **Q1)
    assert result.figures == {"controlled": 2, "overdue": 1}
    assert result.value == Decimal(1)
    by_unit = indicators.compute(
        "documents_overdue_review", agency=agency_a, **{**Q1, "scope": Scope(unit_id=unit_a.pk)}
    )
    assert by_unit.figures == {"controlled": 1, "overdue": 1}
