"""Navigation entries and dashboard cards of the accounts and orgs apps."""

from eiso.accounts import demo as accounts_demo
from eiso.accounts import permissions, role_guide  # noqa: F401  (role_guide registers its card)
from eiso.core.demo import register_demo_loader
from eiso.core.registry import DashboardCard, NavItem, register_card, register_nav
from eiso.core.selectors import may_read_audit_trail
from eiso.orgs import demo as orgs_demo


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


register_nav(
    NavItem(
        label="Nhật ký thay đổi",
        url_name="core:audit_entry_list",
        icon="journal-text",
        visible=lambda request: may_read_audit_trail(request.user),
        order=900,
        section="admin",
    )
)


register_demo_loader(10, "Tỉnh mẫu: sở, ban, ngành và UBND cấp xã", orgs_demo.load)
register_demo_loader(20, "Người dùng mẫu", accounts_demo.load)
# Last, once every app has added its people (the communes' secretaries come with the processes).
register_demo_loader(1000, "Tài khoản đăng nhập", accounts_demo.print_logins)

register_nav(
    NavItem(
        label="Lịch làm việc",
        url_name="core:calendar_detail",
        icon="calendar3",
        visible=lambda request: request.user.is_authenticated and request.province is not None,
        order=950,
        section="admin",
    )
)

register_nav(
    NavItem(
        label="Cơ quan, đơn vị",
        url_name="orgs:agency_list",
        icon="buildings",
        visible=lambda request: permissions.is_provincial(request.user),
        order=20,
    )
)
register_nav(
    NavItem(
        label="Người dùng và vai trò",
        url_name="accounts:user_list",
        icon="people",
        visible=lambda request: permissions.is_administrator(request.user),
        order=910,
        section="admin",
    )
)
