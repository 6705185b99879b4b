"""Planning a batch: the contract's rules applied to the whole batch in memory, event after event
in the contract's order (time order, a reception first at equal times; an event kept for a dossier
not yet received applied when its reception arrives), against what the database holds, read up
front in a few queries. The plan says what to write; `writing` writes it in bulk.

The rules are those an event recorded one by one obeys (`events.contract_error`, the same
function): the planner only feeds them the dossier's events from memory. Forms are numbered in the
order the events are applied, as `events.record` would number them one after the other.
"""

from collections import defaultdict, namedtuple
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from eiso.core.errors import DomainError
from eiso.core.permissions import has_role
from eiso.core.roles import INGESTERS
from eiso.dossiers import services
from eiso.dossiers.ingest.validation import Rejected
from eiso.dossiers.models import Dossier, DossierEvent, DossierStep, EventType, PendingEvent
from eiso.dossiers.services.events import contract_error
from eiso.orgs.models import Agency
from eiso.procedures.selectors import competent_pairs

# After every stored row: the rank of a row planned in this batch, so that equal moments keep the
# order in which rows were (or would have been) stored one by one.
PLANNED = 2**62
# What the contract's checks read of a dossier's earlier events (legal due moment standing, one
# extension only).
CHECKED_TYPES = (EventType.RECEIVED, EventType.SUPPLEMENT_COMPLETED, EventType.EXTENDED)
Fact = namedtuple("Fact", "pk type at due")


@dataclass
class Applied:
    """An event the plan appends to a dossier; `index` is its place in the batch (None for an event
    kept from an earlier batch)."""

    seq: int
    event: DossierEvent
    sender: object
    index: int | None
    outside_competence: bool = False


@dataclass
class Dropped:
    """A kept event that its dossier's reception did not apply, and why."""

    seq: int
    dossier: Dossier
    pending: PendingEvent
    reason: str


@dataclass
class Plan:
    accepted: int = 0
    rejected: list[dict] = field(default_factory=list)
    new: list[Dossier] = field(default_factory=list)
    steps: list[DossierStep] = field(default_factory=list)
    applied: list[Applied] = field(default_factory=list)
    kept: list[PendingEvent] = field(default_factory=list)  # still waiting at the end of the batch
    consumed: list[int] = field(default_factory=list)  # stored kept events applied or dropped
    dropped: list[Dropped] = field(default_factory=list)


