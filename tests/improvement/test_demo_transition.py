"""The editions demo (issue 21): the demo agency moves to the newer edition with a plan, a climate
decision and a leader's commitment; the second agency stays. Loads only the province, its agencies
and the demo users, not the whole demo."""

import pytest

from eiso.accounts import demo as accounts_demo
from eiso.improvement import demo_transition
from eiso.improvement.transition import gap_checklist
from eiso.orgs import demo as orgs_demo
from eiso.orgs import editions
from tests.orgs.factories import current, newer

pytestmark = pytest.mark.django_db


def test_one_demo_agency_moves_to_the_newer_edition_and_the_other_stays():
    said: list[str] = []
    orgs_demo.load(said.append)
    accounts_demo.load(said.append)
    demo_transition.load(said.append)
    demo_transition.load(said.append)  # a second run changes nothing
    moving, staying = orgs_demo.demo_agency(), orgs_demo.second_agency()
    assert editions.state_of(moving).label == "Đang chuyển đổi"
    assert editions.state_of(moving).transition.to_edition == newer()
    assert editions.state_of(staying).label == "Chưa chuyển đổi"
    assert editions.of(staying) == current()
    rows = {row.clause.number: row for row in gap_checklist(moving).rows}
    assert rows["4.1"].has_evidence and rows["5.1.1"].has_evidence and not rows["6.1.2"].has_evidence
