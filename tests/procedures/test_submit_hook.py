"""Submitting a process version through the documents services runs the same checks as the
process page. Regression: `documents.version_submit` skipped them, so a process could enter
review with steps longer than the legal time and with a stale step table."""

import pytest

from eiso.core.errors import DomainError
from eiso.documents import services as documents
from eiso.documents.models import DocumentVersion
from eiso.procedures import services
from tests.procedures.processes import leader_only_chain, new_process, procedure, step_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def process(agency_a, secretary_a, province):
    leader_only_chain(agency_a, secretary_a)
    return new_process(
        agency_a,
        secretary_a,
        [procedure(province, amount="3", code="1.000894")],
        steps=[step_values(amount="1"), step_values("Thẩm định", "1")],
    )


def test_documents_submit_writes_the_step_table(process, secretary_a):
    version = documents.version_submit(version=services.open_version(process), actor=secretary_a)
    assert version.status == DocumentVersion.Status.IN_REVIEW
    assert "Thẩm định" in version.body and "<table>" in version.body


def test_documents_submit_refuses_steps_over_the_legal_time(process, secretary_a, province):
    process.procedures.add(procedure(province, amount="1"))
    draft = services.open_version(process)
    with pytest.raises(DomainError, match="vượt 1 ngày làm việc"):
        documents.version_submit(version=draft, actor=secretary_a)
    draft.refresh_from_db()
    assert draft.status == DocumentVersion.Status.DRAFT
