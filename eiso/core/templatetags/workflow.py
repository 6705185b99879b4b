"""`{% transitions obj %}` renders the transitions the user may run on `obj` now, from the
object's workflow declaration; `{% status_badge obj %}` shows its status. Templates never
compare status strings: what is allowed is asked of the declaration."""

from django import template

from eiso.core.workflow import workflow_for

register = template.Library()


@register.inclusion_tag("core/_transitions.html", takes_context=True)
def transitions(context, obj, only="", exclude="", layout="cards", unfold=""):
    """Buttons (and forms) for the allowed transitions. `only`/`exclude`: comma-separated names,
    for pages that show some transitions in another place; `layout`: "cards" or "menu" (a side
    column); `unfold`: names whose form starts unfolded in the menu."""
    workflow = workflow_for(obj)
    request = context["request"]
    wanted = {name for name in only.split(",") if name}
    unwanted = {name for name in exclude.split(",") if name}
    unfolded = {name for name in unfold.split(",") if name}
    rows = []
    for choice in workflow.choices(obj, request.user):
        transition = choice.transition
        if (wanted and transition.name not in wanted) or transition.name in unwanted:
            continue
        form = transition.form(target=obj, prefix=transition.name) if transition.form else None
        rows.append(
            {
                "transition": transition,
                "blocked": choice.blocked,
                "form": form,
                "url": workflow.url(obj, transition),
                "testid": f"{workflow.name}-{transition.name}",
                "open": transition.name in unfolded,
            }
        )
    # Blocked transitions are disabled buttons, grouped by their reason so it is said once (an
    # approver out of turn may neither approve nor send back, for one reason).
    blocked: dict[str, list[dict]] = {}
    for row in rows:
        if row["blocked"]:
            blocked.setdefault(row["blocked"], []).append(row)
    return {
        "layout": layout,
        "buttons": [row for row in rows if not row["blocked"] and row["form"] is None],
        "forms": [row for row in rows if not row["blocked"] and row["form"] is not None],
        "blocked": [
            {"reason": reason, "rows": group, "testid": group[0]["testid"]}
            for reason, group in blocked.items()
        ],
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag(takes_context=True)
def can(context, obj, name) -> bool:
    """`{% can obj "analyse" as allowed %}`: whether the user may run that transition now."""
    workflow = workflow_for(obj)
    transition = workflow.by_name.get(name)
    user = context["request"].user
    return (
        transition is not None
        and workflow.may(obj, user, transition)
        and not workflow.blocked(obj, transition, user)
    )


@register.inclusion_tag("core/_status_badge.html")
def status_badge(obj, testid=""):
    workflow = workflow_for(obj)
    status = workflow.status_of(obj)
    return {
        "label": workflow.status_label(status),
        "style": workflow.badges.get(status, "secondary"),
        "testid": testid,
    }
