"""The figures of the Bộ chỉ số 766 that eISO cannot measure, entered by hand (Index766Entry): set for
an agency and a period, corrected, or deleted; each change goes to the agency's audit trail.

Who enters: the agency's ISO secretary, or the coordinator (Sở KH&CN) of its province, who reads the
national portal for the agencies that have not entered theirs.
"""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction

from eiso.core import audit
from eiso.core.errors import DomainError
from eiso.core.permissions import DENIED_MESSAGE, has_province_role, has_role
from eiso.core.roles import Role
from eiso.orgs.models import Agency
from eiso.quality.index766 import rules
from eiso.quality.models import Index766Entry

AUDITED_FIELDS = ["numerator", "denominator", "source"]


def may_enter_766(user, agency: Agency) -> bool:
    """The agency's ISO secretary, or the coordinator of its province."""
    return has_role(user, agency, Role.SECRETARY) or has_province_role(
        user, agency.province, Role.COORDINATOR
    )


@transaction.atomic
def index_entry_set(
    *,
    agency: Agency,
    indicator: str,
    starts_on: date,
    ends_on: date,
    numerator: int,
    denominator: int,
    actor,
    source: str = "",
) -> Index766Entry:
    """Record the figure of a hand-entered indicator for the agency and period, or correct it: only an
    indicator eISO cannot measure; numerator ≤ denominator; the period in order."""
    if not may_enter_766(actor, agency):
        raise PermissionDenied(DENIED_MESSAGE)
    definition = rules.INDICATORS.get(indicator)
    if definition is None or definition.measured:
        raise DomainError("Chỉ số này được tính từ dữ liệu của eISO, không nhập tay.", field="indicator")
    if ends_on < starts_on:
        raise DomainError("Ngày kết thúc kỳ phải sau ngày bắt đầu.", field="ends_on")
    if numerator < 0 or denominator < 0:
        raise DomainError("Tử số và mẫu số không được âm.", field="numerator")
    if numerator > denominator:
        raise DomainError("Tử số không được lớn hơn mẫu số.", field="numerator")
    entry = (
        Index766Entry.objects.select_for_update()
        .filter(agency=agency, indicator=indicator, starts_on=starts_on, ends_on=ends_on)
        .first()
    )
    before = audit.snapshot(entry, AUDITED_FIELDS) if entry else {name: None for name in AUDITED_FIELDS}
    if entry is None:
        entry = Index766Entry(agency=agency, indicator=indicator, starts_on=starts_on, ends_on=ends_on)
    entry.numerator = numerator
    entry.denominator = denominator
    entry.source = source.strip()
    entry.entered_by = actor
    entry.full_clean()
    entry.save()
    changes = audit.diff(before, audit.snapshot(entry, AUDITED_FIELDS))
    changes["period"] = [None, f"{starts_on:%d/%m/%Y}–{ends_on:%d/%m/%Y}"]
    audit.record(actor=actor, action="index_766_entry.set", target=entry, changes=changes)
    return entry


@transaction.atomic
def index_entry_delete(*, entry: Index766Entry, actor) -> None:
    """Remove a hand-entered figure (entered for the wrong period, say)."""
    if not may_enter_766(actor, entry.agency):
        raise PermissionDenied(DENIED_MESSAGE)
    audit.record(
        actor=actor,
        action="index_766_entry.delete",
        target=entry,
        changes={name: [value, None] for name, value in audit.snapshot(entry, AUDITED_FIELDS).items()},
    )
    entry.delete()
