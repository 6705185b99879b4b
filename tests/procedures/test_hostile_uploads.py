"""The hostile-file corpus (issue 15) against the procedures' two upload paths: a component's form
file (service and detail page) and the catalogue import (dry run, import, page and command).
Each is refused with the gate's Vietnamese reason, and nothing is saved: no file in storage, no
procedure, no pending import."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from eiso.core.errors import DomainError
from eiso.procedures import services
from eiso.procedures.models import Procedure
from eiso.procedures.views.catalogue import PENDING_CATALOGUE
from tests.hostile_files import CORPUS, XLSX_CORPUS, stored_files, upload
from tests.procedures.helpers import MARRIAGE, json_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings):
    return settings.MEDIA_ROOT  # a temporary folder (conftest)


@pytest.fixture
def component(province, coordinator):
    services.procedure_import(
        data=json_bytes(MARRIAGE), filename="a.json", province=province, actor=coordinator
    )
    return Procedure.objects.get().current_version.components.get(order=1)


@pytest.mark.parametrize("hostile", CORPUS, ids=str)
def test_the_service_refuses_a_hostile_form_file(hostile, component, coordinator, media):
    with pytest.raises(DomainError, match=hostile.reason):
        services.component_attach_form(component=component, upload=upload(hostile), actor=coordinator)
    component.refresh_from_db()
    assert not component.form_file
    assert stored_files(media) == []


@pytest.mark.parametrize("hostile", CORPUS, ids=str)
def test_the_detail_page_refuses_a_hostile_form_file(hostile, client, component, coordinator, media):
    client.force_login(coordinator)
    url = reverse("procedures:component_attach_form", args=[component.pk])
    response = client.post(url, {"file": upload(hostile)}, follow=True)
    assert hostile.reason in response.text
    component.refresh_from_db()
    assert not component.form_file
    assert stored_files(media) == []


@pytest.mark.parametrize("hostile", XLSX_CORPUS, ids=str)
def test_the_import_service_refuses_a_hostile_catalogue(hostile, province, coordinator):
    plan = services.procedure_import_plan(
        data=hostile.data, filename=hostile.filename, province=province, actor=coordinator
    )
    assert not plan.items and any(hostile.reason in error for error in plan.file_errors), plan.file_errors
    with pytest.raises(services.ImportRejected):
        services.procedure_import(
            data=hostile.data, filename=hostile.filename, province=province, actor=coordinator
        )
    assert not Procedure.objects.exists()


@pytest.mark.parametrize("hostile", XLSX_CORPUS, ids=str)
def test_the_import_page_refuses_a_hostile_catalogue(hostile, client, coordinator, media):
    client.force_login(coordinator)
    response = client.post(reverse("procedures:procedure_import"), {"file": upload(hostile)})
    assert response.status_code == 200 and hostile.reason in response.text
    assert PENDING_CATALOGUE.session_key not in client.session
    assert not Procedure.objects.exists()
    assert stored_files(media) == []


@pytest.mark.parametrize("hostile", XLSX_CORPUS, ids=str)
def test_the_import_command_refuses_a_hostile_catalogue(hostile, tmp_path, province, capsys):
    path = tmp_path / hostile.filename
    path.write_bytes(hostile.data)
    with pytest.raises(CommandError):
        call_command("import_procedures", str(path), "--province", str(province.division_code))
    assert hostile.reason in capsys.readouterr().out
    assert not Procedure.objects.exists()
