"""The navigation, by permission: each entry shows only to those whose posts give them the page."""

import functools

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

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


@functools.lru_cache(maxsize=64)
def _url(name, prefix, urlconf):
    """The entry's URL, reversed once for the URL configuration in use (every page shows the
    navigation: a reverse an entry was a fifth of a small page's calls); None without one."""
    try:
        return reverse(name, urlconf=urlconf)
    except NoReverseMatch:
        return None


@receiver(setting_changed)
def _forget_urls(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":  # as Django forgets its own reversed URLs (a test's override)
        _url.cache_clear()


def entries_for(access, current_path):
    items = []
    prefix, urlconf = get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF
    for label, name, permission in ENTRIES:
        if permission and not getattr(access, permission):
            continue
        url = _url(name, prefix, urlconf)
        if url is None:
            continue
        current = current_path == url if url == "/" else current_path.startswith(url)
        items.append({"label": label, "url": url, "current": current})
    return items
