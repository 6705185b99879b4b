"""Reads of the QMS lifecycle (QĐ 19/2014/QĐ-TTg Điều 4; TT 26/2014/TT-BKHCN Điều 7.2): the scope,
its changes since the announcement in force, and the prerequisites of an announcement as one
ordered check.

The steps of Điều 4 happen in order, and the announcement checks that they did, on its day:

1. the QMS documents (policy, objectives, the procedures in scope) are applied — a document is
   applied from the effective date of its first published version;
2. an internal audit reported within the 12 months before the announcement, begun after the last
   of those documents was applied;
3. a management review held after that audit's report (it reviews the audit's results);
4. the head of the agency confirmed effectiveness after that review;
5. the scope covers every TTHC the agency is competent for (Điều 3.1; TT 26/2014 Điều 36.1.a).

Each step is a `Prerequisite` with its date and a link, so the page shows the secretary where the
chain breaks, and the announce guard refuses with the same words.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Min, QuerySet
from django.urls import reverse
from django.utils import timezone

from eiso.core.dates import add_months
from eiso.documents.models import Document, DocumentVersion
from eiso.improvement.models import Announcement, InternalAudit, ManagementReview, QmsLifecycle
from eiso.procedures.models import Procedure, Process
from eiso.procedures.selectors import competent_procedures

AUDIT_RECENCY_MONTHS = 12  # an announcement rests on an internal audit of the last 12 months
APPLIED = (DocumentVersion.Status.PUBLISHED, DocumentVersion.Status.SUPERSEDED)
SYSTEM_KINDS = (Document.Kind.QUALITY_POLICY, Document.Kind.QUALITY_OBJECTIVES)


def _fmt(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def lifecycle_for(agency) -> QmsLifecycle:
    """The agency's QMS lifecycle as stored, or an unsaved one at its first stage when none is stored
    yet: reading never creates the row (services.lifecycle_get_or_create does, when they write)."""
    return QmsLifecycle.objects.filter(agency=agency).first() or QmsLifecycle(agency=agency)


def _applied_on(documents) -> dict[int, date]:
    """Each document's first day in force: the effective date of its first published version."""
    rows = (
        DocumentVersion.objects.filter(document__in=documents, status__in=APPLIED, effective_on__isnull=False)
        .order_by()
        .values("document_id")
        .annotate(first=Min("effective_on"))
    )
    return {row["document_id"]: row["first"] for row in rows}


def _in_force(agency, kinds) -> QuerySet[Document]:
    return Document.objects.filter(
        agency=agency, kind__in=kinds, status=Document.Status.ACTIVE, current_version__isnull=False
    ).order_by("code")


def _scope_documents(agency, on: date | None) -> list[Document]:
    """The procedure documents in force, and, given a day, only those applied by then."""
    documents = list(_in_force(agency, [Document.Kind.PROCEDURE]))
    if on is None:
        return documents
    applied = _applied_on(documents)
    return [d for d in documents if d.pk in applied and applied[d.pk] <= on]


def current_scope(agency, on: date | None = None) -> dict:
    """The QMS scope: the procedures in force (published procedure documents; on a given day, those
    applied by then) and the internal activities."""
    return {
        "processes": [{"id": d.pk, "code": d.code, "title": d.title} for d in _scope_documents(agency, on)],
        "internal_activities": lifecycle_for(agency).internal_activities,
    }


def scope_change(agency) -> dict | None:
    """Processes added or removed since the announcement in force; None when nothing changed or nothing was
    announced."""
    announced = Announcement.objects.filter(agency=agency, status=Announcement.Status.ANNOUNCED).first()
    if announced is None:
        return None
    before = {p["id"]: p for p in announced.scope.get("processes", [])}
    now = {p["id"]: p for p in current_scope(agency)["processes"]}
    added = [now[pk] for pk in now.keys() - before.keys()]
    removed = [before[pk] for pk in before.keys() - now.keys()]
    if not added and not removed:
        return None
    return {"added": added, "removed": removed}


# --- the TTHC the agency is competent for (procedures' competence list) ------------------------------------


