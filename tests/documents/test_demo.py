"""The demo loader of documents: realistic set, an open legal-change task, and idempotent."""

import pytest

from eiso.accounts import demo as accounts_demo
from eiso.core.models import AuditEntry
from eiso.documents import demo
from eiso.documents.models import Document, DocumentVersion, LegalChangeTask, LegalDocument
from eiso.orgs import demo as orgs_demo

pytestmark = pytest.mark.django_db


def test_demo_loads_documents_and_a_legal_change_task_once():
    say = lambda message: None  # noqa: E731
    orgs_demo.load(say)
    accounts_demo.load(say)
    demo.load(say)
    agency = orgs_demo.demo_agency()
    statuses = set(DocumentVersion.objects.filter(agency=agency).values_list("status", flat=True))
    assert {"published", "superseded", "draft", "in_review"} <= statuses
    assert Document.objects.filter(agency=agency, code="QT-03").exists()
    old = LegalDocument.objects.get(number="61/2018/NĐ-CP")
    assert old.status == LegalDocument.Status.REPLACED and old.replaced_by.number == "118/2025/NĐ-CP"
    task = LegalChangeTask.objects.get(agency=agency)
    assert task.is_open and task.items.get().label.endswith("lĩnh vực hộ tịch")

    entries = AuditEntry.objects.count()
    demo.load(say)
    assert AuditEntry.objects.count() == entries
