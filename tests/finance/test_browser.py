"""In a real browser: the Treasurer records a donation, then its check; and a loan in two steps."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from finance.models import Donation
from tests.factories.accounts import PASSWORD, TOTPDeviceFactory, totp_code
from tests.factories.finance import SourceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, browser_login, treasurer):
    """The Treasurer logs in with their password and a two-factor code."""
    device = TOTPDeviceFactory(user=treasurer.user)
    browser_login(treasurer.user.email, PASSWORD)
    page.get_by_label("Code").fill(totp_code(device))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()


def test_treasurer_records_a_donation_and_its_permissibility_check(page, browser_login, treasurer):
    SourceFactory(name="Jane Giver")
    _log_in(page, browser_login, treasurer)
    page.goto("/finance/donations/new/")
    page.get_by_role("combobox", name="Donor").select_option(label="Jane Giver")
    page.get_by_label("Amount or value (£)").fill("750.00")
    page.get_by_label("Received on").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Save").click()
    assert "Recorded the £750.00 donation from Jane Giver" in page.inner_text("main")
    assert "Check due by" in page.inner_text("main")
    page.get_by_role("link", name="Record the permissibility check").click()
    # the law's questions for an individual, then the details the check records
    page.locator("input[name=q_on_register][value=yes]").check()
    page.locator("input[name=q_register_outside_uk][value=no]").check()
    page.get_by_label("Which electoral register (the local authority)").fill("Anytown")
    page.get_by_label("Electoral number").fill("AB123")
    page.get_by_label("Other evidence").fill("On the electoral register of Anytown on the date received")
    page.get_by_label("Outcome").select_option("permissible")
    page.get_by_role("button", name="Save").click()
    assert "Permissible: accepted" in page.inner_text("main")
    assert Donation.objects.get().accepted_on is not None


def test_treasurer_records_a_loan_in_two_steps_and_a_late_check_is_refused(page, browser_login, treasurer):
    """Step one chooses the lender (their kind decides the law's questions); step two is the
    loan with the lender's check, which must come before the loan is entered into."""
    from finance.models import Loan

    SourceFactory(name="Lena Lender")
    _log_in(page, browser_login, treasurer)
    page.goto("/finance/loans/new/")
    page.get_by_role("combobox", name="Lender").select_option(label="Lena Lender")
    page.get_by_role("button", name="Next: the loan and the lender's check").click()
    assert "Record a loan or credit facility from Lena Lender" in page.inner_text("main")
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
    page.get_by_role("button", name="Save").click()
    assert "The lender must be checked before the loan is made" in page.inner_text("main")
    assert Loan.objects.count() == 0
    page.get_by_label("Lender checked on").fill((made_on - datetime.timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Save").click()
    assert "Recorded the loan from Lena Lender" in page.inner_text("main")
    loan = Loan.objects.get()
    assert (loan.amount, loan.made_on, loan.source.name) == (Decimal("5000.00"), made_on, "Lena Lender")
    assert loan.permissibility.checked_on == made_on - datetime.timedelta(days=1)
