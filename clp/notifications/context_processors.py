from clp.notifications.selectors import unread_count_for


def unread_count(request):
    """`unread_count` for the Inbox entry in the navigation (one query, logged-in only)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_count": unread_count_for(user)}
