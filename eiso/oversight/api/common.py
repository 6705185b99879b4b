"""What every endpoint of the oversight API shares: the province the user oversees and the year asked."""

from django.utils import timezone
from rest_framework.exceptions import PermissionDenied

from eiso.core.errors import DomainError
from eiso.core.permissions import DENIED_MESSAGE
from eiso.core.query import parse_int
from eiso.oversight import selectors
from eiso.oversight.services.common import is_coordinator, is_provincial_reader


def province_for(request):
    """The province whose oversight the user reads; other users get 403."""
    province = selectors.overseen_province(request.user)
    if province is None or not is_provincial_reader(request.user, province):
        raise PermissionDenied(DENIED_MESSAGE)
    return province


def year_param(request) -> int:
    """The ?year= of a read (this year when absent); a year no record can have is a 400, not a 500."""
    value = request.query_params.get("year", "")
    if not value:
        return timezone.localdate().year
    year = parse_int(value)
    if year is None or not 2000 <= year <= 2100:
        raise DomainError("Năm không hợp lệ: hãy nhập năm từ 2000 đến 2100.", field="year")
    return year


def require_coordinator(user, province) -> None:
    """Refuse before reading the input, as the pages do: a wrong role is 403 whatever it sends."""
    if not is_coordinator(user, province):
        raise PermissionDenied(DENIED_MESSAGE)
