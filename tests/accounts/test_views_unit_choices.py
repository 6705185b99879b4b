"""The role form offers the units of the chosen agency, not the province's (issue 18, item 4): on the
server, in the options the page fetches when the agency changes, and in the validation."""

import pytest
from django.urls import reverse

from eiso.accounts.forms import MembershipForm
from eiso.accounts.models import Membership, User
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

NEW_USER = {
    "username": "tranthib",
    "full_name": "Trần Thị B",
    "password1": "Kiem-tra-2026!",
    "password2": "Kiem-tra-2026!",
    "role": "staff",
}


def _unit_choices(form) -> set[str]:
    return {label for value, label in form.fields["unit"].choices if value}


def test_the_unit_select_lists_the_units_of_the_chosen_agency_only(sysadmin, agency_a, agency_b, unit_a):
    UnitFactory(agency=agency_b, name="Phòng Bổ trợ tư pháp")
    assert _unit_choices(MembershipForm(user=sysadmin)) == set()
    assert _unit_choices(MembershipForm(user=sysadmin, initial={"agency": agency_a.pk})) == {unit_a.name}
    bound = MembershipForm({"role": "staff", "agency": agency_b.pk}, user=sysadmin)
    assert _unit_choices(bound) == {"Phòng Bổ trợ tư pháp"}


def test_the_page_refills_the_units_when_the_agency_changes(client, sysadmin, agency_a, agency_b, unit_a):
    other = UnitFactory(agency=agency_b, name="Phòng Bổ trợ tư pháp")
    client.force_login(sysadmin)
    page = client.get(reverse("accounts:user_create")).content.decode()
    url = reverse("accounts:unit_options")
    assert f'data-options-from="id_agency" data-options-url="{url}"' in page
    assert unit_a.name not in page and other.name not in page
    options = client.get(url, {"agency": agency_b.pk}).content.decode()
    assert f'<option value="{other.pk}">{other.name}</option>' in options and unit_a.name not in options
    assert "Chọn cơ quan trước" in client.get(url, {"agency": "abc"}).content.decode()


def test_a_unit_of_another_agency_is_refused_in_vietnamese(client, sysadmin, agency_a, agency_b):
    other = UnitFactory(agency=agency_b)
    client.force_login(sysadmin)
    page = client.post(
        reverse("accounts:user_create"), {**NEW_USER, "agency": agency_a.pk, "unit": other.pk}
    ).content.decode()
    assert "Phòng/ban phải thuộc cơ quan đã chọn." in page
    assert not User.objects.filter(username="tranthib").exists()


def test_a_unit_of_the_chosen_agency_is_kept(client, sysadmin, agency_a, unit_a):
    client.force_login(sysadmin)
    client.post(reverse("accounts:user_create"), {**NEW_USER, "agency": agency_a.pk, "unit": unit_a.pk})
    assert Membership.objects.get(user__username="tranthib").unit == unit_a


def test_unit_options_are_for_administrators(client, secretary_a, agency_a):
    client.force_login(secretary_a)
    assert client.get(reverse("accounts:unit_options"), {"agency": agency_a.pk}).status_code == 403
