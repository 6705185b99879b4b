"""Navigation entries of core's own pages: the agency's records and their retention."""

from eiso.core.permissions import has_province_role, has_role
from eiso.core.registry import NavItem, register_nav
from eiso.core.roles import QMS_MANAGERS, Role


def _keeps_records(request) -> bool:
    return has_role(request.user, getattr(request, "agency", None), *QMS_MANAGERS)


register_nav(
    NavItem(
        label="Hồ sơ lưu trữ",
        url_name="core:record_list",
        icon="archive",
        visible=_keeps_records,
        order=75,
    )
)

register_nav(
    NavItem(
        label="Thời hạn lưu hồ sơ",
        url_name="core:rule_list",
        icon="hourglass-split",
        visible=lambda request: has_province_role(
            request.user, getattr(request, "province", None), Role.ADMIN
        ),
        order=90,
        section="admin",
    )
)
