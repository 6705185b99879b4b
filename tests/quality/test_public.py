"""The spam guards offered to the public feedback page: signed sum, honeypot, rate limit."""

import pytest
from django.core import signing
from django.core.cache import cache

from eiso.quality import services
from eiso.quality.models import Feedback
from eiso.quality.public import SALT, PublicFeedbackForm, feedback_allowed

pytestmark = pytest.mark.django_db
FIELDS = {
    "kind": "complaint",
    "category": "delay",
    "content": "Hồ sơ của tôi bị trễ hẹn ba ngày.",
    "sender_name": "Trần Văn Bình",
}


def _post(answer: int, total: int = 7, **extra) -> PublicFeedbackForm:
    return PublicFeedbackForm(
        data={**FIELDS, "challenge": signing.dumps(total, salt=SALT), "answer": answer, **extra}
    )


def test_the_right_answer_passes_and_feeds_the_service(agency_a):
    form = _post(7)
    assert form.is_valid(), form.errors
    feedback = services.feedback_submit(agency=agency_a, **form.submission())
    assert Feedback.objects.get().code == feedback.code


def test_a_wrong_answer_is_refused_and_a_new_question_is_asked():
    form = _post(8)
    assert not form.is_valid()
    assert "Kết quả phép tính chưa đúng." in form.errors["answer"]
    assert form.data["challenge"] == form.initial["challenge"]  # shown again with the new question's token


def test_a_forged_token_and_the_honeypot_are_refused():
    forged = PublicFeedbackForm(data={**FIELDS, "challenge": "7", "answer": 7})
    assert not forged.is_valid() and "hết hạn" in str(forged.errors)
    assert not _post(7, website="http://spam.example").is_valid()


def test_rate_limit_per_address():
    cache.clear()
    assert all(feedback_allowed("203.0.113.5", limit=3) for _ in range(3))
    assert not feedback_allowed("203.0.113.5", limit=3)
    assert feedback_allowed("203.0.113.6", limit=3)
