"""Control characters in text inputs (issue 15, input hygiene): one rule (core.text.clean_text), applied
by every page form (core.forms.BootstrapFormMixin) and every API serializer (core.serializers)."""

import inspect

import pytest
from django import forms
from django.urls import reverse
from rest_framework import serializers

import eiso.api.urls  # noqa: F401  (imports every app's api.py, so every serializer class exists)
from eiso.core.forms import BootstrapFormMixin
from eiso.core.serializers import CleanTextMixin
from eiso.core.text import clean_text
from eiso.documents.models import Document
from tests.documents.factories import DocumentFactory, DocumentVersionFactory

CONTROLS_ONLY = "\x00\x01\x07\x1b\x7f\x85\x9f"


def _subclasses(cls):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from _subclasses(subclass)


def _ours(cls) -> bool:
    return cls.__module__.startswith("eiso.") and not inspect.isabstract(cls)


@pytest.mark.parametrize(
    ("typed", "single_line", "kept"),
    [
        ("Quy\x00 trình\x1b[31m", True, "Quy trình[31m"),
        ("Mục\ttiêu\r\nnăm", True, "Mục tiêu năm"),
        ("Dòng 1\r\nDòng\t2\x0b", False, "Dòng 1\r\nDòng\t2"),
        ("Đ\x85ơn\x9f vị\x7f", True, "Đơn vị"),
        (CONTROLS_ONLY, True, ""),
        ("Tiếng Việt có dấu: ắ ằ ẳ ẵ ặ — “ngoặc” …", True, "Tiếng Việt có dấu: ắ ằ ẳ ẵ ặ — “ngoặc” …"),
    ],
)
def test_clean_text_removes_control_characters_and_single_line_breaks(typed, single_line, kept):
    assert clean_text(typed, single_line=single_line) == kept


def test_every_serializer_takes_text_in_by_the_rule():
    missing = sorted(
        f"{cls.__module__}.{cls.__name__}"
        for cls in _subclasses(serializers.BaseSerializer)
        if _ours(cls) and not issubclass(cls, CleanTextMixin | serializers.ListSerializer)
    )
    assert not missing, f"Subclass eiso.core.serializers.Serializer or ModelSerializer: {missing}"


def test_every_form_with_text_fields_takes_text_in_by_the_rule():
    missing = sorted(
        f"{cls.__module__}.{cls.__name__}"
        for cls in _subclasses(forms.BaseForm)
        if _ours(cls)
        and not issubclass(cls, BootstrapFormMixin)
        and any(isinstance(field, forms.CharField) for field in cls.base_fields.values())
        and cls.__name__ not in {"LoginForm"}  # a username is looked up, never stored
    )
    assert not missing, f"Mix in eiso.core.forms.BootstrapFormMixin: {missing}"


@pytest.mark.django_db
def test_a_title_of_control_characters_is_refused_on_the_page(client, secretary_a):
    client.force_login(secretary_a)
    response = client.post(
        reverse("documents:document_create"),
        {"code": "QT-09", "title": CONTROLS_ONLY, "kind": "procedure", "review_period_months": 12},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["title"] == ["Trường này là bắt buộc."]
    assert not Document.objects.filter(code="QT-09").exists()


@pytest.mark.django_db
def test_control_characters_are_removed_from_a_title_on_the_page(client, secretary_a):
    client.force_login(secretary_a)
    client.post(
        reverse("documents:document_create"),
        {
            "code": "QT-09\x00",
            "title": "Quy\x07 trình\n\x1bmới",
            "kind": "procedure",
            "review_period_months": 12,
        },
    )
    document = Document.objects.get(code="QT-09")
    assert document.title == "Quy trình mới"


@pytest.mark.django_db
def test_a_text_area_keeps_its_line_breaks_on_the_page(client, secretary_a, agency_a):
    version = DocumentVersionFactory(document=DocumentFactory(agency=agency_a), author=secretary_a)
    client.force_login(secretary_a)
    response = client.post(
        reverse("documents:version_update", args=[version.pk]),
        {
            "revision": version.revision,
            "body": "Đoạn 1\x00\r\nĐoạn\t2\x1b",
            "change_summary": "Sửa\x08 mục 3\r\nvà mục 4",
        },
    )
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.body == "<p>Đoạn 1</p><p>Đoạn\t2</p>"  # a paragraph per line, as the service stores it
    assert version.change_summary == "Sửa mục 3\r\nvà mục 4"


@pytest.mark.django_db
def test_a_title_of_control_characters_is_refused_by_the_api(client, secretary_a):
    client.force_login(secretary_a)
    response = client.post(
        reverse("api:document-list"),
        {"code": "QT-07", "title": CONTROLS_ONLY, "kind": "procedure"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"message", "extra"} and "title" in response.json()["extra"]
    assert not Document.objects.filter(code="QT-07").exists()


@pytest.mark.django_db
def test_the_api_removes_control_characters_and_keeps_a_text_areas_lines(client, secretary_a, agency_a):
    client.force_login(secretary_a)
    response = client.post(
        reverse("api:document-list"),
        {"code": "QT-07\t", "title": "Quy trình\r\n\x1b[2Jxem xét", "kind": "procedure"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    document = Document.objects.get(code="QT-07")
    assert document.title == "Quy trình [2Jxem xét"
    response = client.post(
        reverse("api:document-versions", args=[document.pk]),
        {"body": "Đoạn 1\n\x00Đoạn 2", "change_summary": "Lần\x07 đầu\nban hành"},
        content_type="application/json",
    )
    assert response.status_code in (200, 201), response.json()
    version = document.versions.get()
    # A plain-text body is stored as rich text (core.rich_text): its lines become paragraphs.
    assert version.body == "<p>Đoạn 1</p><p>Đoạn 2</p>" and version.change_summary == "Lần đầu\nban hành"
