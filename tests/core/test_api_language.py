"""The API speaks Vietnamese: DRF's own messages come from our catalogue (eiso/locale/vi, listed
first in LOCALE_PATHS, since DRF ships about twenty Vietnamese messages of its 120), and bad input
sent to a sample of endpoints answers with no English word (issue 18, item 1)."""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from rest_framework import exceptions, fields, relations, serializers, validators

from eiso.accounts.api import LoginThrottle

CATALOGUE = Path(settings.BASE_DIR) / "eiso" / "locale" / "vi" / "LC_MESSAGES"


def _drf_messages() -> set[str]:
    """Every message DRF may put in an error body: field, relation, serializer and validator
    errors, and the exceptions' default details."""
    messages = set()
    classes = [*vars(fields).values(), *vars(relations).values(), *vars(serializers).values()]
    for cls in classes:
        for message in getattr(cls, "default_error_messages", {}).values() if isinstance(cls, type) else ():
            messages.add(str(message._args[0]) if hasattr(message, "_args") else str(message))
    for cls in vars(exceptions).values():
        if isinstance(cls, type) and issubclass(cls, exceptions.APIException):
            detail = cls.default_detail
            messages.add(detail._args[0] if hasattr(detail, "_args") else str(detail))
    for cls in (validators.UniqueValidator, validators.UniqueTogetherValidator):
        messages.add(cls.message._args[0])
    return messages


def _english_words() -> set[str]:
    """Words of DRF's messages that no Vietnamese translation uses (so "JSON" or "URL" may appear)."""
    with translation.override("vi"):
        translated = " ".join(translation.gettext(message) for message in _drf_messages())
    allowed = {word.lower() for word in re.findall(r"[A-Za-z]+", translated)}
    words = set()
    for message in _drf_messages():
        text = re.sub(r"\{[^}]*\}", " ", message)
        words |= {word.lower() for word in re.findall(r"[A-Za-z]{3,}", text)}
    return words - allowed


def _texts(body) -> list[str]:
    """The strings of an error body (values only: keys are field names)."""
    if isinstance(body, dict):
        return [text for value in body.values() for text in _texts(value)]
    if isinstance(body, list):
        return [text for value in body for text in _texts(value)]
    return [body] if isinstance(body, str) else []


def assert_vietnamese(response, *inputs: str) -> None:
    body = response.json()
    assert set(body) == {"message", "extra"}, body
    text = " ".join(_texts(body))
    for echoed in inputs:
        text = text.replace(echoed, " ")
    english = {word for word in re.findall(r"[A-Za-z]+", text) if word.lower() in ENGLISH}
    assert not english, f"English in the API's answer: {sorted(english)} — {body}"


ENGLISH = _english_words()


def test_every_drf_error_message_has_a_vietnamese_translation():
    with translation.override("vi"):
        untranslated = sorted(m for m in _drf_messages() if translation.gettext(m) == m)
    assert not untranslated


def test_the_compiled_catalogue_matches_its_source():
    """The committed .mo holds every message of the .po (recompile with msgfmt after editing)."""
    source = (CATALOGUE / "django.po").read_text(encoding="utf-8")
    ids = {
        "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', block)).replace('\\"', '"')
        for block in re.findall(r'^msgid ((?:".*"\n)+)', source, flags=re.M)
    } - {""}
    with (CATALOGUE / "django.mo").open("rb") as compiled:
        catalog = gettext.GNUTranslations(compiled)._catalog
    compiled_ids = {key[0] if isinstance(key, tuple) else key for key in catalog}
    assert ids <= compiled_ids, sorted(ids - compiled_ids)


def test_the_detector_knows_drf_english():
    assert {"required", "valid", "choice", "throttled", "credentials"} <= ENGLISH


@pytest.fixture
def api(client, secretary_a):
    client.force_login(secretary_a)
    return client


@pytest.mark.django_db
def test_an_invalid_choice_and_a_missing_field_are_refused_in_vietnamese(api, agency_a):
    response = api.post(
        "/api/v1/improvement/nonconformities/",
        {"source": "5why", "severity": "5why", "description": "Mô tả", "detected_on": "2026-03-02"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "không phải là một lựa chọn hợp lệ" in str(response.json()["extra"])
    assert "bắt buộc" in str(response.json()["extra"])
    assert_vietnamese(response, "5why")


@pytest.mark.django_db
def test_values_of_the_wrong_type_are_refused_in_vietnamese(api, agency_a):
    response = api.post(
        "/api/v1/quality/objectives/",
        {"year": "năm nay", "target": [1], "comparison": "5why", "is_active": "có lẽ", "statement": ""},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert_vietnamese(response, "5why", "năm nay", "có lẽ")
    response = api.post(
        "/api/v1/improvement/nonconformities/",
        {"source": "audit", "title": "A" * 400, "description": "x", "detected_on": "02/03/2026"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert_vietnamese(response)


@pytest.mark.django_db
def test_a_body_that_is_not_json_is_refused_in_vietnamese(api):
    response = api.post("/api/v1/documents/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert_vietnamese(response)
    response = api.post("/api/v1/documents/", "<xml/>", content_type="application/xml")
    assert response.status_code == 415
    assert_vietnamese(response, "application/xml")


@pytest.mark.django_db
def test_a_method_not_allowed_is_said_in_vietnamese(api):
    response = api.delete("/api/v1/documents/")
    assert response.status_code == 405
    assert_vietnamese(response, "DELETE")


@pytest.mark.django_db
def test_an_unauthenticated_call_is_refused_in_vietnamese(client):
    response = client.get("/api/v1/documents/")
    assert response.status_code in (401, 403)
    assert_vietnamese(response)
    response = client.get("/api/v1/documents/", HTTP_AUTHORIZATION="Token khong-hop-le")
    assert response.status_code in (401, 403)
    assert_vietnamese(response)


@pytest.mark.django_db
def test_a_throttled_call_is_refused_in_vietnamese(client, monkeypatch):
    cache.clear()
    monkeypatch.setattr(LoginThrottle, "rate", "1/min")
    first = client.post("/api/v1/auth/token", {}, content_type="application/json")
    assert first.status_code == 400
    assert_vietnamese(first)
    throttled = client.post("/api/v1/auth/token", {}, content_type="application/json")
    assert throttled.status_code == 429
    assert_vietnamese(throttled)
