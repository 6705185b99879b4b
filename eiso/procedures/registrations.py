"""Navigation entry and demo loader of the procedures app."""

from eiso.core.demo import register_demo_loader
from eiso.core.registry import NavItem, register_nav
from eiso.documents.hooks import on_version_published
from eiso.procedures import demo
from eiso.procedures.hooks import on_procedure_version_changed
from eiso.procedures.services import reactions

on_version_published(reactions.on_version_published)
on_procedure_version_changed(reactions.on_procedure_version_changed)

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
