"""The dossier list by keyset pages (issue 16, item 3), on the page and in the API: "Trang sau" and
"Trang trước" walk every dossier once, in order, and keep the filters; the count stops at 10.000;
a cursor that is not ours is named, never a 500."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse

from eiso.core import audit, pagination
from eiso.core.models import AuditEntry
from eiso.dossiers.models import Dossier, DossierEvent, EventType, Status
from tests.dossiers.factories import at, bulk_dossiers

LIST = reverse("dossiers:dossier_list")


@pytest.fixture
def listed(agency_a, agency_b, procedure_a):
    """60 open dossiers among 90 of agency A, and some of agency B that A never sees."""
    bulk_dossiers(agency_a, procedure_a, 60, start=at(2025, 5, 5), status=Status.IN_PROGRESS)
    bulk_dossiers(agency_a, procedure_a, 30, start=at(2025, 5, 6), step=timedelta(0))
    bulk_dossiers(agency_b, procedure_a, 5, start=at(2025, 5, 5))
    return Dossier.objects.filter(agency=agency_a)


def _link(html: str, rel: str) -> str | None:
    found = re.search(rf'href="([^"]+)" rel="{rel}"', html)
    return unescape(found.group(1)) if found else None


def _codes(response) -> list[str]:
    return [dossier.code for dossier in response.context["listing"]]


def test_a_filtered_list_is_walked_forwards_and_back(client, secretary_a, listed):
    client.force_login(secretary_a)
    expected = list(
        listed.filter(status=Status.IN_PROGRESS)
        .order_by("-received_at", "-id")
        .values_list("code", flat=True)
    )
    url, pages = f"{LIST}?status=open", []
    while url:
        assert "status=open" in url
        response = client.get(url)
        html = response.content.decode()
        pages.append(_codes(response))
        assert "60 hồ sơ." in html
        url = _link(html, "next")
    assert [len(page) for page in pages] == [25, 25, 10]
    assert [code for page in pages for code in page] == expected
    assert "Trang đầu" in html
    back = []
    url = _link(html, "prev")
    while url:
        assert "status=open" in url
        response = client.get(url)
        back.append(_codes(response))
        url = _link(response.content.decode(), "prev")
    assert back == pages[-2::-1]


def test_the_count_stops_at_the_limit(client, secretary_a, listed, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_LIMIT", 50)
    client.force_login(secretary_a)
    html = client.get(LIST).content.decode()
    assert "Tổng cộng hơn 50 hồ sơ." in html
    assert "30 hồ sơ." in client.get(f"{LIST}?status=returned").content.decode()


def test_a_cursor_that_is_not_ours_shows_the_first_page(client, secretary_a, listed):
    client.force_login(secretary_a)
    response = client.get(f"{LIST}?status=open&cursor=not-a-cursor")
    assert response.status_code == 200
    html = response.content.decode()
    assert "con trỏ trang không hợp lệ" in html
    assert _codes(response) == _codes(client.get(f"{LIST}?status=open"))


def test_a_page_emptied_since_its_link_was_made_leads_back(client, secretary_a, listed):
    client.force_login(secretary_a)
    following = _link(client.get(f"{LIST}?status=open").content.decode(), "next")
    listed.filter(status=Status.IN_PROGRESS).update(status=Status.RETURNED)
    html = client.get(following).content.decode()
    assert "Không còn hồ sơ nào ở trang này." in html
    assert 'href="/dossiers/?status=open">Về trang đầu' in html


def test_the_api_walks_the_same_keyset(client, secretary_a, listed):
    client.force_login(secretary_a)
    url, ids = "/api/v1/dossiers/?status=open", []
    body = {}
    while url:
        body = client.get(url).json()
        assert set(body) == {"next", "previous", "results"}
        ids += [row["id"] for row in body["results"]]
        url = body["next"]
        assert url is None or "status=open" in url
    assert ids == list(
        listed.filter(status=Status.IN_PROGRESS).order_by("-received_at", "-id").values_list("pk", flat=True)
    )
    previous = client.get(body["previous"]).json()
    assert [row["id"] for row in previous["results"]] == ids[:50]
    assert previous["previous"] is None


def test_the_api_refuses_a_cursor_that_is_not_ours(client, secretary_a, listed):
    client.force_login(secretary_a)
    response = client.get("/api/v1/dossiers/", {"cursor": "xyz"})
    assert response.status_code == 400
    assert "cursor" in response.content.decode()


def test_the_audit_trail_pages_by_cursor(client, secretary_a, unit_a):
    for number in range(53):
        audit.record(
            actor=secretary_a, action="unit.update", target=unit_a, changes={"name": [f"A{number}", "B"]}
        )
    client.force_login(secretary_a)
    first = client.get(reverse("core:audit_entry_list"), {"q": unit_a.name}).content.decode()
    assert "53 thay đổi." in first and _link(first, "prev") is None
    following = _link(first, "next")
    assert "q=" in following
    second = client.get(following)
    assert len(second.context["lines"]) == 3
    assert _link(second.content.decode(), "next") is None


def _events(dossiers, per_dossier=3):
    rows = [
        DossierEvent(
            agency_id=dossier.agency_id,
            dossier=dossier,
            type=EventType.STEP_STARTED,
            at=dossier.received_at + timedelta(hours=number),
            source="tthc",
            source_id=f"{dossier.pk}-{number}",
            step_order=1,
        )
        for dossier in dossiers
        for number in range(per_dossier)
    ]
    return DossierEvent.objects.bulk_create(rows)


def test_the_events_api_walks_the_user_s_events_by_cursor(client, secretary_a, listed, agency_b):
    _events([*Dossier.objects.filter(agency=agency_b), *Dossier.objects.exclude(agency=agency_b)[:25]])
    client.force_login(secretary_a)
    expected = list(
        DossierEvent.objects.exclude(agency=agency_b).order_by("-at", "-id").values_list("pk", flat=True)
    )
    assert 0 < len(expected) < DossierEvent.objects.count()
    url, ids = "/api/v1/dossier-events/", []
    while url:
        body = client.get(url).json()
        ids += [row["id"] for row in body["results"]]
        url = body["next"]
    assert ids == expected
    one = Dossier.objects.filter(agency=secretary_a.memberships.get().agency, events__isnull=False).first()
    body = client.get("/api/v1/dossier-events/", {"dossier": one.pk}).json()
    assert {row["dossier_code"] for row in body["results"]} == {one.code}
    assert client.get("/api/v1/dossier-events/", {"dossier": "x"}).status_code == 400


def test_the_audit_trail_api_is_for_its_readers(client, secretary_a, staff_a, unit_a):
    for number in range(55):
        audit.record(
            actor=secretary_a, action="unit.update", target=unit_a, changes={"name": [f"A{number}", "B"]}
        )
    client.force_login(secretary_a)
    body = client.get("/api/v1/audit-trail/", {"action": "unit."}).json()
    assert len(body["results"]) == 50 and body["previous"] is None
    rest = client.get(body["next"]).json()
    assert [row["id"] for row in body["results"] + rest["results"]] == list(
        AuditEntry.objects.filter(action="unit.update").order_by("-at", "-id").values_list("pk", flat=True)
    )
    assert rest["next"] is None
    client.force_login(staff_a)
    assert client.get("/api/v1/audit-trail/").status_code == 403
