"""Two-factor authentication: required for whoever sees members' personal data or holds the
money, optional for everyone else, and never skipped by knowing the password alone."""

import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from clp.accounts import services
from tests.factories.accounts import TOTPDeviceFactory, totp_code

pytestmark = pytest.mark.django_db

SETUP = reverse("accounts:two_factor_setup")
VERIFY = reverse("accounts:two_factor_verify")
REQUIRED = [
    "secretary",
    "chair",
    "treasurer",
    "equality_officer",
    "branch_secretary_a",
    "branch_treasurer_a",
    "ec_member",  # the directory shows the officers' contact details
]
OPTIONAL = ["member", "former_treasurer"]


@pytest.mark.parametrize("role", REQUIRED)
def test_officers_who_see_personal_data_are_sent_to_set_up_two_factor(role, request, client):
    client.force_login(request.getfixturevalue(role).user)
    response = client.get("/meetings/")
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next=%2Fmeetings%2F"


@pytest.mark.parametrize("role", REQUIRED)
def test_officers_with_an_app_must_enter_a_code_before_any_page(role, request, client):
    person = request.getfixturevalue(role)
    TOTPDeviceFactory(user=person.user)
    client.force_login(person.user)
    assert client.get("/").url == f"{VERIFY}?next=%2F"
    assert client.get(reverse("accounts:my_data_json")).url.startswith(VERIFY)


@pytest.mark.parametrize("role", OPTIONAL)
def test_two_factor_is_optional_for_those_who_see_no_personal_data(role, request, client):
    client.force_login(request.getfixturevalue(role).user)
    assert client.get("/").status_code == 200
    assert "Set up two-factor authentication" in client.get(reverse("accounts:account")).content.decode()


def test_a_member_who_chose_two_factor_must_enter_a_code(client, member):
    TOTPDeviceFactory(user=member.user)
    client.force_login(member.user)
    assert client.get("/").url == f"{VERIFY}?next=%2F"


def test_the_secretary_sets_up_an_app_and_sees_recovery_codes_once(client, secretary):
    client.force_login(secretary.user)
    page = client.get(SETUP)
    assert page.status_code == 200
    assert 'src="data:image/svg+xml' in page.content.decode()
    device = TOTPDevice.objects.get(user=secretary.user, confirmed=False)

    response = client.post(SETUP, {"token": totp_code(device), "next": "/meetings/"})
    assert response.url == reverse("accounts:recovery_codes") + "?next=%2Fmeetings%2F"
    shown = client.get(response.url).content.decode()
    assert len(re.findall(r"<li><code>(\w+)</code></li>", shown)) == services.RECOVERY_CODES
    assert 'href="/meetings/"' in shown
    again = client.get(response.url).content.decode()
    assert "<code>" not in again
    assert "cannot be shown again" in again
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/").status_code == 200


def test_a_wrong_code_does_not_turn_two_factor_on(client, secretary):
    client.force_login(secretary.user)
    client.get(SETUP)
    response = client.post(SETUP, {"token": "000000"})
    assert "That code is not right" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=secretary.user, confirmed=True).exists()
    assert client.get("/").url.startswith(SETUP)


def test_the_password_alone_cannot_replace_the_app(client, secretary):
    TOTPDeviceFactory(user=secretary.user)
    client.force_login(secretary.user)
    assert client.get(SETUP).url == VERIFY
    assert TOTPDevice.objects.filter(user=secretary.user).count() == 1


def test_a_code_from_the_app_leads_to_the_page_asked_for(client, treasurer):
    device = TOTPDeviceFactory(user=treasurer.user)
    client.force_login(treasurer.user)
    response = client.post(VERIFY, {"token": totp_code(device), "next": "/meetings/"})
    assert response.url == "/meetings/"
    assert client.get("/").status_code == 200


def test_a_wrong_code_is_refused_in_plain_english(client, treasurer):
    TOTPDeviceFactory(user=treasurer.user)
    client.force_login(treasurer.user)
    response = client.post(VERIFY, {"token": "123456"})
    assert "That code is not right" in response.content.decode()
    assert client.get("/").status_code == 302


