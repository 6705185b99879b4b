"""Reads of the procedure catalogue, processes and templates shared by pages, the API and the portal."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, F, OuterRef, QuerySet

from eiso.core.collation import vietnamese
from eiso.documents.models import DocumentVersion, LegalCitation
from eiso.orgs.models import Agency
from eiso.procedures import templating
from eiso.procedures.content import FIELD_LABELS, changed_fields, display_value
from eiso.procedures.flowchart import Box
from eiso.procedures.models import (
    Competence,
    Procedure,
    ProcedureVersion,
    Process,
    ProcessStep,
    Template,
    TemplateVersion,
)


def procedure_list(*, user) -> QuerySet[Procedure]:
    """The catalogue the user may read, with what a list row shows, in one query."""
    return (
        Procedure.objects.for_user(user)
        .filter(current_version__isnull=False)
        .select_related("current_version", "province")
        .annotate(version_count=Count("versions"))
        .order_by("code")
    )


def procedure_fields(*, user) -> list[str]:
    """The fields (lĩnh vực) present in the user's catalogue, for the filter box."""
    return list(
        Procedure.objects.for_user(user)
        .filter(current_version__isnull=False)
        .values_list("current_version__field", flat=True)
        .distinct()
        .order_by(vietnamese("current_version__field"))
    )


def procedure_versions(*, procedure: Procedure) -> list[ProcedureVersion]:
    """Every version of a procedure, newest first, with its components."""
    return list(procedure.versions.prefetch_related("components").order_by("-number"))


@dataclass
class FieldChange:
    key: str
    label: str
    before: str
    after: str


def version_diff(*, old: ProcedureVersion, new: ProcedureVersion) -> list[FieldChange]:
    """What changed from `old` to `new`, field by field, as people read the values."""
    before = old.content(list(old.components.all()))
    after = new.content(list(new.components.all()))
    return [
        FieldChange(key, FIELD_LABELS[key], display_value(key, before[key]), display_value(key, after[key]))
        for key in changed_fields(before, after)
    ]


# --- processes -----------------------------------------------------------------------------


def process_list(*, user, agency=None) -> QuerySet[Process]:
    """The processes the user may see (of one agency if given), with what a list row shows."""
    queryset = Process.objects.for_user(user)
    if agency is not None:
        queryset = queryset.filter(agency=agency)
    return (
        queryset.select_related(
            "agency", "document", "document__current_version", "template_version__template"
        )
        .prefetch_related("procedures")
        .order_by(vietnamese("agency__name"), "document__code")
    )


def process_versions(*, process: Process) -> list[DocumentVersion]:
    return list(process.document.versions.order_by("-number"))


def version_steps(*, version: DocumentVersion) -> list[ProcessStep]:
    """The steps of a version in order, each with `legal_numbers` (the legal bases it cites)."""
    steps = list(version.process_steps.select_related("unit", "other_agency").order_by("order"))
    citations = LegalCitation.objects.filter(
        content_type=ContentType.objects.get_for_model(ProcessStep), object_id__in=[step.pk for step in steps]
    ).values_list("object_id", "legal_document__number")
    numbers: dict[int, list[str]] = {}
    for object_id, number in citations:
        numbers.setdefault(object_id, []).append(number)
    for step in steps:
        step.legal_numbers = sorted(numbers.get(step.pk, []))
    return steps


def flowchart_boxes(steps: list[ProcessStep]) -> list[Box]:
    return [
        Box(
            label=step.label,
            name=step.name,
            lane=step.responsible,
            duration=step.duration_display if step.duration_amount else "",
            is_inter_agency=step.is_inter_agency,
        )
        for step in steps
    ]


def steps_owed(*, user) -> QuerySet[ProcessStep]:
    """Inter-agency steps other agencies' published processes assign to the user's agencies,
    with the time allotted. Deliberately across tenants: an agency must see what it owes."""
    own = {m.agency_id for m in user.active_memberships() if m.agency_id}
    return (
        ProcessStep.objects.filter(other_agency_id__in=own, version__status=DocumentVersion.Status.PUBLISHED)
        .select_related("agency", "other_agency", "version__document")
        .order_by(vietnamese("agency__name"), "version__document__code", "order")
    )


# --- templates -----------------------------------------------------------------------------


