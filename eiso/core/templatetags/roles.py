"""`{% has_role user agency "leader" "secretary" as allowed %}`: templates ask the same
permission functions as the services, so a button shows only when its action is allowed."""

from django import template

from eiso.core import permissions

register = template.Library()


@register.simple_tag
def has_role(user, agency, *roles) -> bool:
    return permissions.has_role(user, agency, *roles)


@register.simple_tag
def has_province_role(user, province, *roles) -> bool:
    return permissions.has_province_role(user, province, *roles)
