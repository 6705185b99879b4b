"""`manage.py load_demo` builds the demo province once; a second run duplicates nothing."""

import pytest
from django.core.management import call_command

from eiso.accounts.models import Membership, User
from eiso.orgs.models import Agency, Unit

pytestmark = pytest.mark.django_db


def counts():
    return (Agency.objects.count(), Unit.objects.count(), User.objects.count(), Membership.objects.count())


def test_load_demo_is_idempotent_and_has_the_promised_shape(capsys):
    call_command("load_demo")
    first = counts()
    call_command("load_demo")
    assert counts() == first
    assert Agency.objects.filter(kind=Agency.Kind.DEPARTMENT).count() == 15
    assert Agency.objects.filter(kind=Agency.Kind.COMMUNE).count() == 30
    usernames = set(User.objects.values_list("username", flat=True))
    assert {
        "admin",
        "coordinator",
        "secretary",
        "leader",
        "staff",
        "officer",
        "auditor",
        "secretary2",
    } <= usernames
    assert User.objects.get(username="secretary").check_password("eiso-demo-2026")
    assert "eiso-demo-2026" in capsys.readouterr().out
