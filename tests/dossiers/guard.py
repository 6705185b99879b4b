"""Object URLs of the dossiers app, for the tenancy guard (tests/test_tenancy_guard.py)."""

from eiso.accounts.models import Role
from eiso.dossiers import services
from eiso.dossiers.models import Channel
from tests.dossiers.factories import at, procedure_for, process_for
from tests.factories import MembershipFactory, UnitFactory


def dossier_of(agency):
    officer = MembershipFactory(agency=agency, role=Role.ONE_STOP_OFFICER).user
    procedure = procedure_for(agency)
    process_for(agency, procedure, [("Thẩm định", 8, UnitFactory(agency=agency), None)])
    return services.dossier_receive(
        agency=agency,
        procedure=procedure,
        actor=officer,
        applicant_name="Người nộp B",
        channel=Channel.DIRECT,
        applicant_phone="0900000000",
        components=[1, 2],
        received_at=at(2026, 3, 2, 9),
    )


def dossier_pk(agency) -> dict:
    return {"pk": dossier_of(agency).pk}


AGENCY_URLS = {
    "dossiers:dossier_detail": dossier_pk,
    "dossiers:dossier_transition": lambda agency: {"pk": dossier_of(agency).pk, "transition": "result_ready"},
    "dossiers:dossier_form": lambda agency: {"pk": dossier_of(agency).pk, "kind": "receipt", "fmt": "pdf"},
    "dossiers:step_action": lambda agency: {"pk": dossier_of(agency).steps.get().pk, "action": "start"},
    "api:dossier-detail": dossier_pk,
    "api:dossier-start-step": dossier_pk,
    "api:dossier-finish-step": dossier_pk,
    # One API action per transition of the declared workflow.
    **{
        f"api:dossier-{transition.name.replace('_', '-')}": dossier_pk
        for transition in services.DOSSIER.transitions
    },
}

PROVINCE_URLS: dict = {}