def uncovered_procedures(agency, on: date | None = None) -> list[Procedure]:
    """Competent TTHC that no process in the scope (on `on`) handles."""
    documents = _scope_documents(agency, on)
    covered = Process.procedures.through.objects.filter(process__document__in=documents).values(
        "procedure_id"
    )
    return list(
        competent_procedures(agency)
        .exclude(pk__in=covered)
        .select_related("current_version")
        .order_by("code")
    )


# --- the prerequisites of an announcement, in order ------------------------------------------------------


@dataclass(frozen=True)
class Prerequisite:
    """One step of the chain: met or not, what was found (with its date) and where to see it."""

    step: int
    title: str
    met: bool
    found: str  # what eISO found, with its date; or that nothing was found
    problem: str = ""  # why the step is not met, naming it: the words of a refusal
    day: date | None = None
    url: str = ""

    @property
    def message(self) -> str:
        return f"Bước {self.step} ({self.title[:1].lower()}{self.title[1:]}): {self.problem}"


def _documents_step(agency, on: date) -> tuple[Prerequisite, date | None]:
    title = "Tài liệu được phê duyệt, áp dụng"
    system = list(_in_force(agency, SYSTEM_KINDS))
    scope = _scope_documents(agency, on)
    applied = _applied_on([*system, *scope])
    problems = []
    for kind in SYSTEM_KINDS:
        if not any(d.kind == kind and d.pk in applied and applied[d.pk] <= on for d in system):
            problems.append(f"Chưa có {Document.Kind(kind).label.lower()} được phê duyệt, áp dụng.")
    if not scope:
        problems.append("Phạm vi chưa có quy trình nào được phê duyệt, áp dụng.")
    used = [d for d in [*system, *scope] if d.pk in applied and applied[d.pk] <= on]
    if problems:
        found = f"{len(used)} tài liệu đang áp dụng." if used else "Chưa có tài liệu nào được áp dụng."
        return Prerequisite(1, title, False, found, " ".join(problems)), None
    last = max(used, key=lambda d: (applied[d.pk], d.code))
    day = applied[last.pk]
    found = (
        f"{len(used)} tài liệu (chính sách, mục tiêu chất lượng và {len(scope)} quy trình) áp dụng đầy đủ từ "
        f"{_fmt(day)}; áp dụng sau cùng: {last.code} {last.title}."
    )
    return Prerequisite(1, title, True, found, day=day, url=last.get_absolute_url()), day


def _audit_step(agency, on: date, documents_on: date | None) -> tuple[Prerequisite, InternalAudit | None]:
    title = "Đánh giá nội bộ sau khi áp dụng, trong 12 tháng"
    audit = (
        InternalAudit.objects.filter(
            agency=agency,
            status__in=[InternalAudit.Status.REPORTED, InternalAudit.Status.ACKNOWLEDGED],
            reported_on__lte=on,
        )
        .order_by("-reported_on", "-pk")
        .first()
    )
    if audit is None:
        problem = "Chưa thực hiện cuộc đánh giá nội bộ nào (chưa có báo cáo đánh giá)."
        return Prerequisite(2, title, False, "Chưa có báo cáo đánh giá nội bộ.", problem), None
    found = (
        f"{audit.code}: đánh giá từ {_fmt(audit.planned_start_on)}, báo cáo ngày {_fmt(audit.reported_on)}."
    )
    problem = ""
    if documents_on is not None and audit.planned_start_on < documents_on:
        problem = (
            f"Cuộc đánh giá nội bộ gần nhất ({audit.code}, từ {_fmt(audit.planned_start_on)}) diễn ra "
            f"trước khi tài liệu được áp dụng đầy đủ ({_fmt(documents_on)}): "
            "cần đánh giá nội bộ sau khi áp dụng."
        )
    elif audit.reported_on < add_months(on, -AUDIT_RECENCY_MONTHS):
        problem = (
            f"Cuộc đánh giá nội bộ gần nhất ({audit.code}, báo cáo ngày {_fmt(audit.reported_on)}) đã quá "
            f"{AUDIT_RECENCY_MONTHS} tháng tính đến ngày {_fmt(on)}: cần đánh giá nội bộ lại."
        )
    step = Prerequisite(
        2, title, not problem, found, problem, day=audit.reported_on, url=audit.get_absolute_url()
    )
    return step, audit


