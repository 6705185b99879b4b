"""The agency forms of core: people, units and agency-owned rows narrowed to one agency."""

import pytest
from django import forms
from django.template.loader import render_to_string

from eiso.accounts.models import User
from eiso.core.errors import DomainError
from eiso.core.forms import AgencyForm, AgencyPlainForm, BootstrapFormMixin, add_domain_error
from eiso.documents.models import Document
from eiso.orgs.models import Unit
from tests.documents.factories import DocumentFactory
from tests.factories import MembershipFactory, UnitFactory

pytestmark = pytest.mark.django_db


class AssignForm(AgencyPlainForm):
    owner = forms.ModelChoiceField(queryset=User.objects.all())
    unit = forms.ModelChoiceField(queryset=Unit.objects.all(), required=False)
    document = forms.ModelChoiceField(queryset=Document.objects.all(), required=False)


class UnitRenameForm(AgencyForm):
    class Meta:
        model = Unit
        fields = ["name"]


def test_people_are_the_agencys_active_members(agency_a, secretary_a, staff_a, staff_b):
    gone = MembershipFactory(agency=agency_a, is_active=False).user
    people = set(AssignForm(agency=agency_a).fields["owner"].queryset)
    assert people == {secretary_a, staff_a}
    assert gone not in people and staff_b not in people


def test_units_are_the_agencys_active_units(agency_a, agency_b, unit_a):
    UnitFactory(agency=agency_a, name="Phòng đã giải thể", is_active=False)
    UnitFactory(agency=agency_b, name="Phòng của sở khác")
    assert list(AssignForm(agency=agency_a).fields["unit"].queryset) == [unit_a]


def test_other_agency_owned_rows_are_the_agencys_own(agency_a, agency_b):
    mine = DocumentFactory(agency=agency_a)
    DocumentFactory(agency=agency_b)
    assert list(AssignForm(agency=agency_a).fields["document"].queryset) == [mine]


def test_a_person_of_another_agency_is_refused(agency_a, secretary_a, staff_b):
    form = AssignForm({"owner": staff_b.pk}, agency=agency_a)
    assert not form.is_valid()
    assert "owner" in form.errors
    assert "is-invalid" in form.fields["owner"].widget.attrs["class"]


def test_a_model_form_validates_a_copy_so_the_stored_row_is_untouched(agency_a, unit_a):
    form = UnitRenameForm({"name": "Phòng mới"}, instance=unit_a, agency=agency_a)
    assert form.is_valid()
    assert unit_a.name == "Văn phòng Sở"
    assert form.instance.name == "Phòng mới"
    assert form.agency == agency_a


def test_a_domain_error_goes_beside_its_field_when_the_form_has_it(agency_a, secretary_a):
    form = AssignForm({"owner": secretary_a.pk}, agency=agency_a)
    assert form.is_valid()
    add_domain_error(form, DomainError("Người này đang nghỉ phép.", field="owner"))
    assert form.errors["owner"] == ["Người này đang nghỉ phép."]


def test_a_domain_error_without_a_known_field_goes_above_the_form(agency_a, secretary_a):
    form = AssignForm({"owner": secretary_a.pk}, agency=agency_a)
    form.is_valid()
    add_domain_error(form, DomainError("Đã quá hạn.", field="due_on"))
    assert form.non_field_errors() == ["Đã quá hạn."]


class ChoicesForm(BootstrapFormMixin, forms.Form):
    units = forms.MultipleChoiceField(
        label="Đơn vị",
        choices=[("1", "Văn phòng"), ("2", "Bộ phận Một cửa")],
        widget=forms.CheckboxSelectMultiple,
    )
    verdict = forms.ChoiceField(label="Kết luận", choices=[("yes", "Có hiệu lực")], widget=forms.RadioSelect)


def test_check_lists_render_each_choice_as_a_bootstrap_form_check():
    form = ChoicesForm()
    html = render_to_string("includes/form_fields.html", {"form": form})
    # The list itself is no 16-px checkbox (the bug of issue 18, item 3) ...
    assert '<div id="id_units" class="check-list">' in html
    assert 'id="id_units" class="form-check-input' not in html
    # ... each choice is a form-check: its box, and a label that names it and ticks it when clicked.
    assert html.count('<div class="form-check">') == 3
    assert 'class="form-check-input" id="id_units_1"' in html
    assert '<label class="form-check-label" for="id_units_1">Bộ phận Một cửa</label>' in html
    assert '<legend class="form-label fs-6 required">Đơn vị</legend>' in html


def test_a_template_that_lays_out_choices_itself_gets_the_box_alone():
    option = next(iter(ChoicesForm()["verdict"]))
    tag = str(option.tag())
    assert tag.startswith("<input") and "form-check" not in tag.replace("form-check-input", "")
