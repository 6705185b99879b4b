"""Object URLs of the quality app, for the tenancy guard (tests/test_tenancy_guard.py)."""

from eiso.quality import services
from tests.quality.factories import (
    ActionFactory,
    ContextIssueFactory,
    CultureRecordFactory,
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


def _api_transitions(workflow, basename: str, builder) -> dict:
    return {f"api:{basename}-{t.name.replace('_', '-')}": builder for t in workflow.transitions}


AGENCY_URLS = {
    "quality:objective_detail": _objective,
    "quality:objective_update": _objective,
    "quality:indicator_value_enter": _objective,
    "quality:objective_recalculate": _objective,
    "quality:objective_action_create": _objective,
    "quality:risk_detail": _risk,
    "quality:risk_update": _risk,
    "quality:risk_treatment_add": _risk,
    "quality:risk_transition": lambda agency: {**_risk(agency), "transition": "close"},
    "quality:action_detail": _action,
    "quality:action_transition": lambda agency: {**_action(agency), "transition": "start"},
    "quality:context_issue_update": lambda agency: {"pk": ContextIssueFactory(agency=agency).pk},
    "quality:context_issue_review": lambda agency: {"pk": ContextIssueFactory(agency=agency).pk},
    "quality:party_update": lambda agency: {"pk": InterestedPartyFactory(agency=agency).pk},
    "quality:culture_update": lambda agency: {"pk": CultureRecordFactory(agency=agency).pk},
    "quality:party_review": lambda agency: {"pk": InterestedPartyFactory(agency=agency).pk},
    "quality:feedback_detail": _feedback,
    "quality:feedback_transition": lambda agency: {**_feedback(agency), "transition": "accept"},
    "api:quality-objective-detail": _objective,
    "api:quality-objective-values": _objective,
    "api:quality-objective-recalculate": _objective,
    "api:quality-indicator-value-detail": lambda agency: {
        "pk": IndicatorValueFactory(objective=QualityObjectiveFactory(agency=agency)).pk
    },
    "api:quality-risk-detail": _risk,
    "api:quality-feedback-detail": _feedback,
    "api:quality-action-detail": _action,
    # One API action per transition of the declared workflows.
    **_api_transitions(services.ACTION, "quality-action", _action),
    **_api_transitions(services.FEEDBACK, "quality-feedback", _feedback),
    **_api_transitions(services.RISK, "quality-risk", _risk),
}

PROVINCE_URLS: dict = {}
