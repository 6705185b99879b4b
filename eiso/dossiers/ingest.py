"""Ingest of dossier events from a province's TTHC information system
(POST /api/v1/dossier-events/bulk, the integration contract, version 2).

Each event is validated on its own; a valid one is applied inside its own savepoint, so an event
is stored whole or not at all, and a rejected one never stops the others. Events are applied in
`at` order; an event for a dossier not yet received waits as a PendingEvent and is applied when
the `received` event arrives. Applying an event is appending a DossierEvent through the same
`events.record` as counter work (with the contract's rules), writing one audit-trail entry named
after the dossier workflow's transition for that event, with its source and sender; every
dossier the batch touched is then replayed once (services.rebuild).

Tenancy: the agency part of a dossier code (before `-YYMMDD-`) must be an agency the sender may
ingest for, checked on arrival, so nobody stores events for another agency's codes; a `received`
event must name that same agency; a kept event is applied only if its sender may ingest for the
agency of the dossier that arrives, and is otherwise rejected without touching it.

Set-wise where it costs nothing in clarity: duplicates are found with one query per table for
the whole batch, each dossier is locked and fetched once, each province's calendar built once.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from eiso.core import audit
from eiso.core.errors import DomainError
from eiso.core.permissions import has_role
from eiso.core.query import parse_int
from eiso.core.roles import INGESTERS
from eiso.dossiers import services
from eiso.dossiers.models import Channel, Dossier, DossierEvent, DossierStep, EventType, PendingEvent
from eiso.dossiers.services import events as dossier_events
from eiso.orgs.models import Agency
from eiso.procedures.selectors import is_competent

MAX_EVENTS = 1000
# Audit-trail actions of the events that are not transitions of the counter's workflow.
OTHER_ACTIONS = {
    EventType.RECEIVED: "receive",
    EventType.STEP_STARTED: "step_start",
    EventType.STEP_FINISHED: "step_finish",
}

COMMON = {"id", "type", "at", "dossier"}
EXTRA = {
    EventType.RECEIVED: {"agency", "procedure", "channel", "due", "applicant"},
    EventType.STEP_STARTED: {"step", "unit", "actor"},
    EventType.STEP_FINISHED: {"step", "unit", "actor"},
    EventType.SUPPLEMENT_REQUESTED: {"reason"},
    EventType.SUPPLEMENT_COMPLETED: {"due"},
    EventType.EXTENDED: {"due", "reason"},
    EventType.REFUSED: {"reason"},
    EventType.STOPPED: {"reason"},
    EventType.CLOSED: {"reason"},
    EventType.RESULT_READY: set(),
    EventType.RETURNED: set(),
}
REQUIRED = {
    EventType.RECEIVED: {"agency", "procedure", "channel"},
    EventType.STEP_STARTED: {"step"},
    EventType.STEP_FINISHED: {"step"},
    EventType.EXTENDED: {"due", "reason"},
    EventType.REFUSED: {"reason"},
}
APPLICANT_FIELDS = {"name", "phone", "address", "email"}


class Rejected(Exception):
    pass


def _moment(value, name: str) -> datetime:
    if not isinstance(value, str):
        raise Rejected(f"Trường '{name}' phải là thời điểm ISO 8601 có múi giờ.")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise Rejected(f"Trường '{name}' không phải thời điểm hợp lệ: {value[:40]}.") from None
    if moment.tzinfo is None:
        raise Rejected(f"Trường '{name}' thiếu múi giờ (ví dụ +07:00).")
    return moment


def _text(event: dict, name: str, limit: int) -> str:
    value = event.get(name, "")
    if not isinstance(value, str) or len(value) > limit:
        raise Rejected(f"Trường '{name}' phải là chuỗi tối đa {limit} ký tự.")
    return value.strip()


def validate(event) -> dict:
    """The cleaned event, or Rejected with a Vietnamese reason. Checks the shape only."""
    if not isinstance(event, dict):
        raise Rejected("Sự kiện phải là một đối tượng JSON.")
    kind = event.get("type")
    if kind not in EXTRA:
        raise Rejected(f"Loại sự kiện không hợp lệ: {str(kind)[:40]}.")
    unknown = set(event) - COMMON - EXTRA[kind]
    if unknown:
        raise Rejected("Trường không được hỗ trợ: " + ", ".join(sorted(str(k) for k in unknown)) + ".")
    missing = (COMMON | REQUIRED.get(kind, set())) - {k for k, v in event.items() if v not in (None, "")}
    if missing:
        raise Rejected("Thiếu trường bắt buộc: " + ", ".join(sorted(missing)) + ".")
    clean = {
        "id": _text(event, "id", 100),
        "type": kind,
        "at": _moment(event["at"], "at"),
        "dossier": _text(event, "dossier", 80),
    }
    if not clean["id"] or not clean["dossier"]:
        raise Rejected("Thiếu trường bắt buộc: id, dossier.")
    if "due" in event and event["due"] is not None:
        clean["due"] = _moment(event["due"], "due")
    for name in ("reason", "agency", "procedure", "channel", "unit", "actor"):
        if name in event:
            clean[name] = _text(event, name, 2000 if name == "reason" else 200)
    if kind == EventType.RECEIVED:
        if clean["channel"] not in Channel.values:
            raise Rejected("Kênh nộp phải là direct, online hoặc post.")
        applicant = event.get("applicant") or {}
        if not isinstance(applicant, dict) or set(applicant) - APPLICANT_FIELDS:
            raise Rejected("Trường 'applicant' chỉ gồm name, phone, address, email.")
        if any(not isinstance(v, str) or len(v) > 200 for v in applicant.values()):
            raise Rejected("Thông tin người nộp phải là chuỗi tối đa 200 ký tự.")
        clean["applicant"] = applicant
    if kind in (EventType.STEP_STARTED, EventType.STEP_FINISHED):
        step = event["step"]
        if isinstance(step, bool) or not isinstance(step, int | str) or (isinstance(step, int) and step < 1):
            raise Rejected("Trường 'step' phải là số thứ tự (từ 1) hoặc mã bước.")
        clean["step"] = step
    if kind == EventType.EXTENDED and clean["due"] <= clean["at"]:
        raise Rejected("Hạn mới của gia hạn phải sau thời điểm gia hạn.")
    return clean


class Ingest:
    def __init__(self, *, source: str, user):
        self.source = source
        self.user = user
        self.allowed: dict[tuple[int, int], bool] = {}
        self.agencies: dict[str, Agency | None] = {}  # identifier code -> agency
        self.dossiers: dict[str, Dossier | None] = {}  # code -> locked row, for this batch
        self.touched: dict[str, Dossier] = {}  # dossiers to replay at the end of the batch
        self.calendars: dict[int, object] = {}
        self.competent: dict[tuple[int, int], bool] = {}  # (agency, procedure) -> on its list

    def may_ingest(self, agency, user=None) -> bool:
        user = user or self.user
        key = (user.pk, agency.pk)
        if key not in self.allowed:
            self.allowed[key] = has_role(user, agency, *INGESTERS)
        return self.allowed[key]

    def agency_of_code(self, code: str) -> Agency:
        """The agency the code's identifier names, if the sender may ingest for it."""
        identifier, day, _ = services.parse_code(code)
        if day is None:
            raise Rejected("Mã hồ sơ phải có dạng <mã định danh cơ quan>-YYMMDD-<số thứ tự>.")
        if identifier not in self.agencies:
            self.agencies[identifier] = Agency.objects.filter(identifier_code=identifier).first()
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
        stored = DossierEvent.objects.filter(source=self.source, source_id__in=event_ids)
        waiting = PendingEvent.objects.filter(source=self.source, source_id__in=event_ids)
        return {
            *stored.values_list("agency_id", "source_id"),
            *waiting.values_list("agency_id", "source_id"),
        }

    def run(self, events: list) -> dict:
        accepted, duplicates, rejected = 0, [], []
        checked = []
        for index, raw in enumerate(events):
            try:
                clean = validate(raw)
                clean["agency_id"] = self.agency_of_code(clean["dossier"]).pk
                checked.append((index, clean))
            except Rejected as error:
                event_id = raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), str) else None
                rejected.append({"index": index, "id": event_id, "reason": str(error)})
        known = self.known_ids([clean["id"] for _, clean in checked])
        valid = []
        for index, clean in checked:
            key = (clean["agency_id"], clean["id"])
            if key in known:
                duplicates.append(clean["id"])
                continue
            known.add(key)
            valid.append((index, clean))
        # Time order; at equal times a reception goes first.
        valid.sort(key=lambda item: (item[1]["at"], item[1]["type"] != EventType.RECEIVED, item[0]))
        with transaction.atomic():
            for index, clean in valid:
                try:
                    with transaction.atomic():
                        self.apply(clean)
                except Rejected as error:
                    rejected.append({"index": index, "id": clean["id"], "reason": str(error)})
                    continue
                accepted += 1
            for dossier in self.touched.values():
                services.rebuild(dossier, self.calendar(dossier.agency))
        self.touched.clear()
        self.dossiers.clear()
        rejected.sort(key=lambda row: row["index"])
        return {"accepted": accepted, "duplicates": duplicates, "rejected": rejected}

    def calendar(self, agency):
        if agency.province_id not in self.calendars:
            self.calendars[agency.province_id] = services.calendar_for(agency)
        return self.calendars[agency.province_id]

    def locked_dossier(self, code: str) -> Dossier | None:
        """The dossier, locked for the rest of the batch; fetched once however many events name it."""
        if code not in self.dossiers:
            self.dossiers[code] = (
                Dossier.objects.select_for_update(of=("self",))
                .select_related("agency", "procedure_version")
                .filter(code=code)
                .first()
            )
        return self.dossiers[code]

    # -- applying ---------------------------------------------------------------------------

    def apply(self, clean: dict) -> None:
        agency = self.agency_of_code(clean["dossier"])
        if clean["type"] == EventType.RECEIVED:
            self.receive(clean, agency)
            return
        dossier = self.locked_dossier(clean["dossier"])
        if dossier is None:
            self.keep(clean, agency)
            return
        self.add(dossier, clean, source=self.source, sender=self.user)
        self.touched[dossier.code] = dossier

    def keep(self, clean: dict, agency: Agency) -> None:
        """Keep an event until its dossier is received, within the sender's quota."""
        quota = settings.EISO_INGEST_PENDING_PER_SENDER
        if PendingEvent.objects.filter(sender=self.user).count() >= quota:
            raise Rejected(
                f"Tài khoản đã có {quota} sự kiện chờ hồ sơ chưa được tiếp nhận (mức tối đa): "
                "hãy gửi sự kiện tiếp nhận của các hồ sơ đó trước."
            )
        payload = {key: value for key, value in clean.items() if key != "agency_id"}
        PendingEvent.objects.create(
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

    def add(self, dossier: Dossier, clean: dict, *, source: str, sender) -> None:
        kind = clean["type"]
        step_order = None
        if kind in (EventType.STEP_STARTED, EventType.STEP_FINISHED):
            step_order = self.step_order(dossier, clean["step"])
        try:
            dossier_events.record(
                dossier,
                kind,
                at=clean["at"],
                source=source,
                source_id=clean["id"],
                step_order=step_order,
                due=clean.get("due"),
                reason=clean.get("reason", ""),
                actor_name=clean.get("actor", ""),
                data=_event_data(clean),
            )
        except DomainError as error:
            raise Rejected(error.message) from None
        transition = services.DOSSIER.for_event(kind)
        audit.record(
            actor=sender,
            action=f"dossier.{transition.name if transition else OTHER_ACTIONS[kind]}",
            target=dossier,
            changes={
                "event": [None, kind],
                "at": [None, clean["at"].isoformat()],
                "source": [None, source],
                "event_id": [None, clean["id"]],
                **({"outside_competence": [None, True]} if clean.get("outside_competence") else {}),
            },
        )

    def step_order(self, dossier: Dossier, step) -> int:
        if isinstance(step, int):
            return step
        if (order := parse_int(step)) is not None:
            return order
        order = DossierStep.objects.filter(dossier=dossier, key=step).values_list("order", flat=True).first()
        if order is None:
            raise Rejected(f"Không tìm thấy bước '{step[:40]}' trong quy trình của hồ sơ.")
        return order

    def receive(self, clean: dict, agency: Agency) -> None:
        from eiso.procedures.models import Procedure

        if clean["agency"] != agency.identifier_code:
            raise Rejected("Mã hồ sơ phải bắt đầu bằng mã định danh của cơ quan tiếp nhận.")
        procedure = (
            Procedure.objects.filter(
                province_id=agency.province_id, code=clean["procedure"], current_version__isnull=False
            )
            .select_related("current_version")
            .first()
        )
        if procedure is None:
            raise Rejected(f"Không có thủ tục mã {clean['procedure'][:40]} trong danh mục của tỉnh.")
        if Dossier.objects.filter(code=clean["dossier"]).exists():
            raise Rejected("Hồ sơ này đã được tiếp nhận (trùng sự kiện tiếp nhận).")
        # The province's system is the record of what happened: a dossier of a procedure outside the
        # agency's competence list is still taken in (refusing it would lose a real dossier from the
        # counts), but flagged on its reception event and in the audit trail for the secretary.
        key = (agency.pk, procedure.pk)
        if key not in self.competent:
            self.competent[key] = is_competent(agency, procedure)
        if not self.competent[key]:
            clean = {**clean, "outside_competence": True}
        applicant = clean.get("applicant", {})
        dossier = services.create_dossier(
            agency=agency,
            procedure=procedure,
            code=clean["dossier"],
            received_at=clean["at"],
            channel=clean["channel"],
            source=self.source,
            applicant_name=applicant.get("name", "").strip() or "(không rõ)",
            applicant_phone=applicant.get("phone", ""),
            applicant_address=applicant.get("address", ""),
            applicant_email=applicant.get("email", ""),
        )
        self.add(dossier, clean, source=self.source, sender=self.user)
        self.dossiers[dossier.code] = dossier
        self.touched[dossier.code] = dossier
        self.apply_kept(dossier)

    def apply_kept(self, dossier: Dossier) -> None:
        """The events kept for this code, each applied if its sender may ingest for the dossier's
        agency; the others are dropped without touching it (their sender learns it from the
        audit trail, where the drop is recorded)."""
        kept = PendingEvent.objects.filter(dossier_code=dossier.code).select_related("sender")
        for pending in kept.order_by("at", "pk"):
            payload = dict(pending.payload)
            payload["at"] = datetime.fromisoformat(payload["at"])
            if payload.get("due"):
                payload["due"] = datetime.fromisoformat(payload["due"])
            sender = pending.sender
            try:
                if pending.is_expired(timezone.now()):
                    raise Rejected(
                        "Sự kiện đã chờ quá lâu mà hồ sơ chưa được tiếp nhận nên không được áp dụng."
                    )
                if sender is None or not self.may_ingest(dossier.agency, sender):
                    raise Rejected("Tài khoản gửi sự kiện không được gửi dữ liệu cho cơ quan của hồ sơ này.")
                with transaction.atomic():
                    self.add(dossier, payload, source=pending.source, sender=sender)
            except Rejected as error:
                audit.record(
                    actor=sender,
                    action="dossier.ingest_drop",
                    agency=dossier.agency,
                    changes={
                        "dossier": [None, dossier.code],
                        "event_id": [None, pending.source_id],
                        "source": [None, pending.source],
                        "reason": [None, str(error)],
                    },
                )
            pending.delete()


def _event_data(clean: dict) -> dict:
    """What an ingested event keeps beside its columns: the unit named, and the flag of a reception
    outside the agency's competence list."""
    data = {}
    if clean.get("unit"):
        data["unit"] = clean["unit"]
    if clean.get("outside_competence"):
        data["outside_competence"] = True
    return data


def expire_pending_events(*, now) -> int:
    """Drop the kept events whose dossier never arrived in time, each recorded in the audit trail
    of the agency its code names (who sent it, from which source)."""
    cutoff = now - timedelta(days=settings.EISO_INGEST_PENDING_DAYS)
    expired = list(PendingEvent.objects.filter(created_at__lte=cutoff).select_related("agency", "sender"))
    with transaction.atomic():
        for pending in expired:
            audit.record(
                actor=pending.sender,
                action="dossier.ingest_expire",
                agency=pending.agency,
                changes={
                    "dossier": [pending.dossier_code, None],
                    "event_id": [pending.source_id, None],
                    "source": [pending.source, None],
                },
            )
        PendingEvent.objects.filter(pk__in=[pending.pk for pending in expired]).delete()
    return len(expired)
