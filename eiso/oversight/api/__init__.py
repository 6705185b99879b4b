"""API of the oversight app: the registry and rankings, rollout plans and entries (agencies report
progress), inspection plans and inspections with their scores and documents, the follow-up
requests, reports and their files, budget lines and training sessions. Every write calls the same
service as the pages (the transitions of a workflow are its POST actions); every read goes through
`for_user`."""

from django.urls import path

from eiso.oversight.api.budget import BudgetLineViewSet, BudgetSummaryView, TrainingSessionViewSet
from eiso.oversight.api.inspections import FollowUpViewSet, InspectionPlanViewSet, InspectionViewSet
from eiso.oversight.api.overview import RankingView, RegistryView
from eiso.oversight.api.plans import PlanEntryViewSet, RolloutPlanViewSet
from eiso.oversight.api.reports import ReportViewSet

ROUTES = [
    ("oversight/plans", RolloutPlanViewSet, "oversight-plan"),
    ("oversight/plan-entries", PlanEntryViewSet, "oversight-plan-entry"),
    ("oversight/inspection-plans", InspectionPlanViewSet, "oversight-inspection-plan"),
    ("oversight/inspections", InspectionViewSet, "oversight-inspection"),
    ("oversight/follow-ups", FollowUpViewSet, "oversight-follow-up"),
    ("oversight/reports", ReportViewSet, "oversight-report"),
    ("oversight/budget-lines", BudgetLineViewSet, "oversight-budget-line"),
    ("oversight/training-sessions", TrainingSessionViewSet, "oversight-training-session"),
]
URLS = [
    path("oversight/registry/", RegistryView.as_view(), name="oversight-registry"),
    path("oversight/ranking/", RankingView.as_view(), name="oversight-ranking"),
    path("oversight/budget-summary/", BudgetSummaryView.as_view(), name="oversight-budget-summary"),
]
