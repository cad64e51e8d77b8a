"""The layout's menu written by {% nav_links %} is what base.html's loop wrote."""

import pytest
from django.template import Context, Template

LOOP = (
    "        {% for item in nav %}\n"
    '        <li><a href="{{ item.url }}"{% if item.current %} aria-current="page"{% endif %}>'
    '{{ item.label }}{% if item.label == "Inbox" and unread_count %} <span class="badge" '
    'aria-label="{{ unread_count }} unread">{{ unread_count }}</span>{% endif %}</a></li>\n'
    "        {% endfor %}\n"
)
TAG = "{% load layout %}        {% nav_links %}\n"
ENTRIES = [
    {"label": "Dashboard", "url": "/", "current": False},
    {"label": "Inbox", "url": "/inbox/", "current": True},
    {"label": "<b>Fish & chips</b>", "url": '/a/?x=1&y="2"', "current": False},
]


@pytest.mark.parametrize("unread", [None, 0, 3])
@pytest.mark.parametrize("nav", [[], ENTRIES, ENTRIES[::-1]])
def test_the_menu_is_the_loops_html(nav, unread):
    values = {"nav": nav} if unread is None else {"nav": nav, "unread_count": unread}
    assert Template(TAG).render(Context(values)) == Template(LOOP).render(Context(values))
