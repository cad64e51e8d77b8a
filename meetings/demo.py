"""Demo meetings: a year of EC meetings (past ones minuted, with actions; upcoming ones with
agendas), a General Meeting, and a few meetings of each branch. Safe to run twice.

Every step goes through meetings.services, as the Secretary's clicks would, so the demo
never shows a state the product itself could not reach. Two things cannot be replayed
today: an agenda circulated in the past (the product refuses to circulate for a past
meeting), so past meetings go from "agreed" to "held"; and the approval date, which the
service stamps as now and the demo then dates to the approving meeting."""

import datetime
from decimal import Decimal

from django.utils import timezone

from clp.notifications.models import Notification
from meetings import rules, selectors, services
from meetings.models import Attendance, Meeting, StandingOrder

STANDING_ORDERS = [
    # kind, quorum number, quorum fraction, notice to members, notice to branches, source
    ("ec", None, Decimal("0.333"), 7, 0, "Standing Orders 6.2: a third of voting members"),
    ("general", 15, None, 7, 0, "Standing Orders 5.4"),
    ("agm", 15, None, 7, 28, "Model rules: 28 days to branches and affiliates, 7 to members"),
    ("branch", 5, None, 7, 0, "Branch Standing Orders"),
    ("other", None, None, 7, 0, ""),
]
EC_BUSINESS = [
    ("Treasurer's report", "report", "Treasurer", 10),
    ("Campaign plan for the county elections", "decision", "Chair", 25),
    ("Fundraising: summer social", "decision", "Vice-Chair", 15),
    ("Membership report", "report", "Vice-Chair (Membership)", 10),
    ("Letter from the regional office on training dates", "information", "", 0),
]
# (item, motion, outcome, for, against, abstaining)
DECISIONS = [
    (
        "Campaign plan for the county elections",
        "That the EC adopts the campaign plan as circulated.",
        "carried",
        9,
        1,
        0,
    ),
    (
        "Fundraising: summer social",
        "That the summer social be held at the Trades Hall, tickets £10.",
        "carried",
        None,
        None,
        None,
    ),
    (
        "Campaign plan for the county elections",
        "That the CLP buys a second printer for leaflets.",
        "lost",
        3,
        7,
        1,
    ),
]
ACTIONS = [
    ("Book the Trades Hall for the summer social", "secretary", 21),
    ("Circulate the canvassing rota to branches", "chair", 14),
    ("Get three quotes for leaflet printing", "treasurer", 28),
]


def _at(day, hour=19, minute=30):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _standing_orders():
    for kind, number, fraction, notice, branch_notice, source in STANDING_ORDERS:
        StandingOrder.objects.update_or_create(
            kind=kind,
            effective_from=datetime.date(2020, 1, 1),
            defaults={
                "quorum_number": number,
                "quorum_fraction": fraction,
                "notice_days": notice,
                "branch_notice_days": branch_notice,
                "source": source,
            },
        )


def _agenda(meeting):
    for title, kind, presenter, minutes in EC_BUSINESS:
        services.item_add(
            meeting=meeting, title=title, kind=kind, presenter=presenter, minutes_allowed=minutes
        )


def _minute(meeting, n, posts, people):
    """Hold a past meeting: attendance, notes, decisions and actions."""
    services.agenda_agree(meeting=meeting)
    services.meeting_mark_held(meeting=meeting)
    expected = selectors.expected_attendees(meeting)
    rows = [
        (person, Attendance.Status.APOLOGIES if i % 5 == 4 else Attendance.Status.PRESENT, voting)
        for i, (person, voting) in enumerate(expected)
    ]
    services.attendance_record(meeting=meeting, rows=rows)
    items = {i.title: i for i in meeting.items.all()}
    for title, item in items.items():
        if item.kind == "report":
            services.item_note_save(item=item, note=f"{title} received and noted. Questions answered.")
    title, motion, outcome, votes_for, against, abstain = DECISIONS[n % len(DECISIONS)]
    services.decision_record(
        item=items[title],
        motion=motion,
        outcome=outcome,
        votes_for=votes_for,
        votes_against=against,
        abstentions=abstain,
    )
    item = items["Campaign plan for the county elections"]
    what, post_slug, days = ACTIONS[n % len(ACTIONS)]
    action = services.action_record(
        item=item,
        description=what,
        owner_post=posts[post_slug],
        due_on=timezone.localdate(meeting.starts_at) + datetime.timedelta(days=days),
    )
    services.action_record(
        item=items["Fundraising: summer social"],
        description="Report back on ticket sales",
        owner_person=people[(n + 1) % len(people)],
        due_on=timezone.localdate(meeting.starts_at) + datetime.timedelta(days=days + 7),
    )
    # Most actions from older meetings are done; the recent ones stay open (some overdue).
    if n % 3 != 2 and action.due_on < timezone.localdate() - datetime.timedelta(days=30):
        services.action_complete(action=action, on=action.due_on)


