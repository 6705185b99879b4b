"""ISO processes: creating one, editing the steps of its open draft, submitting it.

The workflow of a version (submit, approve, request changes, publish) is the documents app's
declared `DOCUMENT_VERSION`: a Process is a Document of kind "procedure" and its versions are
DocumentVersions, so its pages and API run that one declaration. This module
adds only what is particular to processes: the steps, the time rule checked at every change
and at submission, the step table written into the version's content, and the reactions to a
publication (webhooks) and to a catalogue change (review flag).
"""

import uuid
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string

from eiso.core import audit
from eiso.core import calendar as work_calendar
from eiso.core.errors import DomainError
from eiso.documents import services as documents
from eiso.documents.legal_services import citations_replace
from eiso.documents.models import Document, DocumentVersion, LegalCitation, LegalDocument
from eiso.procedures import timing
from eiso.procedures.models import ProcedureVersion, Process, ProcessStep

STEP_FIELDS = [
    "name",
    "description",
    "unit",
    "other_agency",
    "role",
    "duration_amount",
    "duration_unit",
    "forms",
    "outputs",
    "records",
    "record_location",
    "record_retention_years",
]


def new_key() -> str:
    return uuid.uuid4().hex[:12]


def open_version(process: Process) -> DocumentVersion | None:
    """The version being drafted or approved, if any (a document has at most one)."""
    return process.document.versions.filter(status__in=DocumentVersion.OPEN_STATUSES).first()


def current_version(process: Process) -> DocumentVersion | None:
    """The published version in use, read fresh (a publication may have moved it)."""
    process.document.refresh_from_db(fields=["current_version"])
    return process.document.current_version


def office_day_hours(agency):
    """A working day of the agency's province, in hours: the day step times are counted in."""
    return work_calendar.for_province(agency.province_id).office_day_hours


def time_check(*, process: Process, version: DocumentVersion, extra=(), without=None) -> timing.TimeCheck:
    """The steps of `version` (minus `without`, plus `extra` durations) against the legal time of
    the current versions of the process's procedures."""
    steps = version.process_steps.exclude(pk=getattr(without, "pk", None))
    durations = [(step.duration_amount, step.duration_unit) for step in steps] + list(extra)
    procedure_versions = [
        procedure.current_version
        for procedure in process.procedures.select_related("current_version").all()
        if procedure.current_version_id
    ]
    return timing.check(durations, procedure_versions, office_day_hours(process.agency))


def _require_step_editor(actor, version: DocumentVersion) -> None:
    if not documents.may_edit(version, actor):
        if not version.is_editable:
            raise DomainError(
                f"Phiên bản lần {version.number} đang ở trạng thái “{version.get_status_display().lower()}”: "
                "không sửa được các bước. Hãy tạo bản dự thảo mới."
            )
        raise PermissionDenied("Chỉ người soạn thảo hoặc thư ký ISO được sửa các bước của dự thảo này.")


def _check_responsible(*, agency, unit, other_agency) -> None:
    if unit is not None and other_agency is not None:
        raise DomainError(
            "Một bước do một đơn vị trong cơ quan hoặc một cơ quan phối hợp thực hiện, không cả hai."
        )
    if unit is not None and unit.agency_id != agency.pk:
        raise DomainError("Đơn vị thực hiện không thuộc cơ quan.", field="unit")
    if other_agency is not None and (
        other_agency.pk == agency.pk or other_agency.province_id != agency.province_id
    ):
        raise DomainError("Cơ quan phối hợp phải là một cơ quan khác trong cùng tỉnh.", field="other_agency")


def _check_time(*, process, version, amount, unit, without=None) -> None:
    result = time_check(process=process, version=version, extra=[(Decimal(amount), unit)], without=without)
    if not result.fits:
        raise DomainError(result.error_message(), field="duration_amount")


def procedure_legal_documents(procedures) -> list[LegalDocument]:
    """The legal documents the procedures' current versions rest on (their citations), which a
    new process cites by default: the legal bases of the TTHC are those of its process."""
    content_type = ContentType.objects.get_for_model(ProcedureVersion)
    version_ids = [p.current_version_id for p in procedures if p.current_version_id]
    cited = LegalCitation.objects.filter(content_type=content_type, object_id__in=version_ids)
    return list(LegalDocument.objects.filter(pk__in=cited.values("legal_document_id")).order_by("number"))


