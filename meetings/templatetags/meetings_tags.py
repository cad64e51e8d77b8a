from django import template

register = template.Library()


@register.filter
def sees_meeting(access, meeting):
    """{% if access|sees_meeting:meeting %}: link a meeting only for those who may open it."""
    return bool(access) and access.can_see_meeting(meeting)


@register.filter
def can_edit_event(access, event):
    """{% if access|can_edit_event:event %}: offer "Change" only to those who may."""
    return bool(access) and access.can_edit_event(event)
