# TODO(issue 14): delete once eiso/dossiers/api.py imports eiso.core.viewsets. Only the dossiers app
# (reworked in another part of the issue) still imports this; tests/core/test_architecture.py lists
# that one exception. Every other app imports AgencyScopedViewSet from core.
from eiso.core.viewsets import AgencyScopedViewSet

__all__ = ["AgencyScopedViewSet"]
