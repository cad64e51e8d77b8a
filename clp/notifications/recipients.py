"""Who a notification addressed to a post goes to.

The engine knows nothing of posts. The app that owns them hands it a resolver through
settings.NOTIFICATIONS_RECIPIENT_RESOLVER (a dotted path), called at send time as

    resolver(post_ids, on) -> Recipients

with the ids of the posts of the rows being sent (None for a row whose post is gone) and
the day they are sent on. What the resolver answers, the engine turns into rows and notes.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Fallback:
    """Someone who receives the copy of a post nobody holds."""

    person: object | None  # None: a login with no member record (an administrator)
    email: str
    as_what: str  # completes "...so this comes to you as ___": "Secretary"


@dataclass(frozen=True)
class Recipients:
    holders: dict  # post id -> the people holding it on the day, longest-serving first
    fallback: tuple = ()  # for a post nobody holds; may be left empty when every post is held
    # The posts the fallback people hold: a copy addressed to one of these reaches them anyway.
    fallback_post_ids: frozenset = field(default_factory=frozenset)


def resolve(post_ids, on) -> Recipients:
    return import_string(settings.NOTIFICATIONS_RECIPIENT_RESOLVER)(post_ids, on)


def address(person) -> str:
    """Where an email to `person` goes: their own address, else their login's."""
    if person is None:
        return ""
    return person.email or (person.user.email if person.user_id else "")
