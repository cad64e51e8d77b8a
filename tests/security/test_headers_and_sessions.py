"""HTTP protections on every answer, HTTPS in production, session expiry, passwords."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.foundation.test_settings import PROD, run_manage

pytestmark = pytest.mark.django_db


def test_every_answer_forbids_framing_sniffing_and_inline_script(client):
    response = client.get(reverse("login"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy


def test_production_settings_use_secure_cookies_hsts_and_https():
    code = (
        "from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SESSION_COOKIE_HTTPONLY, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS >= 31536000)"
    )
    result = run_manage("shell", "--no-imports", "-c", code, **PROD)
    assert result.stdout.split() == ["True"] * 5, result.stderr


def test_a_login_expires_after_session_cookie_age(client_for, member, settings):
    client = client_for(member)
    assert client.get("/").status_code == 200
    later = timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)
    with time_machine.travel(later):
        assert client.get("/").url.startswith(reverse("login"))


def test_a_weak_new_password_is_refused(client_for, member):
    from tests.factories.accounts import PASSWORD

    response = client_for(member).post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    text = response.content.decode()
    assert "too short" in text
    assert "too common" in text
    assert "entirely numeric" in text
