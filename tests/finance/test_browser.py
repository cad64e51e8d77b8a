"""In a real browser: the Treasurer records a donation, then its check; and a loan in two steps."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from finance.models import Donation
from tests.browser import submit
from tests.factories.accounts import PASSWORD, TOTPDeviceFactory, totp_code
from tests.factories.finance import SourceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, browser_login, treasurer):
    """The Treasurer logs in with their password and a two-factor code."""
    device = TOTPDeviceFactory(user=treasurer.user)
    browser_login(treasurer.user.email, PASSWORD)
    page.get_by_label("Code").fill(totp_code(device))
    submit(page, page.get_by_role("button", name="Continue"))


def test_treasurer_records_a_donation_and_its_permissibility_check(page, browser_login, treasurer):
    SourceFactory(name="Jane Giver")
    _log_in(page, browser_login, treasurer)
    page.goto("/finance/donations/new/")
    page.get_by_role("combobox", name="Donor").select_option(label="Jane Giver")
    page.get_by_label("Amount or value (£)").fill("750.00")
    page.get_by_label("Received on").fill(timezone.localdate().isoformat())
    submit(page, page.get_by_role("button", name="Save"))
    expect(page.locator("main")).to_contain_text("Recorded the £750.00 donation from Jane Giver")
    expect(page.locator("main")).to_contain_text("Check due by")
    page.get_by_role("link", name="Record the permissibility check").click()
    # the law's questions for an individual, then the details the check records
    page.locator("input[name=q_on_register][value=yes]").check()
    page.locator("input[name=q_register_outside_uk][value=no]").check()
    page.get_by_label("Which electoral register (the local authority)").fill("Anytown")
    page.get_by_label("Electoral number").fill("AB123")
    page.get_by_label("Other evidence").fill("On the electoral register of Anytown on the date received")
    page.get_by_label("Outcome").select_option("permissible")
    submit(page, page.get_by_role("button", name="Save"))
    expect(page.locator("main")).to_contain_text("Permissible: accepted")
    assert Donation.objects.get().accepted_on is not None


def test_treasurer_records_a_loan_in_two_steps_and_a_late_check_is_refused(page, browser_login, treasurer):
    """Step one chooses the lender (their kind decides the law's questions); step two is the
    loan with the lender's check, which must come before the loan is entered into."""
    from finance.models import Loan

    SourceFactory(name="Lena Lender")
    _log_in(page, browser_login, treasurer)
    page.goto("/finance/loans/new/")
    page.get_by_role("combobox", name="Lender").select_option(label="Lena Lender")
    submit(page, page.get_by_role("button", name="Next: the loan and the lender's check"))
    expect(page.locator("main")).to_contain_text("Record a loan or credit facility from Lena Lender")
    today = timezone.localdate()
    made_on = today - datetime.timedelta(days=3)
    page.get_by_label("Amount, or the limit of a credit facility (£)").fill("5000.00")
    page.get_by_label("Date entered into").fill(made_on.isoformat())
    page.get_by_label("No repayment date (indefinite)").check()
    page.locator("input[name=q_on_register][value=yes]").check()
    page.locator("input[name=q_register_outside_uk][value=no]").check()
    page.get_by_label("Which electoral register (the local authority)").fill("Anytown")
    page.get_by_label("Electoral number").fill("AB123")
    page.get_by_label("Lender checked on").fill(today.isoformat())  # after the loan: refused
    submit(page, page.get_by_role("button", name="Save"))
    expect(page.locator("main")).to_contain_text("The lender must be checked before the loan is made")
    assert Loan.objects.count() == 0
    page.get_by_label("Lender checked on").fill((made_on - datetime.timedelta(days=1)).isoformat())
    submit(page, page.get_by_role("button", name="Save"))
    expect(page.locator("main")).to_contain_text("Recorded the loan from Lena Lender")
    loan = Loan.objects.get()
    assert (loan.amount, loan.made_on, loan.source.name) == (Decimal("5000.00"), made_on, "Lena Lender")
    assert loan.permissibility.checked_on == made_on - datetime.timedelta(days=1)
