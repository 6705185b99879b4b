"""The portal's own limits count the real client (core.clients) and answer 429 with a Vietnamese
page: the dossier lookup and rating (per address and per dossier code) and the feedback form."""

import re

import pytest
from django.core import signing
from django.core.cache import cache

from eiso.dossiers import services
from eiso.dossiers.models import Channel
from eiso.quality.models import Feedback
from eiso.quality.public import SALT
from tests.dossiers.conftest import procedure_a  # noqa: F401  (a fixture)
from tests.dossiers.factories import at

pytestmark = pytest.mark.django_db

LOOKUP = "/tthc/ho-so/tra-cuu/"
RATE = "/tthc/ho-so/danh-gia/"
FEEDBACK = "/tthc/phan-anh/gui/"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()


@pytest.fixture
def dossier(officer_a, agency_a, procedure_a):  # noqa: F811
    return services.dossier_receive(
        agency=agency_a,
        procedure=procedure_a,
        actor=officer_a,
        applicant_name="Võ Thị Giang",
        applicant_phone="0912 345 678",
        channel=Channel.DIRECT,
        components=[1, 2],
        received_at=at(2026, 3, 2, 9),
    )


def _lookup(client, code: str, phone4: str, address: str):
    return client.get(LOOKUP, {"code": code, "phone4": phone4}, HTTP_X_FORWARDED_FOR=address)


def test_rotating_forwarded_for_does_not_escape_the_lookup_limit(client, dossier):
    for number in range(10):
        _lookup(client, f"SKHCN-260302-{number:04d}", "1111", f"198.51.100.{number}")
    answer = _lookup(client, dossier.code, "5678", "198.51.100.200")
    assert answer.status_code == 429 and "quá nhiều lần" in answer.content.decode()


def test_behind_a_configured_proxy_each_client_has_its_own_lookup_limit(client, dossier, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    for number in range(10):
        _lookup(client, f"SKHCN-260302-{number:04d}", "1111", "198.51.100.1")
    assert _lookup(client, dossier.code, "5678", "198.51.100.1").status_code == 429
    neighbour = _lookup(client, dossier.code, "5678", "198.51.100.2")
    assert neighbour.status_code == 200 and "đang chờ xử lý" in neighbour.content.decode()


def test_a_code_guessed_from_many_addresses_is_closed_with_429(client, dossier, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    for guess in range(5):
        assert _lookup(client, dossier.code, f"{guess:04d}", f"198.51.100.{guess}").status_code == 200
    closed = _lookup(client, dossier.code, "5678", "198.51.100.99")
    assert closed.status_code == 429
    page = closed.content.decode()
    assert "Mã hồ sơ này" in page and "đang chờ xử lý" not in page


def test_the_rating_form_answers_429_when_the_address_is_over_its_limit(client, dossier, officer_a):
    services.dossier_result_ready(dossier=dossier, actor=officer_a, at=at(2026, 3, 3, 9))
    for number in range(10):
        _lookup(client, f"SKHCN-260302-{number:04d}", "1111", "127.0.0.1")
    answer = client.post(RATE, {"code": dossier.code, "phone4": "5678", "time_score": 3})
    assert answer.status_code == 429 and "quá nhiều lần" in answer.content.decode()


def _feedback(client, agency, address: str):
    page = client.get(FEEDBACK).content.decode()
    challenge = re.search(r'name="challenge" value="([^"]+)"', page).group(1)
    data = {
        "agency": agency.pk,
        "kind": Feedback.Kind.COMPLAINT,
        "category": Feedback.Category.OTHER,
        "content": "Cán bộ hẹn trả kết quả nhưng đến ngày vẫn chưa có.",
        "sender_name": "Nguyễn Văn Dân",
        "challenge": challenge,
        "answer": signing.loads(challenge, salt=SALT),
    }
    return client.post(FEEDBACK, data, HTTP_X_FORWARDED_FOR=address)


def test_the_feedback_form_counts_the_real_client_and_answers_429(client, agency_a, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    for _ in range(5):
        assert _feedback(client, agency_a, "198.51.100.1").status_code == 200
    refused = _feedback(client, agency_a, "198.51.100.1")
    assert refused.status_code == 429 and "nhiều phản ánh trong một giờ" in refused.content.decode()
    assert _feedback(client, agency_a, "198.51.100.2").status_code == 200
    assert Feedback.objects.count() == 6
