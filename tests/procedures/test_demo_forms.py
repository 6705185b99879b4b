"""The demo catalogue's forms are files, so the portal offers them as downloads."""

import io

import docx
import pytest
from django.urls import reverse

from eiso.procedures import demo, demo_forms
from eiso.procedures.models import ProcedureComponent

pytestmark = pytest.mark.django_db


def test_every_named_form_of_the_demo_gets_a_file_once(province, coordinator):
    demo.load(lambda message: None)
    said = []
    demo_forms.load(said.append)

    named = ProcedureComponent.objects.exclude(form_name="")
    assert named.exists() and not named.filter(form_file="").exists()
    demo_forms.load(said.append)
    assert said[-1].endswith(": 0 tệp đính kèm.")  # a second run attaches nothing


def test_the_form_is_a_word_file_that_names_itself(province, coordinator):
    demo.load(lambda message: None)
    demo_forms.load(lambda message: None)
    component = ProcedureComponent.objects.get(
        version__procedure__code="1.001193", form_name="Tờ khai đăng ký khai sinh"
    )
    assert component.form_file.name.endswith("to-khai-dang-ky-khai-sinh.docx")
    text = "\n".join(p.text for p in docx.Document(component.form_file.open("rb")).paragraphs)
    assert "TỜ KHAI ĐĂNG KÝ KHAI SINH" in text and "Mẫu minh họa" in text


def test_portal_links_the_form_and_serves_it(client, province, coordinator):
    demo.load(lambda message: None)
    demo_forms.load(lambda message: None)
    page = client.get(reverse("portal:procedure_page", args=["1.001193"])).content.decode()
    link = reverse("portal:form_download", args=["1.001193", 1])
    assert f'href="{link}?tinh=42"' in page
    response = client.get(link, {"tinh": 42})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    docx.Document(io.BytesIO(b"".join(response.streaming_content)))


def test_without_the_demo_coordinator_nothing_is_attached(province):
    demo.load(lambda message: None)
    said = []
    demo_forms.load(said.append)
    assert "bỏ qua" in said[0]
    assert not ProcedureComponent.objects.exclude(form_file="").exists()
