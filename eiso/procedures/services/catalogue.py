"""Changes to the procedure catalogue: importing a catalogue file and attaching form files.

`actor=None` means the system itself (the `import_procedures` command, the demo loader);
pages and the API always pass the logged-in user, whose role is checked first.
"""

from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from eiso.accounts.permissions import require_province_role
from eiso.core import audit, uploads
from eiso.core.errors import DomainError
from eiso.core.roles import Role
from eiso.core.text import fold
from eiso.orgs.models import Province
from eiso.procedures import hooks, importing, legal_links
from eiso.procedures.content import display_value
from eiso.procedures.importing import Existing, ImportPlan, Outcome, PlanItem
from eiso.procedures.models import Procedure, ProcedureComponent, ProcedureVersion
from eiso.procedures.services import competences


class ImportRejected(DomainError):
    """The file has errors: nothing was imported. `plan` holds the per-row reasons."""

    def __init__(self, plan: ImportPlan):
        super().__init__("Tệp có lỗi nên không thủ tục nào được nhập. Hãy sửa các lỗi dưới đây rồi tải lại.")
        self.plan = plan


def _require_coordinator(actor, province: Province) -> None:
    if actor is not None:
        require_province_role(actor, province, Role.COORDINATOR)


def catalogue_state(province: Province) -> dict[str, Existing]:
    """The current content of every procedure of the province, by code, for the import planner."""
    versions = (
        ProcedureVersion.objects.filter(procedure__province=province, procedure__current_version=F("pk"))
        .select_related("procedure")
        .prefetch_related("components")
    )
    return {
        version.procedure.code: Existing(
            content=version.content(list(version.components.all())),
            content_hash=version.content_hash,
            effective_from=version.effective_from,
        )
        for version in versions
    }


def procedure_import_plan(*, data: bytes, filename: str, province: Province, actor) -> ImportPlan:
    """The dry run: what importing this file would create, update or reject; changes nothing."""
    _require_coordinator(actor, province)
    return importing.plan_file(
        data=data,
        filename=filename,
        existing=catalogue_state(province),
        today=timezone.localdate(),
        max_bytes=settings.EISO_UPLOAD_MAX_BYTES,
    )


@transaction.atomic
def procedure_import(*, data: bytes, filename: str, province: Province, actor) -> ImportPlan:
    """Import a catalogue file whole or not at all. The file is validated again here, against the
    catalogue as it is now, so a dry run made earlier cannot let a stale or edited file through."""
    _require_coordinator(actor, province)
    # One import at a time per province: two at once could both create the same code.
    Province.objects.select_for_update().get(pk=province.pk)
    plan = procedure_import_plan(data=data, filename=filename, province=province, actor=actor)
    if not plan.is_valid:
        raise ImportRejected(plan)
    today = timezone.localdate()
    procedures = {
        p.code: p for p in Procedure.objects.filter(province=province).select_related("current_version")
    }
    register = legal_links.register_for(province)
    imported = []
    for item in plan.items:
        if item.outcome == Outcome.CREATED:
            imported.append(_procedure_create(item=item, province=province, register=register, actor=actor))
        elif item.outcome == Outcome.UPDATED:
            imported.append(
                _procedure_add_version(
                    item=item, procedure=procedures[item.code], register=register, today=today, actor=actor
                )
            )
    # The agencies' competence lists take the new and changed procedures their level and
    # implementing agency give them (procedures.competences); nothing is ever taken off.
    competences.competence_seed_province(province=province, procedures=imported, actor=actor)
    return plan


def _procedure_create(*, item: PlanItem, province: Province, register, actor) -> Procedure:
    procedure = Procedure.objects.create(province=province, code=item.code)
    version = _version_create(procedure=procedure, item=item, number=1, effective_from=item.effective_from)
    legal_links.link(version=version, register=register)
    _make_current(procedure, version)
    audit.record(
        actor=actor,
        action="procedure.create",
        target=procedure,
        province=province,
        changes={"version": [None, 1], "name": [None, version.name]},
    )
    return procedure


