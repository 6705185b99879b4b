"""Filters shared by the filter sets of pages and API (django-filter)."""

import django_filters
from django import forms

from eiso.core.query import MAX_ID


class IdField(forms.IntegerField):
    """The id of a row: a positive integer the database can hold (a larger one failed in the driver)."""

    MESSAGE = "cần mã số của một mục trong danh sách"

    def __init__(self, **kwargs):
        errors = {"invalid": self.MESSAGE, "min_value": self.MESSAGE, "max_value": self.MESSAGE}
        super().__init__(min_value=1, max_value=MAX_ID, error_messages=errors, **kwargs)


class IdFilter(django_filters.NumberFilter):
    """Rows whose foreign key is this id (`owner_unit=12`); a value that cannot be an id is refused
    (a message on the page, a 400 from the API) instead of failing in the database."""

    field_class = IdField
