"""Event-by-event application of ingested events: the oracle the set-based ingest is compared with
(tests/dossiers/test_ingest_set_based.py). Each event goes, one at a time, in its own savepoint,
through the counter's own path (`services.create_dossier`, `services.events.record`, which checks
the contract and numbers the forms), in the contract's order; a kept event is applied when its
dossier's reception arrives; every dossier touched is replayed with `services.rebuild`. It is what
ingest did before it became set-based, without the audit trail (whose shape differs by design)."""

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from eiso.core.errors import DomainError
from eiso.core.permissions import has_role
from eiso.core.roles import INGESTERS
from eiso.dossiers import services
from eiso.dossiers.ingest import Rejected, validate
from eiso.dossiers.ingest.planning import _event_data
from eiso.dossiers.models import Dossier, DossierEvent, DossierStep, EventType, PendingEvent
from eiso.dossiers.services import events as dossier_events
from eiso.orgs.models import Agency
from eiso.procedures.models import Procedure
from eiso.procedures.selectors import is_competent


class OneByOne:
    def __init__(self, *, source: str, user):
        self.source, self.user = source, user
        self.touched: dict[str, Dossier] = {}

    def agency_of_code(self, code: str) -> Agency:
        identifier, day, _ = services.parse_code(code)
        if day is None:
            raise Rejected("Mã hồ sơ phải có dạng <mã định danh cơ quan>-YYMMDD-<số thứ tự>.")
        agency = Agency.objects.filter(identifier_code=identifier).first()
        if agency is None or not has_role(self.user, agency, *INGESTERS):
            raise Rejected(
                f"Tài khoản không được gửi dữ liệu cho cơ quan mang mã định danh {identifier[:60]} "
                "(phần đầu của mã hồ sơ)."
            )
        return agency

    def run(self, events: list) -> dict:
        accepted, duplicates, rejected, checked = 0, [], [], []
        for index, raw in enumerate(events):
            try:
                clean = validate(raw)
                clean["agency_id"] = self.agency_of_code(clean["dossier"]).pk
                checked.append((index, clean))
            except Rejected as error:
                event_id = raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), str) else None
                rejected.append({"index": index, "id": event_id, "reason": str(error)})
        known = set()
        for model in (DossierEvent, PendingEvent):
            rows = model.objects.filter(source=self.source, source_id__in=[c["id"] for _, c in checked])
            known |= set(rows.values_list("agency_id", "source_id"))
        valid = []
        for index, clean in checked:
            if (clean["agency_id"], clean["id"]) in known:
                duplicates.append(clean["id"])
                continue
            known.add((clean["agency_id"], clean["id"]))
            valid.append((index, clean))
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
                services.rebuild(dossier)
        rejected.sort(key=lambda row: row["index"])
        return {"accepted": accepted, "duplicates": duplicates, "rejected": rejected}

    def apply(self, clean: dict) -> None:
        agency = self.agency_of_code(clean["dossier"])
        if clean["type"] == EventType.RECEIVED:
            self.receive(clean, agency)
            return
        dossier = Dossier.objects.filter(code=clean["dossier"]).first()
        if dossier is None:
            quota = settings.EISO_INGEST_PENDING_PER_SENDER
            if PendingEvent.objects.filter(sender=self.user).count() >= quota:
                raise Rejected(
                    f"Tài khoản đã có {quota} sự kiện chờ hồ sơ chưa được tiếp nhận (mức tối đa): "
                    "hãy gửi sự kiện tiếp nhận của các hồ sơ đó trước."
                )
            payload = {k: v for k, v in clean.items() if k != "agency_id"}
            payload["at"] = clean["at"].isoformat()
            if "due" in clean:
                payload["due"] = clean["due"].isoformat()
            PendingEvent.objects.create(
                agency=agency,
                source=self.source,
                source_id=clean["id"],
                sender=self.user,
                dossier_code=clean["dossier"],
                at=clean["at"],
                payload=payload,
            )
            return
        self.add(dossier, clean, source=self.source)

    def add(self, dossier: Dossier, clean: dict, *, source: str) -> None:
        step_order = None
        if clean["type"] in (EventType.STEP_STARTED, EventType.STEP_FINISHED):
            step_order = clean["step"]
            if isinstance(step_order, str):
                found = DossierStep.objects.filter(dossier=dossier, key=step_order)
                step_order = found.values_list("order", flat=True).first()
                if step_order is None:
                    raise Rejected(f"Không tìm thấy bước '{clean['step'][:40]}' trong quy trình của hồ sơ.")
        try:
            dossier_events.record(
                dossier,
                clean["type"],
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
        self.touched[dossier.code] = dossier

    def receive(self, clean: dict, agency: Agency) -> None:
        if clean["agency"] != agency.identifier_code:
            raise Rejected("Mã hồ sơ phải bắt đầu bằng mã định danh của cơ quan tiếp nhận.")
        procedure = Procedure.objects.filter(
            province_id=agency.province_id, code=clean["procedure"], current_version__isnull=False
        ).first()
        if procedure is None:
            raise Rejected(f"Không có thủ tục mã {clean['procedure'][:40]} trong danh mục của tỉnh.")
        if Dossier.objects.filter(code=clean["dossier"]).exists():
            raise Rejected("Hồ sơ này đã được tiếp nhận (trùng sự kiện tiếp nhận).")
        if not is_competent(agency, procedure):
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
        )
        self.add(dossier, clean, source=self.source)
        for pending in PendingEvent.objects.filter(dossier_code=dossier.code).order_by("at", "pk"):
            payload = dict(pending.payload)
            payload["at"] = datetime.fromisoformat(payload["at"])
            if payload.get("due"):
                payload["due"] = datetime.fromisoformat(payload["due"])
            try:
                if pending.is_expired(timezone.now()) or not has_role(pending.sender, agency, *INGESTERS):
                    raise Rejected("dropped")
                with transaction.atomic():
                    self.add(dossier, payload, source=pending.source)
            except Rejected:
                pass
            pending.delete()
