"""Quality culture and ethics records (issue 21, item 3) and the climate decision of the context
register: pages, services and their rules."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from eiso.core.errors import DomainError
from eiso.core.models import AuditEntry
from eiso.quality import services
from eiso.quality.models import ContextIssue, CultureRecord
from tests.quality.factories import CultureRecordFactory

pytestmark = pytest.mark.django_db


def test_secretary_records_a_leader_commitment_from_the_page(client, secretary_a, leader_a, agency_a):
    client.force_login(secretary_a)
    assert client.get(reverse("quality:culture_create")).status_code == 200
    response = client.post(
        reverse("quality:culture_create"),
        {
            "kind": CultureRecord.Kind.COMMITMENT,
            "title": "Cam kết phục vụ tận tâm, công khai, đúng hạn",
            "recorded_on": "02/03/2026",
            "leader": leader_a.pk,
        },
    )
    assert response.status_code == 302
    record = CultureRecord.objects.get(agency=agency_a)
    assert record.leader == leader_a
    assert AuditEntry.objects.filter(action="culture_record.create", target_id=record.pk).exists()
    page = client.get(reverse("quality:culture_list")).content.decode()
    assert "Cam kết phục vụ tận tâm" in page and "02/03/2026" in page


def test_staff_cannot_add_a_record(client, staff_a):
    client.force_login(staff_a)
    assert client.get(reverse("quality:culture_create")).status_code == 403


def test_a_leader_of_another_agency_is_refused(agency_a, secretary_a, secretary_b):
    with pytest.raises(DomainError):
        services.culture_record_create(
            agency=agency_a,
            actor=secretary_a,
            kind=CultureRecord.Kind.COMMITMENT,
            title="Cam kết",
            recorded_on="2026-03-02",
            leader=secretary_b,
        )


def test_staff_cannot_change_a_record(agency_a, staff_a):
    record = CultureRecordFactory(agency=agency_a)
    with pytest.raises(PermissionDenied):
        services.culture_record_update(record=record, actor=staff_a, title="Khác")


def test_a_climate_issue_needs_a_decision_and_its_reasons(agency_a, secretary_a):
    values = {
        "kind": ContextIssue.Kind.EXTERNAL,
        "category": ContextIssue.Category.CLIMATE,
        "description": "Bão lũ làm gián đoạn việc tiếp nhận hồ sơ",
    }
    with pytest.raises(ValidationError):
        services.context_issue_create(agency=agency_a, actor=secretary_a, **values)
    issue = services.context_issue_create(
        agency=agency_a,
        actor=secretary_a,
        climate_relevant=False,
        effect="Trụ sở không ở vùng ngập.",
        **values,
    )
    assert issue.climate_relevant is False
