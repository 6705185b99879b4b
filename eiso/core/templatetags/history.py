from django import template

from eiso.core.selectors import history_for

register = template.Library()


@register.inclusion_tag("core/_history.html")
def history(target):
    """`{% history obj %}`: who changed what and when on this record, from the audit trail."""
    entries = list(history_for(target).select_related("actor"))
    # Pairs prepared here: in the template, `changes.items` would look up a field named "items".
    for entry in entries:
        entry.change_rows = [(field, pair[0], pair[1]) for field, pair in (entry.changes or {}).items()]
    return {"entries": entries}
