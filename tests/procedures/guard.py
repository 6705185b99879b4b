"""Object URLs of the procedures app, for the tenancy guard (tests/test_tenancy_guard.py).

The TTHC catalogue and the province templates are province-wide: every agency of a province
reads them, so their URLs are guarded across provinces only. Processes, steps and webhooks
belong to one agency.
"""

from tests.procedures.factories import (
    ProcedureComponentFactory,
    ProcedureFactory,
    ProcessFactory,
    ProcessStepFactory,
    TemplateFactory,
    WebhookDeliveryFactory,
    WebhookEndpointFactory,
)


def process(agency):
    return {"pk": ProcessFactory(agency=agency).pk}


def step(agency):
    return {"pk": ProcessStepFactory(version=ProcessFactory(agency=agency).document.versions.get()).pk}


def template(agency):
    return {"pk": TemplateFactory(source_process=ProcessFactory(agency=agency)).pk}


AGENCY_URLS = {
    "procedures:process_detail": process,
    "procedures:process_docx": process,
    "procedures:process_new_draft": process,
    "procedures:process_draft_copy_steps": process,
    "procedures:process_set_procedures": process,
    "procedures:step_create": process,
    "procedures:template_publish": process,
    "procedures:template_update_apply": process,
    "procedures:template_update_dismiss": process,
    "procedures:step_update": step,
    "procedures:step_delete": step,
    "procedures:step_move": step,
    "procedures:webhook_deactivate": lambda agency: {"pk": WebhookEndpointFactory(agency=agency).pk},
    "procedures:delivery_retry": lambda agency: {"pk": WebhookDeliveryFactory(endpoint__agency=agency).pk},
    "api:process-detail": process,
    "api:process-export": process,
    "api:process-new-draft": process,
    "api:process-submit": process,
    "api:process-approve": process,
    "api:process-request-changes": process,
    "api:process-publish": process,
    "api:process-template-update-apply": process,
    "api:process-template-update-dismiss": process,
    "api:process-step-detail": step,
}

PROVINCE_URLS = {
    "procedures:procedure_detail": lambda agency: {"pk": ProcedureFactory(province=agency.province).pk},
    "procedures:component_attach_form": lambda agency: {
        "pk": ProcedureComponentFactory(version=ProcedureFactory(province=agency.province).current_version).pk
    },
    "procedures:template_detail": template,
    "procedures:template_adopt": template,
    "procedures:template_version_publish": template,
    "api:procedure-detail": lambda agency: {"pk": ProcedureFactory(province=agency.province).pk},
    "api:procedure-versions": lambda agency: {"pk": ProcedureFactory(province=agency.province).pk},
    "api:template-detail": template,
    "api:template-adopt": template,
    "api:template-coverage": template,
}
