"""How a page reports a POSTed action: core.actions.run_action and form_invalid."""

from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import RequestFactory

from eiso.core.actions import form_invalid, run_action
from eiso.core.errors import DomainError


def _post():
    request = RequestFactory().post("/")
    request._messages = CookieStorage(request)
    return request


def _messages(request) -> list[tuple[str, str]]:
    return [(message.level_tag, message.message) for message in get_messages(request)]


class ReasonForm(forms.Form):
    reason = forms.CharField(error_messages={"required": "Hãy ghi lý do."})


def test_a_service_that_succeeds_shows_the_success_message_and_goes_back():
    request = _post()
    response = run_action(request, "/ho-so/1/", lambda: None, "Đã tiếp nhận.")
    assert response.status_code == 302 and response.url == "/ho-so/1/"
    assert _messages(request) == [("success", "Đã tiếp nhận.")]


def test_a_domain_error_becomes_the_error_message_and_goes_back():
    def refuse():
        raise DomainError("Hồ sơ đã được trả kết quả.")

    request = _post()
    response = run_action(request, "/ho-so/1/", refuse, "Đã tiếp nhận.")
    assert response.url == "/ho-so/1/"
    assert _messages(request) == [("error", "Hồ sơ đã được trả kết quả.")]


def test_an_invalid_form_shows_its_first_error_and_goes_back():
    form = ReasonForm({})
    assert not form.is_valid()
    request = _post()
    response = form_invalid(request, "/ho-so/1/", form)
    assert response.url == "/ho-so/1/"
    assert _messages(request) == [("error", "Hãy ghi lý do.")]
