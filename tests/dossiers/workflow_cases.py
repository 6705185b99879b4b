"""The dossier workflow for the generic workflow test: an online dossier received now at agency
A's counter, without process steps, brought to the status asked for."""

from datetime import timedelta

from django.utils import timezone

from eiso.dossiers import services
from eiso.dossiers.models import Channel, Status
from tests.dossiers.factories import procedure_for
from tests.workflows import Case


class DossierCase(Case):
    def build(self, status, world):
        agency = world.agency_a
        officer = world.officer_a
        waiting = status == Status.SUPPLEMENT
        dossier = services.dossier_receive(
            agency=agency,
            procedure=procedure_for(agency),
            actor=officer,
            applicant_name="Nguyễn Văn An",
            applicant_phone="0912345678",
            channel=Channel.ONLINE,
            components=[1] if waiting else [1, 2],
            if_incomplete="supplement",
            # Waiting for more than 15 days, so that the closure may be proposed.
            received_at=timezone.now() - timedelta(days=20 if waiting else 0, minutes=5),
        )
        if status in (Status.RESULT_READY, Status.RETURNED):
            services.dossier_result_ready(dossier=dossier, actor=officer)
        if status == Status.RETURNED:
            services.dossier_return(dossier=dossier, actor=officer)
        if status in (Status.REFUSED, Status.STOPPED):
            action = services.dossier_refuse if status == Status.REFUSED else services.dossier_stop
            action(dossier=dossier, reason="Lý do", actor=officer)
        if status == Status.CLOSED:
            dossier = self.build(Status.SUPPLEMENT, world)
            services.dossier_close(dossier=dossier, actor=officer)
        dossier.refresh_from_db()
        assert dossier.status == status, f"cannot build a dossier {status}"
        return dossier

    def input(self, transition, dossier, world):
        if transition.name == "supplement_request":
            return {"items": "Bản sao giấy tờ tùy thân"}
        if transition.name == "extend":
            cal = services.calendar_for(dossier.agency)
            new_day = cal.next_working_day(cal.local(dossier.legal_due).date() + timedelta(days=1))
            return {"new_date": new_day, "reason": "Cần xác minh thêm"}
        if transition.name in ("refuse", "stop", "correct"):
            return {"reason": "Theo đề nghị"}
        return {}


CASES = [DossierCase(services.DOSSIER, api_basename="dossier")]
