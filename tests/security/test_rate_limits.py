"""What a password alone cannot protect is rate-limited (django-ratelimit), counted per
visitor behind the proxy: asking for password reset emails, and trying two-factor codes."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.factories.accounts import TOTPDeviceFactory, totp_code
from tests.security.test_proxy import PROXY, STRANGER, TREASURER_AT_HOME, via_proxy

pytestmark = pytest.mark.django_db

RESET = reverse("password_reset")
VERIFY = reverse("accounts:two_factor_verify")


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = [PROXY]


def limit(rate):
    return int(rate.split("/")[0])


def ask_reset(client, email, address):
    return client.post(RESET, {"email": email}, **via_proxy(client, address))


def test_password_reset_emails_are_limited_per_visitor_behind_the_proxy(
    behind_proxy, client, settings, treasurer, secretary, mailoutbox
):
    settings.RATELIMIT_PASSWORD_RESET = "3/h"
    for n in range(3):
        email = treasurer.user.email if n % 2 else secretary.user.email
        assert ask_reset(client, email, STRANGER).status_code == 302
    refused = ask_reset(client, secretary.user.email, STRANGER)
    assert refused.status_code == 429
    assert "too many times in the last hour" in refused.content.decode()
    assert len(mailoutbox) == 3
    # Someone else behind the same proxy is not held up by the stranger.
    assert ask_reset(client, "someone@example.org", TREASURER_AT_HOME).status_code == 302


def test_password_reset_emails_for_one_address_are_limited_from_anywhere(
    behind_proxy, client, settings, treasurer, mailoutbox
):
    settings.RATELIMIT_PASSWORD_RESET = "3/h"
    for n in range(3):
        assert ask_reset(client, treasurer.user.email, f"81.2.69.{n + 1}").status_code == 302
    assert ask_reset(client, f" {treasurer.user.email.upper()}", "81.2.69.99").status_code == 429
    assert len(mailoutbox) == 3
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1, minutes=1)):
        assert ask_reset(client, treasurer.user.email, "81.2.69.99").status_code == 302
    assert len(mailoutbox) == 4


def test_two_factor_codes_are_limited_per_account_whatever_address_they_come_from(
    behind_proxy, client, settings, treasurer
):
    device = TOTPDeviceFactory(user=treasurer.user)
    client.force_login(treasurer.user)
    tries = limit(settings.RATELIMIT_TWO_FACTOR)
    for n in range(tries):
        wrong = client.post(VERIFY, {"token": "000000"}, **via_proxy(client, f"81.2.69.{n + 1}"))
        assert wrong.status_code == 200
    # Even the right code is refused until the pause is over.
    paused = client.post(VERIFY, {"token": totp_code(device)}, **via_proxy(client, "81.2.69.200"))
    assert paused.status_code == 429
    assert "Too many codes have been tried for this account" in paused.content.decode()
    assert client.get("/").status_code == 302  # still not past the second step
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=16)):
        right = client.post(VERIFY, {"token": totp_code(device)}, **via_proxy(client, "81.2.69.200"))
        assert right.status_code == 302
        assert client.get("/").status_code == 200


def test_one_accounts_wrong_codes_do_not_pause_another_behind_the_same_proxy(
    behind_proxy, client, settings, treasurer, chair
):
    TOTPDeviceFactory(user=treasurer.user)
    chairs = TOTPDeviceFactory(user=chair.user)
    client.force_login(treasurer.user)
    for _ in range(limit(settings.RATELIMIT_TWO_FACTOR) + 1):
        client.post(VERIFY, {"token": "000000"}, **via_proxy(client, STRANGER))
    client.logout()
    client.force_login(chair.user)
    assert client.post(VERIFY, {"token": totp_code(chairs)}, **via_proxy(client, STRANGER)).status_code == 302
