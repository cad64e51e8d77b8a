from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def breakable_email(address):
    """An email address that a narrow printed column breaks after the @ or before a dot,
    never in the middle of a word."""
    return SafeString(escape(address).replace("@", "@<wbr>").replace(".", "<wbr>."))
