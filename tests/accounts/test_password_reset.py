"""Password reset by e-mail: the whole round trip, no user enumeration, and the limits."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from eiso.accounts.password_reset import ADDRESS_LIMITS, EMAIL_LIMITS


@pytest.fixture(autouse=True)
def fresh_limits():
    # The limits count in the cache, which outlives a test.
    cache.clear()
    yield
    cache.clear()


def reset_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def test_login_page_links_to_password_reset(client):
    page = client.get(reverse("accounts:login")).content.decode()

    assert "Quên mật khẩu?" in page
    assert reverse("accounts:password_reset") in page


def test_staff_resets_a_forgotten_password_and_logs_in_with_the_new_one(client, staff_a):
    response = client.post(reverse("accounts:password_reset"), {"email": staff_a.email})

    assert response.status_code == 302 and response.url == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [staff_a.email]
    assert message.subject == "Đặt lại mật khẩu eISO"
    assert staff_a.username in message.body
    # Django's confirm view swaps the token for a session key, then shows the form.
    form_page = client.get(reset_link(message), follow=True)
    assert "Đặt mật khẩu mới" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Hoa-sen-tháng-7-2026", "new_password2": "Hoa-sen-tháng-7-2026"},
    )
    assert done.status_code == 302 and done.url == reverse("accounts:password_reset_complete")
    assert "Đã đặt mật khẩu mới" in client.get(done.url).content.decode()

    logged_in = client.post(
        reverse("accounts:login"), {"username": staff_a.username, "password": "Hoa-sen-tháng-7-2026"}
    )

    assert logged_in.status_code == 302
    assert client.get(reverse("core:home")).status_code == 200


def test_a_reset_link_works_once(client, staff_a):
    client.post(reverse("accounts:password_reset"), {"email": staff_a.email})
    link = reset_link(mail.outbox[0])
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Mat-khau-moi-2026!", "new_password2": "Mat-khau-moi-2026!"},
    )

    again = client.get(link, follow=True).content.decode()

    assert "Đường dẫn không còn dùng được" in again


def test_unknown_address_gets_the_same_answer_and_no_mail(client, staff_a):
    known = client.post(reverse("accounts:password_reset"), {"email": staff_a.email})
    unknown = client.post(reverse("accounts:password_reset"), {"email": "khong-co-ai@example.vn"})

    assert (unknown.status_code, unknown.url) == (known.status_code, known.url)
    assert [message.to for message in mail.outbox] == [[staff_a.email]]
    assert "Nếu địa chỉ bạn nhập" in client.get(unknown.url).content.decode()


def test_one_address_gets_a_limited_number_of_mails_and_the_page_says_nothing(client, staff_a):
    allowed = EMAIL_LIMITS[0][0]
    answers = [
        client.post(reverse("accounts:password_reset"), {"email": staff_a.email}, REMOTE_ADDR=f"10.0.0.{n}")
        for n in range(allowed + 2)
    ]

    assert len(mail.outbox) == allowed
    assert {(answer.status_code, answer.url) for answer in answers} == {
        (302, reverse("accounts:password_reset_done"))
    }


def test_one_client_asking_too_often_is_refused_in_vietnamese(client, staff_a):
    allowed = ADDRESS_LIMITS[0][0]
    for n in range(allowed):
        client.post(reverse("accounts:password_reset"), {"email": f"nguoi{n}@example.vn"})

    refused = client.post(reverse("accounts:password_reset"), {"email": staff_a.email})

    assert refused.status_code == 429
    assert "Quá nhiều yêu cầu đặt lại mật khẩu" in refused.content.decode()
    assert mail.outbox == []
