import pytest
from django.core.cache import cache
from django.urls import reverse

from eiso.dossiers import services
from eiso.dossiers.models import Channel, Rating
from tests.dossiers.factories import at

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()


@pytest.fixture
def dossier(officer_a, agency_a, procedure_a):
    return services.dossier_receive(
        agency=agency_a,
        procedure=procedure_a,
        actor=officer_a,
        applicant_name="Võ Thị Giang",
        applicant_phone="0912 345 678",
        channel=Channel.DIRECT,
        components=[1, 2],
        received_at=at(2026, 3, 2, 9),
    )


def test_lookup_shows_plain_status(client, dossier):
    body = client.get(
        reverse("portal:dossier_lookup"), {"code": dossier.code, "phone4": "5678"}
    ).content.decode()
    assert "đang chờ xử lý" in body and "05/03/2026" in body


def test_wrong_code_and_wrong_digits_get_the_same_answer(client, dossier):
    url = reverse("portal:dossier_lookup")
    wrong_digits = client.get(url, {"code": dossier.code, "phone4": "0000"}).content.decode()
    wrong_code = client.get(url, {"code": dossier.code + "9", "phone4": "5678"}).content.decode()
    assert "Không tìm thấy hồ sơ" in wrong_digits
    strip = lambda text: text.replace(dossier.code + "9", "").replace(dossier.code, "")  # noqa: E731
    assert strip(wrong_digits).replace("0000", "") == strip(wrong_code).replace("5678", "")


def test_lookup_is_rate_limited(client, dossier):
    url = reverse("portal:dossier_lookup")
    for _ in range(10):
        client.get(url, {"code": "X-260302-0001", "phone4": "1111"})
    response = client.get(url, {"code": dossier.code, "phone4": "5678"})
    assert response.status_code == 429 and "quá nhiều lần" in response.content.decode()


def test_rating_once_after_the_result(client, dossier, officer_a):
    services.dossier_result_ready(dossier=dossier, actor=officer_a, at=at(2026, 3, 3, 9))
    body = client.get(
        reverse("portal:dossier_lookup"), {"code": dossier.code, "phone4": "5678"}
    ).content.decode()
    assert "Đánh giá việc giải quyết hồ sơ" in body
    answer = {
        "code": dossier.code,
        "phone4": "5678",
        "time_score": 3,
        "agencies_contacted": 1,
        "contacts_needed": 1,
        "information_score": 3,
        "conduct_score": 2,
        "costs_score": 3,
        "comment": "",
    }
    assert "Cảm ơn" in client.post(reverse("portal:dossier_rate"), answer).content.decode()
    again = client.post(reverse("portal:dossier_rate"), answer).content.decode()
    assert "đã được đánh giá" in again
    assert Rating.objects.count() == 1


def test_public_api_lookup(client, dossier):
    ok = client.get(f"/api/v1/public/dossiers/{dossier.code}", {"phone4": "5678"})
    assert ok.status_code == 200 and ok.json()["status"] == "received"
    assert client.get(f"/api/v1/public/dossiers/{dossier.code}", {"phone4": "1234"}).status_code == 404


def test_lookup_of_a_dossier_waiting_for_its_supplement_lists_what_to_bring(client, dossier, officer_a):
    services.supplement_request(
        dossier=dossier,
        items="Bản sao giấy tờ tùy thân\nXác nhận của UBND xã",
        contact_name="Nguyễn Thị Hoa",
        contact_phone="0239 3855 123",
        actor=officer_a,
        at=at(2026, 3, 2, 10),
    )
    body = client.get(
        reverse("portal:dossier_lookup"), {"code": dossier.code, "phone4": "5678"}
    ).content.decode()
    assert "Giấy tờ cần bổ sung, hoàn thiện" in body
    assert "<li>Bản sao giấy tờ tùy thân</li>" in body and "<li>Xác nhận của UBND xã</li>" in body
    assert "Nguyễn Thị Hoa, điện thoại 0239 3855 123" in body
    assert "Hạn nộp bổ sung:" in body
    assert "Hẹn trả kết quả: <strong>" in body and "ngày 05/03/2026" in body


def test_public_api_lookup_carries_the_supplement_list(client, dossier, officer_a):
    services.supplement_request(dossier=dossier, items="Tờ khai", actor=officer_a, at=at(2026, 3, 2, 10))
    body = client.get(f"/api/v1/public/dossiers/{dossier.code}", {"phone4": "5678"}).json()
    assert body["status"] == "supplement" and body["supplement"]["items"] == ["Tờ khai"]
