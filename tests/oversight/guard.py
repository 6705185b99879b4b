"""Object URLs of the oversight app, for the tenancy guard (tests/test_tenancy_guard.py).

Rollout plans, inspection plans, criteria sets and reports belong to the province (guarded
across provinces); plan entries, milestones, inspections and follow-ups belong to one agency.
Each workflow has one page URL (`<model>_transition`) and one API action per transition.
"""

from eiso.oversight import services
from tests.oversight.factories import (
    BudgetLineFactory,
    CriteriaSetFactory,
    CriterionFactory,
    FollowUpFactory,
    InspectionFactory,
    InspectionPlanFactory,
    MilestoneFactory,
    PlanEntryFactory,
    ReportFactory,
    RolloutPlanFactory,
    TrainingSessionFactory,
)


def _entry(agency):
    return {"pk": PlanEntryFactory(agency=agency).pk}


def _inspection(agency):
    return {"pk": InspectionFactory(agency=agency).pk}


def _follow_up(agency):
    return {"pk": FollowUpFactory(inspection=InspectionFactory(agency=agency)).pk}


def _plan(agency):
    return {"pk": RolloutPlanFactory(province=agency.province).pk}


def _inspection_plan(agency):
    return {"pk": InspectionPlanFactory(province=agency.province).pk}


def _criteria_set(agency):
    return {"pk": CriteriaSetFactory(province=agency.province).pk}


def _report(agency):
    return {"pk": ReportFactory(province=agency.province).pk}


def _budget_line(agency):
    return {"pk": BudgetLineFactory(agency=agency).pk}


def _training_session(agency):
    return {"pk": TrainingSessionFactory(province=agency.province).pk}


AGENCY_URLS = {
    "oversight:agency_detail": lambda agency: {"pk": agency.pk},
    "oversight:entry_detail": _entry,
    "oversight:milestone_add": _entry,
    "oversight:milestone_complete": lambda agency: {
        "pk": MilestoneFactory(entry=PlanEntryFactory(agency=agency)).pk
    },
    "oversight:budget_edit": lambda agency: {"pk": BudgetLineFactory(agency=agency).pk},
    "oversight:inspection_detail": _inspection,
    "oversight:inspection_decision": lambda agency: {**_inspection(agency), "fmt": "docx"},
    "oversight:inspection_decision_sign": _inspection,
    "oversight:inspection_minutes": lambda agency: {**_inspection(agency), "fmt": "docx"},
    "oversight:inspection_report_request": lambda agency: {**_inspection(agency), "fmt": "docx"},
    "oversight:inspection_result_letter": lambda agency: {**_inspection(agency), "fmt": "docx"},
    "oversight:inspection_update": _inspection,
    "oversight:inspection_transition": lambda agency: {**_inspection(agency), "transition": "start"},
    "oversight:follow_up_add": _inspection,
    "oversight:follow_up_transition": lambda agency: {**_follow_up(agency), "transition": "report"},
    "oversight:follow_up_nonconformity": _follow_up,
    "api:oversight-inspection-detail": _inspection,
    "api:oversight-follow-up-detail": _follow_up,
    "api:oversight-plan-entry-detail": _entry,
    "api:oversight-plan-entry-progress": _entry,
    "api:oversight-inspection-decision": lambda agency: {**_inspection(agency), "fmt": "docx"},
    "api:oversight-inspection-report-request": lambda agency: {**_inspection(agency), "fmt": "docx"},
    "api:oversight-inspection-result-letter": lambda agency: {**_inspection(agency), "fmt": "docx"},
    "api:oversight-inspection-minutes": lambda agency: {**_inspection(agency), "fmt": "docx"},
    "api:oversight-budget-line-detail": _budget_line,
    "api:oversight-budget-line-spent": _budget_line,
}

PROVINCE_URLS = {
    "oversight:plan_detail": _plan,
    "oversight:entry_add": _plan,
    "oversight:rollout_plan_transition": lambda agency: {**_plan(agency), "transition": "approve"},
    "oversight:inspection_plan_detail": _inspection_plan,
    "oversight:inspection_plan_propose": _inspection_plan,
    "oversight:inspection_plan_transition": lambda agency: {
        **_inspection_plan(agency),
        "transition": "approve",
    },
    "oversight:inspection_add": _inspection_plan,
    "oversight:inspection_plan_update": _inspection_plan,
    "oversight:inspection_plan_document": lambda agency: {**_inspection_plan(agency), "fmt": "docx"},
    "oversight:criteria_detail": _criteria_set,
    "oversight:criteria_new_version": _criteria_set,
    "oversight:criterion_delete": lambda agency: {
        "pk": CriterionFactory(criteria_set=CriteriaSetFactory(province=agency.province)).pk
    },
    "oversight:training_detail": lambda agency: {"pk": TrainingSessionFactory(province=agency.province).pk},
    "oversight:report_detail": _report,
    "oversight:report_progress": _report,
    "oversight:report_generate": _report,
    "oversight:report_transition": lambda agency: {**_report(agency), "transition": "issue"},
    "oversight:report_download": lambda agency: {**_report(agency), "fmt": "docx"},
    "api:oversight-plan-detail": _plan,
    "api:oversight-report-detail": _report,
    "api:oversight-inspection-plan-detail": _inspection_plan,
    "api:oversight-inspection-plan-document": lambda agency: {**_inspection_plan(agency), "fmt": "docx"},
    "api:oversight-report-download": lambda agency: {**_report(agency), "fmt": "docx"},
    "api:oversight-training-session-detail": _training_session,
    "api:oversight-training-session-attendees": _training_session,
}


def _api_actions(workflow, basename: str, builder) -> dict:
    """One API action per declared transition of `workflow`, on the object `builder` makes."""
    return {f"api:{basename}-{t.name.replace('_', '-')}": builder for t in workflow.transitions}


AGENCY_URLS.update(_api_actions(services.INSPECTION, "oversight-inspection", _inspection))
AGENCY_URLS.update(_api_actions(services.FOLLOW_UP, "oversight-follow-up", _follow_up))
PROVINCE_URLS.update(_api_actions(services.ROLLOUT_PLAN, "oversight-plan", _plan))
PROVINCE_URLS.update(_api_actions(services.INSPECTION_PLAN, "oversight-inspection-plan", _inspection_plan))
PROVINCE_URLS.update(_api_actions(services.REPORT, "oversight-report", _report))
