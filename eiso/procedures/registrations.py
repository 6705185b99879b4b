"""Navigation entry and demo loader of the procedures app."""

from eiso.core.demo import register_demo_loader
from eiso.core.registry import NavItem, register_nav
from eiso.procedures import demo

register_nav(
    NavItem(
        label="Thủ tục hành chính",
        url_name="procedures:procedure_list",
        icon="card-checklist",
        visible=lambda request: request.user.is_authenticated,
        order=30,
    )
)

register_demo_loader(40, "Danh mục thủ tục hành chính mẫu (Hà Tĩnh)", demo.load)
