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


AGENCY_URLS = {
    "dossiers:dossier_detail": lambda agency: {"pk": dossier_of(agency).pk},
    "dossiers:dossier_action": lambda agency: {"pk": dossier_of(agency).pk, "action": "result"},
    "dossiers:dossier_form": lambda agency: {"pk": dossier_of(agency).pk, "kind": "receipt", "fmt": "pdf"},
    "dossiers:step_action": lambda agency: {"pk": dossier_of(agency).steps.get().pk, "action": "start"},
    "api:dossier-detail": lambda agency: {"pk": dossier_of(agency).pk},
    "api:dossier-start-step": lambda agency: {"pk": dossier_of(agency).pk},
    "api:dossier-finish-step": lambda agency: {"pk": dossier_of(agency).pk},
    "api:dossier-result-ready": lambda agency: {"pk": dossier_of(agency).pk},
    "api:dossier-return-result": lambda agency: {"pk": dossier_of(agency).pk},
}

PROVINCE_URLS: dict = {}
