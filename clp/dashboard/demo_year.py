"""Demo data for the year's plan: the development plan (targets counted by hand and by
themselves), the events diary and this year's budget. Safe to run twice.

It runs after the other apps' demo data (it needs the posts, the branches, the meetings and
the ledger), through the services, as the officers' clicks would."""

import datetime
from decimal import Decimal

from django.utils import timezone

from finance import services as finance_services
from finance.models import Budget
from meetings import services as meeting_services
from meetings.models import DiaryEvent
from officers import plan_services
from officers.models import Objective, Plan, Post

D = Decimal
F = Objective.Function
# (function, objective, [(target, measure, number, unit, months from the plan's start, owner slug, progress)])
PLAN = [
    (F.MEMBERSHIP, "Grow and keep the membership", [
        ("Recruit 40 new members", "new_members", "40", "new members", 10, "vice-chair-membership", None),
        ("Welcome every new member within a fortnight", "manual", "40", "welcome calls", 11,
         "vice-chair-membership", "31"),
    ]),
    (F.CAMPAIGNING, "Win the target ward at the county elections", [
        ("Knock 2,000 doors in the target ward before May", "manual", "2000", "doors", 2,
         "campaign-coordinator", "650"),
        ("Hold 12 campaigning sessions", "events_held", "12", "sessions", 11, "campaign-coordinator", None),
    ]),
    (F.FUNDRAISING, "Pay for the campaign without touching the reserves", [
        ("Raise £3,000 from fundraising", "money_raised", "3000.00", "", 11, "fundraising-coordinator", None),
        ("Raise £1,200 at four social events", "event_money", "1200.00", "", 11,
         "fundraising-coordinator", None),
    ]),
    (F.POLICY, "Political education for every branch", [
        ("Run 6 policy discussions with 90 members taking part", "attendance", "90", "members", 10,
         "political-education-coordinator", None),
    ]),
    (F.ELECTIONS, "Candidates ready for every ward", [
        ("Approve a candidate for each of the 8 wards", "manual", "8", "candidates", 7, "secretary", "3"),
    ]),
]  # fmt: skip
# (title, kind, days from today, hour, hours long, public, target index or None, attendance, raised)
EVENTS = [
    ("Saturday doorstep session", "campaigning", -20, 10, 3, True, (1, 1), 14, None),
    ("Coffee morning for new members", "coffee_morning", -12, 10, 2, False, None, 11, None),
    ("Summer quiz night", "fundraising", -6, 19, 3, True, (2, 1), 48, "412.50"),
    ("Housing policy discussion", "policy", -3, 19, 2, False, (3, 0), 23, None),
    ("Saturday doorstep session", "campaigning", 4, 10, 3, True, (1, 1), None, None),
    ("Canvassing training for new activists", "training", 9, 18, 2, False, None, None, None),
    ("Guest speaker: our MP on the cost of living", "speaker", 16, 19, 2, True, None, None, None),
    ("Autumn social", "social", 30, 19, 3, False, (2, 1), None, None),
]
BUDGET = [
    ("membership", "5800.00"), ("affiliations_in", "2400.00"), ("fundraising", "3000.00"),
    ("donations", "2500.00"), ("campaigning", "5200.00"), ("venues", "1000.00"),
    ("admin", "80.00"), ("elections", "2500.00"), ("contingency", "1500.00"),
]  # fmt: skip


def _months_after(day, months):
    month = day.month - 1 + months
    return datetime.date(day.year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)


def seed(context):
    today = timezone.localdate()
    posts = {p.slug: p for p in Post.objects.filter(scope=Post.Scope.CLP)}
    start = context.get("agm") or today.replace(month=1, day=1)
    plan = Plan.objects.filter(title="Development plan").first()
    targets = []
    if plan is None:
        plan = plan_services.plan_create(
            title="Development plan",
            starts_on=start,
            ends_on=start.replace(year=start.year + 1) - datetime.timedelta(days=1),
            agreed_on=start + datetime.timedelta(days=14),
        )
        for function, title, rows in PLAN:
            objective = plan_services.objective_add(plan=plan, function=function, title=title)
            found = []
            for description, measure, number, unit, months, owner, progress in rows:
                target = plan_services.target_add(
                    objective=objective, description=description, target_value=D(number), unit=unit,
                    due_on=min(_months_after(start, months), plan.ends_on), owner=posts[owner],
                    measure=measure,
                )  # fmt: skip
                if progress:
                    plan_services.progress_record(target=target, value=D(progress), on=today)
                found.append(target)
            targets.append(found)
    else:
        targets = [list(o.targets.order_by("pk")) for o in plan.objectives.order_by("pk")]
    if not DiaryEvent.objects.exists():
        for title, kind, days, hour, hours, public, target, came, raised in EVENTS:
            starts = timezone.make_aware(
                datetime.datetime.combine(today + datetime.timedelta(days=days), datetime.time(hour))
            )
            event = meeting_services.event_create(
                by=None, title=title, kind=kind, starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=hours),
                is_public=public, venue="Trades Hall, High Street", organiser_post=posts["secretary"],
                target=targets[target[0]][target[1]] if target and targets else None,
            )  # fmt: skip
            if came is not None:  # held: how many came and what it raised
                meeting_services.event_update(
                    event=event, title=event.title, kind=event.kind, starts_at=event.starts_at,
                    ends_at=event.ends_at, is_public=event.is_public, venue=event.venue, online_link="",
                    description="", organiser_post=event.organiser_post, organiser_person=None,
                    target=event.target, attendance=came, raised=D(raised) if raised else None,
                    cancelled=False,
                )  # fmt: skip
    if not Budget.objects.filter(year=today.year).exists():
        budget = finance_services.budget_create(year=today.year, opening_balance=D("4250.00"))
        for category, amount in BUDGET:
            finance_services.budget_line_set(budget=budget, category=category, amount=D(amount))
        finance_services.budget_agree(budget=budget, agreed_on=datetime.date(today.year, 1, 20))
