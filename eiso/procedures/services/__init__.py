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
from eiso.procedures.services.webhooks import (  # noqa: F401
    webhook_deliver_due,
    webhook_delivery_retry,
    webhook_endpoint_create,
    webhook_endpoint_deactivate,
    webhook_enqueue,
)
