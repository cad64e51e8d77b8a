from django import template

from meetings import access as rights

register = template.Library()


@register.filter
def sees_meeting(access, meeting):
    """{% if access|sees_meeting:meeting %}: link a meeting only for those who may open it."""
    return bool(access) and rights.can_see(access, meeting)
