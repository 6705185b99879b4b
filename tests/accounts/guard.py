"""Object URLs of the accounts app, for the tenancy guard (tests/test_tenancy_guard.py)."""

from tests.factories import MembershipFactory

AGENCY_URLS = {
    "accounts:user_detail": lambda agency: {"pk": MembershipFactory(agency=agency).user.pk},
    "accounts:user_update": lambda agency: {"pk": MembershipFactory(agency=agency).user.pk},
    "accounts:user_deactivate": lambda agency: {"pk": MembershipFactory(agency=agency).user.pk},
    "accounts:user_set_password": lambda agency: {"pk": MembershipFactory(agency=agency).user.pk},
    "accounts:membership_grant": lambda agency: {"pk": MembershipFactory(agency=agency).user.pk},
    "accounts:membership_revoke": lambda agency: {"pk": MembershipFactory(agency=agency).pk},
    "accounts:two_factor_reset": lambda agency: {"pk": MembershipFactory(agency=agency).user.pk},
    "accounts:people_import": lambda agency: {"pk": agency.pk},
    "accounts:people_import_template": lambda agency: {"pk": agency.pk},
    "accounts:people_import_confirm": lambda agency: {"pk": agency.pk},
}

PROVINCE_URLS: dict = {}
