"""Object URLs of the procedures app, for the tenancy guard (tests/test_tenancy_guard.py).

The TTHC catalogue is province-wide: every agency of a province reads it, so its URLs are
guarded across provinces only.
"""

from tests.procedures.factories import ProcedureComponentFactory, ProcedureFactory

AGENCY_URLS: dict = {}

PROVINCE_URLS = {
    "procedures:procedure_detail": lambda agency: {"pk": ProcedureFactory(province=agency.province).pk},
    "procedures:component_attach_form": lambda agency: {
        "pk": ProcedureComponentFactory(version=ProcedureFactory(province=agency.province).current_version).pk
    },
    "api:procedure-detail": lambda agency: {"pk": ProcedureFactory(province=agency.province).pk},
    "api:procedure-versions": lambda agency: {"pk": ProcedureFactory(province=agency.province).pk},
}
