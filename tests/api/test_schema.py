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


def test_every_view_is_described_without_warnings(tmp_path, db):
    from django.core.management import call_command

    # Fails (SystemExit) on any warning or error of drf-spectacular, e.g. a view it cannot describe.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    assert "/api/v1/public/dossiers/{code}" in (tmp_path / "schema.yml").read_text()