def _procedure_add_version(*, item: PlanItem, procedure: Procedure, register, today, actor) -> Procedure:
    """A new version for changed content; the current one stops being effective when it starts."""
    old = procedure.current_version
    starts = item.effective_from or today
    old.effective_to = starts
    old.save(update_fields=["effective_to", "updated_at"])
    version = _version_create(
        procedure=procedure, item=item, number=old.number + 1, effective_from=starts, previous=old
    )
    legal_links.link(version=version, register=register)
    _make_current(procedure, version)
    changes = {
        key: [display_value(key, before), display_value(key, after)]
        for key, (before, after) in item.changes.items()
    }
    changes["version"] = [old.number, version.number]
    audit.record(
        actor=actor, action="procedure.update", target=procedure, province=procedure.province, changes=changes
    )
    # Processes that handle this procedure must be reviewed (see hooks.py).
    hooks.procedure_version_changed(procedure=procedure, old_version=old, new_version=version, actor=actor)
    return procedure


def _version_create(
    *,
    procedure: Procedure,
    item: PlanItem,
    number: int,
    effective_from,
    previous: ProcedureVersion | None = None,
) -> ProcedureVersion:
    content = item.content
    time = content["processing_time"]
    version = ProcedureVersion(
        procedure=procedure,
        number=number,
        effective_from=effective_from,
        content_hash=item.content_hash,
        name=content["name"],
        field=content["field"],
        level=content["level"],
        kind=content["kind"],
        applicants=content["applicants"],
        implementing_agency=content["implementing_agency"],
        competent_agency=content["competent_agency"],
        channels=content["channels"],
        processing_time_amount=Decimal(time["amount"]),
        processing_time_unit=time["unit"],
        processing_time_note=time["note"],
        cutoff=datetime.strptime(time["cutoff"], "%H:%M").time() if time.get("cutoff") else None,
        fees=content["fees"],
        conditions=content["conditions"],
        result=content["result"],
        steps=content["steps"],
        announced_by=content["announced_by"],
        legal_basis_numbers=content["legal_bases"],
    )
    # Field checks only: the planner validated the content and the database enforces the
    # constraints, so per-row uniqueness queries would only slow large catalogues down.
    version.full_clean(validate_unique=False, validate_constraints=False)
    version.save()
    ProcedureComponent.objects.bulk_create(
        ProcedureComponent(
            version=version,
            order=order,
            name=component["name"],
            originals=component["originals"],
            copies=component["copies"],
            form_name=component["form"],
            form_file=_carried_form_file(previous, component),
        )
        for order, component in enumerate(content["components"], start=1)
    )
    return version


def _carried_form_file(previous: ProcedureVersion | None, component: dict) -> str:
    """A form file uploaded for the previous version stays with the same form in the new one."""
    if previous is None or not component["form"]:
        return ""
    for old in previous.components.all():
        if old.form_name == component["form"] and old.form_file:
            return old.form_file.name
    return ""


def _make_current(procedure: Procedure, version: ProcedureVersion) -> None:
    procedure.current_version = version
    procedure.search_text = fold(f"{procedure.code} {version.name} {version.field}")
    procedure.save(update_fields=["current_version", "search_text", "updated_at"])


@transaction.atomic
def component_attach_form(
    *, component: ProcedureComponent, upload: UploadedFile, actor
) -> ProcedureComponent:
    """Attach the fillable form of a dossier component, for citizens to download from the portal."""
    procedure = component.version.procedure
    require_province_role(actor, procedure.province, Role.COORDINATOR)
    if procedure.current_version_id != component.version_id:
        raise DomainError("Chỉ đính kèm mẫu cho phiên bản hiện hành của thủ tục.", field="file")
    uploads.accept_upload(upload, uploads.FORM, field="file")
    before = component.form_file.name or None
    component.form_file.save(upload.name, upload, save=False)
    component.save(update_fields=["form_file"])
    audit.record(
        actor=actor,
        action="procedure_component.attach_form",
        target=component,
        province=procedure.province,
        changes={"form_file": [before, component.form_file.name]},
    )
    return component
