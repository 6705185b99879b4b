"""Every change of state of the procedures app, one module per sub-domain (STYLE.md §16).

Callers import the functions from here: `from eiso.procedures import services`.
"""

from eiso.procedures.services.catalogue import (  # noqa: F401
    ImportRejected,
    catalogue_state,
    component_attach_form,
    procedure_import,
    procedure_import_plan,
)
from eiso.procedures.services.competences import (  # noqa: F401
    competence_add,
    competence_remove,
    competence_seed,
    competence_seed_province,
    may_edit_competences,
)
from eiso.procedures.services.processes import (  # noqa: F401
    current_version,
    open_version,
    process_create,
    process_draft_copy_steps,
    process_new_draft,
    process_set_procedures,
    process_version_submit,
    step_add,
    step_delete,
    step_move,
    step_update,
    time_check,
)
from eiso.procedures.services.templates import (  # noqa: F401
    template_adopt,
    template_publish,
    template_update_apply,
    template_update_dismiss,
    template_version_publish,
)
from eiso.procedures.services.webhooks import (  # noqa: F401
    webhook_deliver_due,
    webhook_delivery_retry,
    webhook_endpoint_create,
    webhook_endpoint_deactivate,
    webhook_enqueue,
)
