"""Reading the editions of the standard: which edition an agency applies, where it stands in its
move to the next one, and where a clause of one edition lives in another (bảng tương ứng).

Every page, checklist and document that names the standard asks here, so the edition comes from
data (orgs.StandardEdition), never from code.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from eiso.orgs.models import Agency, Clause, ClauseCorrespondence, EditionTransition, StandardEdition

NOT_STARTED = "not_started"
STATE_LABELS = {
    NOT_STARTED: "Chưa chuyển đổi",
    EditionTransition.Status.IN_PROGRESS: EditionTransition.Status.IN_PROGRESS.label,
    EditionTransition.Status.COMPLETED: EditionTransition.Status.COMPLETED.label,
}


def default_edition() -> StandardEdition | None:
    """The edition a new agency applies (marked in the data), or the oldest known."""
    editions = StandardEdition.objects.order_by("-is_default", "year")
    return editions.first()


def of(agency: Agency | None) -> StandardEdition | None:
    """The edition the agency's QMS applies: its own, else (or with no agency) the default one."""
    if agency is not None and agency.edition_id is not None:
        return agency.edition
    return default_edition()


def citation(agency: Agency | None) -> str:
    """The standard as a document of the agency names it ('Tiêu chuẩn quốc gia TCVN ISO …')."""
    edition = of(agency)
    return edition.citation if edition else "Tiêu chuẩn TCVN ISO 9001"


def name(agency: Agency | None) -> str:
    """The short name of the agency's edition, for headings and labels."""
    edition = of(agency)
    return edition.name if edition else "TCVN ISO 9001"


def next_edition(edition: StandardEdition | None) -> StandardEdition | None:
    if edition is None:
        return None
    return StandardEdition.objects.filter(predecessor=edition).order_by("year").first()


def latest_transition(agency: Agency) -> EditionTransition | None:
    return (
        EditionTransition.objects.filter(agency=agency)
        .select_related("from_edition", "to_edition")
        .order_by("-started_on", "-pk")
        .first()
    )


@dataclass
class TransitionState:
    """Where an agency stands in moving to the newest edition: a state key, its label and the row."""

    state: str
    transition: EditionTransition | None = None

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]


def _state(transition: EditionTransition | None, on: date | None = None) -> TransitionState:
    if transition is None:
        return TransitionState(NOT_STARTED)
    if on is not None and transition.completed_on is not None and transition.completed_on > on:
        return TransitionState(EditionTransition.Status.IN_PROGRESS, transition)
    return TransitionState(transition.status, transition)


def state_of(agency: Agency) -> TransitionState:
    return _state(latest_transition(agency))


def states(agency_ids, *, on: date | None = None) -> dict[int, TransitionState]:
    """The transition state of many agencies in one query (the province's registry and chart), as
    it stood on `on` when given (a report's last day)."""
    latest: dict[int, EditionTransition] = {}
    rows = EditionTransition.objects.filter(agency_id__in=list(agency_ids))
    if on is not None:
        rows = rows.filter(started_on__lte=on)
    rows = rows.select_related("from_edition", "to_edition").order_by("agency_id", "started_on", "pk")
    for row in rows:
        latest[row.agency_id] = row
    return {agency_id: _state(latest.get(agency_id), on) for agency_id in agency_ids}


def state_counts(agency_states: dict[int, TransitionState]) -> dict[str, int]:
    """Agencies per transition state, every state listed (0 included), in the registry's order."""
    counts = dict.fromkeys(STATE_LABELS, 0)
    for state in agency_states.values():
        counts[state.state] += 1
    return {STATE_LABELS[key]: value for key, value in counts.items()}


# --- clauses and the correspondence table -----------------------------------------------------------


def clause(edition: StandardEdition | None, number: str) -> Clause | None:
    """The clause of `edition` a number falls under: itself, or its nearest listed parent (7.1.5 → 7.1)."""
    if edition is None or not number:
        return None
    candidates = {row.number: row for row in Clause.objects.filter(edition=edition)}
    parts = number.strip().split(".")
    while parts:
        found = candidates.get(".".join(parts))
        if found is not None:
            return found
        parts.pop()
    return None


@dataclass
class ClauseMapping:
    """A clause number read in its own edition and, when the agency has moved on or is moving, in the
    newer edition through the correspondence table."""

    edition: StandardEdition | None
    number: str
    clause: Clause | None = None
    target_edition: StandardEdition | None = None
    targets: list[ClauseCorrespondence] = field(default_factory=list)


def mapping(*, number: str, edition: StandardEdition | None, target: StandardEdition | None) -> ClauseMapping:
    """Where `number` of `edition` lives in `target` (none when the editions are the same)."""
    result = ClauseMapping(edition=edition, number=number, clause=clause(edition, number))
    if result.clause is None or target is None or target == edition:
        return result
    result.target_edition = target
    result.targets = list(
        ClauseCorrespondence.objects.filter(source=result.clause, target__edition=target).select_related(
            "target"
        )
    )
    return result


def target_of(agency: Agency) -> StandardEdition | None:
    """The edition the agency's records are read against beside their own: the one it is moving to,
    or the one it now applies."""
    transition = latest_transition(agency)
    if transition is not None and transition.status == EditionTransition.Status.IN_PROGRESS:
        return transition.to_edition
    return of(agency)


def record_mapping(*, agency: Agency, number: str, edition: StandardEdition | None) -> ClauseMapping:
    """A finding's or nonconformity's clause, recorded under `edition` (empty: the agency's)."""
    return mapping(number=number, edition=edition or of(agency), target=target_of(agency))


def changed_clauses(*, source: StandardEdition, target: StandardEdition) -> list[Clause]:
    """The clauses of `target` with new or changed requirements compared with `source`."""
    changed = ClauseCorrespondence.objects.filter(source__edition=source, target__edition=target).filter(
        Q(change=ClauseCorrespondence.Change.CHANGED) | Q(change=ClauseCorrespondence.Change.NEW)
    )
    return list(
        Clause.objects.filter(pk__in=changed.values("target_id"))
        .prefetch_related("predecessors__source")
        .order_by("order")
    )
