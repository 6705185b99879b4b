"""The public lookup's secret (the last 4 digits of the phone) resists guessing: besides the limit
per address, a dossier code takes few wrong answers from all addresses together, and once over it
every answer for that code is refused, the right one too, whether or not the code exists."""

import pytest
from django.core.cache import cache

from eiso.dossiers import public, services
from eiso.dossiers.models import Channel
from tests.dossiers.factories import at

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()


@pytest.fixture
def dossier(officer_a, agency_a, procedure_a):
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


def test_right_digits_find_the_dossier_and_do_not_count(dossier):
    for _ in range(20):
        assert public.find(code=dossier.code, phone4="5678") == dossier


def test_five_wrong_answers_close_the_code_for_everyone_even_to_the_right_digits(dossier):
    for guess in range(5):
        assert public.find(code=dossier.code, phone4=f"{guess:04d}") is None
    with pytest.raises(public.TooManyTries) as refused:
        public.find(code=dossier.code, phone4="5678")
    assert "Mã hồ sơ này" in refused.value.message
    with pytest.raises(public.TooManyTries):
        public.public_view(code=dossier.code, phone4="5678")


def test_an_unknown_code_is_closed_the_same_way_so_codes_cannot_be_told_apart(dossier):
    unknown = dossier.code[:-1] + "9"
    for guess in range(5):
        assert public.find(code=unknown, phone4=f"{guess:04d}") is None
        assert public.find(code=dossier.code, phone4=f"{guess:04d}") is None
    for code in (unknown, dossier.code):
        with pytest.raises(public.TooManyTries):
            public.find(code=code, phone4="1234")


def test_other_codes_stay_open(dossier):
    for guess in range(5):
        public.find(code="SKHCN-260302-9999", phone4=f"{guess:04d}")
    assert public.find(code=dossier.code, phone4="5678") == dossier


def test_the_daily_limit_holds_across_hours(dossier, monkeypatch):
    monkeypatch.setattr(public, "CODE_LIMITS", [(100, 3600), (3, 86400)])
    for guess in range(3):
        public.find(code=dossier.code, phone4=f"{guess:04d}")
    with pytest.raises(public.TooManyTries):
        public.find(code=dossier.code, phone4="5678")


def test_the_public_api_answers_a_closed_code_with_429_in_vietnamese(client, dossier, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    url = f"/api/v1/public/dossiers/{dossier.code}"
    for guess in range(5):
        answer = client.get(url, {"phone4": f"{guess:04d}"}, HTTP_X_FORWARDED_FOR=f"198.51.100.{guess}")
        assert answer.status_code == 404
    closed = client.get(url, {"phone4": "5678"}, HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert closed.status_code == 429
    assert set(closed.json()) == {"message", "extra"}
    assert "Mã hồ sơ này" in closed.json()["message"]
