"""Query-string values read by hand or by a filter set (core.query, core.filters; issue 15, input
hygiene): a bad value gets a Vietnamese message on the page and a 400 with the error body from the
API, never a 500. Each case below was a 500 before. tests/test_query_strings.py walks every URL."""

import pytest
from django.urls import reverse

from eiso.core.query import parse_int
from tests.documents.factories import DocumentFactory
from tests.procedures.factories import ProcessFactory

pytestmark = pytest.mark.django_db

HUGE = "9" * 26


@pytest.mark.parametrize(
    ("raw", "number"),
    [
        ("12", 12),
        ("-3", -3),
        ("²", None),  # "²".isdigit() is true, int("²") fails: the 500s of ?year=, ?phien-ban=…
        ("١٢", None),  # Arabic-Indic digits: int() reads them, an id never has them
        ("1.5", None),
        ("+1", None),
        (HUGE, None),
        ("", None),
        ("-", None),
    ],
)
def test_parse_int_reads_ascii_digits_only(raw, number):
    assert parse_int(raw) == number


def test_document_list_names_a_bad_owner_unit_and_lists_every_document(client, secretary_a, agency_a):
    DocumentFactory(agency=agency_a, code="QT-01")
    client.force_login(secretary_a)
    response = client.get(reverse("documents:document_list"), {"owner_unit": HUGE})
    assert response.status_code == 200
    assert "Đơn vị chủ trì «999" in response.text and "không hợp lệ" in response.text
    assert "QT-01" in response.text


def test_document_api_answers_a_bad_owner_unit_with_400(client, secretary_a):
    client.force_login(secretary_a)
    for value in (HUGE, "²", "abc", "0"):
        response = client.get(reverse("api:document-list"), {"owner_unit": value})
        assert response.status_code == 400, value
        assert response.json() == {
            "message": "Dữ liệu không hợp lệ.",
            "extra": {"owner_unit": ["cần mã số của một mục trong danh sách"]},
        }


PAGES = [
    # (URL name, builder of its kwargs from agency A or None, who reads it, parameter, value)
    ("improvement:audit_list", None, "secretary_a", "year", "²"),
    ("quality:objective_list", None, "secretary_a", "year", "²"),
    ("oversight:dashboard", None, "coordinator", "year", "²"),
    ("dossiers:delay_report", None, "secretary_a", "unit", "abc"),
    (
        "procedures:process_detail",
        lambda agency: {"pk": ProcessFactory(agency=agency).pk},
        "secretary_a",
        "phien-ban",
        "²",
    ),
]


@pytest.mark.parametrize(("url_name", "kwargs", "reader", "name", "value"), PAGES)
def test_a_page_names_the_bad_value_and_shows_itself_without_it(
    request, client, agency_a, url_name, kwargs, reader, name, value
):
    client.force_login(request.getfixturevalue(reader))
    url = reverse(url_name, kwargs=kwargs(agency_a) if kwargs else None)
    response = client.get(url, {name: value})
    assert response.status_code == 200
    assert f"«{value}» không hợp lệ" in response.text


API = [
    ("api:oversight-registry", None, "coordinator", "year", "²"),
    ("api:oversight-ranking", None, "coordinator", "criteria_set", "²"),
    ("api:oversight-ranking", None, "coordinator", "year", HUGE),
    ("api:process-step-list", None, "secretary_a", "process", "²"),
    ("api:process-step-list", None, "secretary_a", "version", "²"),
    (
        "api:process-export",
        lambda agency: {"pk": ProcessFactory(agency=agency).pk},
        "secretary_a",
        "version",
        "²",
    ),
]


@pytest.mark.parametrize(("url_name", "kwargs", "reader", "name", "value"), API)
def test_the_api_answers_a_bad_value_with_400_naming_the_parameter(
    request, client, agency_a, url_name, kwargs, reader, name, value
):
    client.force_login(request.getfixturevalue(reader))
    url = reverse(url_name, kwargs=kwargs(agency_a) if kwargs else None)
    response = client.get(url, {name: value})
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"message", "extra"} and body["extra"]["field"] == name


def test_the_portal_answers_an_unknown_province_code_with_404(client, db):
    assert client.get(reverse("portal:search"), {"tinh": "²"}).status_code == 404


def test_version_comparisons_ignore_numbers_that_are_not_numbers(client, secretary_a, agency_a):
    client.force_login(secretary_a)
    document = DocumentFactory(agency=agency_a)
    response = client.get(reverse("documents:version_compare", args=[document.pk]), {"tu": "²", "den": "²"})
    assert response.status_code in (200, 302)
