from django.test import Client
from django.urls import reverse


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
