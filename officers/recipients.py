"""Who holds a post on a day, for the reminders engine (settings.NOTIFICATIONS_RECIPIENT_RESOLVER):
the engine asks, officers answers, so that the engine knows nothing of posts."""

from collections import defaultdict

from django.contrib.auth import get_user_model

from clp.notifications.recipients import Fallback, Recipients, address
from officers import selectors
from officers.models import Term


def recipients_for(post_ids, on) -> Recipients:
    """The holders of `post_ids` on `on` and, only if one of them is vacant (or None: a
    post since deleted), who receives a vacant post's copy: the Secretary, or with no
    Secretary either, the installation's superusers. One query; three more for a vacancy."""
    holders = defaultdict(list)
    held = {pk for pk in post_ids if pk}
    if held:
        terms = Term.objects.current(on).filter(post_id__in=held).select_related("person__user")
        for term in terms.order_by("starts_on", "pk"):
            holders[term.post_id].append(term.person)
    if all(holders.get(pk) for pk in post_ids):
        return Recipients(holders=dict(holders))
    secretary_posts = selectors.secretary_posts()
    return Recipients(
        holders=dict(holders),
        fallback=tuple(_fallback(secretary_posts, on)),
        fallback_post_ids=frozenset(p.pk for p in secretary_posts),
    )


def _fallback(secretary_posts, on):
    terms = Term.objects.current(on).filter(post__in=secretary_posts).select_related("person__user")
    people = [t.person for t in terms.order_by("pk")]
    if people:
        return [Fallback(p, address(p), "Secretary") for p in people]
    users = get_user_model().objects.filter(is_superuser=True, is_active=True).select_related("person")
    return [
        Fallback(getattr(u, "person", None), u.email, "an administrator of CLP Desk")
        for u in users.order_by("pk")
    ]