@transaction.atomic
def process_create(
    *, agency, code: str, title: str, procedures, actor, owner_unit=None, legal_documents=()
) -> Process:
    """A new process: a controlled document of kind "procedure" with an empty first draft."""
    if any(procedure.province_id != agency.province_id for procedure in procedures):
        raise DomainError("Thủ tục hành chính không thuộc danh mục của tỉnh.", field="procedures")
    if not legal_documents:
        legal_documents = procedure_legal_documents(procedures)
    document = documents.document_create(
        agency=agency,
        code=code,
        title=title,
        kind=Document.Kind.PROCEDURE,
        owner_unit=owner_unit,
        legal_documents=legal_documents,
        actor=actor,
        with_draft=True,
    )
    process = Process(agency=agency, document=document)
    process.full_clean(exclude=["document"])
    process.save()
    process.procedures.set(procedures)
    audit.record(
        actor=actor,
        action="process.create",
        target=process,
        changes={"code": [None, document.code], "procedures": [None, sorted(p.code for p in procedures)]},
    )
    return process


@transaction.atomic
def process_set_procedures(*, process: Process, procedures, actor) -> Process:
    """Change which procedures the process handles; its steps must fit the new legal times."""
    version = open_version(process)
    if version is None or not version.is_editable:
        raise DomainError("Chỉ đổi thủ tục áp dụng khi quy trình có bản dự thảo đang soạn.")
    _require_step_editor(actor, version)
    if any(procedure.province_id != process.agency.province_id for procedure in procedures):
        raise DomainError("Thủ tục hành chính không thuộc danh mục của tỉnh.", field="procedures")
    before = sorted(process.procedures.values_list("code", flat=True))
    process.procedures.set(procedures)
    result = time_check(process=process, version=version)
    if not result.fits:
        raise DomainError(result.error_message(), field="procedures")
    audit.record(
        actor=actor,
        action="process.set_procedures",
        target=process,
        changes={"procedures": [before, sorted(p.code for p in procedures)]},
    )
    return process


@transaction.atomic
def process_new_draft(*, process: Process, actor, change_summary: str = "") -> DocumentVersion:
    """Open a new draft of the process, starting from a copy of the current version's steps."""
    version = documents.version_create_draft(
        document=process.document, actor=actor, change_summary=change_summary
    )
    current = current_version(process)
    if current is not None:
        copy_steps(source=current, target=version)
    return version


@transaction.atomic
def process_draft_copy_steps(*, process: Process, actor) -> DocumentVersion:
    """Fill an empty draft with the current version's steps: for a draft opened from the
    documents pages, which know nothing of steps."""
    version = open_version(process)
    if version is None:
        raise DomainError("Quy trình không có bản dự thảo đang soạn.")
    _require_step_editor(actor, version)
    current = current_version(process)
    if current is None or version.process_steps.exists():
        raise DomainError("Chỉ chép các bước vào bản dự thảo chưa có bước nào, từ phiên bản đang hiệu lực.")
    copy_steps(source=current, target=version)
    audit.record(
        actor=actor,
        action="process.copy_steps",
        target=process,
        changes={"from_version": [None, current.number]},
    )
    return version


def copy_steps(*, source: DocumentVersion, target: DocumentVersion) -> None:
    """Copy the steps of `source` into the draft `target`, with the legal bases they cite."""
    originals = list(source.process_steps.all())
    copies = ProcessStep.objects.bulk_create(
        ProcessStep(
            agency=target.agency,
            version=target,
            order=step.order,
            key=step.key,
            **{name: getattr(step, name) for name in STEP_FIELDS},
        )
        for step in originals
    )
    new_ids = {original.pk: copy.pk for original, copy in zip(originals, copies, strict=True)}
    content_type = ContentType.objects.get_for_model(ProcessStep)
    LegalCitation.objects.bulk_create(
        LegalCitation(
            agency=citation.agency,
            legal_document_id=citation.legal_document_id,
            content_type=content_type,
            object_id=new_ids[citation.object_id],
            note=citation.note,
        )
        for citation in LegalCitation.objects.filter(content_type=content_type, object_id__in=new_ids)
    )


def _cite(step: ProcessStep, legal_documents, actor) -> None:
    """Steps cite legal documents through the documents app's citation table, so that a legal
    change finds the steps that rest on it."""
    if legal_documents is not None:
        citations_replace(target=step, agency=step.agency, legal_documents=legal_documents, actor=actor)


def steps_replace(*, version: DocumentVersion, steps: list[dict]) -> None:
    """Set the steps of a fresh draft from step dicts (templates; units already resolved)."""
    version.process_steps.all().delete()
    ProcessStep.objects.bulk_create(
        ProcessStep(agency=version.agency, version=version, order=order, **values)
        for order, values in enumerate(steps, start=1)
    )


