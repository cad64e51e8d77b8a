"""SharedOptionsSelect writes the HTML Django's Select writes, whatever the value and attrs."""

import pytest
from django import forms
from django.test.html import parse_html

from clp.core.widgets import SharedOptionsSelect

CHOICES = [
    ("", "Choose the owner"),
    ("At this meeting", [("person:1", "Ann <Archer> (Chair)"), ("person:2", 'Ben "B" Baker')]),
    ("Posts (whoever holds it)", [("post:7", "Secretary & Agent"), ("post:8", "Treasurer")]),
    ("person:3", "Cara Clarke"),
]


@pytest.mark.parametrize("value", ["", "person:2", "post:7", "person:3", "nobody", None, 'x"><script>'])
@pytest.mark.parametrize(
    "attrs",
    [
        None,
        {"id": "id_owner"},
        {"id": "id_x-owner", "required": True, "aria-invalid": "true", "disabled": False},
    ],
)
def test_it_writes_what_djangos_select_writes(value, attrs):
    django_html = forms.Select(choices=CHOICES).render("owner", value, attrs)
    shared_html = SharedOptionsSelect(choices=CHOICES).render("owner", value, attrs)
    assert parse_html(shared_html) == parse_html(django_html)
    assert "<Archer>" not in shared_html and "&lt;Archer&gt;" in shared_html
    assert shared_html.count(" selected") == django_html.count(" selected")


def test_many_selects_of_one_list_each_mark_their_own_choice():
    rendered = [SharedOptionsSelect(choices=CHOICES).render("owner", v) for v in ("post:7", "post:8", "")]
    for html, value in zip(rendered, ("post:7", "post:8", ""), strict=True):
        assert f'<option value="{value}" selected>' in html
        assert html.count(" selected") == 1


def test_a_bound_field_with_an_error_renders_as_with_djangos_select():
    def form_with(widget):
        class Form(forms.Form):
            owner = forms.ChoiceField(choices=CHOICES, widget=widget, help_text="A person or a post.")

        form = Form(data={"owner": "nobody"})
        assert not form.is_valid()
        return str(form["owner"])

    shared, django = form_with(SharedOptionsSelect), form_with(forms.Select)
    assert 'aria-invalid="true"' in shared and 'id="id_owner"' in shared
    assert parse_html(shared) == parse_html(django)
