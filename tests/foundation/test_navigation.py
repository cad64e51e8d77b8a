"""The menu by role, checked against the access matrix: it offers each role exactly the
sections that role may open, and never a link that answers 'not allowed'."""

import pytest
from django.urls import reverse

from clp.dashboard.navigation import ENTRIES, entries_for
from officers.access import access_for
from tests.security.matrix import ROLES
from tests.security.test_access_matrix import ROWS

pytestmark = pytest.mark.django_db

OPENS = {200, 302}  # 302: the dashboard sends a branch secretary on to their branch's page


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_the_menu_offers_each_role_exactly_the_sections_it_may_open(role, request):
    person = request.getfixturevalue(role)
    shown = {item["url"] for item in entries_for(access_for(person.user), "/")}
    wrong = []
    for label, name, _ in ENTRIES:
        if ROWS[name].extra.get("placeholder"):
            continue
        may_open = ROWS[name].expected(role) in OPENS
        if (reverse(name) in shown) != may_open:
            wrong.append(
                f"{label}: {'shown' if reverse(name) in shown else 'hidden'} but the matrix says "
                f"{ROWS[name].expected(role)}"
            )
    assert not wrong, wrong


def test_the_membership_officer_finds_the_report_import_in_the_menu(client_for):
    from officers.models import Post
    from tests.conftest import holder
    from tests.factories.officers import PostFactory

    officer = holder(PostFactory(slug="vc-membership", role=Post.Role.MEMBERSHIP_OFFICER))
    page = client_for(officer).get("/").content.decode()
    assert f'href="{reverse("branches:import_upload")}"' in page


def test_before_the_two_factor_code_the_menu_offers_only_logging_out(client, secretary):
    client.force_login(secretary.user)
    page = client.get(reverse("accounts:two_factor_setup")).content.decode()
    assert 'href="/officers/"' not in page
    assert "Log out" in page


def test_the_menus_urls_are_reversed_once_and_follow_the_url_configuration(secretary, settings):
    """entries_for remembers each entry's reversed URL, for the URL configuration in use."""
    from clp.dashboard import navigation

    access = access_for(secretary.user)
    navigation._url.cache_clear()
    first = entries_for(access, "/meetings/diary/")
    shown = [reverse(name) for _, name, needs in ENTRIES if not needs or getattr(access, needs)]
    assert [i["url"] for i in first] == shown
    assert [i["label"] for i in first if i["current"]] == ["Meetings", "Diary"]
    assert navigation._url.cache_info().misses == len(first)
    entries_for(access, "/")
    assert navigation._url.cache_info().misses == len(first)  # the second page reversed nothing
    settings.ROOT_URLCONF = "clp.urls"  # another configuration: reversed afresh
    assert navigation._url.cache_info().currsize == 0
