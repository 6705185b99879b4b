"""Changes to the administrative map: agencies, their units, and their lineage.

Agencies and units are kept by the province's system administrator. The 2025 reform merged
provinces and abolished districts; `agency_merge` records which agency became which, on what
date, so the successor's pages reach the whole history of its predecessors.
"""

from datetime import date

from django.db import transaction
from django.db.models.deletion import ProtectedError
from vietnam_provinces import Ward

from eiso.core import audit, calendar, deadlines
from eiso.core.errors import DomainError
from eiso.core.permissions import has_role, require_province_role, require_role
from eiso.core.roles import QMS_MANAGERS, Role
from eiso.orgs import editions
from eiso.orgs.models import Agency, AgencyLineage, EditionTransition, Province, StandardEdition, Unit

AGENCY_FIELDS = [
    "name",
    "short_name",
    "kind",
    "obligation",
    "identifier_code",
    "division_code",
    "parent_id",
    "active_from",
    "active_to",
]
UNIT_FIELDS = ["name", "code", "is_one_stop", "is_active"]


def _check_identifier_free(identifier_code: str, *, exclude_pk=None) -> None:
    taken = Agency.objects.filter(identifier_code=identifier_code)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise DomainError("Mã định danh này đã được dùng cho một cơ quan khác.", field="identifier_code")


def _check_division(agency: Agency) -> None:
    """The seat's commune or ward must exist in the province on today's administrative map."""
    if agency.division_code is None:
        return
    try:
        ward = Ward.from_code(agency.division_code)
    except ValueError:
        ward = None
    if ward is None or int(ward.province_code) != agency.province.division_code:
        raise DomainError(
            f"Mã {agency.division_code} không phải mã xã/phường của {agency.province}.", field="division_code"
        )


def _check_parent(agency: Agency) -> None:
    parent = agency.parent
    if parent is None:
        return
    if parent.province_id != agency.province_id:
        raise DomainError("Cơ quan cấp trên phải thuộc cùng tỉnh.", field="parent")
    seen = {agency.pk}
    while parent is not None:
        if parent.pk in seen:
            raise DomainError("Không thể chọn cơ quan cấp dưới làm cơ quan cấp trên.", field="parent")
        seen.add(parent.pk)
        parent = parent.parent


@transaction.atomic
def agency_create(*, province: Province, actor, **fields) -> Agency:
    require_province_role(actor, province, Role.ADMIN)
    _check_identifier_free(fields["identifier_code"])
    agency = Agency(province=province, **fields)
    if agency.edition_id is None:
        agency.edition = editions.default_edition()
    _check_parent(agency)
    _check_division(agency)
    agency.refresh_search_text()
    agency.full_clean()
    agency.save()
    audit.record(
        actor=actor,
        action="agency.create",
        target=agency,
        agency=agency,
        changes=audit.diff({}, audit.snapshot(agency, AGENCY_FIELDS)),
    )
    return agency


@transaction.atomic
def agency_update(*, agency: Agency, actor, **fields) -> Agency:
    require_role(actor, agency, Role.ADMIN)
    before = audit.snapshot(agency, AGENCY_FIELDS)
    if "identifier_code" in fields:
        _check_identifier_free(fields["identifier_code"], exclude_pk=agency.pk)
    for name, value in fields.items():
        setattr(agency, name, value)
    _check_parent(agency)
    _check_division(agency)
    agency.refresh_search_text()
    agency.full_clean()
    agency.save()
    audit.record(
        actor=actor,
        action="agency.update",
        target=agency,
        changes=audit.diff(before, audit.snapshot(agency, AGENCY_FIELDS)),
    )
    return agency


