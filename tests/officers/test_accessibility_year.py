"""WCAG 2.2 AA (axe-core in Chromium) on the year's plan pages, with the demo's data: the
development plan and a target, the events diary and its forms, the budget and the
Treasurer's report with their charts; forms with their errors shown included."""

import pytest

from finance.models import Budget
from meetings.models import DiaryEvent
from officers.models import Plan
from tests.browser import axe_violations, submit
from tests.demo import demo_clp
from tests.foundation.test_accessibility import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_plan_diary_and_budget_pages_meet_wcag_aa(a11y_page):
    demo_clp()
    page, problems = a11y_page, {}
    plan = Plan.objects.get()
    target = plan.objectives.first().targets.filter(measure="manual").first()
    event = DiaryEvent.objects.first()
    year = Budget.objects.get().year

    def check(label):
        if found := axe_violations(page):
            problems[label] = found

    login(page, "secretary@demo.clp.test")
    for path in [
        "/officers/plan/",
        f"/officers/plan/{plan.pk}/",
        f"/officers/plan/{plan.pk}/targets/new/",
        f"/officers/targets/{target.pk}/",
        "/meetings/diary/",
        "/meetings/diary/new/",
        f"/meetings/diary/{event.pk}/edit/",
        f"/finance/budget/{year}/report/",
    ]:
        page.goto(path)
        check(path)
    for path, button in [
        (f"/officers/plan/{plan.pk}/targets/new/", "Save"),
        ("/meetings/diary/new/", "Save"),
        (f"/officers/targets/{target.pk}/", "Record"),
    ]:
        page.goto(path)
        if not path.endswith("/new/"):
            page.get_by_label("Reached so far").fill("")
        submit(page, page.get_by_role("button", name=button))
        assert page.locator("main .errorlist, main [role=alert]").count() > 0, f"{path} showed no errors"
        check(f"{path} (with errors)")
    page.context.clear_cookies()
    login(page, "treasurer@demo.clp.test")
    for path in ["/finance/budget/", f"/finance/budget/{year}/"]:
        page.goto(path)
        check(path)
    page.goto(f"/finance/budget/{year}/")
    submit(page, page.get_by_role("button", name="Save the line"))
    check("budget line, with errors")
    assert problems == {}
