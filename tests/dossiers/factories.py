"""Factories and builders of the dossiers app: a procedure of the agency's province with
components, and a published process with steps for the agency."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from eiso.accounts.models import Role
from eiso.dossiers import services as dossiers_services
from eiso.dossiers.models import Channel, Dossier, Status
from eiso.procedures.models import Competence, ProcessStep
from tests.documents.factories import DocumentFactory, published_version
from tests.factories import MembershipFactory
from tests.procedures.factories import (
    CompetenceFactory,
    ProcedureComponentFactory,
    ProcedureFactory,
    ProcessFactory,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(year, month, day, hour=9, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VN)


def procedure_for(agency, *, amount="3", unit="working_days", components=2, code=None, cutoff=None):
    """A procedure of the agency's province, on the agency's competence list (so its counter may
    receive it), with `components` required papers."""
    kwargs = {
        "province": agency.province,
        "current__processing_time_amount": Decimal(amount),
        "current__processing_time_unit": unit,
        "current__cutoff": cutoff,
    }
    if code:
        kwargs["code"] = code
    procedure = ProcedureFactory(**kwargs)
    for order in range(1, components + 1):
        ProcedureComponentFactory(version=procedure.current_version, order=order, name=f"Giấy tờ {order}")
    CompetenceFactory(agency=agency, procedure=procedure)
    return procedure


def process_for(agency, procedure, steps):
    """A published process of `agency` for `procedure`; `steps` is a list of
    (name, hours, unit or None, other_agency or None)."""
    process = ProcessFactory(agency=agency, document=DocumentFactory(agency=agency), draft=False)
    version = published_version(process.document)
    for order, (name, hours, unit, other) in enumerate(steps, start=1):
        ProcessStep.objects.create(
            agency=agency,
            version=version,
            order=order,
            key=f"s{order}",
            name=name,
            unit=unit,
            other_agency=other,
            role="Công chức",
            duration_amount=Decimal(str(hours)),
            duration_unit=ProcessStep.DurationUnit.WORKING_HOURS,
        )
    process.procedures.add(procedure)
    return process


class OneStopCounter:
    """Receives dossiers of any agency of the province at its one-stop counter, one procedure of
    3 working days, and returns their results when `ended` is given."""

    def __init__(self, agency):
        self.procedure = procedure_for(agency, code="1.001193")
        self.officers = {}

    def officer(self, agency):
        if agency.pk not in self.officers:
            if not Competence.objects.filter(agency=agency, procedure=self.procedure).exists():
                CompetenceFactory(agency=agency, procedure=self.procedure)
            self.officers[agency.pk] = MembershipFactory(
                agency=agency, role=Role.ONE_STOP_OFFICER, user__username=f"officer_{agency.pk}"
            ).user
        return self.officers[agency.pk]

    def dossier(self, agency, received, ended=None):
        officer = self.officer(agency)
        dossier = dossiers_services.dossier_receive(
            agency=agency,
            procedure=self.procedure,
            actor=officer,
            received_at=received,
            applicant_name="Lê Văn Cường",
            applicant_phone="0987654321",
            channel=Channel.DIRECT,
            components=[1, 2],
        )
        if ended is not None:
            dossier.refresh_from_db()
            dossiers_services.dossier_result_ready(dossier=dossier, actor=officer, at=ended)
        return dossier


def bulk_dossiers(
    agency, procedure, n, *, start: datetime, step=timedelta(minutes=7), status=Status.RETURNED
):
    """`n` bare dossiers of `agency` in one INSERT, one every `step` from `start` (a zero `step` gives
    them all the same moment): rows for lists and their query plans, not for the counting rules."""
    version = procedure.current_version
    rows = []
    for index in range(n):
        moment = start + step * index
        rows.append(
            Dossier(
                agency=agency,
                procedure=procedure,
                procedure_version=version,
                code=f"B-{agency.pk}-{start:%Y%m%d%H%M%S}-{status}-{index:07d}",
                applicant_name=f"Người nộp {index}",
                channel=Channel.DIRECT,
                received_at=moment,
                received_on=moment.date(),
                legal_due=moment + timedelta(days=3),
                legal_due_on=(moment + timedelta(days=3)).date(),
                appointment=moment + timedelta(days=3),
                status=status,
            )
        )
    return Dossier.objects.bulk_create(rows, batch_size=2000)
