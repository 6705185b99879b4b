"""One generic test walks every declared workflow (core.workflow.REGISTRY). For each transition:
it runs for each of its roles and writes exactly one audit-trail entry; it is refused to every
other role (PermissionDenied, 403 from the API, no button on the page); it is refused from a
status it does not start from, with a Vietnamese message. The summary lists each workflow and
the number of transitions walked (tests/conftest.py prints it at the end of the run)."""

import importlib
import itertools
import pkgutil
import re

import pytest
from django.core.exceptions import PermissionDenied

import tests
from eiso.core.errors import DomainError
from eiso.core.models import AuditEntry
from eiso.core.workflow import REGISTRY
from tests.workflows import ALL_ROLES

VIETNAMESE = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]")


def all_cases() -> dict:
    cases = {}
    for module in pkgutil.iter_modules(tests.__path__):
        try:
            found = importlib.import_module(f"tests.{module.name}.workflow_cases")
        except ModuleNotFoundError:
            continue
        cases.update({case.workflow.name: case for case in found.CASES})
    return cases


CASES = all_cases()


class World:
    """The cast of a test, reachable by name, and a counter for unique usernames."""

    def __init__(self, request):
        self._request = request
        self._counter = itertools.count(1)

    def __getattr__(self, name):
        return self._request.getfixturevalue(name)

    def counter(self) -> int:
        return next(self._counter)


def test_every_declared_workflow_has_a_case():
    assert sorted(REGISTRY) == sorted(CASES), "a workflow without a case in tests/<app>/workflow_cases.py"


def _last_entry_id() -> int:
    return AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(CASES))
def test_the_workflow_runs_as_declared(name, request, client, record_property):
    case, workflow = CASES[name], REGISTRY[name]
    world = World(request)
    walked = 0
    for transition in workflow.transitions:
        allowed_people = [(role, None) for role in transition.roles] + [("granted", transition)]
        for role, granted in allowed_people:
            obj = case.build(transition.sources[0], world)
            actor = case.granted_actor(transition, obj, world) if granted else case.actor(role, obj, world)
            if actor is None:
                continue
            client.force_login(actor)
            page = client.get(obj.get_absolute_url()).content.decode()
            assert workflow.url(obj, transition) in page, f"{name}.{transition.name}: no button for {role}"
            before = _last_entry_id()
            workflow.run(obj, transition.name, actor=actor, **case.input(transition, obj, world))
            entries = list(AuditEntry.objects.filter(pk__gt=before))
            assert [entry.action for entry in entries] == [f"{name}.{transition.name}"], (
                f"{name}.{transition.name} by {role} wrote {[e.action for e in entries]}"
            )

        obj = case.build(transition.sources[0], world)
        for role in ALL_ROLES:
            if role in transition.roles:
                continue
            outsider = case.actor(role, obj, world)
            if workflow.may(obj, outsider, transition):
                continue  # granted otherwise (the owner of an action…): not an outsider
            with pytest.raises(PermissionDenied):
                workflow.run(obj, transition.name, actor=outsider, **case.input(transition, obj, world))
            client.force_login(outsider)
            page = client.get(obj.get_absolute_url())
            assert workflow.url(obj, transition) not in page.content.decode(), (
                f"{name}.{transition.name}: a button for {role}"
            )
            api_url = case.api_url(transition, obj)
            if api_url:
                response = client.post(api_url, {}, content_type="application/json")
                assert response.status_code == 403, (
                    f"{name}.{transition.name}: API {response.status_code} for {role}"
                )

        wrong = [status for status in workflow.statuses() if status not in transition.sources]
        if wrong:
            obj = case.build(wrong[0], world)
            insider = (
                case.actor(transition.roles[0], obj, world)
                if transition.roles
                else case.granted_actor(transition, obj, world)
            )
            with pytest.raises(DomainError) as refused:
                workflow.run(obj, transition.name, actor=insider, **case.input(transition, obj, world))
            assert VIETNAMESE.search(refused.value.message), refused.value.message
        walked += 1
    record_property("workflow", f"{name}: {walked} chuyển trạng thái đã kiểm tra")
    assert walked == len(workflow.transitions)
