from django import template

register = template.Library()


@register.filter
def reaches_person(access, person):
    """{% if access|reaches_person:person %}: link a person's page only for those who may open it."""
    return bool(access) and access.reaches_person(person)
