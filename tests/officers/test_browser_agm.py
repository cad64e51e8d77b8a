import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from clp.accounts.demo import DEMO_TOTP_KEY
from officers.models import Person, Term
from tests.demo import demo_clp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretary_records_an_agm_result_that_needs_an_override(page, browser_login):
    demo_clp()
    tom = Person.objects.get(first_name="Tom", last_name="Hughes")
    gareth = Person.objects.get(first_name="Gareth", last_name="Price")  # in place of Aisha Rahman
    browser_login("secretary@demo.clp.test", "demo-clp-desk")
    page.get_by_label("Code").fill(f"{TOTP(bytes.fromhex(DEMO_TOTP_KEY)).token():06d}")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Welcome, Margaret")).to_be_visible()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Officers").click()
    expect(page.get_by_role("heading", name="Rule status: OK")).to_be_visible()
    expect(page.get_by_role("row", name="International Co-ordinator").get_by_text("Vacant")).to_be_visible()

    page.get_by_role("link", name="Record AGM results").click()
    page.get_by_label("Chair", exact=True).select_option(str(tom.pk))
    page.get_by_label("Membership Officer", exact=True).select_option(str(gareth.pk))
    page.get_by_role("button", name="Record results").click()
    expect(page.get_by_role("heading", name="These results break the Standing Orders")).to_be_visible()
    assert not Term.objects.filter(person=gareth, post__slug="vice-chair-membership").exists()

    page.get_by_label("Override reason").fill("No women were nominated; a by-election is called for June.")
    page.get_by_role("button", name="Record results").click()
    expect(page.get_by_text("Recorded 2 appointments")).to_be_visible()
    expect(page.get_by_role("link", name="1 handover to report")).to_be_visible()
    term = Term.objects.get(person=gareth, post__slug="vice-chair-membership")
    assert term.override_reason.startswith("No women were nominated")
