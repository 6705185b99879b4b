from django.urls import path

from eiso.quality.views import actions, context, exports, feedback, index766, objectives, risks

app_name = "quality"

urlpatterns = [
    path("", objectives.objective_list, name="objective_list"),
    path("objectives/new/", objectives.objective_create, name="objective_create"),
    path("objectives/<int:pk>/", objectives.objective_detail, name="objective_detail"),
    path("objectives/<int:pk>/edit/", objectives.objective_update, name="objective_update"),
    path("objectives/<int:pk>/values/", objectives.indicator_value_enter, name="indicator_value_enter"),
    path("objectives/<int:pk>/recalculate/", objectives.objective_recalculate, name="objective_recalculate"),
    path("objectives/<int:pk>/actions/", objectives.objective_action_create, name="objective_action_create"),
    path("objectives/export.xlsx", exports.objective_table_xlsx, name="objective_table_xlsx"),
    path("objectives/export.docx", exports.objective_table_docx, name="objective_table_docx"),
    path("risks/", risks.risk_list, name="risk_list"),
    path("risks/export.xlsx", exports.risk_register_xlsx, name="risk_register_xlsx"),
    path("risks/export.docx", exports.risk_register_docx, name="risk_register_docx"),
    path("risks/matrix/", risks.risk_matrix, name="risk_matrix"),
    path("risks/matrix/settings/", risks.risk_matrix_update, name="risk_matrix_update"),
    path("risks/new/", risks.risk_create, name="risk_create"),
    path("risks/<int:pk>/", risks.risk_detail, name="risk_detail"),
    path("risks/<int:pk>/edit/", risks.risk_update, name="risk_update"),
    path("risks/<int:pk>/treatments/", risks.risk_treatment_add, name="risk_treatment_add"),
    path("risks/<int:pk>/<str:transition>/", risks.risk_transition, name="risk_transition"),
    path("actions/", actions.action_list, name="action_list"),
    path("actions/<int:pk>/", actions.action_detail, name="action_detail"),
    path("actions/<int:pk>/<str:transition>/", actions.action_transition, name="action_transition"),
    path("context/", context.context_list, name="context_list"),
    path("context/issues/new/", context.context_issue_create, name="context_issue_create"),
    path("context/issues/<int:pk>/", context.context_issue_update, name="context_issue_update"),
    path("context/issues/<int:pk>/review/", context.context_issue_review, name="context_issue_review"),
    path("context/parties/new/", context.party_create, name="party_create"),
    path("context/parties/<int:pk>/", context.party_update, name="party_update"),
    path("context/parties/<int:pk>/review/", context.party_review, name="party_review"),
    path("index-766/", index766.index_766, name="index_766"),
    path("index-766/export.xlsx", index766.index_766_export, name="index_766_export"),
    path("index-766/entry/", index766.index_766_entry, name="index_766_entry"),
    path("feedback/", feedback.feedback_list, name="feedback_list"),
    path("feedback/new/", feedback.feedback_create, name="feedback_create"),
    path("feedback/<int:pk>/", feedback.feedback_detail, name="feedback_detail"),
    path("feedback/<int:pk>/<str:transition>/", feedback.feedback_transition, name="feedback_transition"),
]
