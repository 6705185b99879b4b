"""Changes to an agency's competence list (danh mục TTHC thuộc thẩm quyền): seeding it from the
catalogue and the agency's processes, adding a procedure and taking one off. Each writes the audit
trail of the agency.

Who edits: the agency's ISO secretary, or the coordinator (Sở KH&CN) of its province. `actor=None`
is the system itself (the catalogue import and the demo loader), which may only seed.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from eiso.core import audit
from eiso.core.errors import DomainError
from eiso.core.permissions import DENIED_MESSAGE, has_province_role, has_role
from eiso.core.roles import Role
from eiso.orgs.models import Agency
from eiso.procedures.competences import catalogue_match
from eiso.procedures.models import Competence, Procedure, Process

Source = Competence.Source


def may_edit_competences(user, agency: Agency) -> bool:
    """The agency's ISO secretary, or the coordinator of its province."""
    return has_role(user, agency, Role.SECRETARY) or has_province_role(
        user, agency.province, Role.COORDINATOR
    )


def _require_editor(actor, agency: Agency) -> None:
    if not may_edit_competences(actor, agency):
        raise PermissionDenied(DENIED_MESSAGE)


def _proposed(agency: Agency, procedures) -> dict[int, str]:
    """Procedure id → source, for the procedures (of the agency's province, current versions) that
    the seed rule of `procedures.competences` gives the agency."""
    procedures = [p for p in procedures if p.current_version_id and p.province_id == agency.province_id]
    handled = set(
        Process.procedures.through.objects.filter(
            process__agency=agency, procedure_id__in=[p.pk for p in procedures]
        ).values_list("procedure_id", flat=True)
    )
    proposed = {}
    for procedure in procedures:
        version = procedure.current_version
        if procedure.pk in handled:
            proposed[procedure.pk] = Source.PROCESS
        elif catalogue_match(agency, level=version.level, implementing_agency=version.implementing_agency):
            proposed[procedure.pk] = Source.CATALOGUE
    return proposed


@transaction.atomic
def competence_seed(*, agency: Agency, actor, procedures=None) -> list[Competence]:
    """Add to the list every procedure the seed rule proposes (of `procedures`, or the whole catalogue
    of the province) that is not on it yet; rows already there, taken off by hand included, stay as
    they are. Returns the rows added."""
    if actor is not None:
        _require_editor(actor, agency)
    if procedures is None:
        procedures = Procedure.objects.filter(province_id=agency.province_id).select_related(
            "current_version"
        )
    return _seed(agency, procedures, actor)


def _seed(agency: Agency, procedures, actor) -> list[Competence]:
    proposed = _proposed(agency, procedures)
    listed = set(
        Competence.objects.filter(agency=agency, procedure_id__in=proposed).values_list(
            "procedure_id", flat=True
        )
    )
    added = Competence.objects.bulk_create(
        Competence(agency=agency, procedure_id=procedure_id, source=source)
        for procedure_id, source in sorted(proposed.items())
        if procedure_id not in listed
    )
    if added:
        codes = Procedure.objects.filter(pk__in=[row.procedure_id for row in added]).values_list(
            "code", flat=True
        )
        audit.record(
            actor=actor,
            action="competence.seed",
            target=agency,
            agency=agency,
            changes={"procedures": [None, sorted(codes)]},
        )
    return added


def competence_seed_province(*, province, procedures, actor) -> int:
    """After a catalogue import (inside its transaction, whose caller checked the role): seed every
    active agency of the province with the imported procedures. Returns how many rows were added."""
    procedures = list(procedures)
    total = 0
    for agency in Agency.objects.filter(province=province).active().select_related("province"):
        total += len(_seed(agency, procedures, actor))
    return total


@transaction.atomic
def competence_add(*, agency: Agency, procedure: Procedure, actor, note: str = "") -> Competence:
    """Put a procedure of the agency's province on its list (back on it, if it was taken off)."""
    _require_editor(actor, agency)
    if procedure.province_id != agency.province_id or procedure.current_version_id is None:
        raise DomainError("Thủ tục hành chính không thuộc danh mục của tỉnh.", field="procedure")
    competence = Competence.objects.select_for_update().filter(agency=agency, procedure=procedure).first()
    if competence is not None and competence.is_competent:
        raise DomainError(f"Thủ tục {procedure.code} đã có trong danh mục của cơ quan.", field="procedure")
    before = None if competence is None else False
    if competence is None:
        competence = Competence(agency=agency, procedure=procedure, source=Source.MANUAL)
    competence.is_competent = True
    competence.note = note.strip()
    competence.full_clean()
    competence.save()
    audit.record(
        actor=actor,
        action="competence.add",
        target=competence,
        changes={"procedure": [None, procedure.code], "is_competent": [before, True]},
    )
    return competence


@transaction.atomic
def competence_remove(*, agency: Agency, procedure: Procedure, actor, note: str = "") -> Competence:
    """Take a procedure off the list; the row stays (with the reason) so the seed leaves it off."""
    _require_editor(actor, agency)
    competence = (
        Competence.objects.select_for_update()
        .filter(agency=agency, procedure=procedure, is_competent=True)
        .first()
    )
    if competence is None:
        raise DomainError(f"Thủ tục {procedure.code} không có trong danh mục của cơ quan.", field="procedure")
    if not note.strip():
        raise DomainError("Hãy ghi lý do đưa thủ tục ra khỏi danh mục.", field="note")
    competence.is_competent = False
    competence.note = note.strip()
    competence.save(update_fields=["is_competent", "note", "updated_at"])
    audit.record(
        actor=actor,
        action="competence.remove",
        target=competence,
        changes={
            "procedure": [None, procedure.code],
            "is_competent": [True, False],
            "note": [None, competence.note],
        },
    )
    return competence
