"""Models of the procedures app: the TTHC catalogue, ISO processes and their steps, province
templates and the webhook outbox. One module per sub-domain (STYLE.md §16)."""

from eiso.procedures.models.catalogue import *  # noqa: F403
from eiso.procedures.models.competences import *  # noqa: F403
from eiso.procedures.models.processes import *  # noqa: F403
from eiso.procedures.models.templates import *  # noqa: F403
from eiso.procedures.models.webhooks import *  # noqa: F403