def _year_of(kind, *, branch=None, first_month, weekday, nth, venue, posts, people):
    today = timezone.localdate()
    planned = services.meetings_plan_year(
        kind=kind,
        branch=branch,
        first_month=first_month,
        months=12,
        weekday=weekday,
        nth=nth,
        start_time=datetime.time(19, 30),
        venue=venue,
        skip_months=(8,),
    )
    for n, meeting in enumerate(planned):
        _agenda(meeting)
        day = timezone.localdate(meeting.starts_at)
        if day < today:
            _minute(meeting, n, posts, people)
        elif day <= today + datetime.timedelta(days=10):
            services.agenda_agree(meeting=meeting)
            services.agenda_circulate(meeting=meeting)  # late notice is only a warning
        elif day <= today + datetime.timedelta(days=40):
            services.agenda_agree(meeting=meeting)
    # Approve each past meeting's minutes at the following meeting, except the latest.
    ordered = list(Meeting.objects.filter(kind=kind, branch=branch).order_by("starts_at"))
    for earlier, later in zip(ordered, ordered[1:], strict=False):
        if earlier.status == Meeting.Status.MINUTES_DRAFTED and later.starts_at < timezone.now():
            services.minutes_approve(meeting=earlier)
            Meeting.objects.filter(pk=earlier.pk).update(minutes_approved_at=later.starts_at)
            if later.starts_at < timezone.now() - datetime.timedelta(days=14):
                # Minutes approved months ago went out back then: no email today.
                Notification.objects.filter(
                    key__startswith=f"meeting:{earlier.pk}:minutes:", status=Notification.Status.PENDING
                ).delete()


def seed(context):
    _standing_orders()
    posts, people = context["posts"], context["people"]
    today = timezone.localdate()
    first = (today.replace(day=1) - datetime.timedelta(days=170)).replace(day=1)
    _year_of(
        "ec",
        first_month=first,
        weekday=1,
        nth=2,
        venue="Trades Hall, Market Street",
        posts=posts,
        people=people,
    )
    general_day = rules.nth_weekday(today.year + (today.month == 12), today.month % 12 + 1, 3, 3)
    if not Meeting.objects.filter(kind="general", starts_at__date=general_day).exists():
        meeting = services.meeting_plan(
            kind="general",
            starts_at=_at(general_day),
            venue="Methodist Church Hall",
            title="All-member meeting",
        )
        services.item_add(
            meeting=meeting, title="Guest speaker: our councillor", kind="report", minutes_allowed=40
        )
    for b, branch in enumerate(context["branches"]):
        branch_people = [p for p in people if p.branch_id == branch.pk] or people
        planned = services.meetings_plan_year(
            kind="branch",
            branch=branch,
            first_month=today - datetime.timedelta(days=62),
            months=4,
            weekday=3,
            nth=1 + b % 3,
            start_time=datetime.time(19, 0),
            venue=f"{branch.name} community centre",
        )
        for n, meeting in enumerate(planned):
            services.item_add(
                meeting=meeting, title="Canvassing this month", presenter="Branch Chair", minutes_allowed=20
            )
            services.item_add(
                meeting=meeting, title="Motions to the CLP", kind="decision", minutes_allowed=20
            )
            if meeting.starts_at < timezone.now():
                services.meeting_mark_held(meeting=meeting)
                item = meeting.items.get(title="Motions to the CLP")
                services.decision_record(
                    item=item,
                    motion="That the branch sends a motion on local bus services to the CLP.",
                    outcome="carried",
                )
                services.action_record(
                    item=item,
                    description="Send the bus services motion to the CLP Secretary",
                    owner_person=branch_people[n % len(branch_people)],
                    due_on=timezone.localdate(meeting.starts_at) + datetime.timedelta(days=10),
                )
