from django import template
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()

_STAND_IN = 2147483647  # a pk no row has, reversed in its place
_HALVES = {}


@register.simple_tag
def pk_url(name, pk):
    """{% pk_url "meetings:item_note" item.pk %}: {% url "meetings:item_note" pk=item.pk %} for
    a page with hundreds of rows' links. The name is reversed once (with a stand-in pk), and
    each row's pk put in its place: a reverse per link cost a fifth of a 60-item page."""
    key = (name, get_script_prefix(), get_urlconf())
    halves = _HALVES.get(key)
    if halves is None:
        halves = _HALVES[key] = reverse(name, kwargs={"pk": _STAND_IN}).split(str(_STAND_IN))
    before, after = halves
    return f"{before}{int(pk)}{after}"


@register.filter
def sees_meeting(access, meeting):
    """{% if access|sees_meeting:meeting %}: link a meeting only for those who may open it."""
    return bool(access) and access.can_see_meeting(meeting)


@register.filter
def can_edit_event(access, event):
    """{% if access|can_edit_event:event %}: offer "Change" only to those who may."""
    return bool(access) and access.can_edit_event(event)
