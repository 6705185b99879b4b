"""core.history says audit-trail entries in Vietnamese: sentences from the workflow declarations
and a verb registry, fields by verbose name, values by label (issue 18, item 1)."""

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps

from eiso.core import audit, history
from eiso.core.workflow import REGISTRY
from tests.factories import UnitFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2] / "eiso"


def _line(entry) -> history.Line:
    return history.render([entry])[0]


@pytest.mark.django_db
def test_an_update_reads_as_a_verb_and_the_object(secretary_a, unit_a):
    entry = audit.record(actor=secretary_a, action="unit.update", target=unit_a, changes={"name": ["A", "B"]})
    line = _line(entry)
    assert line.sentence == f"Cập nhật {unit_a._meta.verbose_name} “{unit_a}”"
    assert line.actor == secretary_a.full_name
    assert [(c.label, c.before, c.after) for c in line.changes][0][1:] == ("A", "B")


@pytest.mark.django_db
def test_values_read_as_labels_names_and_vietnamese_dates(secretary_a, staff_a, unit_a, agency_a):
    from eiso.quality.models import Action
    from tests.quality.factories import ActionFactory, RiskFactory

    row = ActionFactory(risk=RiskFactory(agency=agency_a), owner=staff_a)
    entry = audit.record(
        actor=secretary_a,
        action="action.update",
        target=row,
        changes={
            "owner_id": [None, staff_a.pk],
            "due_on": ["2026-01-05", "2026-03-02"],
            "status": [row.status, row.status],
            "legal_bases": [[], ["19/2014/QĐ-TTg", "30/2020/NĐ-CP"]],
        },
    )
    changes = {c.key: c for c in _line(entry).changes}
    owner_label = str(Action._meta.get_field("owner").verbose_name)
    assert changes["owner_id"].label.lower() == owner_label.lower()
    assert changes["owner_id"].after == staff_a.full_name
    assert (changes["due_on"].before, changes["due_on"].after) == ("05/01/2026", "02/03/2026")
    assert changes["status"].after == row.get_status_display()
    assert changes["legal_bases"].label == "Căn cứ pháp lý"
    assert changes["legal_bases"].after == "19/2014/QĐ-TTg, 30/2020/NĐ-CP"


def test_booleans_numbers_and_years_read_the_vietnamese_way():
    spec = history._Spec("x")
    assert history.value_text(spec, True) == "Có"
    assert history.value_text(spec, False) == "Không"
    assert history.value_text(spec, 1234567.5) == "1.234.567,5"
    assert history.value_text(spec, None) == "—"
    assert history.value_text(history._Spec("Năm", "year"), 2026) == "2026"


@pytest.mark.django_db
def test_an_unknown_verb_still_reads_as_vietnamese(secretary_a, unit_a):
    entry = audit.record(actor=secretary_a, action="unit.frobnicate", target=unit_a, changes={"zzz": [1, 2]})
    line = _line(entry)
    assert "frobnicate" not in line.sentence and "unit" not in line.sentence
    assert line.sentence.startswith("Thay đổi")
    assert line.changes[0].label == history.UNKNOWN_LABEL


@pytest.mark.django_db
def test_a_deleted_user_keeps_the_name_recorded(secretary_a, unit_a):
    gone = UserFactory(full_name="Trần Văn Cũ")
    entry = audit.record(actor=gone, action="unit.update", target=unit_a)
    gone.delete()
    entry.refresh_from_db()
    assert _line(entry).actor == "Trần Văn Cũ"


@pytest.mark.django_db
def test_the_actor_is_shown_with_the_unit_in_the_entry_agency(staff_a, unit_a):
    entry = audit.record(actor=staff_a, action="unit.update", target=UnitFactory(agency=unit_a.agency))
    line = _line(entry)
    assert (line.actor, line.actor_unit) == (staff_a.full_name, unit_a.name)


