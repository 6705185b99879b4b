"""The gap checklist of an agency's move to a newer edition of the standard (issue 21, item 2):
the newer edition's new and changed clauses, from the correspondence table (orgs.editions), each
with the evidence eISO already holds for it, or "chưa có".

A clause says in data which kind of evidence answers it (`Clause.evidence`); each kind is read
here from the registers of the apps below `improvement`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse

from eiso.documents.models import Acknowledgement
from eiso.orgs import editions
from eiso.orgs.models import Agency, Clause, ClauseCorrespondence, StandardEdition
from eiso.quality.models import ContextIssue, CultureRecord, InterestedParty, Risk

NONE_YET = "chưa có"


@dataclass
class Evidence:
    """One kind of record eISO holds for a clause: what it is, how many, and where to see them."""

    label: str
    count: int
    url: str


def _climate(agency: Agency) -> list[Evidence]:
    decisions = ContextIssue.objects.filter(
        agency=agency, category=ContextIssue.Category.CLIMATE, is_active=True, climate_relevant__isnull=False
    ).count()
    return [
        Evidence("Quyết định về biến đổi khí hậu", decisions, reverse("quality:context_list") + "#issues")
    ]


def _climate_parties(agency: Agency) -> list[Evidence]:
    parties = InterestedParty.objects.filter(agency=agency, is_active=True).exclude(climate_requirements="")
    url = reverse("quality:context_list") + "#parties"
    return [Evidence("Bên quan tâm có yêu cầu về khí hậu", parties.count(), url)]


def _risks(kind: str, label: str) -> Callable[[Agency], list[Evidence]]:
    def read(agency: Agency) -> list[Evidence]:
        count = Risk.objects.filter(agency=agency, kind=kind).count()
        return [Evidence(label, count, reverse("quality:risk_list") + f"?kind={kind}")]

    return read


def _culture(kind: str, label: str) -> Callable[[Agency], list[Evidence]]:
    def read(agency: Agency) -> list[Evidence]:
        count = CultureRecord.objects.filter(agency=agency, kind=kind).count()
        return [Evidence(label, count, reverse("quality:culture_list"))]

    return read


def _awareness(agency: Agency) -> list[Evidence]:
    read_count = Acknowledgement.objects.filter(agency=agency, acknowledged_at__isnull=False).count()
    return [
        *_culture(CultureRecord.Kind.AWARENESS, "Hoạt động phổ biến văn hóa chất lượng, đạo đức")(agency),
        Evidence("Lượt xác nhận đã đọc tài liệu", read_count, reverse("documents:document_list")),
    ]


def _leadership(agency: Agency) -> list[Evidence]:
    return [
        *_culture(CultureRecord.Kind.COMMITMENT, "Cam kết của lãnh đạo")(agency),
        *_culture(CultureRecord.Kind.CODE_OF_CONDUCT, "Quy tắc ứng xử")(agency),
    ]


PROVIDERS: dict[str, Callable[[Agency], list[Evidence]]] = {
    "climate": _climate,
    "climate_parties": _climate_parties,
    "risks": _risks(Risk.Kind.RISK, "Rủi ro trong sổ rủi ro"),
    "opportunities": _risks(Risk.Kind.OPPORTUNITY, "Cơ hội trong sổ cơ hội"),
    "culture": _leadership,
    "awareness": _awareness,
}


@dataclass
class GapRow:
    """A new or changed clause of the newer edition, what changed, and eISO's evidence for it."""

    clause: Clause
    changes: list[ClauseCorrespondence]
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def has_evidence(self) -> bool:
        return any(item.count for item in self.evidence)

    @property
    def status_label(self) -> str:
        return "Đã có bằng chứng" if self.has_evidence else NONE_YET


@dataclass
class Gap:
    """The gap checklist of one agency: from its edition to the one it moves (or would move) to."""

    source: StandardEdition | None
    target: StandardEdition | None
    rows: list[GapRow]

    @property
    def missing(self) -> int:
        return sum(1 for row in self.rows if not row.has_evidence)


def gap_target(agency: Agency) -> StandardEdition | None:
    """The edition the gap is read against: the running transition's, else the next edition."""
    state = editions.state_of(agency)
    if state.transition is not None and state.transition.to_edition != editions.of(agency):
        return state.transition.to_edition
    return editions.next_edition(editions.of(agency))


def gap_checklist(agency: Agency) -> Gap:
    """The new and changed requirements of the next edition for `agency`, each with its evidence."""
    source, target = editions.of(agency), gap_target(agency)
    if source is None or target is None:
        return Gap(source, target, [])
    rows = []
    for clause in editions.changed_clauses(source=source, target=target):
        changes = [row for row in clause.predecessors.all() if row.source.edition_id == source.pk]
        provider = PROVIDERS.get(clause.evidence)
        rows.append(GapRow(clause, changes, provider(agency) if provider else []))
    return Gap(source, target, rows)
