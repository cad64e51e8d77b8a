"""The navigation, by role: each entry shows only to those whose posts give them the page."""

from django.urls import NoReverseMatch, reverse

from officers.models import Post

# (label, url name, test on officers.access.Access)
ENTRIES = [
    ("Dashboard", "home", lambda a: True),
    ("Officers", "officers:index", lambda a: a.holds_any_post or a.is_superuser),
    ("Meetings", "meetings:index", lambda a: a.holds_any_post or a.is_superuser),
    ("Branches", "branches:index", lambda a: a.sees_all_branches or bool(a.branch_roles)),
    ("Directory", "branches:directory", lambda a: a.is_officer),
    (
        "Membership report",
        "branches:import_upload",
        lambda a: a.is_secretary or a.has(Post.Role.MEMBERSHIP_OFFICER),
    ),
    ("Finance", "finance:index", lambda a: a.sees_finance_summary or bool(a.branch_treasurer_of)),
    ("Inbox", "notifications:inbox", lambda a: True),
    ("Outbox", "notifications:outbox", lambda a: a.is_secretary),
]


def entries_for(access, current_path):
    items = []
    for label, name, test in ENTRIES:
        if not test(access):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        current = current_path == url if url == "/" else current_path.startswith(url)
        items.append({"label": label, "url": url, "current": current})
    return items
