"""A newcomer never meets Django's technical pages: every error is the product's own page,
in plain English, in production and in the demo (`make run`)."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client
from django.utils.html import escape

from clp.core.access import refusal
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db

TECHNICAL = ("Traceback", "Django", "DEBUG = True", "Request Method", "URLconf")


def plain(response, status, words):
    assert response.status_code == status
    text = response.content.decode()
    assert words in text
    assert "CLP Desk" in text
    for mark in TECHNICAL:
        assert mark not in text, mark
    return text


def test_a_missing_page_says_so(client_for, member):
    plain(client_for(member).get("/no-such-page/"), 404, "Page not found")


def test_a_page_the_posts_do_not_open_says_why(client_for, member):
    text = plain(client_for(member).get("/finance/"), 403, "You cannot open this page")
    assert escape(refusal("can_open_finance")) in text


def test_a_request_for_another_host_is_a_plain_bad_request(client):
    plain(client.get("/login/", HTTP_HOST="evil.example"), 400, "CLP Desk could not read that request")


def test_a_server_error_is_a_plain_apology(settings, client_for, member):
    settings.ROOT_URLCONF = "tests.security.urls_broken"
    client = client_for(member)
    client.raise_request_exception = False
    plain(client.get("/broken/"), 500, "nothing was saved half-way")


def test_a_form_refused_by_the_csrf_check_says_what_to_do(member):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/", {"username": member.user.email, "password": PASSWORD})
    plain(response, 403, "That form had expired")


def test_a_body_too_large_is_a_plain_refusal(client, settings):
    response = client.generic("POST", "/login/", b"", CONTENT_LENGTH=str(settings.REQUEST_MAX_BYTES + 1))
    plain(response, 413, "That is too large to send")


def test_the_demo_runs_without_debug_and_shows_the_products_pages(tmp_path):
    """`make run` takes its settings from scripts/demo-env.sh: with them, a missing page and
    a bad request are the product's own pages, not Django's debugging pages."""
    code = (
        "import django, os; django.setup(); from django.conf import settings; from django.test import Client;"
        "c = Client(); r = c.get('/no-such-page/', HTTP_HOST='127.0.0.1');"
        "print(settings.DEBUG, r.status_code, 'Page not found' in r.content.decode(),"
        " 'Traceback' in r.content.decode())"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "HTTPS"}}
    env |= {
        "DJANGO_SETTINGS_MODULE": "clp.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    env.pop("REDIS_URL", None)
    # As run-dev.sh does: the settings, the static files gathered, then a request.
    script = (
        f"source scripts/demo-env.sh && {sys.executable} manage.py collectstatic --noinput >/dev/null"
        f' && {sys.executable} -c "{code}"'
    )
    result = subprocess.run(
        ["bash", "-c", script], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.stdout.split() == ["False", "404", "True", "False"], result.stderr
