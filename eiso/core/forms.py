import copy

from django import forms
from django.apps import apps
from django.contrib.auth import get_user_model

from eiso.core.query import MAX_ID
from eiso.core.selectors import agency_members
from eiso.core.text import clean_text


class BootstrapFormMixin:
    """Gives widgets Bootstrap's classes, cleans control characters out of text inputs before they are
    validated (clean_text_inputs), and marks invalid fields once the form is validated.

    Validation must not run here: subclasses narrow their querysets after this __init__, and
    errors computed before that would be cached against the unnarrowed fields.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                # The class goes to each choice's box; these templates keep it off the list and
                # wrap every choice in a form-check, box and label together.
                widget.template_name = "core/widgets/check_list.html"
                widget.option_template_name = "core/widgets/check_option.html"
                css = "form-check-input"
            elif isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self):
        if self.is_bound:
            self.data = bounded_ids(self, clean_text_inputs(self, self.data))
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                if "is-invalid" not in widget.attrs.get("class", ""):
                    widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


def clean_text_inputs(form: forms.BaseForm, data):
    """`data` with the text of every text field of `form` cleaned by the input rule (core.text): a text
    area is multi-line, any other text input single-line; passwords are left as typed. Runs before
    validation, in full_clean, so fields a subclass adds after __init__ are covered too."""
    data = data.copy()
    for name, field in form.fields.items():
        if not isinstance(field, forms.CharField) or isinstance(field.widget, forms.PasswordInput):
            continue
        key = form.add_prefix(name)
        if key not in data:
            continue
        single_line = not isinstance(field.widget, forms.Textarea)
        if hasattr(data, "setlist"):  # a QueryDict from a request
            values = data.getlist(key)
            data.setlist(key, [_clean(value, single_line) for value in values])
        else:
            data[key] = _clean(data[key], single_line)
    return data


def bounded_ids(form: forms.BaseForm, data):
    """`data` with every choice of a row that cannot be an id (`1811624239034320027648`) replaced by
    0, which names no row: the field then refuses it as an unknown choice, where the database driver
    would have failed on a number larger than its integers."""
    for name, field in form.fields.items():
        if not isinstance(field, forms.ModelChoiceField) or field.to_field_name:
            continue
        key = form.add_prefix(name)
        if key not in data:
            continue
        if hasattr(data, "setlist"):
            data.setlist(key, [_bounded(value) for value in data.getlist(key)])
        else:
            value = data[key]
            data[key] = (
                [_bounded(item) for item in value] if isinstance(value, list | tuple) else _bounded(value)
            )
    return data


def _bounded(value):
    digits = str(value).strip().removeprefix("-")
    if digits.isascii() and digits.isdigit() and (len(digits) > 19 or int(digits) > MAX_ID):
        return "0"
    return value


def _clean(value, single_line: bool):
    return clean_text(value, single_line=single_line) if isinstance(value, str) else value


class AgencyScopedForm(BootstrapFormMixin, forms.ModelForm):
    """A model form whose choices of agency-owned rows are narrowed to what the user may see."""

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and hasattr(queryset, "for_user"):
                field.queryset = queryset.for_user(user)


class AgencyFieldsMixin:
    """For a form about one agency's records (`agency=` is a required keyword): people are offered
    from the agency's active members, units from its active units, and every other agency-owned row
    from the agency's own, so nobody can pick another agency's person or row.

    Mixed in before BootstrapFormMixin and the Django form class; works for plain forms (workflow
    transition inputs) and model forms alike. Subclasses narrow further after calling super().
    """

    def __init__(self, *args, agency, **kwargs):
        self.agency = agency
        super().__init__(*args, **kwargs)
        user_model, unit_model = get_user_model(), apps.get_model("orgs", "Unit")
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is None:
                continue
            if queryset.model is user_model:
                field.queryset = agency_members(agency=agency)
            elif queryset.model is unit_model:
                field.queryset = queryset.filter(agency=agency, is_active=True)
            elif _is_agency_owned(queryset.model):
                field.queryset = queryset.filter(agency=agency)


def _is_agency_owned(model) -> bool:
    return any(field.name == "agency" and field.is_relation for field in model._meta.get_fields())


class AgencyForm(AgencyFieldsMixin, BootstrapFormMixin, forms.ModelForm):
    """A model form for one agency's records."""

    def __init__(self, *args, agency, **kwargs):
        if kwargs.get("instance") is not None:
            # Validation writes the input onto the instance; the service must see the row as
            # stored to know what changed, so the form works on a copy.
            kwargs["instance"] = copy.copy(kwargs["instance"])
        super().__init__(*args, agency=agency, **kwargs)


class AgencyPlainForm(AgencyFieldsMixin, BootstrapFormMixin, forms.Form):
    """A plain form about one agency's records: create pages and workflow inputs."""


class DateInput(forms.DateInput):
    """A date typed as dd/mm/yyyy, the way Vietnamese users write it."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"placeholder": "dd/mm/yyyy", **(attrs or {})}, format="%d/%m/%Y")


class TimeInput(forms.TimeInput):
    """A time typed as HH:MM on the 24-hour clock, whatever the browser's locale."""

    def __init__(self, attrs=None):
        super().__init__(
            attrs={"placeholder": "hh:mm", "inputmode": "numeric", **(attrs or {})}, format="%H:%M"
        )


class OfficeHoursForm(BootstrapFormMixin, forms.Form):
    morning_start = forms.TimeField(label="Sáng bắt đầu", widget=TimeInput())
    morning_end = forms.TimeField(label="Sáng kết thúc", widget=TimeInput())
    afternoon_start = forms.TimeField(label="Chiều bắt đầu", widget=TimeInput())
    afternoon_end = forms.TimeField(label="Chiều kết thúc", widget=TimeInput())
    cutoff = forms.TimeField(
        label="Giờ chốt tính thời hạn (mặc định của tỉnh)",
        widget=TimeInput(),
        required=False,
        help_text="Để trống (khuyến nghị): thời hạn tính từ lúc tiếp nhận; quy định 15 giờ của NĐ 118/2025 "
        "chỉ áp dụng cho việc chuyển hồ sơ giấy. Chỉ đặt giờ khi mọi thủ tục của tỉnh đều tính như vậy; "
        "thủ tục có giờ chốt riêng (ví dụ 1.001193) khai trong danh mục thủ tục.",
    )


class CalendarDayForm(BootstrapFormMixin, forms.Form):
    date = forms.DateField(label="Ngày", input_formats=["%d/%m/%Y", "%Y-%m-%d"], widget=DateInput())
    kind = forms.ChoiceField(
        label="Loại", choices=[("day_off", "Ngày nghỉ bù"), ("working_day", "Ngày làm việc bù")]
    )
    name = forms.CharField(label="Tên / lý do", max_length=200)
    legal_basis = forms.CharField(
        label="Căn cứ",
        max_length=300,
        required=False,
        help_text="Ví dụ: Thông báo số …/TB-BNV của Bộ Nội vụ.",
    )


def add_domain_error(form: forms.Form, error) -> None:
    """Show a service's DomainError on a form the page renders again: beside its field when the form
    has it, above the form otherwise (a page that redirects instead uses core.actions)."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)
