"""Object URLs of the orgs app, for the tenancy guard (tests/test_tenancy_guard.py)."""

from tests.factories import UnitFactory

AGENCY_URLS = {
    "orgs:agency_detail": lambda agency: {"pk": agency.pk},
    "orgs:agency_update": lambda agency: {"pk": agency.pk},
    "orgs:agency_merge": lambda agency: {"pk": agency.pk},
    "orgs:unit_create": lambda agency: {"agency_pk": agency.pk},
    "orgs:unit_update": lambda agency: {"pk": UnitFactory(agency=agency).pk},
    "orgs:unit_deactivate": lambda agency: {"pk": UnitFactory(agency=agency).pk},
}

PROVINCE_URLS: dict = {}
