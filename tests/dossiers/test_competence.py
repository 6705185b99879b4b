"""The counter receives only the procedures of the agency's competence list (issue 17 item 3, issue 18
item 4): the picker offers only them, the service refuses any other in Vietnamese, and ingest keeps
what the province's system reports but flags it."""

import json

import pytest
from django.urls import reverse

from eiso.core.errors import DomainError
from eiso.core.models import AuditEntry
from eiso.dossiers import services
from eiso.dossiers.models import Channel, Dossier, DossierEvent, EventType
from eiso.procedures.models import Competence
from tests.dossiers.factories import at, procedure_for
from tests.procedures.factories import ProcedureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def outside(agency_a):
    """A procedure of the province that agency A is not competent for (residence registration)."""
    return ProcedureFactory(province=agency_a.province, code="1.004194", current__name="Đăng ký tạm trú")


def test_the_service_refuses_a_procedure_outside_the_competence_list(officer_a, agency_a, outside):
    with pytest.raises(DomainError) as refused:
        services.dossier_receive(
            agency=agency_a,
            procedure=outside,
            actor=officer_a,
            applicant_name="Nguyễn Văn An",
            channel=Channel.DIRECT,
            received_at=at(2026, 3, 2),
        )
    assert refused.value.field == "procedure"
    assert refused.value.message.startswith(
        "Thủ tục 1.004194 không thuộc danh mục thủ tục hành chính thuộc thẩm quyền "
        "của Sở Khoa học và Công nghệ"
    )
    assert not Dossier.objects.exists()


def test_a_procedure_taken_off_the_list_is_refused_too(officer_a, agency_a, procedure_a):
    Competence.objects.filter(agency=agency_a, procedure=procedure_a).update(is_competent=False)
    with pytest.raises(DomainError, match="không thuộc danh mục thủ tục hành chính thuộc thẩm quyền"):
        services.dossier_receive(
            agency=agency_a,
            procedure=procedure_a,
            actor=officer_a,
            applicant_name="Nguyễn Văn An",
            channel=Channel.DIRECT,
            components=[1, 2],
            received_at=at(2026, 3, 2),
        )


def test_the_reception_page_offers_only_competent_procedures(client, officer_a, agency_a, outside):
    competent = procedure_for(agency_a, code="2.000488")
    client.force_login(officer_a)

    page = client.get(reverse("dossiers:dossier_receive")).content.decode()

    assert f'<option value="{competent.pk}"' in page
    assert f'<option value="{outside.pk}"' not in page
    assert "data-searchable" in page and "onchange" not in page
    assert "js/searchable-select.js" in page


def test_choosing_an_outside_procedure_by_its_id_says_why(client, officer_a, agency_a, outside):
    client.force_login(officer_a)
    response = client.post(
        reverse("dossiers:dossier_receive"),
        {"procedure": outside.pk, "applicant_name": "Nguyễn Văn An", "applicant_phone": "0912345678"},
        follow=True,
    )
    assert "không thuộc danh mục thủ tục hành chính thuộc thẩm quyền" in response.content.decode()
    assert not Dossier.objects.exists()


def test_without_a_list_the_counter_says_who_must_make_it(client, officer_a, agency_a):
    client.force_login(officer_a)
    page = client.get(reverse("dossiers:dossier_receive")).content.decode()
    assert "chưa có thủ tục nào trong danh mục" in page
    assert "Đề nghị thư ký ISO" in page


def test_the_api_reception_is_refused_the_same_way(client, officer_a, agency_a, outside):
    client.force_login(officer_a)
    response = client.post(
        "/api/v1/dossiers/",
        data=json.dumps({"procedure": outside.code, "applicant_name": "Nguyễn Văn An", "channel": "direct"}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "không thuộc danh mục thủ tục hành chính thuộc thẩm quyền" in response.json()["message"]


def test_ingest_keeps_a_reported_dossier_outside_the_list_and_flags_it(
    client, secretary_a, agency_a, outside
):
    client.force_login(secretary_a)
    code = f"{agency_a.identifier_code}-260302-0001"
    body = {
        "source": "igate",
        "events": [
            {
                "id": "e-1",
                "type": "received",
                "at": "2026-03-02T09:15:00+07:00",
                "dossier": code,
                "agency": agency_a.identifier_code,
                "procedure": outside.code,
                "channel": "direct",
            }
        ],
    }
    answer = client.post(
        "/api/v1/dossier-events/bulk", data=json.dumps(body), content_type="application/json"
    ).json()

    assert answer["accepted"] == 1
    dossier = Dossier.objects.get(code=code)
    received = DossierEvent.objects.get(dossier=dossier, type=EventType.RECEIVED)
    assert received.data == {"outside_competence": True}
    entry = AuditEntry.objects.get(action="dossier.receive", target_id=str(dossier.pk))
    assert entry.changes["outside_competence"] == [None, True]
    client.force_login(secretary_a)
    page = client.get(reverse("dossiers:dossier_detail", args=[dossier.pk])).content.decode()
    assert 'id="outside-competence"' in page
