"""The demo loader imports the shipped catalogue into Hà Tĩnh, once."""

import pytest

from eiso.procedures import demo
from eiso.procedures.models import Procedure

pytestmark = pytest.mark.django_db


def test_demo_catalogue_loads_through_the_importer_and_is_idempotent(province):
    messages = []
    demo.load(messages.append)
    count = Procedure.objects.filter(province=province).count()
    assert count >= 20
    assert Procedure.objects.get(code="1.001193").current_version.name == "Thủ tục đăng ký khai sinh"

    demo.load(messages.append)
    assert Procedure.objects.count() == count
    assert f"{count} không thay đổi" in messages[-1]


def test_demo_skips_without_the_demo_province(db):
    messages = []
    demo.load(messages.append)
    assert not Procedure.objects.exists()
    assert "bỏ qua" in messages[0]
