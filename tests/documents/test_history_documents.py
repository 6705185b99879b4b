"""The change history of a document, as a leader or an inspector reads it: Vietnamese sentences and
people's names, never an action key, a field key, a stored value code or a login (issue 18)."""

import datetime
import re

import pytest
from django.template import Context, Template
from django.utils.html import strip_tags

from eiso.core.selectors import history_for
from eiso.documents import services
from eiso.documents.models import Document
from tests.documents.factories import LegalDocumentFactory

pytestmark = pytest.mark.django_db


def _history_text(target) -> str:
    html = Template("{% load history %}{% history target %}").render(Context({"target": target}))
    return " ".join(strip_tags(html).split())


@pytest.fixture
def published(agency_a, unit_a, secretary_a, unit_head_a, leader_a):
    """QT-02 drafted by the secretary, signed by the head of unit and the leader, then published."""
    law = LegalDocumentFactory(province=agency_a.province, number="19/2014/QĐ-TTg")
    document = services.document_create(
        agency=agency_a,
        code="QT-02",
        title="Quy trình kiểm soát hồ sơ",
        kind=Document.Kind.PROCEDURE,
        owner_unit=unit_a,
        actor=secretary_a,
        legal_documents=[law],
        with_draft=True,
    )
    version = document.versions.get()
    version = services.version_update(
        version=version,
        actor=secretary_a,
        expected_revision=version.revision,
        body="<p>Bước 1: tiếp nhận.</p>",
        change_summary="Ban hành lần đầu",
    )
    services.version_submit(version=version, actor=secretary_a)
    services.version_approve(version=version, actor=unit_head_a, comment="Đồng ý.")
    services.version_approve(version=version, actor=leader_a)
    services.version_publish(version=version, actor=secretary_a, effective_on=datetime.date(2026, 3, 2))
    return version


def test_history_of_a_version_reads_in_vietnamese_with_names(published, secretary_a, unit_head_a, leader_a):
    text = _history_text(published)

    assert "Trình duyệt phiên bản 1 của QT-02" in text
    assert "Phê duyệt phiên bản 1 của QT-02" in text
    assert "Ban hành phiên bản 1 của QT-02" in text
    assert "Trạng thái: Dự thảo → Đang trình duyệt" in text
    assert "Trạng thái: Đã phê duyệt → Đang hiệu lực" in text
    assert "02/03/2026" in text
    for person in (secretary_a, unit_head_a, leader_a):
        assert person.full_name in text
        assert person.username not in text


def test_no_raw_key_or_code_appears_in_the_history_of_a_document(published):
    entries = list(history_for(published)) + list(history_for(published.document))
    assert {entry.action for entry in entries} >= {
        "document.create",
        "document_version.submit",
        "document_version.approve",
        "document_version.publish",
    }
    text = _history_text(published) + " " + _history_text(published.document)

    assert not re.search(r"\b[a-z_]+\.[a-z_]+\b", text), "an action key is shown"
    keys = {key for entry in entries for key in entry.changes}
    for key in keys:
        assert not re.search(rf"(?<![\w.]){re.escape(key)}(?![\w.])", text), f"the key {key!r} is shown"
    for code in ("draft", "in_review", "approved", "published", "procedure", "unit_head", "leader", "None"):
        assert not re.search(rf"\b{code}\b", text), f"the stored value {code!r} is shown"
    assert "Thông tin khác" not in text


def test_administrator_may_unfold_the_entry_as_stored(client, published, agency_a):
    from tests.factories import UserFactory

    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(root)
    page = client.get(published.get_absolute_url()).content.decode()
    assert "Trình duyệt phiên bản 1 của QT-02" in page
    assert 'data-testid="raw-entry"' in page and "document_version.submit" in page


def test_secretary_reads_the_history_without_the_stored_entry(client, published, secretary_a):
    client.force_login(secretary_a)
    page = client.get(published.get_absolute_url()).content.decode()
    assert "Trình duyệt phiên bản 1 của QT-02" in page
    assert "document_version.submit" not in page
