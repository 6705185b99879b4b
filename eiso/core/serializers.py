"""The base serializers of every app's api.py: the API takes text in by the same rule as the pages
(core.text.clean_text), before DRF's own checks (trimming, required, length) run.

Every serializer in eiso subclasses `Serializer` or `ModelSerializer` from here, never DRF's directly;
tests/core/test_text_inputs.py fails on one that does not. A text field is multi-line when it is
shown as a text area (`MultilineCharField`, or what ModelSerializer builds for a model's TextField),
single-line otherwise; passwords are left as typed.
"""

from collections.abc import Mapping

from rest_framework import serializers

from eiso.core.text import clean_text

TEXT_AREA = {"base_template": "textarea.html"}


class MultilineCharField(serializers.CharField):
    """A text that keeps its line breaks and tabs (a note, a reason, a description)."""

    def __init__(self, **kwargs):
        kwargs["style"] = {**TEXT_AREA, **kwargs.get("style", {})}
        super().__init__(**kwargs)


def _rule(field: serializers.Field) -> bool | None:
    """Whether the field's input is single-line (True), multi-line (False), or not text (None)."""
    if field.read_only or not isinstance(field, serializers.CharField):
        return None
    if field.style.get("input_type") == "password":
        return None
    return field.style.get("base_template") != TEXT_AREA["base_template"]


def _clean(value, single_line: bool):
    return clean_text(value, single_line=single_line) if isinstance(value, str) else value


def clean_text_input(serializer: serializers.Serializer, data):
    """`data` with the text of each of the serializer's text fields cleaned; nested serializers clean
    their own part (they subclass the same bases), lists of texts are cleaned element by element."""
    if not isinstance(data, Mapping):
        return data  # DRF refuses it with its own message
    data = data.copy()
    for name, field in serializer.fields.items():
        if name not in data:
            continue
        child = getattr(field, "child", None)
        if isinstance(field, serializers.ListField) and (single_line := _rule(child)) is not None:
            if hasattr(data, "setlist"):  # a QueryDict from a form or multipart body
                data.setlist(name, [_clean(value, single_line) for value in data.getlist(name)])
            elif isinstance(data[name], list):
                data[name] = [_clean(value, single_line) for value in data[name]]
        elif (single_line := _rule(field)) is not None:
            if hasattr(data, "setlist"):
                data.setlist(name, [_clean(value, single_line) for value in data.getlist(name)])
            else:
                data[name] = _clean(data[name], single_line)
    return data


class CleanTextMixin:
    def to_internal_value(self, data):
        return super().to_internal_value(clean_text_input(self, data))


class Serializer(CleanTextMixin, serializers.Serializer):
    """DRF's Serializer, taking text in by the project's input rule."""


class ModelSerializer(CleanTextMixin, serializers.ModelSerializer):
    """DRF's ModelSerializer, taking text in by the project's input rule."""
