"""The base layout: landmarks, a skip link, navigation by role, no CDN, a CSP header."""

import re

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_page_has_landmarks_and_skip_link(client_for, secretary):
    html = client_for(secretary).get("/").content.decode()
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert '<nav class="container" aria-label="Main">' in html
    assert '<html lang="en-GB">' in html


def test_every_asset_is_served_from_our_own_static(client_for, secretary):
    html = client_for(secretary).get("/").content.decode()
    for url in re.findall(r'(?:src|href)="([^"]+\.(?:css|js))"', html):
        assert url.startswith(settings.STATIC_URL) or url.startswith("/" + settings.STATIC_URL), url


def test_no_inline_script_and_a_strict_csp(client_for, secretary):
    response = client_for(secretary).get("/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", response.content.decode())


def test_navigation_follows_the_posts_held(client_for, secretary, member):
    assert "Finance" not in client_for(member).get("/").content.decode()
    assert ">Officers<" in client_for(secretary).get("/").content.decode()


def test_branch_secretary_lands_on_a_page_with_no_finance_in_navigation(client_for, branch_secretary_a):
    response = client_for(branch_secretary_a).get("/", follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert ">Branches<" in html
    assert ">Finance<" not in html