@pytest.mark.django_db
def test_a_page_of_entries_costs_a_few_queries(django_assert_max_num_queries, secretary_a, staff_a, unit_a):
    from eiso.core.models import AuditEntry

    for number in range(20):
        audit.record(
            actor=secretary_a if number % 2 else staff_a,
            action="unit.update",
            target=UnitFactory(agency=unit_a.agency),
            changes={"name": ["a", f"b{number}"]},
        )
    with django_assert_max_num_queries(4):
        history.render(AuditEntry.objects.select_related("actor"))


# --- every action and key the code records has Vietnamese words -------------------------------------


ENTITIES = {model._meta.model_name: model for model in apps.get_models()}
FIELDS = {model: {f.name for f in model._meta.get_fields()} | {"pk"} for model in ENTITIES.values()}


def _recorded() -> tuple[set[str], dict[str, set[str]]]:
    """Action strings, and the keys of `{key: [before, after]}` literals, by app."""
    actions, keys = set(), {}
    for path in ROOT.rglob("*.py"):
        if "migrations" in path.parts or "tests" in path.parts:
            continue
        source = path.read_text(encoding="utf-8")
        if "audit" not in source and "Transition(" not in source:
            continue
        app = path.relative_to(ROOT).parts[0]
        for node in ast.walk(ast.parse(source)):
            # Any "<entity>.<verb>" string whose entity names a model: actions are also chosen in
            # expressions and passed to helpers, not only written as `action="…"`.
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                entity, _, verb = node.value.partition(".")
                model = ENTITIES.get(entity.replace("_", ""))
                # "agency.name" is a lookup, not an action.
                if model is not None and re.fullmatch(r"[a-z_]+", verb) and verb not in FIELDS[model]:
                    actions.add(node.value)
            if isinstance(node, ast.Dict):
                for key, value in zip(node.keys, node.values, strict=True):
                    pair = isinstance(value, ast.List | ast.Tuple) and len(value.elts) == 2
                    if pair and isinstance(key, ast.Constant) and isinstance(key.value, str):
                        keys.setdefault(key.value, set()).add(app)
    return actions, keys


def test_every_recorded_action_has_a_vietnamese_verb():
    actions, _ = _recorded()
    actions |= {f"{workflow.name}.{name}" for workflow in REGISTRY.values() for name in workflow.by_name}
    assert len(actions) > 100
    missing = sorted(action for action in actions if history.action_phrase(action) == "Thay đổi")
    assert not missing, f"add these to core.history.VERBS or ACTIONS: {missing}"


# Two-element lists that are not audit-trail changes: a report's rows of [label, value], the
# paragraphs and table of a document's body.
NOT_CHANGES = {"objectives", "body"}


def test_every_recorded_key_has_a_vietnamese_label():
    _, keys = _recorded()
    keys = {key: app_names for key, app_names in keys.items() if key not in NOT_CHANGES}
    missing = []
    for key, app_names in sorted(keys.items()):
        models = [
            m
            for name in app_names
            if name in {c.label for c in apps.get_app_configs()}
            for m in apps.get_app_config(name).get_models()
        ]
        labels = {history.spec_for(model, key).label for model in models} | {
            history.spec_for(None, key).label
        }
        if labels == {history.UNKNOWN_LABEL}:
            missing.append((key, sorted(app_names)))
    assert not missing, f"register labels for these keys (core.history.register or LABELS): {missing}"


@pytest.mark.django_db
def test_many_to_many_ids_read_as_names(unit_a):
    from eiso.improvement.models import InternalAudit

    other = UnitFactory(agency=unit_a.agency, name="Phòng Hành chính tư pháp")
    spec = history.spec_for(InternalAudit, "units")
    related = history._Related()
    related.want(spec.related, [[], [unit_a.pk, other.pk]])
    related.load()
    assert history.value_text(spec, [unit_a.pk, other.pk], related) == f"{unit_a.name}, {other.name}"
