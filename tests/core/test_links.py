from django.template import engines
from django.urls import reverse

from clp.core.links import url_of

LINKS = [("meetings:item_edit", 7), ("officers:person", 12345), ("branches:detail", "north-gate")]


def test_a_list_link_is_the_url_reverse_gives_for_its_key():
    for name, key in LINKS:
        assert url_of(name)(key) == reverse(name, args=[key])


def test_a_template_writes_the_same_link_as_the_url_tag():
    template = "{% load links %}{% pk_url 'meetings:item_edit' pk %}|{% url 'meetings:item_edit' pk=pk %}"
    mine, djangos = engines["django"].from_string(template).render({"pk": 42}).split("|")
    assert mine == djangos == reverse("meetings:item_edit", args=[42])
