"""The hostile-file corpus (issue 15) against a document version's attachment: refused with the
gate's Vietnamese reason by the service and on the edit page, and nothing saved, neither the
version's fields nor a file in storage."""

import pytest
from django.urls import reverse

from eiso.core.errors import DomainError
from eiso.documents import services
from tests.documents.factories import DocumentVersionFactory
from tests.hostile_files import CORPUS, stored_files, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _unchanged(version):
    version.refresh_from_db()
    assert (version.revision, version.file.name or "", version.file_text) == (1, "", "")


@pytest.mark.parametrize("hostile", CORPUS, ids=str)
def test_the_service_refuses_a_hostile_attachment(hostile, document_a, staff_a, media):
    version = DocumentVersionFactory(document=document_a, author=staff_a)
    with pytest.raises(DomainError, match=hostile.reason) as refused:
        services.version_update(
            version=version,
            actor=staff_a,
            expected_revision=1,
            body="<p>Nội dung</p>",
            change_summary="",
            upload=upload(hostile),
        )
    assert refused.value.field == "file"
    _unchanged(version)
    assert stored_files(media) == []


@pytest.mark.parametrize("hostile", CORPUS, ids=str)
def test_the_edit_page_shows_the_reason_beside_the_field(hostile, client, document_a, staff_a, media):
    version = DocumentVersionFactory(document=document_a, author=staff_a)
    client.force_login(staff_a)
    response = client.post(
        reverse("documents:version_update", args=[version.pk]),
        {"revision": 1, "body": "Nội dung", "change_summary": "", "file": upload(hostile)},
    )
    assert response.status_code == 200
    assert hostile.reason in response.text and "invalid-feedback" in response.text
    _unchanged(version)
    assert stored_files(media) == []
