"""Periodic reports: the coordinator writes the narrative, eISO computes the figures and renders
the files in the background; an issued report is frozen and cannot be regenerated. Issuing is the
transition of the report's workflow (services/workflows.py); the generation is the background
task's own state (`Report.generation`), not a step of that workflow."""

from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from eiso.core import audit, rich_text
from eiso.core.db import reading_from_replica
from eiso.core.errors import DomainError
from eiso.oversight import reporting
from eiso.oversight.models import Report
from eiso.oversight.services.common import require_coordinator

TEXT_FIELDS = [
    "number",
    "issuing_agency",
    "place",
    "signer_authority",
    "signer_position",
    "signer_name",
    "recipients",
    "direction",
    "strengths",
    "weaknesses",
    "next_plan",
    "recommendations",
]
# The narrative sections, written in the rich-text editor (core.rich_text).
PROSE_FIELDS = ["direction", "strengths", "weaknesses", "next_plan", "recommendations"]
STALE_GENERATION = timedelta(minutes=10)
FROZEN = "Báo cáo đã ban hành, không thể sửa hay tạo lại; hãy lập báo cáo mới nếu cần."
GENERATING = "Báo cáo đang được tạo, hãy chờ hoàn thành."


@transaction.atomic
def report_create(*, province, kind: str, year: int, actor, half: int | None = None, **text) -> Report:
    require_coordinator(actor, province)
    if kind == Report.Kind.SIX_MONTH and half not in (1, 2):
        raise DomainError("Báo cáo 6 tháng cần chọn kỳ: 6 tháng đầu năm hoặc cuối năm.", field="half")
    report = Report(
        province=province, kind=kind, year=year, half=half if kind == Report.Kind.SIX_MONTH else None
    )
    _set_text(report, text)
    report.full_clean()
    report.save()
    audit.record(
        actor=actor,
        action="report.create",
        target=report,
        province=province,
        changes={"kind": [None, kind], "year": [None, year]},
    )
    return report


@transaction.atomic
def report_update(*, report: Report, actor, **text) -> Report:
    """Save the narrative sections and the heading fields of a report not yet issued."""
    require_coordinator(actor, report.province)
    if report.is_issued:
        raise DomainError(FROZEN)
    before = _readable(report)
    _set_text(report, text)
    report.full_clean()
    report.save(update_fields=[*TEXT_FIELDS, "updated_at"])
    audit.record(
        actor=actor,
        action="report.update",
        target=report,
        province=report.province,
        changes=audit.diff(before, _readable(report)),
    )
    return report


def _set_text(report: Report, text: dict) -> None:
    for name in TEXT_FIELDS:
        if name in text:
            value = text[name]
            setattr(report, name, rich_text.clean(value) if name in PROSE_FIELDS else value)


def _readable(report: Report) -> dict:
    """The text fields as the audit trail keeps them: the narrative sections as plain lines, so a
    history shows words and not markup."""
    values = audit.snapshot(report, TEXT_FIELDS)
    for name in PROSE_FIELDS:
        values[name] = "\n".join(rich_text.text_lines(values[name] or ""))
    return values


@transaction.atomic
def report_request_generation(*, report: Report, actor) -> Report:
    """Mark the report for (re)generation; the task in tasks.py then builds the files."""
    require_coordinator(actor, report.province)
    # Locked so that two clicks cannot start two generations of the same report.
    locked = Report.objects.select_for_update().get(pk=report.pk)
    if locked.is_issued:
        raise DomainError(FROZEN)
    # A generation silent for longer than STALE_GENERATION (a worker lost) may be started again.
    if locked.is_generating and locked.updated_at > timezone.now() - STALE_GENERATION:
        raise DomainError(GENERATING)
    before = locked.generation
    report.generation, report.progress, report.error = Report.Generation.RUNNING, 0, ""
    report.save(update_fields=["generation", "progress", "error", "updated_at"])
    audit.record(
        actor=actor,
        action="report.generate",
        target=report,
        province=report.province,
        changes={"generation": [before, report.generation]},
    )
    return report


def _progress(report: Report, percent: int) -> None:
    Report.objects.filter(pk=report.pk).update(progress=percent)


def report_build(*, report: Report, actor, today: date) -> Report:
    """Compute the figures and render both files, moving the progress bar as it goes. Runs
    outside a request (background task); a failure is recorded on the report, not raised."""
    if not report.is_generating:
        return report
    try:
        # The figures alone come from the replica: the report row, its files and the audit entry
        # are written below, on the primary, after the scope has ended.
        with reading_from_replica():
            report.figures = reporting.compute_figures(report=report, user=actor, today=today)
        _progress(report, 40)
        docx = reporting.render_docx(report, today)
        _progress(report, 70)
        pdf = reporting.render_pdf(report, today)
        _progress(report, 95)
    except Exception as error:  # noqa: BLE001 — any failure must reach the page, not a worker log only
        Report.objects.filter(pk=report.pk).update(
            generation=Report.Generation.FAILED, error=str(error)[:2000]
        )
        report.refresh_from_db()
        return report
    name = f"bao-cao-{report.kind}-{report.year}{'-' + str(report.half) if report.half else ''}-{report.pk}"
    with transaction.atomic():
        report.docx_file.save(f"{name}.docx", ContentFile(docx), save=False)
        report.pdf_file.save(f"{name}.pdf", ContentFile(pdf), save=False)
        report.generation, report.progress, report.generated_at = Report.Generation.DONE, 100, timezone.now()
        report.save(
            update_fields=[
                "figures",
                "docx_file",
                "pdf_file",
                "generation",
                "progress",
                "generated_at",
                "updated_at",
            ]
        )
        audit.record(
            actor=actor,
            action="report.generated",
            target=report,
            province=report.province,
            changes={"generation": [Report.Generation.RUNNING, Report.Generation.DONE]},
        )
    return report
