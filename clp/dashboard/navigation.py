"""The navigation, by permission: each entry shows only to those whose posts give them the page."""

from django.urls import NoReverseMatch, reverse

# (label, url name, the page-level permission of officers.access.Access it needs, or None)
ENTRIES = [
    ("Dashboard", "home", None),
    ("Officers", "officers:index", "can_use_officers"),
    ("Meetings", "meetings:index", "can_use_meetings"),
    ("Diary", "meetings:diary", "can_see_diary"),
    ("Plan", "officers:plan", "can_see_plan"),
    ("Branches", "branches:index", "can_see_branches"),
    ("Directory", "branches:directory", "can_see_directory"),
    ("Membership report", "branches:import_upload", "can_import_membership"),
    ("Finance", "finance:index", "can_open_finance"),
    ("Inbox", "notifications:inbox", None),
    ("Outbox", "notifications:outbox", "can_see_outbox"),
]


def entries_for(access, current_path):
    items = []
    for label, name, permission in ENTRIES:
        if permission and not getattr(access, permission):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        current = current_path == url if url == "/" else current_path.startswith(url)
        items.append({"label": label, "url": url, "current": current})
    return items