def test_a_next_address_on_another_site_is_ignored(client, treasurer):
    device = TOTPDeviceFactory(user=treasurer.user)
    client.force_login(treasurer.user)
    response = client.post(VERIFY, {"token": totp_code(device), "next": "https://evil.example/"})
    assert response.url == "/"


def test_a_recovery_code_works_once(client, chair):
    TOTPDeviceFactory(user=chair.user)
    code = services.recovery_codes_regenerate(user=chair.user)[0]
    client.force_login(chair.user)
    assert client.post(VERIFY, {"token": code.upper()}).url == "/"
    assert "9 left" in client.get("/").content.decode()
    client.logout()
    client.force_login(chair.user)
    assert "That code is not right" in client.post(VERIFY, {"token": code}).content.decode()


def test_new_recovery_codes_replace_the_old(client_for, secretary):
    old = services.recovery_codes_regenerate(user=secretary.user)
    client = client_for(secretary)
    response = client.post(reverse("accounts:recovery_codes_regenerate"))
    assert response.url == reverse("accounts:recovery_codes")
    tokens = set(StaticToken.objects.filter(device__user=secretary.user).values_list("token", flat=True))
    assert len(tokens) == services.RECOVERY_CODES
    assert not tokens & set(old)


def test_officers_who_must_use_two_factor_cannot_turn_it_off(client_for, secretary):
    client = client_for(secretary)
    assert client.post(reverse("accounts:two_factor_disable")).status_code == 403
    assert TOTPDevice.objects.filter(user=secretary.user).exists()


def test_a_member_may_turn_two_factor_off(client_for, member):
    client = client_for(member)
    assert client.post(reverse("accounts:two_factor_disable")).url == reverse("accounts:account")
    assert not TOTPDevice.objects.filter(user=member.user).exists()


def test_logout_and_the_public_pages_open_before_the_code(client, secretary):
    TOTPDeviceFactory(user=secretary.user)
    client.force_login(secretary.user)
    assert client.get(reverse("password_reset")).status_code == 200
    assert client.get(reverse("healthz")).status_code == 200
    assert client.post(reverse("logout")).url == reverse("login")


