from django.template import Context, Template
from django.urls import reverse

from eiso.core import audit


def test_secretary_reads_own_agency_trail_only(client, secretary_a, unit_a, agency_b, staff_b):
    from tests.factories import UnitFactory

    audit.record(actor=secretary_a, action="unit.update", target=unit_a, changes={"name": ["Cũ", "Mới"]})
    audit.record(
        actor=staff_b, action="unit.update", target=UnitFactory(agency=agency_b, name="Phòng bí mật")
    )
    client.force_login(secretary_a)
    page = client.get(reverse("core:audit_entry_list")).content.decode()
    assert unit_a.name in page
    assert "Phòng bí mật" not in page


def test_coordinator_reads_every_agency_of_the_province(client, coordinator, secretary_a, unit_a):
    audit.record(actor=secretary_a, action="unit.update", target=unit_a)
    client.force_login(coordinator)
    assert unit_a.name in client.get(reverse("core:audit_entry_list")).content.decode()


def test_staff_may_not_read_the_trail(client, staff_a):
    client.force_login(staff_a)
    assert client.get(reverse("core:audit_entry_list")).status_code == 403


def test_history_tag_shows_changes_of_one_record(secretary_a, unit_a):
    audit.record(
        actor=secretary_a, action="unit.update", target=unit_a, changes={"name": ["Phòng Cũ", "Phòng Mới"]}
    )
    html = Template("{% load history %}{% history unit %}").render(Context({"unit": unit_a}))
    assert "Phòng Cũ" in html and "Phòng Mới" in html
    assert str(secretary_a) in html


def test_django_admin_cannot_edit_or_delete_audit_entries(client, db, secretary_a, unit_a):
    from eiso.core import audit
    from tests.factories import UserFactory

    entry = audit.record(actor=secretary_a, action="unit.update", target=unit_a, changes={"name": ["a", "b"]})
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(root)
    assert client.get("/django-admin/core/auditentry/").status_code == 200
    assert client.get(f"/django-admin/core/auditentry/{entry.pk}/change/").status_code == 200
    assert (
        client.post(f"/django-admin/core/auditentry/{entry.pk}/change/", {"action": "x"}).status_code == 403
    )
    assert (
        client.post(f"/django-admin/core/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    entry.refresh_from_db()
    assert entry.action == "unit.update"


def test_history_shows_a_change_of_a_field_named_items(db, secretary_a, unit_a):
    from django.template import Context, Template

    from eiso.core import audit

    audit.record(actor=secretary_a, action="unit.update", target=unit_a, changes={"items": ["1", "2"]})
    html = Template("{% load history %}{% history unit %}").render(Context({"unit": unit_a}))
    assert "Các mục:</span> <span>1</span> → <span>2</span>" in html


def test_the_trail_reads_in_vietnamese_and_keeps_the_stored_entry_for_administrators(
    client, secretary_a, unit_a
):
    from eiso.core import audit
    from tests.factories import UserFactory

    audit.record(actor=secretary_a, action="unit.update", target=unit_a, changes={"name": ["Cũ", "Mới"]})
    client.force_login(secretary_a)
    page = client.get(reverse("core:audit_entry_list")).content.decode()
    assert f"Cập nhật {unit_a._meta.verbose_name} “{unit_a}”" in page
    assert "unit.update" not in page and secretary_a.username not in page

    root = UserFactory(username="root", full_name="Quản Trị Viên", is_superuser=True, is_staff=True)
    client.force_login(root)
    page = client.get(reverse("core:audit_entry_list")).content.decode()
    assert 'data-testid="raw-entry"' in page and "unit.update" in page
