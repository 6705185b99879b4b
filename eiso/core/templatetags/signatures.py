from django import template

from eiso.core import signatures
from eiso.core.models import FileSignatures

register = template.Library()


@register.inclusion_tag("core/_signature_badge.html")
def signature_badge(file_or_result):
    """The badge of a stored PDF's digital signatures (a FileField's value, or a result already
    checked): who signed, when, and what the check found."""
    if isinstance(file_or_result, FileSignatures):
        result = file_or_result
    else:
        result = signatures.check_file(file_or_result)
    return {"result": result, "found": signatures.described(result) if result else []}
