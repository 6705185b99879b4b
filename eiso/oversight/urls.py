from django.urls import path, re_path

from eiso.oversight.views import (
    budget,
    criteria,
    dashboard,
    inspection_documents,
    inspections,
    plans,
    registry,
    reports,
)

app_name = "oversight"

# Each workflow has one URL, …/<pk>/<transition>/ (core.workflow_views); a slug, not any string, so
# that a mistyped download (…/document.odt) is a 404 rather than a redirect to a transition.

urlpatterns = [
    path("", registry.registry, name="registry"),
    path("agencies/<int:pk>/", registry.agency_detail, name="agency_detail"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("plans/", plans.plan_list, name="plan_list"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/entries/", plans.entry_add, name="entry_add"),
    path("plans/<int:pk>/<slug:transition>/", plans.rollout_plan_transition, name="rollout_plan_transition"),
    path("entries/<int:pk>/", plans.entry_detail, name="entry_detail"),
    path("entries/<int:pk>/milestones/", plans.milestone_add, name="milestone_add"),
    path("milestones/<int:pk>/complete/", plans.milestone_complete, name="milestone_complete"),
    path("inspections/", inspections.inspection_list, name="inspection_list"),
    path("inspection-plans/<int:pk>/", inspections.inspection_plan_detail, name="inspection_plan_detail"),
    path(
        "inspection-plans/<int:pk>/propose/",
        inspections.inspection_plan_propose,
        name="inspection_plan_propose",
    ),
    path("inspection-plans/<int:pk>/inspections/", inspections.inspection_add, name="inspection_add"),
    path(
        "inspection-plans/<int:pk>/update/",
        inspection_documents.inspection_plan_update,
        name="inspection_plan_update",
    ),
    re_path(
        r"^inspection-plans/(?P<pk>[0-9]+)/document\.(?P<fmt>docx|pdf)$",
        inspection_documents.inspection_plan_document,
        name="inspection_plan_document",
    ),
    path(
        "inspection-plans/<int:pk>/<slug:transition>/",
        inspections.inspection_plan_transition,
        name="inspection_plan_transition",
    ),
    re_path(
        r"^inspections/(?P<pk>[0-9]+)/decision\.(?P<fmt>docx|pdf)$",
        inspection_documents.inspection_decision,
        name="inspection_decision",
    ),
    re_path(
        r"^inspections/(?P<pk>[0-9]+)/minutes\.(?P<fmt>docx|pdf)$",
        inspection_documents.inspection_minutes,
        name="inspection_minutes",
    ),
    re_path(
        r"^inspections/(?P<pk>[0-9]+)/report-request\.(?P<fmt>docx|pdf)$",
        inspection_documents.inspection_report_request,
        name="inspection_report_request",
    ),
    re_path(
        r"^inspections/(?P<pk>[0-9]+)/result-letter\.(?P<fmt>docx|pdf)$",
        inspection_documents.inspection_result_letter,
        name="inspection_result_letter",
    ),
    path("inspections/<int:pk>/", inspections.inspection_detail, name="inspection_detail"),
    path("inspections/<int:pk>/update/", inspections.inspection_update, name="inspection_update"),
    path("inspections/<int:pk>/follow-ups/", inspections.follow_up_add, name="follow_up_add"),
    path(
        "inspections/<int:pk>/<slug:transition>/",
        inspections.inspection_transition,
        name="inspection_transition",
    ),
    path(
        "follow-ups/<int:pk>/nonconformity/",
        inspections.follow_up_nonconformity,
        name="follow_up_nonconformity",
    ),
    path(
        "follow-ups/<int:pk>/<slug:transition>/",
        inspections.follow_up_transition,
        name="follow_up_transition",
    ),
    path("criteria/", criteria.criteria_list, name="criteria_list"),
    path("criteria/<int:pk>/", criteria.criteria_detail, name="criteria_detail"),
    path("criteria/<int:pk>/new-version/", criteria.criteria_new_version, name="criteria_new_version"),
    path("criteria/items/<int:pk>/delete/", criteria.criterion_delete, name="criterion_delete"),
    path("ranking/", criteria.ranking, name="ranking"),
    path("budget/", budget.budget_list, name="budget_list"),
    path("budget/<int:pk>/", budget.budget_edit, name="budget_edit"),
    path("training/", budget.training_list, name="training_list"),
    path("training/<int:pk>/", budget.training_detail, name="training_detail"),
    path("reports/", reports.report_list, name="report_list"),
    path("reports/<int:pk>/", reports.report_detail, name="report_detail"),
    path("reports/<int:pk>/progress/", reports.report_progress, name="report_progress"),
    path("reports/<int:pk>/generate/", reports.report_generate, name="report_generate"),
    path("reports/<int:pk>/download/<str:fmt>/", reports.report_download, name="report_download"),
    path("reports/<int:pk>/<slug:transition>/", reports.report_transition, name="report_transition"),
]
