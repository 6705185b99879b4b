from django import template

from eiso.core import signatures

register = template.Library()


@register.inclusion_tag("core/_signature_badge.html")
def signature_badge(field_file):
    """The badge of a stored PDF's digital signatures: who signed, when, and what the check found."""
    result = signatures.check_file(field_file)
    return {"result": result, "found": signatures.described(result) if result else []}
