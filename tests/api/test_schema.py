from django.urls import reverse


def test_openapi_schema_is_served_and_complete(client, db):
    response = client.get(reverse("api_schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/auth/token" in schema["paths"]
    assert "/api/v1/me" in schema["paths"]


def test_api_docs_page_uses_local_assets(client, db):
    response = client.get(reverse("api_docs"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "swagger-ui" in page
    assert "cdn." not in page and "unpkg" not in page


def test_api_requires_authentication_with_a_vietnamese_message(client, db):
    response = client.get("/api/v1/me")
    assert response.status_code in (401, 403)
    assert response.json()["message"] == "Chưa đăng nhập hoặc mã truy cập không hợp lệ."
