import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from eiso.core import audit
from eiso.core.models import AuditEntry


@pytest.fixture
def three_entries(agency_a, unit_a, secretary_a):
    for name in ("Phòng A", "Phòng B", "Phòng C"):
        audit.record(actor=secretary_a, action="unit.rename", target=unit_a, changes={"name": ["cũ", name]})
    return list(AuditEntry.objects.filter(chain=f"agency:{agency_a.pk}").order_by("sequence"))


def test_entries_chain_per_agency(three_entries):
    assert [entry.sequence for entry in three_entries] == [1, 2, 3]
    assert three_entries[1].prev_hash == three_entries[0].hash
    assert three_entries[0].prev_hash == ""
    assert audit.verify_all() == []


def test_entry_records_actor_target_and_changes(three_entries, secretary_a, unit_a):
    entry = three_entries[0]
    assert entry.actor == secretary_a
    assert entry.target_type == "orgs.unit"
    assert entry.target_id == str(unit_a.pk)
    assert entry.changes == {"name": ["cũ", "Phòng A"]}


def test_verify_command_reports_ok(three_entries, capsys):
    call_command("verify_audit_trail")
    assert "OK" in capsys.readouterr().out


def test_verify_command_detects_row_edited_with_raw_sql(three_entries):
    table = AuditEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET target_repr = %s WHERE id = %s", ["giả mạo", three_entries[1].pk])
    with pytest.raises(CommandError):
        call_command("verify_audit_trail")
    problem = audit.verify_all()[0]
    assert problem.sequence == 2
    assert problem.entry_id == three_entries[1].pk


def test_verify_detects_deleted_middle_entry(three_entries):
    table = AuditEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE id = %s", [three_entries[1].pk])
    problem = audit.verify_all()[0]
    assert problem.sequence == 2


def test_verify_detects_deleted_last_entry(three_entries):
    table = AuditEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE id = %s", [three_entries[2].pk])
    problem = audit.verify_all()[0]
    assert problem.sequence == 3


def test_many_entries_of_several_chains_are_chained_in_the_order_given(
    agency_a, agency_b, unit_a, secretary_a, django_assert_max_num_queries
):
    from tests.factories import UnitFactory

    unit_b = UnitFactory(agency=agency_b)
    for unit in (unit_a, unit_b):
        audit.record(actor=secretary_a, action="unit.rename", target=unit, changes={"name": ["x", "y"]})
    specs = [
        {"actor": secretary_a, "action": "unit.rename", "target": unit, "changes": {"name": ["cũ", name]}}
        for unit, name in [(unit_a, "A1"), (unit_b, "B1"), (unit_a, "A2")]
    ]
    # One lock for the chains, one insert, one update of the heads: however many entries.
    with django_assert_max_num_queries(3):
        audit.record_many(specs)
    chain_a = AuditEntry.objects.filter(chain=f"agency:{agency_a.pk}").order_by("sequence")
    assert [entry.changes["name"][1] for entry in chain_a] == ["y", "A1", "A2"]
    chain_b = AuditEntry.objects.filter(chain=f"agency:{agency_b.pk}").order_by("sequence")
    assert [entry.changes["name"][1] for entry in chain_b] == ["y", "B1"]
    assert audit.verify_all() == []
