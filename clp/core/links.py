"""The links of a long list, one reverse per URL name instead of one per row (a reverse per
link was a fifth of a 60-item page's time):

    person_url = url_of("officers:person")       # in Python: reversed once
    rows = [(p, person_url(p.pk)) for p in people]

    {% load links %}<a href="{% pk_url 'meetings:item_edit' item.pk %}">   (in a template)

Only for URLs with one argument, a pk or a slug. The name is reversed once with a stand-in
key, remembered for the URL configuration in use, and each row's key is put in its place."""

import functools
from urllib.parse import quote

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

STAND_IN = "918273645"  # a pk and a slug alike, that no row has

register = template.Library()


@functools.lru_cache(maxsize=512)
def _around(name, prefix, urlconf):
    before, after = reverse(name, args=[STAND_IN], urlconf=urlconf).split(STAND_IN)
    return before, after


def url_of(name):
    """A function of a key (a pk or a slug) giving the URL named `name` for it."""
    before, after = _around(name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    return lambda key: f"{before}{quote(str(key), safe='')}{after}"


@register.simple_tag
def pk_url(name, key):
    """{% pk_url "meetings:item_note" item.pk %}: {% url "meetings:item_note" item.pk %}."""
    return url_of(name)(key)
