"""WCAG 2.2 AA (axe-core in Chromium) on the branches pages, forms with their errors shown."""

from pathlib import Path

import pytest
from django_otp.oath import totp

from branches.models import FollowUp, Mailing
from clp.accounts.demo import DEMO_TOTP_KEY
from tests.browser import axe_violations, submit
from tests.demo import demo_clp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DATA = Path(__file__).resolve().parent.parent / "data"


def login(page, email):
    page.context.clear_cookies()
    page.goto("/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill("demo-clp-desk")
    submit(page, page.get_by_role("button", name="Log in"))
    page.get_by_label("Code").fill(f"{totp(bytes.fromhex(DEMO_TOTP_KEY)):06d}")
    submit(page, page.get_by_role("button", name="Continue"))


def submit_empty(page, path, button):
    """Open a form and send it empty, past the browser's own checks, so the server's errors show."""
    page.goto(path)
    page.evaluate("document.querySelectorAll('form').forEach(f => f.noValidate = true)")
    submit(page, page.get_by_role("button", name=button))


def test_the_branches_pages_and_their_forms_with_errors_meet_wcag_aa(a11y_page):
    demo_clp()
    page, problems = a11y_page, {}

    def check(label):
        found = axe_violations(page)
        if found:
            problems[label] = found

    login(page, "northgate.secretary@demo.clp.test")
    assert page.url.endswith("/branches/northgate/")
    check("a branch secretary's branch page")

    page.goto(f"/branches/follow-ups/{FollowUp.objects.filter(branch__slug='northgate').first().pk}/")
    check("a follow-up with its forms, as the branch secretary")
    submit_empty(page, "/branches/northgate/follow-ups/new/", "Open the follow-up")
    assert page.locator(".errorlist").count()
    check("opening a follow-up, with errors")

    login(page, "secretary@demo.clp.test")
    sent = Mailing.objects.filter(status=Mailing.Status.SENT).first()
    for path in [
        "/branches/riverside/",
        "/branches/affiliates/",
        "/branches/directory/?q=branch",
        "/branches/directory/my-details/",
        "/branches/membership-reports/",
        "/branches/mailings/",
        f"/branches/mailings/{sent.pk}/",
        "/branches/follow-ups/",
    ]:
        page.goto(path)
        check(path)
    submit_empty(page, "/branches/affiliates/new/", "Add the organisation")
    assert page.locator(".errorlist").count()
    check("the affiliate form with errors")
    submit_empty(page, "/branches/mailings/new/", "Save and preview")
    assert page.locator(".errorlist").count()
    check("the mailing form with errors")
    page.goto("/branches/membership-reports/")
    page.get_by_label("Membership Action Report (CSV)").set_input_files(
        str(DATA / "membership_action_report_bad_row.csv")
    )
    submit(page, page.get_by_role("button", name="Check the file"))
    assert "nothing has been imported" in page.content()
    check("an import's preview with errors per row")
    assert problems == {}
