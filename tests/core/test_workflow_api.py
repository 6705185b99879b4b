"""The input of the workflow API (core.workflow_api): any JSON body is answered 4xx, never 500.

Also found by the fuzz: a JSON boolean or number given to a date field ('bool' object has no
attribute 'strip'), an object inside a field, and an id larger than the database's integers
(OverflowError in the driver) gave 500 on the transitions' own fields.

Found by the OpenAPI fuzz (tests/api/test_openapi_fuzz.py): a transition whose input is a form got
the body as the form's data, so a JSON array or number gave 500 ('list' object has no attribute
'get', 'int' object has no attribute 'copy'). Each workflow's transitions with an input are sent,
by a person allowed to run them, bodies that are not JSON objects.
"""

import pytest

from tests.core.test_workflows import CASES, World

# The transitions that take an input, of each workflow the API exposes (those without one take no body).
WITH_INPUT = {
    name: inputs
    for name, case in sorted(CASES.items())
    if case.api_basename
    and (inputs := [t for t in case.workflow.transitions if t.form is not None and t.roles])
}
NOT_OBJECTS = ["[1, 2]", '[{"reason": "x"}]', "5", "1.5", '"lý do"', "true", "null"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", WITH_INPUT)
def test_a_transition_refuses_a_body_that_is_not_a_json_object(name, request, client):
    case, world = CASES[name], World(request)
    for transition in WITH_INPUT[name]:
        obj = case.build(transition.sources[0], world)
        client.force_login(case.actor(transition.roles[0], obj, world))
        for body in NOT_OBJECTS:
            response = client.post(case.api_url(transition, obj), body, content_type="application/json")
            assert response.status_code == 400, f"{name}.{transition.name} {body}: {response.status_code}"
            assert response.json()["message"] == "Dữ liệu không hợp lệ."


ODD_VALUES = [True, 4, 1.5, {"a": 1}, [{"a": 1}], 1811624239034320027648, "1811624239034320027648", None]


@pytest.mark.django_db
@pytest.mark.parametrize("name", WITH_INPUT)
def test_a_transition_answers_odd_field_values_with_400_or_success(name, request, client):
    case, world = CASES[name], World(request)
    for transition in WITH_INPUT[name]:
        obj = case.build(transition.sources[0], world)
        client.force_login(case.actor(transition.roles[0], obj, world))
        fields = list(transition.form(target=obj).fields)
        for value in ODD_VALUES:
            body = {field: value for field in fields}
            response = client.post(case.api_url(transition, obj), body, content_type="application/json")
            assert response.status_code in (200, 400), (
                f"{name}.{transition.name} {value!r}: {response.status_code}"
            )
            if response.status_code == 200:
                return  # the object has moved on: its other transitions are another test's
