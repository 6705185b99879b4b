"""Province templates: publishing a process as a template, adopting it, and answering updates.

The coordinator publishes; each template version is a snapshot of a published version of the
source process, so the province's template itself went through an approval chain. An agency
adopts a template into a process of its own (a new controlled document with a first draft
copied from the template), adapts that draft, and publishes it through its own chain.
"""

from django.db import transaction

from eiso.accounts.permissions import require_province_role, require_role
from eiso.core import audit
from eiso.core.errors import DomainError
from eiso.core.roles import QMS_MANAGERS, Role
from eiso.documents.models import DocumentVersion
from eiso.orgs.models import Agency, Unit
from eiso.procedures import templating
from eiso.procedures.models import Process, Template, TemplateDecision, TemplateVersion
from eiso.procedures.selectors import pending_update, step_dicts
from eiso.procedures.services import processes


def _published_source(process: Process) -> DocumentVersion:
    current = processes.current_version(process)
    if current is None or current.status != DocumentVersion.Status.PUBLISHED:
        raise DomainError("Quy trình nguồn chưa có phiên bản đã ban hành để làm mẫu.")
    return current


@transaction.atomic
def template_publish(
    *, process: Process, agency_kind: str, actor, code: str = "", name: str = ""
) -> Template:
    """Publish a process as the province's template for every agency of `agency_kind`."""
    province = process.agency.province
    require_province_role(actor, province, Role.COORDINATOR)
    source = _published_source(process)
    code = (code or process.code).strip().upper()
    if Template.objects.filter(province=province, code=code).exists():
        raise DomainError(f"Tỉnh đã có quy trình mẫu ký hiệu “{code}”.", field="code")
    template = Template(
        province=province,
        code=code,
        name=name or process.name,
        agency_kind=agency_kind,
        source_process=process,
    )
    template.full_clean()
    template.save()
    template.procedures.set(process.procedures.all())
    version = TemplateVersion.objects.create(
        template=template, number=1, steps=step_dicts(source), source_version=source, published_by=actor
    )
    template.current_version = version
    template.save(update_fields=["current_version", "updated_at"])
    audit.record(
        actor=actor,
        action="template.publish",
        target=template,
        province=province,
        changes={"version": [None, 1], "agency_kind": [None, agency_kind], "source": [None, str(source)]},
    )
    return template


@transaction.atomic
def template_version_publish(*, template: Template, actor, change_summary: str) -> TemplateVersion:
    """A new template version from the source process's latest published version."""
    require_province_role(actor, template.province, Role.COORDINATOR)
    Template.objects.select_for_update().get(pk=template.pk)
    source = _published_source(template.source_process)
    current = template.current_version
    if current.source_version_id == source.pk:
        raise DomainError(
            "Quy trình nguồn chưa có phiên bản mới kể từ lần ban hành mẫu trước: "
            "hãy ban hành phiên bản mới của quy trình nguồn trước."
        )
    steps = step_dicts(source)
    if steps == current.steps:
        raise DomainError("Các bước của quy trình nguồn không khác phiên bản mẫu hiện hành.")
    if not change_summary.strip():
        raise DomainError("Hãy tóm tắt nội dung thay đổi để các cơ quan biết.", field="change_summary")
    version = TemplateVersion.objects.create(
        template=template,
        number=current.number + 1,
        steps=steps,
        source_version=source,
        change_summary=change_summary.strip(),
        published_by=actor,
    )
    template.current_version = version
    template.save(update_fields=["current_version", "updated_at"])
    audit.record(
        actor=actor,
        action="template.publish_version",
        target=template,
        province=template.province,
        changes={"version": [current.number, version.number]},
    )
    return version


