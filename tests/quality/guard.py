"""Object URLs of the quality app, for the tenancy guard (tests/test_tenancy_guard.py)."""

from tests.quality.factories import (
    ActionFactory,
    ContextIssueFactory,
    FeedbackFactory,
    IndicatorValueFactory,
    InterestedPartyFactory,
    QualityObjectiveFactory,
    RiskFactory,
)


def _objective(agency):
    return {"pk": QualityObjectiveFactory(agency=agency).pk}


def _risk(agency):
    return {"pk": RiskFactory(agency=agency).pk}


def _action(agency):
    return {"pk": ActionFactory(risk=RiskFactory(agency=agency)).pk}


def _feedback(agency):
    return {"pk": FeedbackFactory(agency=agency).pk}


AGENCY_URLS = {
    "quality:objective_detail": _objective,
    "quality:objective_update": _objective,
    "quality:indicator_value_enter": _objective,
    "quality:objective_recalculate": _objective,
    "quality:objective_action_create": _objective,
    "quality:risk_detail": _risk,
    "quality:risk_update": _risk,
    "quality:risk_treatment_add": _risk,
    "quality:risk_evaluate": _risk,
    "quality:risk_close": _risk,
    "quality:action_detail": _action,
    "quality:action_start": _action,
    "quality:action_complete": _action,
    "quality:action_verify": _action,
    "quality:action_cancel": _action,
    "quality:context_issue_update": lambda agency: {"pk": ContextIssueFactory(agency=agency).pk},
    "quality:context_issue_review": lambda agency: {"pk": ContextIssueFactory(agency=agency).pk},
    "quality:party_update": lambda agency: {"pk": InterestedPartyFactory(agency=agency).pk},
    "quality:party_review": lambda agency: {"pk": InterestedPartyFactory(agency=agency).pk},
    "quality:feedback_detail": _feedback,
    "quality:feedback_accept": _feedback,
    "quality:feedback_refuse": _feedback,
    "quality:feedback_reply": _feedback,
    "api:quality-objective-detail": _objective,
    "api:quality-objective-values": _objective,
    "api:quality-objective-recalculate": _objective,
    "api:quality-indicator-value-detail": lambda agency: {
        "pk": IndicatorValueFactory(objective=QualityObjectiveFactory(agency=agency)).pk
    },
    "api:quality-risk-detail": _risk,
    "api:quality-feedback-detail": _feedback,
    "api:quality-feedback-accept": _feedback,
    "api:quality-feedback-refuse": _feedback,
    "api:quality-feedback-reply": _feedback,
}

PROVINCE_URLS: dict = {}
