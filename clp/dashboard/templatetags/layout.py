"""The layout's navigation (templates/base.html), written once in Python: the menu's loop, an
if and four lookups an entry were most of the layout's calls on every page."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()

_ENTRY = '\n        <li><a href="{}"{}>{}{}</a></li>\n        '
_CURRENT = SafeString(' aria-current="page"')
_NONE = SafeString("")


@register.simple_tag(takes_context=True)
def nav_links(context):
    """What `{% for item in nav %}<li>...</li>{% endfor %}` wrote: each entry's link, the
    current one marked, the Inbox's unread badge."""
    unread = context.get("unread_count")
    return format_html_join(
        "",
        _ENTRY,
        (
            (
                item["url"],
                _CURRENT if item["current"] else _NONE,
                item["label"],
                format_html(' <span class="badge" aria-label="{} unread">{}</span>', unread, unread)
                if item["label"] == "Inbox" and unread
                else _NONE,
            )
            for item in context.get("nav") or ()
        ),
    )
