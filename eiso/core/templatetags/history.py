from django import template

from eiso.core import history as renderer
from eiso.core.permissions import is_administrator
from eiso.core.selectors import history_for

register = template.Library()


@register.inclusion_tag("core/_history.html", takes_context=True)
def history(context, target):
    """`{% history obj %}`: who changed what and when on this record, from the audit trail, said in
    Vietnamese (core.history); administrators may unfold each entry as stored."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return {
        "lines": renderer.render(history_for(target).select_related("actor")),
        "show_raw": is_administrator(user),
    }
