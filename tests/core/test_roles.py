from eiso.accounts.models import Membership
from eiso.core import roles
from eiso.core.permissions import has_role
from eiso.core.roles import Role

NAMED_SETS = [
    "AGENCY_MEMBERS",
    "PROVINCE_MEMBERS",
    "QMS_MANAGERS",
    "QMS_MANAGERS_AND_AUDITORS",
    "DRAFTERS",
    "INTEGRATORS",
    "COUNTER",
    "HANDLERS",
    "INGESTERS",
    "PROVINCE_LIBRARIANS",
    "PROVINCE_OVERSEERS",
]


def test_every_role_is_either_of_an_agency_or_of_the_province():
    agency, province = set(roles.AGENCY_MEMBERS), set(roles.PROVINCE_MEMBERS)
    assert agency.isdisjoint(province)
    assert agency | province == set(Role)


def test_named_sets_are_tuples_of_roles_without_repeats():
    for name in NAMED_SETS:
        members = getattr(roles, name)
        assert isinstance(members, tuple), name
        assert len(set(members)) == len(members), name
        assert all(isinstance(role, Role) for role in members), name


def test_the_qms_is_managed_by_the_secretary_and_the_leader():
    assert set(roles.QMS_MANAGERS) == {Role.SECRETARY, Role.LEADER}
    assert set(roles.QMS_MANAGERS_AND_AUDITORS) == {Role.SECRETARY, Role.LEADER, Role.AUDITOR}
    assert set(roles.DRAFTERS) == {Role.SECRETARY, Role.LEADER, Role.STAFF}


def test_dossier_sets_name_the_counter_the_handlers_and_the_ingesters():
    assert roles.COUNTER == (Role.ONE_STOP_OFFICER, Role.LEADER)
    assert roles.HANDLERS == (Role.STAFF, Role.LEADER, Role.ONE_STOP_OFFICER, Role.SECRETARY)
    assert roles.INGESTERS == (Role.ONE_STOP_OFFICER, Role.SECRETARY, Role.LEADER, Role.ADMIN)


def test_role_is_still_importable_from_accounts_models():
    from eiso.accounts.models import Role as AccountsRole

    assert AccountsRole is Role
    assert Membership._meta.get_field("role").choices == Role.choices


def test_a_named_set_grants_what_its_roles_grant(secretary_a, auditor_a, staff_a, agency_a):
    assert has_role(secretary_a, agency_a, *roles.QMS_MANAGERS)
    assert not has_role(auditor_a, agency_a, *roles.QMS_MANAGERS)
    assert has_role(auditor_a, agency_a, *roles.QMS_MANAGERS_AND_AUDITORS)
    assert not has_role(staff_a, agency_a, *roles.QMS_MANAGERS_AND_AUDITORS)
