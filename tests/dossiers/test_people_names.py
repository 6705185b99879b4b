"""A dossier's records name people by their full name, not their login (issue 18, item 6): "Nguyễn
Thị Hoa giao, Bùi Thị Ngọc nhận", "Tiếp nhận hồ sơ · Bùi Thị Ngọc"."""

import pytest

from eiso.dossiers import services
from tests.dossiers.factories import at, process_for
from tests.dossiers.test_services import receive

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_process(agency_a, unit_a, procedure_a):
    return process_for(agency_a, procedure_a, [("Thẩm định", 8, unit_a, None), ("Ký duyệt", 4, None, None)])


def test_hand_overs_and_events_name_people(officer_a, staff_a, agency_a, procedure_a, with_process, client):
    dossier = receive(officer_a, agency_a, procedure_a, at(2026, 3, 2, 9))
    first = dossier.steps.order_by("order").first()
    services.step_start(step=first, actor=staff_a, at=at(2026, 3, 2, 10))

    names = [name for pair in dossier.handovers.values_list("given_by", "received_by") for name in pair]
    names += list(dossier.events.values_list("actor_name", flat=True))
    assert officer_a.full_name in names and staff_a.full_name in names
    assert not {officer_a.username, staff_a.username} & set(names)

    client.force_login(officer_a)
    page = client.get(dossier.get_absolute_url()).content.decode()
    assert officer_a.full_name in page
    assert officer_a.username not in page and staff_a.username not in page
