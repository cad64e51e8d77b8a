from django import template

register = template.Library()


@register.filter
def sees_person(access, person):
    """{% if access|sees_person:person %}: link a person's page only for those who may open it."""
    return bool(access) and access.sees_person(person)
