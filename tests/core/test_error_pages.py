import pytest
from django.test import Client
from django.urls import include, path, reverse


def test_missing_page_is_a_vietnamese_404(client, secretary_a):
    client.force_login(secretary_a)
    response = client.get("/khong-ton-tai/")
    assert response.status_code == 404
    assert "Không tìm thấy" in response.content.decode()


def test_expired_form_shows_a_vietnamese_csrf_page(secretary_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(secretary_a)
    response = client.post(reverse("accounts:switch_context"), {"membership": "1"})
    assert response.status_code == 403
    assert "Phiên làm việc đã hết hạn" in response.content.decode()


def _boom(request):
    raise RuntimeError("a bug")


# The whole site plus one view that fails, for the 500 test below (pytest.mark.urls).
urlpatterns = [path("loi-thu/", _boom), path("", include("eiso.urls"))]


@pytest.mark.urls("tests.core.test_error_pages")
def test_a_failing_page_is_a_vietnamese_500(client, secretary_a):
    client.raise_request_exception = False
    client.force_login(secretary_a)

    response = client.get("/loi-thu/")

    assert response.status_code == 500
    assert "Đã có lỗi xảy ra" in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_a_nul_character_in_the_address_is_a_vietnamese_400(client, secretary_a):
    # PostgreSQL cannot compare text holding NUL: before the gate this search was a 500 there.
    client.force_login(secretary_a)

    response = client.get(reverse("documents:document_list"), {"q": "quy\x00trình"})

    assert response.status_code == 400
    assert "ký tự không hợp lệ" in response.content.decode()


def test_a_nul_character_in_an_api_query_is_the_apis_error_body(client, secretary_a):
    client.force_login(secretary_a)

    response = client.get("/api/v1/documents/", {"status": "a\x00b"})

    assert response.status_code == 400
    assert response.json() == {
        "message": "Địa chỉ trang chứa ký tự không hợp lệ (ký tự NUL). Vui lòng kiểm tra lại đường dẫn.",
        "extra": {"field": "status"},
    }
