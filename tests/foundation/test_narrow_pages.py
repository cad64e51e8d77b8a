"""On a phone: every page an officer opens from the pages added for issues 13-19 (motions,
the diary, the development plan, the budget, follow-ups, role changes, AGMs) and the pages
they lead from meets WCAG 2.2 AA (axe-core) at 375px wide, and does not scroll sideways
(a wide table may scroll inside its own `.table-scroll` box; the page itself may not)."""

import pytest
from django.utils import timezone

from branches.models import FollowUp
from finance.models import Budget, Donation
from meetings.models import DiaryEvent, Meeting, Motion
from officers.elections.models import Agm
from officers.models import Plan
from tests.browser import axe_violations
from tests.demo import demo_clp
from tests.foundation.test_accessibility import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROW = {"width": 375, "height": 800}  # a small phone

# What sticks out past the right edge of the page, so that a failure names the culprit: an
# element outside any box that scrolls on its own, or one positioned absolutely (it escapes
# the box that would clip it unless that box is its containing block).
WIDEST = """() => {
  const width = document.documentElement.clientWidth + 1;
  const right = el => el.getBoundingClientRect().right;
  const loose = el => ['absolute', 'fixed'].includes(getComputedStyle(el).position);
  const clipped = el => el.parentElement.closest('.table-scroll');
  return [...document.body.querySelectorAll('*')]
    .filter(el => right(el) > width && (loose(el) || (right(el.parentElement) <= width && !clipped(el))))
    .slice(0, 3)
    .map(el => el.tagName.toLowerCase() + (el.classList[0] ? '.' + el.classList[0] : '')
      + ' (' + Math.round(right(el)) + 'px)');
}"""


def _scrolls_sideways(page):
    return page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")


def _pages():
    """The pages each officer opens, found from the demo's data."""
    buses = Motion.objects.get(title="Evening buses")
    general = buses.meeting
    held = (
        Meeting.objects.filter(kind="ec", starts_at__lt=timezone.now(), status=Meeting.Status.MINUTES_DRAFTED)
        .order_by("-starts_at")
        .first()
        or Meeting.objects.filter(kind="ec", starts_at__lt=timezone.now()).order_by("-starts_at").first()
    )
    coming = Meeting.objects.filter(kind="ec", starts_at__gt=timezone.now()).order_by("starts_at").first()
    plan = Plan.objects.get()
    target = plan.objectives.first().targets.first()
    event = DiaryEvent.objects.first()
    year = Budget.objects.get().year
    agm = Agm.objects.order_by("-held_on").first()
    contest = agm.contests.first()
    follow_up = FollowUp.objects.filter(branch__slug="northgate").first()
    branch_held = (
        Meeting.objects.filter(branch__slug="northgate", starts_at__lt=timezone.now())
        .order_by("-starts_at")
        .first()
    )
    last = Donation.objects.order_by("-received_on").first().received_on
    quarter = f"/finance/reports/{last.year}/q{(last.month - 1) // 3 + 1}/"
    return {
        "secretary@demo.clp.test": [
            # motions
            f"/meetings/{general.pk}/motions/",
            f"/meetings/{general.pk}/motions/submit/",
            f"/meetings/{general.pk}/motions/composite/",
            f"/meetings/motions/{buses.pk}/",
            f"/meetings/motions/{buses.pk}/amend/",
            f"/meetings/motions/{buses.pk}/edit/",
            "/meetings/motions/register/",
            # meetings
            "/meetings/",
            f"/meetings/{coming.pk}/",
            f"/meetings/{general.pk}/",
            f"/meetings/{held.pk}/attendance/",
            f"/meetings/{held.pk}/minutes/",
            # an item's forms, as the page opens on them without JavaScript: the owner list
            f"/meetings/{held.pk}/minutes/?item={held.items.order_by('order').last().pk}&open=action",
            "/meetings/actions/",
            # the events diary
            "/meetings/diary/",
            "/meetings/diary/new/",
            f"/meetings/diary/{event.pk}/edit/",
            # the development plan
            "/officers/plan/",
            "/officers/plan/new/",
            f"/officers/plan/{plan.pk}/",
            f"/officers/plan/{plan.pk}/targets/new/",
            f"/officers/targets/{target.pk}/",
            # officers: role changes, handovers, AGMs
            "/officers/role-changes/",
            "/officers/handovers/",
            "/officers/agms/",
            f"/officers/agms/{agm.pk}/",
            f"/officers/agms/{agm.pk}/voters/",
            f"/officers/agms/contests/{contest.pk}/",
            f"/officers/agms/contests/{contest.pk}/settings/",
            f"/officers/agms/contests/{contest.pk}/nominate/",
            "/officers/agms/new/",
            # branches: the follow-ups of every branch
            "/branches/follow-ups/",
            # notifications and the audit trail
            "/notifications/",
            "/notifications/outbox/",
            "/account/audit/",
        ],
        "treasurer@demo.clp.test": [
            "/finance/",
            "/finance/donations/",
            "/finance/donations/new/",
            "/finance/totals/",
            "/finance/reports/",
            quarter,
            "/finance/budget/",
            f"/finance/budget/{year}/",
            f"/finance/budget/{year}/report/",
        ],
        "northgate.secretary@demo.clp.test": [
            "/branches/northgate/",
            "/meetings/",
            f"/meetings/{branch_held.pk}/",
            f"/meetings/{branch_held.pk}/minutes/",
            f"/branches/follow-ups/{follow_up.pk}/",
            "/branches/northgate/follow-ups/new/",
        ],
    }


def test_the_officers_pages_work_on_a_phone(a11y_page):
    demo_clp()
    page, problems = a11y_page, {}
    page.set_viewport_size(NARROW)
    for email, paths in _pages().items():
        page.context.clear_cookies()
        login(page, email)
        for path in paths:
            response = page.goto(path)
            label = f"{path} ({email.split('@')[0]})"
            if response.status != 200:
                problems[label] = [f"answered {response.status}"]
                continue
            found = axe_violations(page)
            if _scrolls_sideways(page):
                found.append("scrolls sideways at 375px: " + ", ".join(page.evaluate(WIDEST)))
            else:  # and with the forms folded into <details> shown (opened this way, none fetches)
                page.evaluate("document.querySelectorAll('main details').forEach(d => d.open = true)")
                if _scrolls_sideways(page):
                    found.append("with <details> open, scrolls sideways: " + ", ".join(page.evaluate(WIDEST)))
            if found:
                problems[label] = found
    assert problems == {}
