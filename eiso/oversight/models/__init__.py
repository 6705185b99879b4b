from eiso.oversight.models.budget import BudgetLine, TrainingAttendance, TrainingSession
from eiso.oversight.models.criteria import DEFAULT_BANDS, CriteriaSet, Criterion
from eiso.oversight.models.inspections import FollowUp, Inspection, InspectionPlan, Score
from eiso.oversight.models.plans import Milestone, PlanEntry, RolloutPlan
from eiso.oversight.models.reports import Report

__all__ = [
    "BudgetLine",
    "TrainingAttendance",
    "TrainingSession",
    "DEFAULT_BANDS",
    "CriteriaSet",
    "Criterion",
    "FollowUp",
    "Inspection",
    "InspectionPlan",
    "Milestone",
    "PlanEntry",
    "Report",
    "RolloutPlan",
    "Score",
]
