"""A citizen sends feedback from the portal, the secretary answers it, the citizen reads the reply."""

import re

import pytest
from playwright.sync_api import expect

from eiso.quality import services as quality_services
from eiso.quality.models import Feedback

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_citizen_sends_feedback_and_reads_the_reply(page, live_server, agency_a, secretary_a):
    page.goto(f"{live_server.url}/tthc/")
    page.get_by_role("link", name="Gửi phản ánh").click()
    form = page.get_by_test_id("feedback-form")
    form.get_by_label("Cơ quan nhận phản ánh").select_option(label=agency_a.name)
    form.get_by_label("Nội dung phản ánh, kiến nghị").fill(
        "Hồ sơ của tôi quá hạn mà chưa nhận được thư xin lỗi."
    )
    form.get_by_label("Họ và tên").fill("Trần Văn Dân")
    question = form.get_by_text(re.compile(r"Kết quả phép tính \d+ \+ \d+ =")).inner_text()
    first, second = map(int, re.findall(r"\d+", question))
    form.get_by_label(re.compile("Kết quả phép tính")).fill(str(first + second + 1))
    form.get_by_role("button", name="Gửi phản ánh").click()
    expect(page.get_by_text("Kết quả phép tính chưa đúng.")).to_be_visible()
    expect(form.get_by_label("Họ và tên")).to_have_value("Trần Văn Dân")

    question = form.get_by_text(re.compile(r"Kết quả phép tính \d+ \+ \d+ =")).inner_text()
    first, second = map(int, re.findall(r"\d+", question))
    form.get_by_label(re.compile("Kết quả phép tính")).fill(str(first + second))
    form.get_by_role("button", name="Gửi phản ánh").click()
    code = page.get_by_test_id("feedback-code").inner_text().strip()
    assert code.startswith("PA")

    feedback = Feedback.objects.get(code=code)
    quality_services.feedback_accept(feedback=feedback, actor=secretary_a)
    feedback.refresh_from_db()
    quality_services.feedback_reply(
        feedback=feedback, actor=secretary_a, reply="Cơ quan xin lỗi ông và đã trả kết quả."
    )

    page.get_by_role("link", name="tra cứu câu trả lời").click()
    result = page.get_by_test_id("feedback-result")
    expect(result).to_contain_text("Đã trả lời")
    expect(result).to_contain_text("Cơ quan xin lỗi ông và đã trả kết quả.")
