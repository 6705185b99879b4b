import pytest


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded evidence goes to a temporary folder, not the demo's data/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
