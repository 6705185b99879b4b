"""Extra people of agency A for document control: the head of unit A (who signs the first
approval step of documents owned by unit A), and a second staff member of that unit."""

import pytest

from eiso.core.roles import Role
from tests.documents.factories import DocumentFactory
from tests.factories import MembershipFactory


@pytest.fixture
def unit_head_a(agency_a, unit_a):
    return MembershipFactory(
        agency=agency_a, role=Role.STAFF, unit=unit_a, is_unit_head=True, user__username="unit_head_a"
    ).user


@pytest.fixture
def document_a(agency_a, unit_a):
    return DocumentFactory(
        agency=agency_a, owner_unit=unit_a, code="QT-01", title="Quy trình kiểm soát tài liệu"
    )


@pytest.fixture
def audit_actions():
    """The actions recorded in the audit trail for one target, oldest first."""
    from eiso.core.selectors import history_for

    return lambda target: list(history_for(target).values_list("action", flat=True))
