from django.urls import path

from eiso.procedures.views import catalogue, competences, exports, processes, templates, webhooks

app_name = "procedures"

urlpatterns = [
    path("", catalogue.procedure_list, name="procedure_list"),
    path("procedures/<int:pk>/", catalogue.procedure_detail, name="procedure_detail"),
    path("components/<int:pk>/form/", catalogue.component_attach_form, name="component_attach_form"),
    path("import/", catalogue.procedure_import, name="procedure_import"),
    path("import/confirm/", catalogue.procedure_import_confirm, name="procedure_import_confirm"),
    path("competences/", competences.competence_list, name="competence_list"),
    path("competences/add/", competences.competence_add, name="competence_add"),
    path("competences/remove/", competences.competence_remove, name="competence_remove"),
    path("competences/seed/", competences.competence_seed, name="competence_seed"),
    path("processes/", processes.process_list, name="process_list"),
    path("processes/new/", processes.process_create, name="process_create"),
    path("processes/xlsx/", exports.process_list_xlsx, name="process_list_xlsx"),
    path("processes/<int:pk>/docx/", exports.process_docx, name="process_docx"),
    path("processes/<int:pk>/", processes.process_detail, name="process_detail"),
    path("processes/<int:pk>/draft/", processes.process_new_draft, name="process_new_draft"),
    path("processes/<int:pk>/procedures/", processes.process_set_procedures, name="process_set_procedures"),
    path(
        "processes/<int:pk>/draft/copy-steps/",
        processes.process_draft_copy_steps,
        name="process_draft_copy_steps",
    ),
    path("processes/<int:pk>/steps/new/", processes.step_create, name="step_create"),
    path("processes/<int:pk>/template/", templates.template_publish, name="template_publish"),
    path(
        "processes/<int:pk>/template-update/apply/",
        templates.template_update_apply,
        name="template_update_apply",
    ),
    path(
        "processes/<int:pk>/template-update/dismiss/",
        templates.template_update_dismiss,
        name="template_update_dismiss",
    ),
    path("steps/<int:pk>/", processes.step_update, name="step_update"),
    path("steps/<int:pk>/delete/", processes.step_delete, name="step_delete"),
    path("steps/<int:pk>/move/", processes.step_move, name="step_move"),
    path("steps/owed/", processes.steps_owed, name="steps_owed"),
    path("templates/", templates.template_list, name="template_list"),
    path("templates/<int:pk>/", templates.template_detail, name="template_detail"),
    path("templates/<int:pk>/adopt/", templates.template_adopt, name="template_adopt"),
    path(
        "templates/<int:pk>/versions/new/",
        templates.template_version_publish,
        name="template_version_publish",
    ),
    path("webhooks/", webhooks.webhook_list, name="webhook_list"),
    path("webhooks/<int:pk>/deactivate/", webhooks.webhook_deactivate, name="webhook_deactivate"),
    path("deliveries/<int:pk>/retry/", webhooks.delivery_retry, name="delivery_retry"),
]