@transaction.atomic
def agency_merge(
    *, predecessor: Agency, successor: Agency, effective_on: date, decision: str, kind: str, actor
) -> AgencyLineage:
    """Record that `predecessor` became (part of) `successor` on `effective_on`.

    A merge ends the predecessor's activity on that date; a split keeps it active (part of it
    moved); a re-parenting changes the successor's parent agency. History stays with each row's
    own agency and is reached from the successor through the lineage links.
    """
    require_role(actor, predecessor, Role.ADMIN)
    require_role(actor, successor, Role.ADMIN)
    if predecessor.pk == successor.pk:
        raise DomainError("Cơ quan kế thừa phải khác cơ quan được sắp xếp.", field="successor")
    if predecessor.province_id != successor.province_id:
        raise DomainError("Hai cơ quan phải thuộc cùng tỉnh.", field="successor")
    if AgencyLineage.objects.filter(predecessor=predecessor, successor=successor, kind=kind).exists():
        raise DomainError("Quan hệ kế thừa này đã được ghi nhận.")
    if kind == AgencyLineage.Kind.MERGE and not predecessor.is_active:
        raise DomainError(f"{predecessor} đã ngừng hoạt động từ {predecessor.active_to:%d/%m/%Y}.")
    if predecessor.active_from and effective_on <= predecessor.active_from:
        raise DomainError("Ngày hiệu lực phải sau ngày cơ quan bắt đầu hoạt động.", field="effective_on")

    link = AgencyLineage(
        province=predecessor.province,
        predecessor=predecessor,
        successor=successor,
        kind=kind,
        effective_on=effective_on,
        decision=decision.strip(),
    )
    link.full_clean()
    link.save()
    if kind == AgencyLineage.Kind.MERGE:
        predecessor.active_to = effective_on
        predecessor.save(update_fields=["active_to", "updated_at"])
    elif kind == AgencyLineage.Kind.REPARENT:
        successor.parent = predecessor
        _check_parent(successor)
        successor.save(update_fields=["parent", "updated_at"])
    changes = {
        "kind": [None, kind],
        "predecessor": [None, str(predecessor)],
        "successor": [None, str(successor)],
        "effective_on": [None, effective_on.isoformat()],
        "decision": [None, link.decision],
    }
    audit.record(actor=actor, action="agency.lineage_add", target=predecessor, changes=changes)
    audit.record(actor=actor, action="agency.lineage_add", target=successor, changes=changes)
    return link


@transaction.atomic
def unit_create(*, agency: Agency, actor, **fields) -> Unit:
    require_role(actor, agency, Role.ADMIN)
    if Unit.objects.filter(agency=agency, name=fields.get("name", "").strip()).exists():
        raise DomainError("Cơ quan đã có phòng/ban mang tên này.", field="name")
    unit = Unit(agency=agency, **fields)
    unit.name = unit.name.strip()
    unit.full_clean()
    unit.save()
    audit.record(
        actor=actor,
        action="unit.create",
        target=unit,
        changes=audit.diff({}, audit.snapshot(unit, UNIT_FIELDS)),
    )
    return unit


@transaction.atomic
def unit_update(*, unit: Unit, actor, **fields) -> Unit:
    require_role(actor, unit.agency, Role.ADMIN)
    before = audit.snapshot(unit, UNIT_FIELDS)
    new_name = fields.get("name", unit.name).strip()
    if Unit.objects.filter(agency=unit.agency, name=new_name).exclude(pk=unit.pk).exists():
        raise DomainError("Cơ quan đã có phòng/ban mang tên này.", field="name")
    for name, value in fields.items():
        setattr(unit, name, value)
    unit.name = new_name
    unit.full_clean()
    unit.save()
    audit.record(
        actor=actor,
        action="unit.update",
        target=unit,
        changes=audit.diff(before, audit.snapshot(unit, UNIT_FIELDS)),
    )
    return unit


@transaction.atomic
def unit_deactivate(*, unit: Unit, actor) -> Unit:
    """Stop using a unit. Rows that point at it (process steps, documents) keep their history."""
    require_role(actor, unit.agency, Role.ADMIN)
    if not unit.is_active:
        raise DomainError("Phòng/ban này đã ngừng hoạt động.")
    unit.is_active = False
    unit.save(update_fields=["is_active", "updated_at"])
    audit.record(actor=actor, action="unit.deactivate", target=unit, changes={"is_active": [True, False]})
    return unit