def _review_step(
    agency, on: date, audit: InternalAudit | None
) -> tuple[Prerequisite, ManagementReview | None]:
    title = "Xem xét của lãnh đạo sau đánh giá nội bộ"
    review = (
        ManagementReview.objects.filter(agency=agency, status=ManagementReview.Status.HELD, held_on__lte=on)
        .order_by("-held_on", "-pk")
        .first()
    )
    if review is None:
        problem = "Chưa tổ chức cuộc họp xem xét của lãnh đạo nào."
        return Prerequisite(3, title, False, "Chưa có cuộc họp xem xét của lãnh đạo.", problem), None
    found = f"{review.title}: họp ngày {_fmt(review.held_on)}."
    problem = ""
    if audit is not None and review.held_on < audit.reported_on:
        problem = (
            f"Cuộc họp xem xét của lãnh đạo gần nhất ({_fmt(review.held_on)}) trước khi có báo cáo đánh giá "
            f"nội bộ {audit.code} ({_fmt(audit.reported_on)}): cần họp xem xét sau đánh giá."
        )
    url = review.get_absolute_url()
    return Prerequisite(3, title, not problem, found, problem, day=review.held_on, url=url), review


def _effectiveness_step(agency, on: date, review: ManagementReview | None) -> Prerequisite:
    title = "Người đứng đầu xác nhận hiệu lực sau xem xét"
    lifecycle = lifecycle_for(agency)
    confirmed = lifecycle.effectiveness_confirmed_on
    url = reverse("improvement:announcement_list") + "#lifecycle"
    if confirmed is None or confirmed > on:
        problem = "Người đứng đầu chưa xác nhận hiệu lực của hệ thống quản lý chất lượng."
        if confirmed is not None:
            problem = (
                f"Người đứng đầu xác nhận hiệu lực ngày {_fmt(confirmed)}, sau ngày {_fmt(on)}: "
                "chưa xác nhận vào ngày công bố."
            )
        return Prerequisite(4, title, False, "Chưa xác nhận hiệu lực.", problem, url=url)
    found = f"Xác nhận ngày {_fmt(confirmed)}" + (
        f" ({lifecycle.effectiveness_confirmed_by})." if lifecycle.effectiveness_confirmed_by_id else "."
    )
    problem = ""
    if review is not None and confirmed < review.held_on:
        problem = (
            f"Người đứng đầu xác nhận hiệu lực ngày {_fmt(confirmed)}, trước cuộc họp xem xét của lãnh đạo "
            f"({_fmt(review.held_on)}): cần xác nhận lại sau xem xét."
        )
    return Prerequisite(4, title, not problem, found, problem, day=confirmed, url=url)


def _scope_step(agency, on: date) -> Prerequisite:
    title = "Phạm vi bao trùm mọi TTHC thuộc thẩm quyền"
    url = reverse("procedures:process_list")
    competent = competent_procedures(agency).count()
    missing = uncovered_procedures(agency, on)
    found = f"{competent - len(missing)}/{competent} TTHC thuộc thẩm quyền có quy trình trong phạm vi."
    if not missing:
        return Prerequisite(5, title, True, found, url=url)
    names = "; ".join(
        f"{p.code} {p.current_version.name}" if p.current_version_id else p.code for p in missing
    )
    problem = f"Phạm vi chưa có quy trình cho {len(missing)} TTHC thuộc thẩm quyền: {names}."
    return Prerequisite(5, title, False, found, problem, url=url)


def announcement_prerequisites(agency, *, on: date) -> list[Prerequisite]:
    """The QĐ 19/2014 Điều 4 chain as of day `on` (the announcement's): each step met or not, in order."""
    documents, documents_on = _documents_step(agency, on)
    audit, last_audit = _audit_step(agency, on, documents_on)
    review, last_review = _review_step(agency, on, last_audit)
    return [
        documents,
        audit,
        review,
        _effectiveness_step(agency, on, last_review),
        _scope_step(agency, on),
    ]


def announcement_missing(agency, *, on: date | None = None) -> list[str]:
    """What must still happen, step by step, before the agency may announce conformity on `on` (today)."""
    day = on or timezone.localdate()
    return [step.message for step in announcement_prerequisites(agency, on=day) if not step.met]
