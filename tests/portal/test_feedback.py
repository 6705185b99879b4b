"""The citizen sends feedback to an agency from the portal and later reads the reply."""

import re

import pytest
from django.core import signing

from eiso.quality import services as quality_services
from eiso.quality.models import Feedback
from eiso.quality.public import SALT

pytestmark = pytest.mark.django_db


def form_data(client, agency, **overrides):
    page = client.get("/tthc/phan-anh/gui/").content.decode()
    challenge = re.search(r'name="challenge" value="([^"]+)"', page).group(1)
    data = {
        "agency": agency.pk,
        "kind": Feedback.Kind.COMPLAINT,
        "category": Feedback.Category.OTHER,
        "content": "Cán bộ hẹn trả kết quả nhưng đến ngày vẫn chưa có.",
        "sender_name": "Nguyễn Văn Dân",
        "sender_phone": "0912345678",
        "challenge": challenge,
        "answer": signing.loads(challenge, salt=SALT),
    }
    return {**data, **overrides}


def test_citizen_sends_feedback_and_gets_a_code(client, agency_a):
    response = client.post("/tthc/phan-anh/gui/", form_data(client, agency_a))
    feedback = Feedback.objects.get()
    assert feedback.agency == agency_a and feedback.channel == Feedback.Channel.PORTAL
    assert feedback.code in response.content.decode()


def test_wrong_sum_keeps_what_was_typed_and_saves_nothing(client, agency_a):
    data = form_data(client, agency_a, answer=999)
    page = client.post("/tthc/phan-anh/gui/", data).content.decode()
    assert "Kết quả phép tính chưa đúng." in page
    assert "Cán bộ hẹn trả kết quả" in page
    assert not Feedback.objects.exists()


def test_robots_filling_the_hidden_field_are_refused(client, agency_a):
    client.post("/tthc/phan-anh/gui/", form_data(client, agency_a, website="http://spam"))
    assert not Feedback.objects.exists()


def test_too_many_submissions_from_one_address(client, agency_a, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "fb"}
    }
    for _ in range(5):
        client.post("/tthc/phan-anh/gui/", form_data(client, agency_a))
    page = client.post("/tthc/phan-anh/gui/", form_data(client, agency_a)).content.decode()
    assert "nhiều phản ánh trong một giờ" in page
    assert Feedback.objects.count() == 5


def test_lookup_shows_the_reply_and_an_unknown_code_says_so(client, agency_a, secretary_a):
    client.post("/tthc/phan-anh/gui/", form_data(client, agency_a))
    feedback = Feedback.objects.get()
    quality_services.feedback_accept(feedback=feedback, actor=secretary_a)
    feedback.refresh_from_db()
    quality_services.feedback_reply(feedback=feedback, actor=secretary_a, reply="Đã trả kết quả ngày 03/03.")
    page = client.get("/tthc/phan-anh/tra-cuu/", {"ma": feedback.code.lower()}).content.decode()
    assert "Đã trả lời" in page and "Đã trả kết quả ngày 03/03." in page
    assert "0912345678" not in page
    page = client.get("/tthc/phan-anh/tra-cuu/", {"ma": "PA26-KHONGCO1"}).content.decode()
    assert "Không tìm thấy phản ánh" in page


def test_lookup_shows_a_refusal_with_its_reason_and_an_open_case_as_in_progress(
    client, agency_a, secretary_a
):
    client.post("/tthc/phan-anh/gui/", form_data(client, agency_a))
    client.post("/tthc/phan-anh/gui/", form_data(client, agency_a))
    refused, waiting = Feedback.objects.order_by("pk")
    quality_services.feedback_refuse(feedback=refused, actor=secretary_a, reason="Không thuộc thẩm quyền.")
    page = client.get("/tthc/phan-anh/tra-cuu/", {"ma": refused.code}).content.decode()
    assert "Cơ quan không thụ lý phản ánh này. Lý do: Không thuộc thẩm quyền." in page
    page = client.get("/tthc/phan-anh/tra-cuu/", {"ma": waiting.code}).content.decode()
    assert "Mới tiếp nhận" in page and "Cơ quan đang xử lý" in page