@transaction.atomic
def unit_delete(*, unit: Unit, actor) -> None:
    """Delete a unit nothing refers to; otherwise refuse, naming what still refers to it."""
    require_role(actor, unit.agency, Role.ADMIN)
    name = str(unit)
    audit.record(actor=actor, action="unit.delete", target=unit, changes={"name": [name, None]})
    try:
        with transaction.atomic():
            unit.delete()
    except ProtectedError as error:
        owners = sorted({str(obj) for obj in error.protected_objects})
        shown = "; ".join(owners[:10]) + (f" và {len(owners) - 10} mục khác" if len(owners) > 10 else "")
        raise DomainError(
            f"Không thể xóa {name}: còn {len(owners)} mục đang gắn với phòng/ban này ({shown}). "
            "Hãy chuyển các mục đó sang phòng/ban khác hoặc cho phòng/ban ngừng hoạt động.",
            extra={"protected": owners},
        ) from error


# --- the edition of the standard an agency applies, and its move to the next ------------------------


def _require_edition_keeper(actor, agency: Agency) -> None:
    """The agency's QMS managers decide on their transition; the province's coordinator may record it."""
    if has_role(actor, agency, *QMS_MANAGERS):
        return
    require_province_role(actor, agency.province, Role.COORDINATOR, Role.ADMIN)


@transaction.atomic
def edition_transition_start(
    *, agency: Agency, to_edition: StandardEdition, started_on: date, actor, target_on: date | None = None
) -> EditionTransition:
    """Start moving the agency's QMS to a newer edition; it keeps applying its own until completion."""
    _require_edition_keeper(actor, agency)
    current = editions.of(agency)
    if current is None or to_edition.year <= current.year:
        raise DomainError("Chỉ chuyển đổi sang phiên bản mới hơn phiên bản đang áp dụng.", field="to_edition")
    if EditionTransition.objects.filter(agency=agency, status=EditionTransition.Status.IN_PROGRESS).exists():
        raise DomainError("Cơ quan đang có một đợt chuyển đổi chưa hoàn thành.")
    if target_on is None:
        target_on = deadlines.edition_transition_due(calendar.for_province(agency.province_id), started_on)
    if target_on <= started_on:
        raise DomainError("Hạn hoàn thành phải sau ngày bắt đầu.", field="target_on")
    transition = EditionTransition(
        agency=agency, from_edition=current, to_edition=to_edition, started_on=started_on, target_on=target_on
    )
    transition.full_clean()
    transition.save()
    audit.record(
        actor=actor,
        action="edition_transition.start",
        target=transition,
        changes={
            "from_edition_id": [None, current.pk],
            "to_edition_id": [None, to_edition.pk],
            "started_on": [None, started_on.isoformat()],
            "target_on": [None, target_on.isoformat()],
        },
    )
    return transition


@transaction.atomic
def edition_transition_complete(
    *, transition: EditionTransition, completed_on: date, actor
) -> EditionTransition:
    """Finish the move: from `completed_on` the agency applies the new edition."""
    agency = transition.agency
    _require_edition_keeper(actor, agency)
    if transition.status != EditionTransition.Status.IN_PROGRESS:
        raise DomainError("Đợt chuyển đổi này đã hoàn thành.")
    if completed_on < transition.started_on:
        raise DomainError("Ngày hoàn thành không được trước ngày bắt đầu.", field="completed_on")
    transition.status = EditionTransition.Status.COMPLETED
    transition.completed_on = completed_on
    transition.full_clean()
    transition.save(update_fields=["status", "completed_on", "updated_at"])
    agency.edition = transition.to_edition
    agency.save(update_fields=["edition", "updated_at"])
    audit.record(
        actor=actor,
        action="edition_transition.complete",
        target=transition,
        changes={
            "status": [EditionTransition.Status.IN_PROGRESS, EditionTransition.Status.COMPLETED],
            "completed_on": [None, completed_on.isoformat()],
        },
    )
    return transition
