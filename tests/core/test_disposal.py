"""The disposal list (danh mục tài liệu hết giá trị): the expired records listed per agency, the
secretary's proposal, the leader's approval that destroys them and keeps a register entry."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.urls import reverse

from eiso.core import disposal
from eiso.core.errors import DomainError
from eiso.core.models import AuditEntry, DisposalItem, DisposalList
from eiso.improvement.models import ChecklistLine, InternalAudit
from tests.core.records_helpers import audit_acknowledged, nonconformity_closed, proposed_list
from tests.improvement.factories import ChecklistLineFactory

TODAY = date(2026, 12, 7)


@pytest.mark.django_db
def test_the_list_holds_the_expired_records_and_only_them(agency_a, agency_b):
    expired = audit_acknowledged(agency_a, date(2020, 12, 31))
    audit_acknowledged(agency_a, date(2021, 1, 1))  # kept until 31/12/2026
    closed = nonconformity_closed(agency_a, date(2019, 4, 2))
    audit_acknowledged(agency_b, date(2019, 6, 1))
    found = disposal.expired_records(agency=agency_a, today=TODAY)
    assert sorted(c.code for c in found) == sorted([expired.code, closed.code])
    assert {c.record_type.key for c in found} == {"improvement.internal_audit", "improvement.nonconformity"}
    assert found[0].kept_until == date(2025, 12, 31)


@pytest.mark.django_db
def test_the_page_says_so_when_nothing_has_expired(client, secretary_a, agency_a):
    audit_acknowledged(agency_a, date(2026, 3, 10))
    client.force_login(secretary_a)
    page = client.get(reverse("core:disposal_index")).content.decode()
    assert "Chưa có hồ sơ nào hết thời hạn lưu" in page


@pytest.mark.django_db
def test_the_secretary_proposes_and_the_records_leave_the_list_of_candidates(secretary_a, agency_a):
    disposal_list = proposed_list(agency_a, secretary_a, today=TODAY)
    assert disposal_list.status == DisposalList.Status.PROPOSED
    item = disposal_list.items.get()
    assert (item.period, item.kept_until) == ("05 năm", date(2024, 12, 31))
    assert disposal.expired_records(agency=agency_a, today=TODAY) == []
    assert AuditEntry.objects.filter(action="disposal_list.propose", target_id=str(disposal_list.pk)).exists()


@pytest.mark.django_db
def test_a_record_under_retention_cannot_be_proposed(secretary_a, agency_a):
    kept = audit_acknowledged(agency_a, date(2026, 3, 10))
    with pytest.raises(DomainError, match="Hãy chọn ít nhất một hồ sơ đã hết thời hạn lưu"):
        proposed_list(agency_a, secretary_a, today=TODAY, records=[kept])


@pytest.mark.django_db
def test_only_the_secretary_proposes(leader_a, agency_a):
    with pytest.raises(PermissionDenied):
        proposed_list(agency_a, leader_a, today=TODAY)


@pytest.mark.django_db(transaction=True)
def test_the_leader_approves_and_the_records_are_destroyed_with_their_files(secretary_a, leader_a, agency_a):
    audit = audit_acknowledged(agency_a, date(2019, 6, 1))
    line = ChecklistLineFactory(audit=audit)
    line.evidence_file.save("bien-ban.pdf", ContentFile(b"%PDF-1.4 minh chung"), save=True)
    storage, name = line.evidence_file.storage, line.evidence_file.name
    disposal_list = proposed_list(agency_a, secretary_a, today=TODAY, records=[audit])

    disposal.DISPOSAL_LIST.run(disposal_list, "approve", actor=leader_a, decision_number="05/QĐ-HUY")

    assert not InternalAudit.objects.filter(pk=audit.pk).exists()
    assert not ChecklistLine.objects.filter(pk=line.pk).exists()
    assert not storage.exists(name)
    disposal_list.refresh_from_db()
    assert (disposal_list.status, disposal_list.decided_by, disposal_list.decision_number) == (
        DisposalList.Status.APPROVED,
        leader_a,
        "05/QĐ-HUY",
    )
    register = DisposalItem.objects.get(disposal=disposal_list)
    assert (register.code, register.title, register.ended_on) == (audit.code, audit.title, date(2019, 6, 1))
    assert register.destroyed_at is not None
    assert AuditEntry.objects.filter(action="disposal_list.approve").count() == 1


@pytest.mark.django_db
def test_a_rejected_list_keeps_the_records_and_frees_them(secretary_a, leader_a, agency_a):
    disposal_list = proposed_list(agency_a, secretary_a, today=TODAY)
    disposal.DISPOSAL_LIST.run(disposal_list, "reject", actor=leader_a, decision_note="Còn cần tra cứu")
    assert InternalAudit.objects.filter(agency=agency_a).count() == 1
    assert len(disposal.expired_records(agency=agency_a, today=TODAY)) == 1


@pytest.mark.django_db
def test_a_rejection_needs_a_reason(secretary_a, leader_a, agency_a):
    disposal_list = proposed_list(agency_a, secretary_a, today=TODAY)
    with pytest.raises(DomainError, match="lý do"):
        disposal.DISPOSAL_LIST.run(disposal_list, "reject", actor=leader_a, decision_note=" ")


@pytest.mark.django_db
def test_the_secretary_proposes_from_the_page(client, secretary_a, agency_a):
    audit = audit_acknowledged(agency_a, date(2019, 6, 1))
    client.force_login(secretary_a)
    page = client.get(reverse("core:disposal_index")).content.decode()
    assert audit.code in page
    response = client.post(
        reverse("core:disposal_propose"),
        {"records": [f"improvement.internal_audit:{audit.pk}"], "reason": "Hết hạn"},
    )
    disposal_list = DisposalList.objects.get(agency=agency_a)
    assert response.url == disposal_list.get_absolute_url()
    response = client.post(
        reverse("core:disposal_propose"), {"records": ["improvement.internal_audit:999999"]}
    )
    assert response.status_code == 302