def step_dicts(version: DocumentVersion) -> list[dict]:
    """The steps of a process version in the form templates compare (templating.step_dict)."""
    return [
        templating.step_dict(
            key=step.key,
            name=step.name,
            description=step.description,
            unit_name=step.unit.name if step.unit_id else "",
            other_agency_id=step.other_agency_id,
            other_agency_name=step.other_agency.name if step.other_agency_id else "",
            role=step.role,
            duration_amount=step.duration_amount,
            duration_unit=step.duration_unit,
            forms=step.forms,
            outputs=step.outputs,
            records=step.records,
            record_location=step.record_location,
            record_retention_years=step.record_retention_years,
        )
        for step in version.process_steps.select_related("unit", "other_agency").order_by("order")
    ]


def pending_update(process: Process) -> TemplateVersion | None:
    """The newer template version the agency has not answered yet, if any."""
    adopted = process.template_version
    if adopted is None:
        return None
    latest = adopted.template.current_version
    if latest is None or latest.number <= adopted.number:
        return None
    if process.template_decisions.filter(template_version=latest).exists():
        return None
    return latest


def template_list(*, user) -> QuerySet[Template]:
    return (
        Template.objects.for_user(user)
        .select_related("current_version", "province")
        .prefetch_related("procedures")
        .annotate(adopted_count=Count("versions__processes", distinct=True))
        .order_by("code")
    )


@dataclass
class CoverageRow:
    agency: Agency
    status: str  # "source", "adopted", "adapted", "behind", "none"
    process: Process | None = None
    version_number: int | None = None
    is_published: bool = False
    dismissed_reason: str = ""

    @property
    def label(self) -> str:
        return COVERAGE_LABELS[self.status]

    @property
    def style(self) -> str:
        """The Bootstrap colour of the row's status badge."""
        return COVERAGE_STYLES[self.status]


COVERAGE_LABELS = {
    "source": "Quy trình nguồn của mẫu",
    "adopted": "Áp dụng nguyên mẫu",
    "adapted": "Áp dụng có điều chỉnh",
    "behind": "Chưa theo phiên bản mẫu mới nhất",
    "none": "Chưa áp dụng",
}
COVERAGE_STYLES = {
    "source": "dark",
    "adopted": "success",
    "adapted": "info",
    "behind": "warning",
    "none": "secondary",
}


def _latest_steps(process: Process) -> list[dict]:
    """The agency's steps (current version, else the draft) for comparing with its template. A
    step whose unit the agency has not assigned yet (the template's unit name did not match one
    of its units) counts as following the template, not as a deviation."""
    versions = sorted(process.document.versions.all(), key=lambda v: v.number)
    current = next((v for v in versions if v.pk == process.document.current_version_id), None)
    if not versions:
        return []
    steps = step_dicts(current or versions[-1])
    template_units = {step["key"]: step["unit_name"] for step in process.template_version.steps}
    for step in steps:
        if not step["unit_name"] and not step["other_agency_id"]:
            step["unit_name"] = template_units.get(step["key"], "")
    return steps


def template_coverage(*, template: Template) -> list[CoverageRow]:
    """Each agency of the template's kind in its province: adopted as is, adapted, behind the
    latest template version, or nothing."""
    latest = template.current_version
    template = Template.objects.select_related("source_process__document").get(pk=template.pk)
    agencies = Agency.objects.filter(province_id=template.province_id, kind=template.agency_kind).order_by(
        vietnamese("name")
    )
    processes = {
        process.agency_id: process
        for process in Process.objects.filter(template_version__template=template)
        .select_related("document", "template_version")
        .prefetch_related("document__versions", "template_decisions")
    }
    rows = []
    for agency in agencies:
        process = processes.get(agency.pk)
        if process is None and agency.pk == template.source_process.agency_id:
            rows.append(CoverageRow(agency, "source", process=template.source_process, is_published=True))
            continue
        if process is None:
            rows.append(CoverageRow(agency, "none"))
            continue
        row = CoverageRow(
            agency,
            "adopted",
            process=process,
            version_number=process.template_version.number,
            is_published=process.document.current_version_id is not None,
        )
        if process.template_version.number < latest.number:
            row.status = "behind"
            dismissal = next(
                (d for d in process.template_decisions.all() if d.template_version_id == latest.pk), None
            )
            row.dismissed_reason = dismissal.reason if dismissal else ""
        elif templating.compare(process.template_version.steps, _latest_steps(process)):
            row.status = "adapted"
        rows.append(row)
    return rows


def coverage_counts(rows: list[CoverageRow]) -> dict[str, int]:
    counts = dict.fromkeys(COVERAGE_LABELS, 0)
    for row in rows:
        counts[row.status] += 1
    return counts


@dataclass
class TemplateUpdateView:
    latest: TemplateVersion
    template_changes: list[templating.StepChange]
    deviations: list[templating.StepChange]


