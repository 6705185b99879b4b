from django import template
from django.core.exceptions import PermissionDenied

from eiso.core.errors import DomainError
from eiso.orgs import signables, signing

register = template.Library()


@register.inclusion_tag("orgs/_signing_panel.html", takes_context=True)
def signing_panel(context, target, kind: str):
    """A signable document's signing: the signed file with its badge (and whether what it printed
    has changed since), or the buttons to sign it when the user may, or nothing. The signable's own
    check says whether the document is ready (approved, issued, numbered…): pages ask no status."""
    signable = signables.get(kind)
    signed = signing.signed_document(kind, target)
    panel = {
        "signable": signable,
        "target": target,
        "kind": kind,
        "signed": signed,
        "csrf_token": context.get("csrf_token"),
    }
    if signed is not None:
        panel["changed"] = [signable.label_of(name) for name in signing.changes_since_signing(signed, target)]
        panel["renewal_url"] = signable.renewal_url(target) if signable.renewal_url else ""
        return panel
    try:
        signable.check(target, context["request"].user)
    except (PermissionDenied, DomainError):
        panel["can_sign"] = False
    else:
        panel["can_sign"] = True
    return panel