class Planner:
    """Decides, for a batch of one sender from one source, what each valid event does."""

    def __init__(self, *, source: str, user):
        self.source = source
        self.user = user
        self.plan = Plan()
        self.seq = 0
        self.allowed: dict[tuple[int, int], bool] = {}
        self.agencies: dict[str, Agency | None] = {}  # identifier code -> agency
        self.calendars: dict[int, object] = {}  # province -> calendar
        self.procedures: dict[tuple[int, str], object] = {}
        self.competent: set[tuple[int, int]] = set()  # (agency, procedure) on its competence list
        self.processes: dict[tuple[int, int], object] = {}  # (agency, procedure) -> process version
        self.process_steps: dict[int, list] = defaultdict(list)
        self.dossiers: dict[str, Dossier] = {}  # code -> stored (locked) or planned dossier
        self.history: dict[str, list] = defaultdict(list)  # code -> Facts the contract reads
        self.step_keys: dict[str, dict[str, int]] = {}
        self.kept: dict[str, list] = defaultdict(list)  # code -> (at, rank, PendingEvent)
        self.stored_pending: int | None = None
        self.pending_change = 0  # kept minus applied or dropped in this batch, for this sender

    # -- who may send what ------------------------------------------------------------------------

    def may_ingest(self, agency, user=None) -> bool:
        user = user or self.user
        key = (user.pk, agency.pk)
        if key not in self.allowed:
            self.allowed[key] = has_role(user, agency, *INGESTERS)
        return self.allowed[key]

    def load_agencies(self, codes) -> None:
        identifiers = {services.parse_code(code)[0] for code in codes} - set(self.agencies)
        found = {a.identifier_code: a for a in Agency.objects.filter(identifier_code__in=identifiers)}
        self.agencies.update({identifier: found.get(identifier) for identifier in identifiers})

    def agency_of_code(self, code: str) -> Agency:
        """The agency the code's identifier names, if the sender may ingest for it."""
        identifier, day, _ = services.parse_code(code)
        if day is None:
            raise Rejected("Mã hồ sơ phải có dạng <mã định danh cơ quan>-YYMMDD-<số thứ tự>.")
        if identifier not in self.agencies:
            self.load_agencies([code])
        agency = self.agencies[identifier]
        if agency is None or not self.may_ingest(agency):
            raise Rejected(
                f"Tài khoản không được gửi dữ liệu cho cơ quan mang mã định danh {identifier[:60]} "
                "(phần đầu của mã hồ sơ)."
            )
        return agency

    def known_ids(self, event_ids: list[str]) -> set[tuple[int, str]]:
        """(agency, id) of the events of this source already stored or kept: an id is unique within
        its source for one agency, so nobody sending for another agency can take it."""
        stored = DossierEvent.objects.filter(source=self.source, source_id__in=event_ids).order_by()
        waiting = PendingEvent.objects.filter(source=self.source, source_id__in=event_ids).order_by()
        return set(
            stored.values_list("agency_id", "source_id").union(waiting.values_list("agency_id", "source_id"))
        )

    # -- what the database holds, read once -------------------------------------------------------

    def calendar(self, agency):
        if agency.province_id not in self.calendars:
            self.calendars[agency.province_id] = services.calendar_for(agency)
        return self.calendars[agency.province_id]

    def prepare(self, valid: list[tuple[int, dict]]) -> None:
        """Lock the batch's stored dossiers and read, in a few queries, what the rules will ask."""
        codes = {clean["dossier"] for _, clean in valid}
        stored = (
            Dossier.objects.select_for_update(of=("self",))
            .select_related("agency", "procedure_version")
            .filter(code__in=codes)
            .order_by("pk")
        )
        self.dossiers = {dossier.code: dossier for dossier in stored}
        receptions = [clean for _, clean in valid if clean["type"] == EventType.RECEIVED]
        wanted = Q()
        for clean in receptions:
            agency = self.agencies[services.parse_code(clean["dossier"])[0]]
            wanted |= Q(province_id=agency.province_id, code=clean["procedure"])
        if receptions:
            self.prepare_receptions(receptions, wanted)
        extended = {c["dossier"] for _, c in valid if c["type"] == EventType.EXTENDED} & set(self.dossiers)
        if extended:
            by_pk = {self.dossiers[code].pk: code for code in extended}
            facts = DossierEvent.objects.filter(dossier_id__in=by_pk, type__in=CHECKED_TYPES)
            for row in facts.values_list("dossier_id", "pk", "type", "at", "due"):
                self.history[by_pk[row[0]]].append(Fact(*row[1:]))

    def prepare_receptions(self, receptions: list[dict], wanted: Q) -> None:
        """The procedures the receptions name, whether each is on its agency's competence list, the
        agency's process for it and its steps, and the events kept for the dossiers."""
        from eiso.procedures.models import Procedure, ProcessStep

        found = Procedure.objects.filter(wanted, current_version__isnull=False).select_related(
            "current_version"
        )
        self.procedures = {(procedure.province_id, procedure.code): procedure for procedure in found}
        pairs = set()
        for clean in receptions:
            agency = self.agencies[services.parse_code(clean["dossier"])[0]]
            procedure = self.procedures.get((agency.province_id, clean["procedure"]))
            if procedure is not None:
                pairs.add((agency.pk, procedure.pk))
        self.competent = competent_pairs(pairs)
        processes = services.processes_for(pairs)
        self.processes = {pair: process.document.current_version for pair, process in processes.items()}
        versions = {version.pk for version in self.processes.values()}
        for step in ProcessStep.objects.filter(version_id__in=versions).order_by("version_id", "order"):
            self.process_steps[step.version_id].append(step)
        kept = PendingEvent.objects.filter(dossier_code__in={c["dossier"] for c in receptions})
        for pending in kept.select_related("sender"):
            self.kept[pending.dossier_code].append((pending.at, pending.pk, pending))

    def pending_of_sender(self) -> int:
        """How many events the sender has waiting, stored or planned (counted once, when needed)."""
        if self.stored_pending is None:
            self.stored_pending = PendingEvent.objects.filter(sender=self.user).count()
        return self.stored_pending + self.pending_change

    # -- applying, in memory ----------------------------------------------------------------------

    def run(self, valid: list[tuple[int, dict]]) -> Plan:
        """The plan for the valid events, sorted in the contract's order."""
        self.prepare(valid)
        for index, clean in valid:
            try:
                self.apply(index, clean)
            except Rejected as error:
                self.plan.rejected.append({"index": index, "id": clean["id"], "reason": str(error)})
                continue
            self.plan.accepted += 1
        return self.plan

    def apply(self, index: int, clean: dict) -> None:
        agency = self.agency_of_code(clean["dossier"])
        if clean["type"] == EventType.RECEIVED:
            self.receive(index, clean, agency)
            return
        dossier = self.dossiers.get(clean["dossier"])
        if dossier is None:
            self.keep(clean, agency)
            return
        self.add(dossier, clean, source=self.source, sender=self.user, index=index)

    def keep(self, clean: dict, agency: Agency) -> None:
        """Keep an event until its dossier is received, within the sender's quota."""
        quota = settings.EISO_INGEST_PENDING_PER_SENDER
        if self.pending_of_sender() >= quota:
            raise Rejected(
                f"Tài khoản đã có {quota} sự kiện chờ hồ sơ chưa được tiếp nhận (mức tối đa): "
                "hãy gửi sự kiện tiếp nhận của các hồ sơ đó trước."
            )
        payload = {key: value for key, value in clean.items() if key != "agency_id"}
        pending = PendingEvent(
            agency=agency,
            source=self.source,
            source_id=clean["id"],
            sender=self.user,
            dossier_code=clean["dossier"],
            at=clean["at"],
            payload={
                **payload,
                "at": clean["at"].isoformat(),
                **({"due": clean["due"].isoformat()} if "due" in clean else {}),
            },
        )
        self.seq += 1
        self.kept[clean["dossier"]].append((clean["at"], PLANNED + self.seq, pending))
        self.plan.kept.append(pending)
        self.pending_change += 1

    def add(self, dossier: Dossier, clean: dict, *, source: str, sender, index: int | None) -> None:
        """Append one event to the dossier, after the contract's checks on its events so far."""
        kind = clean["type"]
        step_order = None
        if kind in (EventType.STEP_STARTED, EventType.STEP_FINISHED):
            step_order = self.step_order(dossier, clean["step"])
        try:
            reason = contract_error(
                dossier,
                kind,
                clean["at"],
                clean.get("due"),
                events=self.history[dossier.code],
                cal=self.calendar(dossier.agency),
            )
        except DomainError as error:
            raise Rejected(error.message) from None
        if reason:
            raise Rejected(reason)
        self.seq += 1
        event = DossierEvent(
            agency=dossier.agency,
            dossier=dossier,
            type=kind,
            at=clean["at"],
            source=source,
            source_id=clean["id"],
            step_order=step_order,
            due=clean.get("due"),
            reason=clean.get("reason", ""),
            actor_name=clean.get("actor", ""),
            data=_event_data(clean),
        )
        if kind in CHECKED_TYPES:
            self.history[dossier.code].append(Fact(PLANNED + self.seq, kind, event.at, event.due))
        outside = bool(clean.get("outside_competence"))
        self.plan.applied.append(Applied(self.seq, event, sender, index, outside))

    def step_order(self, dossier: Dossier, step) -> int:
        if isinstance(step, int):
            return step
        if dossier.code not in self.step_keys:
            rows = DossierStep.objects.filter(dossier=dossier).exclude(key="").order_by("-order")
            self.step_keys[dossier.code] = dict(rows.values_list("key", "order"))
        order = self.step_keys[dossier.code].get(step)
        if order is None:
            raise Rejected(f"Không tìm thấy bước '{step[:40]}' trong quy trình của hồ sơ.")
        return order

    def receive(self, index: int, clean: dict, agency: Agency) -> None:
        if clean["agency"] != agency.identifier_code:
            raise Rejected("Mã hồ sơ phải bắt đầu bằng mã định danh của cơ quan tiếp nhận.")
        procedure = self.procedures.get((agency.province_id, clean["procedure"]))
        if procedure is None:
            raise Rejected(f"Không có thủ tục mã {clean['procedure'][:40]} trong danh mục của tỉnh.")
        if clean["dossier"] in self.dossiers:
            raise Rejected("Hồ sơ này đã được tiếp nhận (trùng sự kiện tiếp nhận).")
        # The province's system is the record of what happened: a dossier of a procedure outside the
        # agency's competence list is still taken in (refusing it would lose a real dossier from the
        # counts), but flagged on its reception event and in the audit trail for the secretary.
        key = (agency.pk, procedure.pk)
        if key not in self.competent:
            clean = {**clean, "outside_competence": True}
        applicant = clean.get("applicant", {})
        dossier = services.new_dossier(
            agency=agency,
            procedure=procedure,
            code=clean["dossier"],
            received_at=clean["at"],
            channel=clean["channel"],
            process_version=self.processes.get(key),
            cal=self.calendar(agency),
            source=self.source,
            applicant_name=applicant.get("name", "").strip() or "(không rõ)",
            applicant_phone=applicant.get("phone", ""),
            applicant_address=applicant.get("address", ""),
            applicant_email=applicant.get("email", ""),
        )
        self.add(dossier, clean, source=self.source, sender=self.user, index=index)
        version = self.processes.get(key)
        steps = services.step_rows(dossier, self.process_steps[version.pk] if version else [])
        self.dossiers[dossier.code] = dossier
        self.plan.new.append(dossier)
        self.plan.steps += steps
        # The first step of a key wins, as a lookup by key in the stored steps would find it.
        self.step_keys[dossier.code] = {s.key: s.order for s in reversed(steps) if s.key}
        self.apply_kept(dossier)

    def apply_kept(self, dossier: Dossier) -> None:
        """The events kept for this code, each applied if its sender may ingest for the dossier's
        agency; the others are dropped without touching it (their sender learns it from the
        audit trail, where the drop is recorded)."""
        now = timezone.now()
        for _, _, pending in sorted(self.kept.pop(dossier.code, []), key=lambda item: item[:2]):
            payload = dict(pending.payload)
            payload["at"] = datetime.fromisoformat(payload["at"])
            if payload.get("due"):
                payload["due"] = datetime.fromisoformat(payload["due"])
            sender = pending.sender
            try:
                if pending.pk is not None and pending.is_expired(now):
                    raise Rejected(
                        "Sự kiện đã chờ quá lâu mà hồ sơ chưa được tiếp nhận nên không được áp dụng."
                    )
                if sender is None or not self.may_ingest(dossier.agency, sender):
                    raise Rejected("Tài khoản gửi sự kiện không được gửi dữ liệu cho cơ quan của hồ sơ này.")
                self.add(dossier, payload, source=pending.source, sender=sender, index=None)
            except Rejected as error:
                self.seq += 1
                self.plan.dropped.append(Dropped(self.seq, dossier, pending, str(error)))
            if pending.pk is None:
                self.plan.kept.remove(pending)
            else:
                self.plan.consumed.append(pending.pk)
            if pending.sender_id == self.user.pk:
                self.pending_change -= 1


def _event_data(clean: dict) -> dict:
    """What an ingested event keeps beside its columns: the unit named, and the flag of a reception
    outside the agency's competence list."""
    data = {}
    if clean.get("unit"):
        data["unit"] = clean["unit"]
    if clean.get("outside_competence"):
        data["outside_competence"] = True
    return data
