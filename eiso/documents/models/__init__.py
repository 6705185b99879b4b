from eiso.documents.models.documents import *  # noqa: F403
from eiso.documents.models.legal import *  # noqa: F403
