"""The hostile-file corpus (issue 15) against the improvement upload paths: the evidence file of
an internal audit's checklist line (service and line page) and the evidence of a corrective action
completed from its nonconformity's page. Each is refused with the gate's Vietnamese reason, and
nothing is saved: the line still pending, the action still open, no file in storage."""

from datetime import date

import pytest
from django.urls import reverse

from eiso.core.errors import DomainError
from eiso.improvement import services
from eiso.improvement.models import Finding, Nonconformity
from eiso.quality.models import Action
from tests.hostile_files import CORPUS, stored_files, upload
from tests.improvement.factories import NonconformityFactory
from tests.improvement.helpers import running_audit

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def line(agency_a, secretary_a, auditor_a):
    return running_audit(agency_a, auditor_a, secretary=secretary_a).lines.get(clause="7.5")


def _still_pending(line):
    line.refresh_from_db()
    assert line.result == "pending" and not line.evidence_file and line.evidence_text == ""
    assert not Finding.objects.exists()


@pytest.mark.parametrize("hostile", CORPUS, ids=str)
def test_the_service_refuses_a_hostile_evidence_file(hostile, line, auditor_a, media):
    with pytest.raises(DomainError, match=hostile.reason) as refused:
        services.checklist_line_record(
            line=line,
            actor=auditor_a,
            result="nc_minor",
            evidence_text="Biểu mẫu đang dùng là bản cũ.",
            evidence_file=upload(hostile),
        )
    assert refused.value.field == "evidence_file"
    _still_pending(line)
    assert stored_files(media) == []


@pytest.mark.parametrize("hostile", CORPUS, ids=str)
def test_the_line_page_shows_the_reason_beside_the_field(hostile, client, line, auditor_a, media):
    client.force_login(auditor_a)
    response = client.post(
        reverse("improvement:line_record", args=[line.pk]),
        {
            "result": "nc_minor",
            "evidence_text": "Biểu mẫu đang dùng là bản cũ.",
            "evidence_file": upload(hostile),
        },
    )
    assert response.status_code == 200
    assert hostile.reason in response.text and "invalid-feedback" in response.text
    _still_pending(line)
    assert stored_files(media) == []


@pytest.mark.parametrize("hostile", CORPUS, ids=str)
def test_the_nonconformity_page_refuses_hostile_evidence(
    hostile, client, agency_a, secretary_a, staff_a, media
):
    nonconformity = NonconformityFactory(
        agency=agency_a,
        status=Nonconformity.Status.IN_PROGRESS,
        effectiveness_criteria="Không còn biểu mẫu cũ",
        effectiveness_check_on=date(2026, 6, 30),
    )
    action = services.nonconformity_add_action(
        nonconformity=nonconformity,
        actor=secretary_a,
        title="Sửa biểu mẫu",
        due_on=date(2026, 5, 29),
        owner=staff_a,
    )
    client.force_login(staff_a)
    response = client.post(
        reverse("improvement:nonconformity_action_complete", args=[nonconformity.pk, action.pk]),
        {"completion_note": "Đã sửa", "evidence": upload(hostile)},
        follow=True,
    )
    assert hostile.reason in response.text
    action.refresh_from_db()
    assert action.status != Action.Status.DONE and not action.evidence
    assert stored_files(media) == []
