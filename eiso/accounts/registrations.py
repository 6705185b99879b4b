"""Navigation entries and dashboard cards of the accounts and orgs apps."""

from eiso.accounts import permissions, role_guide  # noqa: F401  (role_guide registers its card)
from eiso.core.registry import DashboardCard, register_card


def _my_roles(request) -> dict:
    return {"memberships": request.user.active_memberships()}


register_card(
    DashboardCard(
        key="my_roles",
        title="Vai trò của bạn",
        template="accounts/cards/my_roles.html",
        visible=lambda request: request.user.is_authenticated,
        context=_my_roles,
        order=900,
    )
)
