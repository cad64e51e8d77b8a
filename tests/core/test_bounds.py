"""Every input bounded where it enters (clp.core.bounds): dates in sane years, text no
longer than its column, numbers that fit, and query parameters that never fail a page."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from clp.core.bounds import Bounded, check_count, date_param, int_param, year_param
from officers.models import Person


class EverythingForm(Bounded, forms.Form):
    on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    at = forms.DateTimeField()
    name = forms.CharField()
    email = forms.EmailField()
    count = forms.IntegerField()
    amount = forms.DecimalField(decimal_places=2)
    paper = forms.FileField(required=False)


class PersonForm(Bounded, forms.ModelForm):
    class Meta:
        model = Person
        fields = ["first_name", "email", "address"]


GOOD = {
    "on": "2026-05-01",
    "at": "2026-05-01 19:00",
    "name": "Ada",
    "email": "ada@example.org",
    "count": "3",
    "amount": "12.50",
}


def errors_for(**changes):
    form = EverythingForm({**GOOD, **changes})
    form.is_valid()
    return form.errors


def test_good_values_pass():
    assert errors_for() == {}


@pytest.mark.parametrize("bad", ["0001-01-01", "1899-12-31", "2101-01-01", "9999-12-31"])
def test_a_date_outside_1900_to_2100_is_refused_in_plain_english(bad):
    assert errors_for(on=bad) == {"on": ["Enter a date between 1900 and 2100."]}
    assert errors_for(at=f"{bad} 23:59") == {"at": ["Enter a date between 1900 and 2100."]}


@pytest.mark.parametrize("edge", ["1900-01-01", "2100-12-31"])
def test_the_first_and_last_days_of_the_range_pass(edge):
    assert errors_for(on=edge) == {}


def test_the_range_is_a_setting(settings):
    settings.INPUT_YEAR_MIN, settings.INPUT_YEAR_MAX = 2000, 2030
    assert errors_for(on="1999-12-31") == {"on": ["Enter a date between 2000 and 2030."]}


def test_the_date_widget_offers_only_the_range():
    html = str(EverythingForm()["on"])
    assert 'min="1900-01-01"' in html and 'max="2100-12-31"' in html


def test_text_and_email_have_a_length_limit_even_where_the_form_set_none():
    assert "name" in errors_for(name="x" * 20_001)
    email = "a" * 64 + "@" + "b" * 63 + "." + "c" * 63 + "." + "d" * 60 + ".org"
    assert "email" in errors_for(email=email)
    assert 'maxlength="20000"' in str(EverythingForm()["name"])


def test_a_model_forms_lengths_come_from_the_columns():
    form = PersonForm({"first_name": "x" * 101, "email": "ada@example.org", "address": "y" * 20_001})
    assert not form.is_valid()
    assert set(form.errors) == {"first_name", "address"}
    assert form.fields["first_name"].max_length == Person._meta.get_field("first_name").max_length


@pytest.mark.parametrize("big", [str(2**31), "-" + str(2**31 + 1), "9" * 20])
def test_a_number_too_big_for_its_column_is_refused(big):
    assert "count" in errors_for(count=big)


def test_a_decimal_with_too_many_digits_is_refused():
    assert "amount" in errors_for(amount="1" * 13 + ".00")
    assert errors_for(amount="9999999999.99") == {}


def test_a_file_name_longer_than_its_column_is_refused():
    from django.core.files.uploadedfile import SimpleUploadedFile

    form = EverythingForm(GOOD, {"paper": SimpleUploadedFile("x" * 250 + ".pdf", b"%PDF-1.4")})
    assert not form.is_valid()
    assert "paper" in form.errors


def test_tighter_bounds_set_by_the_form_are_kept():
    class Tight(Bounded, forms.Form):
        name = forms.CharField(max_length=5)
        count = forms.IntegerField(min_value=1, max_value=9)

    form = Tight({"name": "abcdef", "count": "10"})
    assert not form.is_valid()
    assert form.fields["name"].max_length == 5
    assert set(form.errors) == {"name", "count"}


def get(query):
    return RequestFactory().get("/", query)


@pytest.mark.parametrize("raw", ["-1", "0", "99999999999999999999", "2101", "abc", "", "1e3", " "])
def test_a_year_parameter_out_of_range_gives_the_default(raw):
    assert year_param(get({"year": raw}), default=2026) == 2026


def test_a_year_parameter_in_range_is_taken():
    assert year_param(get({"year": "1900"}), default=2026) == 1900
    assert year_param(get({"year": "2100"}), default=2026) == 2100


def test_int_and_date_parameters_are_bounded():
    assert int_param(get({"page": "5"}), "page", 1, low=1, high=10) == 5
    assert int_param(get({"page": "11"}), "page", 1, low=1, high=10) == 1
    assert int_param(get({"page": "1" * 400}), "page", 1) == 1
    assert date_param(get({"on": "2026-02-28"}), "on") == datetime.date(2026, 2, 28)
    for bad in ["9999-12-31", "0001-01-01", "2026-02-30", "yesterday", "2026-02-28" * 3]:
        assert date_param(get({"on": bad}), "on", "default") == "default"


def test_a_count_that_does_not_match_the_page_is_refused():
    check_count(3, expected=3)
    with pytest.raises(ValidationError, match="The form had 5 rows where the page showed 3"):
        check_count(5, expected=3)
    with pytest.raises(ValidationError, match="At most 100 people"):
        check_count(101, most=100, what="people")


def test_decimal_bounds_keep_pence():
    form = EverythingForm({**GOOD, "amount": "0.01"})
    assert form.is_valid()
    assert form.cleaned_data["amount"] == Decimal("0.01")
