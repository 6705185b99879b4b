"""The API side of workflows: one POST action per declared transition, on the object's viewset.

The request body is validated by the transition's own form, the same one the page uses, so the
page and the API refuse the same input with the same Vietnamese messages; for the OpenAPI
document each form is described as its own request schema (`<Workflow><Transition>Request`).
"""

from collections.abc import Mapping

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import QueryDict
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from eiso.core.permissions import DENIED_MESSAGE
from eiso.core.workflow import Transition, Workflow

NOT_AN_OBJECT = "Nội dung gửi lên phải là một đối tượng JSON, mỗi trường của biểu mẫu một khóa."
NOT_A_VALUE = "Giá trị phải là chữ, số, ngày hoặc danh sách các giá trị đó."


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def _api_field(form_field: forms.Field) -> serializers.Field:
    """The schema of one form field, as a DRF field (used for documentation only)."""
    common = {
        "required": form_field.required,
        "help_text": str(form_field.help_text or form_field.label or ""),
    }
    if isinstance(form_field, forms.ModelMultipleChoiceField):
        return serializers.ListField(child=serializers.IntegerField(), **common)
    if isinstance(form_field, forms.ModelChoiceField):
        return serializers.IntegerField(**common)
    if isinstance(form_field, forms.MultipleChoiceField):
        return serializers.MultipleChoiceField(choices=list(form_field.choices), **common)
    if isinstance(form_field, forms.ChoiceField):
        choices = [choice for choice in form_field.choices if choice[0] != ""]
        if choices and all(str(value).isdigit() for value, _ in choices):
            # Levels (1–5 on a risk matrix…) are numbers, not a named set: several fields share them.
            return serializers.IntegerField(**common)
        return serializers.ChoiceField(choices=choices, **common)
    if isinstance(form_field, forms.BooleanField):
        return serializers.BooleanField(required=False, help_text=common["help_text"])
    if isinstance(form_field, forms.DateTimeField):
        return serializers.DateTimeField(**common)
    if isinstance(form_field, forms.DateField):
        return serializers.DateField(**common)
    if isinstance(form_field, forms.IntegerField):
        return serializers.IntegerField(**common)
    if isinstance(form_field, forms.DecimalField):
        return serializers.DecimalField(max_digits=20, decimal_places=4, **common)
    if isinstance(form_field, forms.FileField):
        return serializers.FileField(**common)
    return serializers.CharField(max_length=getattr(form_field, "max_length", None), **common)


def request_schema(workflow: Workflow, transition: Transition):
    """The OpenAPI request body of a transition: its form's fields, or none."""
    if transition.form is None:
        return None
    form = transition.form(target=None)
    return inline_serializer(
        f"{_camel(workflow.name)}{_camel(transition.name)}Request",
        {name: _api_field(field) for name, field in form.fields.items()},
    )


def form_data(data) -> QueryDict:
    """A request body as the form of a page would receive it: JSON scalars as the strings a browser
    sends (true/false for a check box), a list for a field of several choices. Django's form fields
    read strings; a JSON number or boolean given to a date field failed inside it."""
    if isinstance(data, QueryDict):
        return data
    if not isinstance(data, Mapping):
        # A form reads its data by key: a JSON array, number or string is no input at all.
        raise ValidationError({"non_field_errors": [NOT_AN_OBJECT]})
    result, refused = QueryDict(mutable=True), {}
    for key, value in data.items():
        values = value if isinstance(value, list) else [value]
        if any(isinstance(item, dict | list) for item in values):
            refused[key] = [NOT_A_VALUE]
            continue
        result.setlist(key, [_as_text(item) for item in values if item is not None])
    if refused:
        raise ValidationError(refused)
    return result


def _as_text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _action(workflow: Workflow, transition: Transition, response_serializer):
    def run(self, request, pk=None):
        obj = self.get_object()
        # Who may act is answered before what they sent: an outsider learns nothing of the input.
        if not workflow.may(obj, request.user, transition):
            raise PermissionDenied(DENIED_MESSAGE)
        values = {}
        if transition.form is not None:
            form = transition.form(data=form_data(request.data), files=request.FILES, target=obj)
            if not form.is_valid():
                raise ValidationError(
                    {name: [str(e) for e in errors] for name, errors in form.errors.items()}
                )
            values = form.input()
        workflow.run(obj, transition.name, actor=request.user, **values)
        return Response(response_serializer(obj, context=self.get_serializer_context()).data)

    run.__name__ = transition.name
    run.__doc__ = transition.help or transition.label
    routed = action(detail=True, methods=["post"], url_path=transition.name.replace("_", "-"))(run)
    # Over @action, not under it: drf-spectacular reads the schema the action's own kwargs would
    # otherwise replace, and each transition must document its own request body.
    return extend_schema(
        summary=transition.label,
        request=request_schema(workflow, transition),
        responses=response_serializer,
    )(routed)


# Names a viewset already uses for its own routes: a transition may not shadow them.
RESERVED = {"list", "create", "retrieve", "update", "partial_update", "destroy"}


def transition_actions(workflow: Workflow, response_serializer) -> type:
    """A mixin for the workflow's viewset with one `@action` per transition: POST
    `/<objects>/<pk>/<transition-name>/`, answering the object as `response_serializer` renders it."""
    clash = RESERVED & set(workflow.by_name)
    if clash:
        raise ValueError(f"Workflow {workflow.name}: transitions {sorted(clash)} shadow viewset routes.")
    attrs = {t.name: _action(workflow, t, response_serializer) for t in workflow.transitions}
    return type(f"{_camel(workflow.name)}TransitionActions", (), attrs)
