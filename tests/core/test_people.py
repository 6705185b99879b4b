"""People are shown by their full name (and unit where it helps), never by their login (issue 18,
item 6): one helper, core.people, read by pages, paperwork, exports and the audit trail."""

import pytest

from eiso.core import audit
from eiso.core.people import person_name, unit_names
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_full_name_is_the_name_of_a_person():
    user = UserFactory(username="officer", full_name="Nguyễn Thị Hoa")
    assert user.get_full_name() == "Nguyễn Thị Hoa"
    assert person_name(user) == "Nguyễn Thị Hoa"
    assert str(user) == "Nguyễn Thị Hoa"


def test_an_account_without_a_name_still_says_who_it_is():
    user = UserFactory(username="root", full_name="")
    assert person_name(user) == "root"
    assert person_name(None) == ""


def test_the_unit_of_a_person_in_an_agency_is_found_in_one_query(
    django_assert_num_queries, staff_a, agency_a, unit_a, secretary_a
):
    with django_assert_num_queries(1):
        units = unit_names([staff_a.pk, secretary_a.pk])
    assert units == {(staff_a.pk, agency_a.pk): unit_a.name}


def test_a_new_audit_entry_names_the_actor_by_full_name(secretary_a, unit_a):
    entry = audit.record(actor=secretary_a, action="unit.update", target=unit_a)
    assert entry.actor_repr == secretary_a.full_name != secretary_a.username
