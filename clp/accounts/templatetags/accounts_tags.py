from django import template

register = template.Library()


@register.filter
def minutes(delta):
    """A timedelta as whole minutes, for plain-English messages."""
    return round(delta.total_seconds() / 60) if delta else 0
