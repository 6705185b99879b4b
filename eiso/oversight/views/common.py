from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from eiso.core import actions
from eiso.core.permissions import DENIED_MESSAGE
from eiso.core.query import query_year
from eiso.core.tenancy import get_for_user_or_404
from eiso.oversight import selectors
from eiso.oversight.models import InspectionPlan
from eiso.oversight.services.common import is_coordinator, is_provincial_reader, require_provincial_reader


def overseen_province(request):
    """The province of a provincial user; other users get 403 (oversight is the province's view)."""
    province = selectors.overseen_province(request.user)
    if province is None:
        raise PermissionDenied(DENIED_MESSAGE)
    require_provincial_reader(request.user, province)
    return province


def plan_for_reader(request, pk: int) -> InspectionPlan:
    """An inspection plan of the user's province, for any provincial role (404 outside, 403 others)."""
    plan = get_for_user_or_404(InspectionPlan, request.user, pk=pk)
    require_provincial_reader(request.user, plan.province)
    return plan


def year_param(request) -> int:
    return query_year(request, default=timezone.localdate().year)


def run_action(request, action: Callable, success: str, target):
    """`core.actions.run_action` with this app's argument order."""
    return actions.run_action(request, target, action, success)


def base_context(request, province) -> dict:
    return {
        "province": province,
        "can_edit": is_coordinator(request.user, province),
        "is_provincial": is_provincial_reader(request.user, province),
    }