def template_update_view(*, process: Process) -> TemplateUpdateView | None:
    """What a newer template version changes (old → new) and what the agency changed itself."""
    latest = pending_update(process)
    if latest is None:
        return None
    adopted = process.template_version
    return TemplateUpdateView(
        latest=latest,
        template_changes=templating.compare(adopted.steps, latest.steps),
        deviations=templating.compare(adopted.steps, _latest_steps(process)),
    )


def deviations(*, process: Process) -> list[templating.StepChange]:
    """How the agency's process differs from the template version it follows."""
    if process.template_version is None:
        return []
    return templating.compare(process.template_version.steps, _latest_steps(process))


def processes_with_template_updates(*, agency) -> QuerySet[Process]:
    """Processes of the agency whose template has a newer version the agency has not answered."""
    latest = F("template_version__template__current_version")
    return (
        Process.objects.filter(agency=agency, template_version__isnull=False)
        .exclude(template_version=latest)
        .exclude(template_decisions__template_version=latest)
        .select_related("document")
    )


def published_steps_for(*, agency, procedure) -> list[ProcessStep]:
    """The steps of the agency's published process for a procedure, for the public page; empty
    when the agency has none. Only the version in force is public, never a draft."""
    process = (
        Process.objects.filter(agency=agency, procedures=procedure, document__current_version__isnull=False)
        .select_related("document__current_version")
        .order_by("document__code")
        .first()
    )
    if process is None or process.document.current_version.status != DocumentVersion.Status.PUBLISHED:
        return []
    return version_steps(version=process.document.current_version)


# --- the competence list (danh mục TTHC thuộc thẩm quyền) -----------------------------------------


def competent_procedures(agency) -> QuerySet[Procedure]:
    """The procedures the agency is competent for (its competence list, current versions only): the
    one-stop counter receives only these, and the scope of its QMS announcement must cover them all."""
    return (
        Procedure.objects.filter(
            competences__agency=agency, competences__is_competent=True, current_version__isnull=False
        )
        .select_related("current_version")
        .order_by("code")
    )


def is_competent(agency, procedure) -> bool:
    """Whether the procedure is on the agency's competence list."""
    return (agency.pk, procedure.pk) in competent_pairs({(agency.pk, procedure.pk)})


def competent_pairs(pairs: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """Those (agency id, procedure id) pairs whose procedure is on the agency's competence list;
    one query however many pairs (ingest asks for a whole batch)."""
    rows = Competence.objects.filter(
        agency_id__in={agency for agency, _ in pairs},
        procedure_id__in={procedure for _, procedure in pairs},
        is_competent=True,
    ).values_list("agency_id", "procedure_id")
    return set(rows) & pairs


def _has_published_process() -> Exists:
    """For a Competence row: a published ISO process of its agency handles its procedure."""
    return Exists(
        Process.procedures.through.objects.filter(
            process__agency_id=OuterRef("agency_id"),
            procedure_id=OuterRef("procedure_id"),
            process__document__current_version__isnull=False,
        )
    )


def competence_list(*, agency) -> list[Competence]:
    """The agency's list, competent rows first, each with `has_process` (a published ISO process
    handles it); one query."""
    return list(
        Competence.objects.filter(agency=agency)
        .annotate(has_process=_has_published_process())
        .select_related("procedure__current_version")
        .order_by("-is_competent", "procedure__code")
    )


def competence_candidates(*, agency) -> QuerySet[Procedure]:
    """Procedures of the agency's province that are not on its list (or were taken off), to add."""
    listed = Competence.objects.filter(agency=agency, is_competent=True).values("procedure_id")
    return (
        Procedure.objects.filter(province_id=agency.province_id, current_version__isnull=False)
        .exclude(pk__in=listed)
        .select_related("current_version")
        .order_by("code")
    )


def procedures_missing_process(*, agency_ids) -> dict[int, list[Procedure]]:
    """Per agency, the competent procedures that no published ISO process handles (the province
    registry's "processes missing"); one query whatever the number of agencies."""
    competences = (
        Competence.objects.filter(
            agency_id__in=agency_ids, is_competent=True, procedure__current_version__isnull=False
        )
        .annotate(has_process=_has_published_process())
        .filter(has_process=False)
        .select_related("procedure__current_version")
        .order_by("procedure__code")
    )
    missing: dict[int, list[Procedure]] = {}
    for competence in competences:
        missing.setdefault(competence.agency_id, []).append(competence.procedure)
    return missing