@transaction.atomic
def step_add(*, version: DocumentVersion, actor, **values) -> ProcessStep:
    """Append a step to an editable draft; refused if the steps would exceed the legal time."""
    process = version.document.process
    _require_step_editor(actor, version)
    _check_responsible(
        agency=version.agency, unit=values.get("unit"), other_agency=values.get("other_agency")
    )
    _check_time(
        process=process, version=version, amount=values["duration_amount"], unit=values["duration_unit"]
    )
    last = version.process_steps.order_by("-order").values_list("order", flat=True).first() or 0
    legal_documents = values.pop("legal_documents", None)
    step = ProcessStep(agency=version.agency, version=version, order=last + 1, key=new_key(), **values)
    step.full_clean()
    step.save()
    _cite(step, legal_documents, actor)
    audit.record(
        actor=actor,
        action="process_step.create",
        target=step,
        changes={"name": [None, step.name], "duration": [None, step.duration_display]},
    )
    return step


@transaction.atomic
def step_update(*, step: ProcessStep, actor, **values) -> ProcessStep:
    """Change a step of an editable draft; refused if the steps would exceed the legal time."""
    version = step.version
    _require_step_editor(actor, version)
    _check_responsible(agency=step.agency, unit=values.get("unit"), other_agency=values.get("other_agency"))
    _check_time(
        process=version.document.process,
        version=version,
        amount=values["duration_amount"],
        unit=values["duration_unit"],
        without=step,
    )
    legal_documents = values.pop("legal_documents", None)
    before = audit.snapshot(
        step, [f"{name}_id" if name in ("unit", "other_agency") else name for name in STEP_FIELDS]
    )
    for name, value in values.items():
        setattr(step, name, value)
    step.full_clean()
    step.save()
    _cite(step, legal_documents, actor)
    after = audit.snapshot(step, list(before))
    audit.record(actor=actor, action="process_step.update", target=step, changes=audit.diff(before, after))
    return step


@transaction.atomic
def step_delete(*, step: ProcessStep, actor) -> None:
    """Remove a step of an editable draft; the following steps move up."""
    version = step.version
    _require_step_editor(actor, version)
    audit.record(actor=actor, action="process_step.delete", target=step, changes={"name": [step.name, None]})
    order = step.order
    step.delete()
    for later in version.process_steps.filter(order__gt=order).order_by("order"):
        later.order = F("order") - 1
        later.save(update_fields=["order"])


@transaction.atomic
def step_move(*, step: ProcessStep, up: bool, actor) -> ProcessStep:
    """Swap a step with the one before (up) or after it."""
    version = step.version
    _require_step_editor(actor, version)
    neighbour = (
        version.process_steps.filter(order__lt=step.order).order_by("-order").first()
        if up
        else version.process_steps.filter(order__gt=step.order).order_by("order").first()
    )
    if neighbour is None:
        raise DomainError("Bước này đã ở đầu danh sách." if up else "Bước này đã ở cuối danh sách.")
    mine, theirs = step.order, neighbour.order
    # Through 0 so the unique (version, order) constraint holds at every statement.
    ProcessStep.objects.filter(pk=step.pk).update(order=0)
    ProcessStep.objects.filter(pk=neighbour.pk).update(order=mine)
    ProcessStep.objects.filter(pk=step.pk).update(order=theirs)
    step.order = theirs
    audit.record(actor=actor, action="process_step.move", target=step, changes={"order": [mine, theirs]})
    return step


def process_version_submit(*, version: DocumentVersion, actor) -> DocumentVersion:
    """Submit a process draft into the approval chain: the documents workflow's "submit", whose
    submission hook runs `prepare_submission` (steps and time rule) whichever page or API submits."""
    return documents.version_submit(version=version, actor=actor)


def prepare_submission(*, version: DocumentVersion, actor) -> DocumentVersion | None:
    """Listener of documents' submission: a process version needs steps that fit the legal
    time, and its step table becomes the version's content, so the document pages, search and
    version comparison of `documents` show it like any other document. Other documents pass."""
    process = getattr(version.document, "process", None) if version.document_id else None
    if process is None:
        return None
    steps = list(version.process_steps.select_related("unit", "other_agency"))
    if not steps:
        raise DomainError("Quy trình chưa có bước nào: hãy thêm các bước trước khi trình duyệt.")
    result = time_check(process=process, version=version)
    if not result.fits:
        raise DomainError(result.error_message())
    body = render_to_string("procedures/_step_table_body.html", {"steps": steps, "check": result})
    return documents.version_update(
        version=version,
        actor=actor,
        expected_revision=version.revision,
        body=body,
        change_summary=version.change_summary,
    )
