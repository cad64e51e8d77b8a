"""Logging in with an email address, and every page but the auth pages behind a login."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_login_and_back_to_the_page_they_asked_for(client, member):
    response = client.get("/meetings/?show=past")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/meetings/%3Fshow%3Dpast"
    login = client.post(response["Location"], {"username": member.user.email, "password": PASSWORD})
    assert login.status_code == 302
    assert login["Location"] == "/meetings/?show=past"


@pytest.mark.parametrize("elsewhere", ["https://evil.example/", "//evil.example/", "/\\evil.example"])
def test_a_login_never_sends_anyone_to_another_site(client, member, elsewhere):
    login = client.post(
        f"/login/?next={elsewhere}", {"username": member.user.email, "password": PASSWORD, "next": elsewhere}
    )
    assert login.status_code == 302
    assert login["Location"] == "/"


def test_member_logs_in_with_email_in_any_case(client, member):
    response = client.post("/login/", {"username": member.user.email.upper(), "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "Welcome" in client.get("/").content.decode()


def test_wrong_password_gets_a_plain_message(client, member):
    response = client.post("/login/", {"username": member.user.email, "password": "wrong"})
    assert response.status_code == 200
    assert "Please enter a correct email address and password" in response.content.decode()


def test_password_reset_sends_a_working_link(client, member):
    response = client.post(reverse("password_reset"), {"email": member.user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/reset/\S+)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert "Choose a new password" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": "a-Fresh-pass-99", "new_password2": "a-Fresh-pass-99"}
    )
    assert done.status_code == 302
    login = client.post("/login/", {"username": member.user.email, "password": "a-Fresh-pass-99"})
    assert login.status_code == 302
    assert login["Location"] == "/"


def test_password_change_needs_the_old_password(client_for, member):
    client = client_for(member)
    response = client.post(
        reverse("password_change"),
        {"old_password": "nope", "new_password1": "a-Fresh-pass-99", "new_password2": "a-Fresh-pass-99"},
    )
    assert "Your old password was entered incorrectly" in response.content.decode()


def test_logout_is_a_post(client_for, member):
    client = client_for(member)
    assert client.post(reverse("logout")).status_code == 302
    assert client.get("/").status_code == 302