def _resolved(steps: list[dict], agency: Agency) -> list[dict]:
    """Template step dicts as ProcessStep field values of `agency`: units matched by name (a
    step whose unit the agency lacks is left unassigned for the secretary to set)."""
    units = {unit.name.casefold(): unit for unit in Unit.objects.filter(agency=agency, is_active=True)}
    others = Agency.objects.in_bulk([s["other_agency_id"] for s in steps if s.get("other_agency_id")])
    resolved = []
    for step in steps:
        other = others.get(step.get("other_agency_id"))
        if other is not None and (other.pk == agency.pk or other.province_id != agency.province_id):
            other = None
        resolved.append(
            {
                "key": step["key"],
                "name": step["name"],
                "description": step["description"],
                "unit": None if other else units.get(step["unit_name"].casefold()),
                "other_agency": other,
                "role": step["role"],
                "duration_amount": step["duration_amount"],
                "duration_unit": step["duration_unit"],
                "forms": step["forms"],
                "outputs": step["outputs"],
                "records": step["records"],
                "record_location": step["record_location"],
                "record_retention_years": step["record_retention_years"],
            }
        )
    return resolved


@transaction.atomic
def template_adopt(*, template: Template, agency: Agency, actor) -> Process:
    """One click: the agency's own process from the template's current version, as a draft."""
    require_role(actor, agency, *QMS_MANAGERS)
    if agency.province_id != template.province_id or agency.kind != template.agency_kind:
        kind = template.get_agency_kind_display().lower()
        raise DomainError(f"Quy trình mẫu này dành cho {kind} của {template.province}.")
    existing = Process.objects.filter(agency=agency, template_version__template=template).first()
    if existing is not None:
        raise DomainError(f"Cơ quan đã áp dụng quy trình mẫu này ({existing.code}).")
    version = template.current_version
    process = processes.process_create(
        agency=agency,
        code=template.code,
        title=template.name,
        procedures=list(template.procedures.all()),
        actor=actor,
    )
    process.template_version = version
    process.save(update_fields=["template_version", "updated_at"])
    draft = processes.open_version(process)
    processes.steps_replace(version=draft, steps=_resolved(version.steps, agency))
    audit.record(
        actor=actor,
        action="template.adopt",
        target=process,
        changes={"template": [None, template.code], "template_version": [None, version.number]},
    )
    return process


@transaction.atomic
def template_update_apply(*, process: Process, actor) -> DocumentVersion:
    """Move the process onto the newer template version in a new draft, keeping the agency's
    own deviations (templating.merge); the draft then goes through the approval chain."""
    require_role(actor, process.agency, *QMS_MANAGERS)
    latest = pending_update(process)
    if latest is None:
        raise DomainError("Không có phiên bản mẫu mới nào cần áp dụng.")
    current = processes.current_version(process)
    if current is None:
        raise DomainError("Quy trình chưa ban hành phiên bản nào: hãy áp dụng lại mẫu sau khi ban hành.")
    own = step_dicts(current)
    draft = processes.process_new_draft(
        process=process, actor=actor, change_summary=f"Cập nhật theo quy trình mẫu phiên bản {latest.number}."
    )
    merged = templating.merge(old_template=process.template_version.steps, new_template=latest.steps, own=own)
    processes.steps_replace(version=draft, steps=_resolved(merged, process.agency))
    before = process.template_version.number
    process.template_version = latest
    process.save(update_fields=["template_version", "updated_at"])
    TemplateDecision.objects.create(
        agency=process.agency,
        process=process,
        template_version=latest,
        decision=TemplateDecision.Decision.APPLIED,
        decided_by=actor,
    )
    audit.record(
        actor=actor,
        action="template.apply_update",
        target=process,
        changes={"template_version": [before, latest.number]},
    )
    return draft


@transaction.atomic
def template_update_dismiss(*, process: Process, reason: str, actor) -> TemplateDecision:
    """Keep the process on its template version; the reason is shown to the province."""
    require_role(actor, process.agency, *QMS_MANAGERS)
    latest = pending_update(process)
    if latest is None:
        raise DomainError("Không có phiên bản mẫu mới nào cần xử lý.")
    if not reason.strip():
        raise DomainError("Hãy ghi lý do không áp dụng phiên bản mẫu mới.", field="reason")
    decision = TemplateDecision(
        agency=process.agency,
        process=process,
        template_version=latest,
        decision=TemplateDecision.Decision.DISMISSED,
        reason=reason.strip(),
        decided_by=actor,
    )
    decision.full_clean()
    decision.save()
    audit.record(
        actor=actor,
        action="template.dismiss_update",
        target=process,
        changes={"dismissed_version": [None, latest.number], "reason": [None, decision.reason]},
    )
    return decision
