"""WCAG 2.2 AA (axe-core in Chromium) on the officers' pages, forms with their errors shown."""

import pytest
from playwright.sync_api import expect

from officers.models import OfficerLapse, Person, Post, RoleChange
from tests.browser import axe_violations, submit
from tests.demo import demo_clp
from tests.foundation.test_accessibility import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officers_pages_and_forms_with_errors_meet_wcag_aa(a11y_page):
    demo_clp()
    page = a11y_page
    womens = Post.objects.get(slug="womens-officer", branch=None)
    chair = Post.objects.get(slug="chair", branch=None)
    man, other_man = Person.objects.filter(counts_as_woman=False, terms=None)[:2]
    login(page, "secretary@demo.clp.test")
    problems = {}

    def check(name):
        found = axe_violations(page)
        if found:
            problems[name] = found

    term = womens.terms.order_by("-starts_on").first()
    RoleChange.objects.create(term=term, kind="start", on=term.starts_on, source="AGM result")
    OfficerLapse.objects.create(
        term=term, status="lapsed", lapsed_on=term.starts_on, decision="kept", reason="Kept."
    )
    for path in [
        f"/officers/posts/{womens.pk}/",
        f"/officers/people/{man.pk}/",
        "/officers/rules/",
        "/officers/role-changes/",
        "/officers/",  # a lapse flagged on its post
    ]:
        page.goto(path)
        check(path.strip("/").replace("/", "-"))

    # Suffolk Coastal: three of the first six must be women; the demo has four.
    page.goto(
        f"/officers/check/?post={womens.pk}&person={man.pk}&post_2={chair.pk}&person_2={other_man.pk}"
        "&on=2026-05-01"
    )
    expect(page.get_by_text("This would break a hard rule")).to_be_visible()
    check("what-if-breach")

    page.goto(f"/officers/posts/{womens.pk}/terms/new/")
    page.get_by_label("Person").select_option(str(man.pk))
    page.get_by_label("First day in office").fill("2026-05-01")
    page.get_by_label("Last day in office (leave blank if open)").fill("2026-04-01")
    submit(page, page.get_by_role("button", name="Record"))
    expect(page.get_by_text("A term cannot end before it starts.")).to_be_visible()
    check("term-form-errors")

    page.goto("/officers/rules/new/")
    page.get_by_label("Name").fill("An empty rule")
    page.get_by_label("Kind").select_option("min_women")
    page.get_by_label("Minimum").fill("2")
    submit(page, page.get_by_role("button", name="Save"))
    expect(page.get_by_text("A rule must name at least one post.")).to_be_visible()
    check("rule-form-errors")
    assert problems == {}
