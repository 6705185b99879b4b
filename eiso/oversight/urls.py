from django.urls import path

from eiso.oversight.views import budget, criteria, inspections, plans, registry, reports

app_name = "oversight"

urlpatterns = [
    path("", registry.registry, name="registry"),
    path("agencies/<int:pk>/", registry.agency_detail, name="agency_detail"),
    path("plans/", plans.plan_list, name="plan_list"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/entries/", plans.entry_add, name="entry_add"),
    path("plans/<int:pk>/approve/", plans.plan_approve, name="plan_approve"),
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
    path(
        "inspection-plans/<int:pk>/approve/",
        inspections.inspection_plan_approve,
        name="inspection_plan_approve",
    ),
    path("inspection-plans/<int:pk>/inspections/", inspections.inspection_add, name="inspection_add"),
    path("inspections/<int:pk>/", inspections.inspection_detail, name="inspection_detail"),
    path("inspections/<int:pk>/update/", inspections.inspection_update, name="inspection_update"),
    path("inspections/<int:pk>/start/", inspections.inspection_start, name="inspection_start"),
    path("inspections/<int:pk>/refresh/", inspections.inspection_refresh, name="inspection_refresh"),
    path("inspections/<int:pk>/score/", inspections.inspection_score, name="inspection_score"),
    path("inspections/<int:pk>/conclude/", inspections.inspection_conclude, name="inspection_conclude"),
    path("inspections/<int:pk>/follow-ups/", inspections.follow_up_add, name="follow_up_add"),
    path("follow-ups/<int:pk>/report/", inspections.follow_up_report, name="follow_up_report"),
    path("follow-ups/<int:pk>/decide/", inspections.follow_up_decide, name="follow_up_decide"),
    path(
        "follow-ups/<int:pk>/nonconformity/",
        inspections.follow_up_nonconformity,
        name="follow_up_nonconformity",
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
    path("reports/<int:pk>/issue/", reports.report_issue, name="report_issue"),
    path("reports/<int:pk>/download/<str:fmt>/", reports.report_download, name="report_download"),
]
