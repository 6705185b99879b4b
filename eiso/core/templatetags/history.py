from django import template

from eiso.core.selectors import history_for

register = template.Library()


@register.inclusion_tag("core/_history.html")
def history(target):
    """`{% history obj %}`: who changed what and when on this record, from the audit trail."""
    return {"entries": list(history_for(target).select_related("actor"))}