def test_an_htmx_request_before_the_code_loads_the_code_page_whole(client, secretary):
    TOTPDeviceFactory(user=secretary.user)
    client.force_login(secretary.user)
    response = client.get("/", headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"] == VERIFY


# Who must use two-factor is checked against what the pages really show: anyone who can open a
# page carrying a member's email address must be someone needs_two_factor names.
EVERY_ROLE = [
    "member",
    "ec_member",
    "secretary",
    "chair",
    "treasurer",
    "former_treasurer",
    "equality_officer",
    "branch_secretary_a",
    "branch_secretary_b",
    "branch_treasurer_a",
    "membership_officer",
]


def test_everyone_shown_a_members_contact_details_must_use_two_factor(request, client, branch_a, posts):
    from officers.access import access_for
    from officers.models import Post
    from tests.conftest import holder
    from tests.factories.accounts import login_verified
    from tests.factories.branches import MembershipReportEntryFactory
    from tests.factories.officers import PostFactory

    new_member = MembershipReportEntryFactory(
        branch=branch_a, person__branch=branch_a, person__email="new.member@example.org"
    )
    membership_officer = holder(PostFactory(slug="vc-membership", role=Post.Role.MEMBERSHIP_OFFICER))
    people = {"membership_officer": membership_officer}
    people |= {role: request.getfixturevalue(role) for role in EVERY_ROLE if role not in people}
    # The directory shows officers' and delegates' own contact details (as each chooses).
    officer = holder(PostFactory(slug="tulo", name="TULO Officer"), email="tulo.officer@example.org")
    pages = [
        (reverse("branches:detail", kwargs={"slug": branch_a.slug}), "new.member@example.org"),
        (reverse("branches:import_detail", kwargs={"pk": new_member.report_id}), "new.member@example.org"),
        (reverse("officers:person", kwargs={"pk": new_member.person_id}), "new.member@example.org"),
        (reverse("branches:directory") + "?q=new.member", "new.member@example.org"),
        (reverse("branches:directory"), officer.email),
        (reverse("branches:directory_pdf"), None),
        (reverse("branches:directory_csv"), officer.email),
    ]
    shown_without_two_factor, directory_readers = [], set()
    for role, person in people.items():
        client.logout()
        login_verified(client, person.user)
        for url, email in pages:
            response = client.get(url)
            if response.status_code != 200:
                continue
            if url.startswith(reverse("branches:directory")):
                directory_readers.add(role)
            content = b"".join(response) if response.streaming else response.content
            shown = email is None or email.encode() in content
            if shown and not access_for(person.user).needs_two_factor:
                shown_without_two_factor.append(f"{role} at {url}")
    assert not shown_without_two_factor, shown_without_two_factor
    # Every role that can open the directory was compared (the EC delegate among them).
    assert {"ec_member", "secretary", "branch_secretary_a", "branch_treasurer_a"} <= directory_readers


def test_the_membership_officer_and_every_branch_officer_must_use_two_factor(branch_treasurer_a, client):
    from officers.models import Post
    from tests.conftest import holder
    from tests.factories.officers import PostFactory

    officer = holder(PostFactory(slug="vc-membership", role=Post.Role.MEMBERSHIP_OFFICER))
    for person in (officer, branch_treasurer_a):
        client.logout()
        client.force_login(person.user)
        assert client.get("/").url == f"{SETUP}?next=%2F"


def test_guessing_codes_is_slowed_down_so_even_the_right_code_must_wait(client, treasurer):
    import datetime

    import time_machine
    from django.utils import timezone

    device = TOTPDeviceFactory(user=treasurer.user)
    client.force_login(treasurer.user)
    start = timezone.now()
    for n, guess in enumerate(("000000", "111111", "222222")):
        with time_machine.travel(start + datetime.timedelta(seconds=10 * n), tick=False):
            client.post(VERIFY, {"token": guess})
    device.refresh_from_db()
    soon = start + datetime.timedelta(seconds=21)  # the pause after a third wrong code is 4 seconds
    with time_machine.travel(soon, tick=False):
        refused = client.post(VERIFY, {"token": totp_code(device, at=soon.timestamp())})
        assert "Too many wrong codes in a row" in refused.content.decode()
        assert client.get("/").status_code == 302
    later = start + datetime.timedelta(minutes=5)
    with time_machine.travel(later, tick=False):
        response = client.post(VERIFY, {"token": totp_code(device, at=later.timestamp())})
        assert response.status_code == 302
        assert client.get("/").status_code == 200


def test_an_officer_with_no_recovery_codes_left_is_told_to_make_some(client_for, treasurer):
    page = client_for(treasurer).get(reverse("accounts:account")).content.decode()
    assert "You have no recovery codes left" in page


def test_an_htmx_request_once_the_session_has_run_out_loads_the_login_page_whole(client):
    """A form fetched or posted in place after the session ran out: the login page as a whole
    page (not swapped into the fragment), back to the page the request came from."""
    from urllib.parse import urlencode

    minutes = "/meetings/5/minutes/?item=3"
    response = client.get(
        reverse("meetings:index"),
        headers={"HX-Request": "true", "HX-Current-URL": f"http://testserver{minutes}"},
    )
    assert response.status_code == 204 and not response.content
    assert response["HX-Redirect"] == reverse("login") + "?" + urlencode({"next": minutes})
    response = client.post(reverse("meetings:index"), headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == reverse("login")  # no page to come back to
    response = client.get(
        reverse("meetings:index"),
        headers={"HX-Request": "true", "HX-Current-URL": "https://x.example//evil.example/"},
    )
    assert response["HX-Redirect"] == reverse("login")  # only a path here, never another site
    assert client.get(reverse("meetings:index")).status_code == 302  # a page load: as before
