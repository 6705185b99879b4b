"""The dossier list's filters (issue 18, item 3): the role shortcuts of the home page open the list
filtered, the filter shows as a chip with an ✕, and "Bỏ lọc" removes them all; "được giao" counts
the dossiers whose current step the user may take, by the same rule as the step buttons."""

import pytest
from django.urls import reverse

from eiso.accounts.role_guide import guide_for
from eiso.core.roles import Role
from eiso.dossiers import selectors, services
from eiso.dossiers.models import DossierStep
from tests.dossiers.factories import at, procedure_for, process_for
from tests.dossiers.test_views import receive
from tests.factories import MembershipFactory, UnitFactory

pytestmark = pytest.mark.django_db


def _codes(response) -> set[str]:
    return {dossier.code for dossier in response.context["listing"]}


@pytest.fixture
def counter(officer_a, staff_a, agency_a, unit_a):
    """Three dossiers of agency A: `mine` waits for unit A's step, `later` waits for another unit
    before unit A's step, `done` has ended."""
    other_unit = UnitFactory(agency=agency_a, name="Phòng Tổng hợp")
    first = procedure_for(agency_a, code="1.000001")
    process_for(agency_a, first, [("Thẩm định", 8, unit_a, None)])
    second = procedure_for(agency_a, code="1.000002")
    process_for(agency_a, second, [("Kiểm tra", 8, other_unit, None), ("Thẩm định", 8, unit_a, None)])
    mine = receive(officer_a, agency_a, first)
    later = receive(officer_a, agency_a, second)
    done = receive(officer_a, agency_a, first, at(2026, 3, 2, 9))
    step = done.steps.get()
    services.step_start(step=step, actor=staff_a, at=at(2026, 3, 2, 10))
    services.step_finish(step=step, actor=staff_a, at=at(2026, 3, 2, 11))
    services.dossier_result_ready(dossier=done, actor=officer_a, at=at(2026, 3, 3, 9))
    return {"mine": mine, "later": later, "done": done, "other_unit": other_unit}


def test_role_shortcuts_name_their_filter():
    urls = {entry["label"]: entry["url"] for role in Role for entry in guide_for(role)}
    assert urls["Hồ sơ TTHC được giao"] == reverse("dossiers:dossier_list") + "?giao=toi"
    assert urls["Hồ sơ đang giải quyết"] == reverse("dossiers:dossier_list") + "?status=open"
    assert urls["Tài liệu chờ phê duyệt"] == reverse("documents:document_list") + "?version_status=in_review"
    assert urls["Tài liệu cần đọc"] == reverse("documents:document_list") + "?can_doc=1"


def test_staff_shortcut_opens_the_dossiers_assigned_to_them(client, staff_a, counter):
    client.force_login(staff_a)
    home = client.get("/").content.decode()
    assert f'href="{reverse("dossiers:dossier_list")}?giao=toi"' in home
    response = client.get(reverse("dossiers:dossier_list"), {"giao": "toi"})
    assert _codes(response) == {counter["mine"].code}
    body = response.content.decode()
    assert 'data-testid="filter-chip"' in body and "Được giao cho tôi" in body
    chip = response.context["active_filters"].chips[0]
    assert chip.remove_url == reverse("dossiers:dossier_list")
    # The filter the form does not show is sent again with it.
    assert '<input type="hidden" name="giao" value="toi">' in body


def test_assigned_follows_the_current_step(client, staff_a, officer_a, counter):
    later = counter["later"]
    first_step = later.steps.get(order=1)
    handler = MembershipFactory(agency=later.agency, role=Role.STAFF, unit=counter["other_unit"]).user
    services.step_start(step=first_step, actor=handler)
    services.step_finish(step=first_step, actor=handler)
    client.force_login(staff_a)
    response = client.get(reverse("dossiers:dossier_list"), {"giao": "toi"})
    assert _codes(response) == {counter["mine"].code, later.code}


def test_officer_shortcut_opens_the_open_dossiers_and_the_chip_removes_it(client, officer_a, counter):
    client.force_login(officer_a)
    response = client.get(reverse("dossiers:dossier_list"), {"status": "open", "q": "Nguyễn"})
    assert _codes(response) == {counter["mine"].code, counter["later"].code}
    filters = response.context["active_filters"]
    assert [(chip.label, chip.value) for chip in filters.chips] == [
        ("Tìm kiếm", "Nguyễn"),
        ("Trạng thái", "Đang giải quyết (mọi trạng thái)"),
    ]
    assert filters.chips[1].remove_url.endswith("?q=Nguy%E1%BB%85n")
    assert filters.clear_url == reverse("dossiers:dossier_list")
    assert 'data-testid="clear-filters"' in response.content.decode()


def test_no_chip_without_a_filter(client, officer_a, counter):
    client.force_login(officer_a)
    response = client.get(reverse("dossiers:dossier_list"))
    assert not response.context["active_filters"]
    assert 'data-testid="active-filters"' not in response.content.decode()


def test_card_figures_open_the_dossiers_they_count(client, officer_a, counter):
    client.force_login(officer_a)
    response = client.get(reverse("dossiers:dossier_list"), {"tu": "01/03/2026", "den": "31/03/2026"})
    assert _codes(response) == {counter["done"].code}
    assert [chip.value for chip in response.context["active_filters"].chips] == ["01/03/2026", "31/03/2026"]
    overdue = client.get(reverse("dossiers:dossier_list"), {"tre": "dang"})
    assert overdue.status_code == 200 and not _codes(overdue)


@pytest.fixture
def steps_everywhere(agency_a, agency_b, unit_a, officer_a):
    """Open steps of every shape: unit A's, another unit's, no unit, and agency B's inter-agency step."""
    other_unit = UnitFactory(agency=agency_a)
    procedure = procedure_for(agency_a, code="1.000009")
    process_for(
        agency_a,
        procedure,
        [("A", 8, unit_a, None), ("B", 8, other_unit, None), ("C", 8, None, None), ("D", 8, None, agency_b)],
    )
    return list(receive(officer_a, agency_a, procedure).steps.all())


@pytest.mark.parametrize(
    "person", ["staff_a", "leader_a", "officer_a", "secretary_a", "auditor_a", "staff_b", "coordinator"]
)
def test_the_query_of_handled_steps_agrees_with_the_step_rule(request, person, steps_everywhere):
    user = request.getfixturevalue(person)
    handled = set(DossierStep.objects.filter(selectors.steps_handled_by_q(user)).values_list("pk", flat=True))
    assert handled == {step.pk for step in steps_everywhere if services.can_handle_step(user, step)}
