"""The API's one error body, written in core.api_errors and named in settings."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404

from eiso.core.api_errors import exception_handler
from eiso.core.errors import DomainError


def test_settings_point_to_core():
    assert settings.REST_FRAMEWORK["EXCEPTION_HANDLER"] == "eiso.core.api_errors.exception_handler"


def test_a_domain_error_is_a_400_with_its_message_and_field():
    response = exception_handler(DomainError("Mã đã tồn tại.", field="code", extra={"code": "QT-01"}), {})
    assert response.status_code == 400
    assert response.data == {"message": "Mã đã tồn tại.", "extra": {"code": "QT-01", "field": "code"}}


def test_permission_denied_is_a_403_in_vietnamese():
    response = exception_handler(PermissionDenied(), {})
    assert response.status_code == 403
    assert "không có quyền" in response.data["message"]


def test_not_found_is_a_404():
    response = exception_handler(Http404(), {})
    assert response.status_code == 404
    assert response.data == {"message": "Không tìm thấy.", "extra": {}}


def test_a_model_validation_error_is_a_400_by_field():
    response = exception_handler(DjangoValidationError({"due_on": ["Hạn không hợp lệ."]}), {})
    assert response.status_code == 400
    assert response.data["extra"] == {"due_on": ["Hạn không hợp lệ."]}


def test_a_throttled_call_is_a_429_in_vietnamese_with_the_wait():
    from rest_framework.exceptions import Throttled

    response = exception_handler(Throttled(wait=42), {})
    assert response.status_code == 429
    assert response.data == {
        "message": "Bạn đã gửi quá nhiều yêu cầu. Vui lòng thử lại sau 42 giây.",
        "extra": {"retry_after": 42},
    }
