"""A small AGM in a real browser, from nominations to the welcome emails, with every AGM
page checked against WCAG 2.2 AA (axe-core) on the way."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from clp.notifications.models import Notification
from officers.models import Person, Post, Term
from tests.browser import axe_violations, submit
from tests.demo import demo_clp
from tests.foundation.test_accessibility import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretary_runs_a_small_agm_from_nominations_to_the_welcome(a11y_page):
    demo_clp()
    page = a11y_page
    problems = {}

    def check(name):
        found = axe_violations(page)
        if found:
            problems[name] = found

    held_on = timezone.localdate() + datetime.timedelta(days=30)
    rosa = Person.objects.get(first_name="Rosa", last_name="Fernandes")
    gareth = Person.objects.get(first_name="Gareth", last_name="Price")
    nominator = Person.objects.get(first_name="Helen", last_name="Marsh")
    womens = Post.objects.get(slug="womens-officer", branch=None)
    login(page, "secretary@demo.clp.test")

    page.goto("/officers/")
    page.get_by_role("link", name="AGMs").click()
    page.get_by_role("link", name="Set up an AGM").click()
    page.get_by_role("button", name="Set up the AGM").click()
    expect(page.get_by_text("This field is required.").first).to_be_visible()
    check("agm-new-errors")
    page.get_by_label("Date of the AGM").fill(held_on.isoformat())
    page.get_by_label("Nominations close on").fill((held_on - datetime.timedelta(days=10)).isoformat())
    page.get_by_label("Women's Officer", exact=True).check()
    page.get_by_role("button", name="Set up the AGM").click()
    expect(page.get_by_role("heading", name="Women's Officer", exact=True)).to_be_visible()

    for nominee in (rosa, gareth):
        page.get_by_role("link", name="Add a nomination for Women's Officer").click()
        page.get_by_label("Nominee").select_option(str(nominee.pk))
        page.get_by_label("Nominated by a member").select_option(str(nominator.pk))
        if nominee == gareth:
            check("nomination-form")
        page.get_by_role("button", name="Record the nomination").click()
        expect(page.get_by_text(f"Recorded the nomination of {nominee.full_name}")).to_be_visible()
        submit(page, page.get_by_role("button", name=f"Record consent of {nominee.full_name}"))
    gareth_row = page.get_by_role("row", name="Gareth Price")
    expect(gareth_row.get_by_role("cell", name="No: The post must be held by a woman.")).to_be_visible()
    check("agm-detail")
    submit(page, page.get_by_role("button", name="Publish the candidates"))
    assert Notification.objects.filter(kind="agm_nomination", person=rosa).count() == 2  # received, published

    page.get_by_role("link", name="Voters and who is present").click()
    page.get_by_label("Rosa Fernandes").check()
    page.get_by_label("Helen Marsh").check()
    page.get_by_role("button", name="Save who is present").click()
    expect(page.get_by_text("2 eligible voters present.").first).to_be_visible()
    check("voters")

    page.get_by_role("link", name=page.get_by_role("navigation", name="Breadcrumb").inner_text()).click()
    page.get_by_role("link", name="Ballot and count for Women's Officer").click()
    expect(
        page.get_by_text("The Women's Officer is a woman: this ballot is open to women only.")
    ).to_be_visible()
    page.get_by_label("Voters present for this ballot").fill("2")
    page.get_by_label("Votes for Rosa Fernandes").fill("3")
    page.get_by_role("button", name="Record the count").click()
    expect(page.get_by_text("Round 1 counts 3 votes, but only 2 voters were present.")).to_be_visible()
    check("ballot-errors")
    page.get_by_label("Votes for Rosa Fernandes").fill("2")
    submit(page, page.get_by_role("button", name="Record the count"))
    page.get_by_role("button", name="Declare the result").click()
    expect(page.get_by_text("Rosa Fernandes (2 votes) is elected.")).to_be_visible()
    check("ballot-declared")

    page.get_by_role("link", name=page.get_by_role("navigation", name="Breadcrumb").inner_text()).click()
    page.get_by_role("link", name="Put the declared results into office").click()
    check("into-office")
    page.get_by_role("button", name="Put into office").click()
    expect(page.get_by_text("1 officers are in office")).to_be_visible()
    assert Term.objects.get(post=womens, starts_on=held_on).person == rosa
    welcome = Notification.objects.get(kind="agm_welcome", person=rosa)
    assert welcome.subject == "Welcome: you are Women's Officer"
    assert womens.duties[:30] in welcome.body and "Joanne Whitfield held the post before you" in welcome.body
    assert problems == {}
