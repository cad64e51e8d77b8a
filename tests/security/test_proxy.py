"""Behind the proxy the README asks for: whose address a request comes from, and whether it
came over HTTPS, is believed only from the proxy's own addresses (TRUSTED_PROXIES).

The proxy is simulated: requests arrive from its address (REMOTE_ADDR) with the
X-Forwarded-For it appends the client's address to, as nginx's $proxy_add_x_forwarded_for
does. The client addresses are real, globally routable ones."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"
STRANGER, TREASURER_AT_HOME = "81.2.69.160", "81.2.69.142"


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


def via_proxy(client, client_address, *, spoofed=None):
    """Send as `client_address` through the proxy; `spoofed` is an X-Forwarded-For the
    client wrote itself, which the proxy keeps and appends to."""
    chain = f"{spoofed}, {client_address}" if spoofed else client_address
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": chain}


def log_in(client, email, password, **meta):
    return client.post(reverse("login"), {"username": email, "password": password}, **meta)


def test_a_stranger_behind_the_proxy_cannot_lock_the_treasurer_out(behind_proxy, client, settings, treasurer):
    email = treasurer.user.email
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, email, "guess", **via_proxy(client, STRANGER))
    assert log_in(client, email, PASSWORD, **via_proxy(client, STRANGER)).status_code == 429
    # The lock is on the stranger's address with her email, not on the proxy's address.
    assert AccessAttempt.objects.get().ip_address == STRANGER
    client.cookies.clear()
    assert log_in(client, email, PASSWORD, **via_proxy(client, TREASURER_AT_HOME)).status_code == 302


def test_a_stranger_cannot_escape_the_lock_by_writing_their_own_forwarded_for(
    behind_proxy, client, settings, member
):
    for n in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, member.user.email, "guess", **via_proxy(client, STRANGER, spoofed=f"1.1.1.{n}"))
    response = log_in(client, member.user.email, PASSWORD, **via_proxy(client, STRANGER, spoofed="8.8.8.8"))
    assert response.status_code == 429


def test_forwarded_headers_from_anyone_but_the_proxy_are_ignored(behind_proxy, client, settings, member):
    """A client that reaches the app directly and names a new address each time is still
    counted at its own address."""
    for n in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, member.user.email, "guess", REMOTE_ADDR=STRANGER, HTTP_X_FORWARDED_FOR=f"1.1.1.{n}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {STRANGER}
    assert log_in(client, member.user.email, PASSWORD, REMOTE_ADDR=STRANGER).status_code == 429


def test_without_a_proxy_no_forwarded_header_is_believed(client, settings, member):
    assert settings.TRUSTED_PROXIES == []
    for n in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, member.user.email, "guess", **via_proxy(client, f"81.2.69.{n}"))
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {PROXY}


def test_https_is_believed_only_when_the_proxy_says_so(behind_proxy, client, settings):
    settings.SECURE_SSL_REDIRECT = True
    login = reverse("login")
    from_proxy = client.get(login, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_PROTO="https")
    assert from_proxy.status_code == 200
    from_elsewhere = client.get(login, REMOTE_ADDR=STRANGER, HTTP_X_FORWARDED_PROTO="https")
    assert from_elsewhere.status_code == 301
    assert from_elsewhere["Location"].startswith("https://")


def test_an_email_too_long_to_be_anyones_is_refused_without_an_error(client):
    """A 256-character address once reached the lockout's 255-character column."""
    email = "a" * 64 + "@" + "b" * 63 + "." + "c" * 63 + "." + "d" * 60 + ".org"
    assert len(email) > 255
    response = log_in(client, email, "guess")
    assert response.status_code == 200
    assert not AccessAttempt.objects.exclude(username__regex=r"^.{0,254}$").exists()
