"""A large CLP, built deterministically into the benchmark's own database.

    python -m bench.build [--scale 1|10] [--rebuild]

Scale 1 is the size issue 18 measured: 10,000 people, 40 branches, 1,500 meetings, about
20,000 agenda items, 10,000 donations and 50,000 notifications; scale 10 is ten times that
(and 400 branches). The demo CLP (seed_demo, with its logins) is built first, with 40
branches, then the volume is added with bulk inserts, every value from one seeded random
generator, dates counted from the day of the build.

The database is the benchmark's own (DATABASE_URL's name + "_bench", or BENCH_DATABASE_URL,
whose name must contain "bench"). It is created when missing, and marked by a table the
builder writes (`bench_marker`); a database that has tables but no marker holds data the
benchmark did not write, and is refused, never dropped."""

import argparse
import datetime
import os
import random
import sys
import time
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlsplit, urlunsplit

MARKER = "bench_marker"
SEED = 18


class Refused(Exception):
    """The benchmark will not touch this database (it says why)."""


@dataclass(frozen=True)
class Sizes:
    people: int
    branches: int
    meetings: int
    items_per_meeting: int  # on average (8..18 items, plus two meetings of 60)
    donations: int
    notifications: int
    sources: int
    loans: int
    # Donations over £500 in the last complete quarter: the quarterly report benchmarked.
    reportable_in_quarter: int = 300
    # The pages of issues 13-19: motions (a third to the next General Meeting), diary events,
    # the plan's targets and the AGM's nominations. Follow-ups follow the people: one for
    # each new, in arrears, lapsed or resigned member (about a fifth of them).
    motions: int = 0
    diary_events: int = 0
    targets: int = 0
    nominations: int = 0
    role_changes: int = 0

    @classmethod
    def at(cls, scale):
        return cls(
            people=10_000 * scale,
            branches=40 * scale,
            meetings=1_500 * scale,
            items_per_meeting=13,
            donations=10_000 * scale,
            notifications=50_000 * scale,
            sources=3_000 * scale,
            loans=200 * scale,
            motions=300 * scale,
            diary_events=600 * scale,
            targets=40 * scale,
            nominations=60 * scale,
            role_changes=200 * scale,
        )


# --- the database: its own, and refused when it holds anything else -------------------------


def bench_url(env=os.environ):
    """The benchmark's database URL: BENCH_DATABASE_URL, or DATABASE_URL's with "_bench"."""
    url = env.get("BENCH_DATABASE_URL")
    if not url:
        base = env.get("DATABASE_URL")
        if not base or not base.startswith(("postgres://", "postgresql://")):
            raise Refused("set DATABASE_URL (or BENCH_DATABASE_URL) to a PostgreSQL database URL")
        parts = urlsplit(base)
        url = urlunsplit(parts._replace(path=parts.path.rstrip("/") + "_bench"))
    name = urlsplit(url).path.lstrip("/")
    if "bench" not in name:
        raise Refused(f"the benchmark's database must have 'bench' in its name, not {name!r}")
    return url


def _connect(url, dbname=None):
    import psycopg

    parts = urlsplit(url)
    return psycopg.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname=dbname or parts.path.lstrip("/"),
        autocommit=True,
        connect_timeout=5,
    )


def marker(url):
    """The marker row ({scale, built_on}) of the benchmark's database, None when the database
    does not exist or is empty; Refused when it holds tables the benchmark did not write."""
    import psycopg

    try:
        conn = _connect(url)
    except psycopg.OperationalError as exc:
        if "does not exist" in str(exc):
            return None
        raise Refused(f"cannot reach PostgreSQL at {urlsplit(url).hostname}: {exc}".strip()) from exc
    with conn:
        tables = {
            r[0]
            for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
            ).fetchall()
        }
        if not tables:
            return None
        if MARKER not in tables:
            raise Refused(
                f"database {conn.info.dbname!r} holds {len(tables)} tables but no {MARKER} table: "
                "it has data the benchmark did not write, so the benchmark will not touch it"
            )
        row = conn.execute(f"SELECT scale, built_on, seconds FROM {MARKER}").fetchone()  # noqa: S608
        return {"scale": row[0], "built_on": row[1], "seconds": row[2]} if row else {"scale": None}


def recreate(url):
    """Drop (only if marked as the benchmark's, see marker()) and create the database."""
    marker(url)  # refuses an unmarked database with tables
    name = urlsplit(url).path.lstrip("/")
    with _connect(url, dbname="postgres") as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
        # The marker goes in first: from here on the database is the benchmark's.
    with _connect(url) as conn:
        conn.execute(f"CREATE TABLE {MARKER} (scale integer, built_on date, seconds real)")


def _mark(url, scale, seconds):
    with _connect(url) as conn:
        conn.execute(f"DELETE FROM {MARKER}")  # noqa: S608
        conn.execute(
            f"INSERT INTO {MARKER} (scale, built_on, seconds) VALUES (%s, %s, %s)",  # noqa: S608
            (scale, datetime.date.today(), seconds),
        )


# --- the data ------------------------------------------------------------------------------

FIRST = "Alex Sam Jo Chris Pat Kim Ali Nia Ravi Tom Ada Zoe Omar Ewa Ian Mei".split()  # noqa: SIM905
LAST = "Shah Jones Patel Brown Okafor Smith Nowak Evans Khan Hughes Lewis Wood Price Reid".split()  # noqa: SIM905
NEXT_EC = "Bench: the next EC, 60 items"
MOTION = "Bench motion 1"  # at the next General Meeting, with amendments: the motion page
LAST_EC = "Bench: the last EC, 60 items"
PLACES = "Ash Beech Cedar Elm Hazel Larch Maple Oak Pine Rowan Willow Yew Alder Birch Holly".split()  # noqa: SIM905


def _branch_names(n):
    """The demo's four branches first, then made-up ones ("Ash Vale", "Beech Vale"...)."""
    from branches import demo

    names = [(name, wards) for name, wards in demo.BRANCHES]
    suffixes = ["Vale", "Green", "Park", "Hill", "Cross", "Field", "Bridge", "Moor", "End", "Row"]
    k = 0
    while len(names) < n:
        place = f"{PLACES[k % len(PLACES)]} {suffixes[(k // len(PLACES)) % len(suffixes)]}"
        if k >= len(PLACES) * len(suffixes):
            place = f"{place} {k}"
        names.append((place, [f"{place} North", f"{place} South"]))
        k += 1
    return names[:n]


def _seed_demo(sizes, password):
    from unittest import mock

    from django.core.management import call_command
    from django.test import override_settings

    from branches import demo

    # The demo's emails (agenda circulations, notices) are neither printed nor kept.
    quiet_mail = override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
    with (
        mock.patch.object(demo, "BRANCHES", _branch_names(sizes.branches)),
        quiet_mail,
        open(os.devnull, "w") as quiet,
    ):
        call_command("seed_demo", password=password, stdout=quiet)


def _at(day, hour=19):
    from zoneinfo import ZoneInfo

    return datetime.datetime.combine(day, datetime.time(hour, 30), tzinfo=ZoneInfo("Europe/London"))


def _bulk(model, objs, history=False):
    from simple_history.utils import bulk_create_with_history

    if history:
        return bulk_create_with_history(objs, model, batch_size=2000)
    return model.objects.bulk_create(objs, batch_size=2000)


def _people(rng, sizes, branches):
    from officers.models import Person

    have = Person.objects.count()
    statuses = ["member"] * 80 + ["new"] * 6 + ["arrears"] * 6 + ["lapsed"] * 5 + ["resigned"] * 3
    today = datetime.date.today()
    people = []
    for n in range(max(0, sizes.people - have)):
        status = rng.choice(statuses)
        left = (
            today - datetime.timedelta(days=rng.randint(1, 900)) if status in ("lapsed", "resigned") else None
        )
        people.append(
            Person(
                first_name=rng.choice(FIRST),
                last_name=f"{rng.choice(LAST)}-{n}",
                email=f"member{n}@bench.clp.test",
                phone=f"07700 {n % 1000000:06d}",
                postcode=f"NT{n % 9 + 1} {n % 10}AB",
                branch=rng.choice(branches),
                membership_number=f"B{have + n:07d}",
                membership_status=status,
                joined_on=today - datetime.timedelta(days=rng.randint(60, 7000)),
                left_on=left,
                counts_as_woman=rng.random() < 0.5,
            )
        )
    _bulk(Person, people)


def _meetings(rng, sizes, branches):
    """Meetings over ten years to a year ahead, CLP and branch, with items, decisions and
    actions; the next EC and the last one held have 60 items each."""
    from meetings.models import Action, AgendaItem, Decision, Meeting
    from officers.models import Person, Post

    today = datetime.date.today()
    have = Meeting.objects.count()
    officers = list(Person.objects.filter(terms__isnull=False).distinct().values_list("pk", flat=True))
    posts = list(Post.objects.filter(scope="clp").values_list("pk", flat=True))
    meetings = []
    for _ in range(max(0, sizes.meetings - have - 2)):
        day = today + datetime.timedelta(days=rng.randint(-3650, 365))
        kind = rng.choices(["ec", "general", "branch"], weights=[2, 1, 12])[0]
        meetings.append(
            Meeting(
                kind=kind,
                branch=rng.choice(branches) if kind == "branch" else None,
                title="",
                starts_at=_at(day),
                venue="The Labour Hall",
                status="minutes_approved"
                if day < today - datetime.timedelta(days=40)
                else ("held" if day < today else "planned"),
            )
        )
    next_ec = today + datetime.timedelta(days=10)
    last_ec = today - datetime.timedelta(days=20)
    big = [
        Meeting(kind="ec", title=NEXT_EC, starts_at=_at(next_ec), status="agenda_drafted"),
        Meeting(kind="ec", title=LAST_EC, starts_at=_at(last_ec), status="minutes_drafted"),
    ]
    if Meeting.objects.filter(title=NEXT_EC).exists():  # more volume on a CLP built already
        big = []
    meetings = _bulk(Meeting, meetings + big, history=True)
    items = []
    for meeting in meetings:
        count = 60 if meeting.title.startswith("Bench:") else rng.randint(9, 18)
        standing = ["apologies", "minutes", "matters_arising"]
        for order in range(1, count + 1):
            kind, std = (
                ("standing", standing[order - 1])
                if order <= 3
                else (rng.choices(["decision", "report", "information"], weights=[5, 3, 2])[0], "")
            )
            held = meeting.status in ("held", "minutes_drafted", "minutes_approved")
            items.append(
                AgendaItem(
                    meeting=meeting,
                    order=order,
                    title=f"Item {order}: {rng.choice(PLACES)} campaign"
                    if not std
                    else std.replace("_", " ").title(),
                    presenter=rng.choice(FIRST),
                    minutes_allowed=0 if kind == "information" else rng.choice([2, 5, 5, 10]),
                    kind=kind,
                    standing=std,
                    description="Papers to follow." if order % 4 == 0 else "",
                    note="Discussed; agreed as below." if held and order > 3 else "",
                )
            )
    items = _bulk(AgendaItem, items)
    decisions, actions = [], []
    meeting_days = {m.pk: m.starts_at.date() for m in meetings}
    held = {m.pk for m in meetings if m.status in ("held", "minutes_drafted", "minutes_approved")}
    for item in items:
        if item.meeting_id not in held or item.kind != "decision":
            continue
        decisions.append(
            Decision(
                item=item,
                motion="That the CLP supports this.",
                outcome="carried",
                votes_for=rng.randint(5, 30),
                votes_against=rng.randint(0, 5),
            )
        )
        if rng.random() < 0.5:
            due = meeting_days[item.meeting_id] + datetime.timedelta(days=rng.randint(14, 120))
            done = None
            if due < today and rng.random() < 0.6:
                done = due - datetime.timedelta(days=rng.randint(0, 10))
            by_post = rng.random() < 0.3
            actions.append(
                Action(
                    item=item,
                    description=f"Follow up the {rng.choice(PLACES)} campaign and report back.",
                    owner_person_id=None if by_post else rng.choice(officers),
                    owner_post_id=rng.choice(posts) if by_post else None,
                    due_on=due,
                    done_on=done,
                )
            )
    _bulk(Decision, decisions)
    _bulk(Action, actions, history=True)


def _finance(rng, sizes, branches):
    from django.db.models import OuterRef, Subquery

    from finance import thresholds as law
    from finance.models import Donation, LedgerEntry, Loan, PermissibilityCheck, Source
    from officers.models import Person

    today = datetime.date.today()
    checker = Person.objects.filter(terms__post__slug="treasurer").first()
    categories = (
        ["individual"] * 85 + ["company"] * 5 + ["trade_union"] * 6 + ["unincorporated"] * 3 + ["charity"]
    )
    sources = _bulk(
        Source,
        [
            Source(
                name=f"{rng.choice(FIRST)} {rng.choice(LAST)} {n}",
                category=rng.choice(categories),
                address=f"{n} High Street, Northtown",
                electoral_number=f"NT{n:06d}",
            )
            for n in range(sizes.sources)
        ],
        history=True,
    )
    start = today - datetime.timedelta(days=365 * 12)
    span = (today - start).days
    # The last complete quarter, where the quarterly report's 300 donations go.
    q_end = datetime.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1) - datetime.timedelta(days=1)
    q_start = datetime.date(q_end.year, q_end.month - 2, 1)
    donations = []
    for _ in range(sizes.donations - sizes.reportable_in_quarter):
        big = rng.random() < 0.1
        donations.append(
            Donation(
                source=rng.choice(sources),
                branch=rng.choice(branches) if rng.random() < 0.4 else None,
                amount=Decimal(rng.randint(50001, 500000) if big else rng.randint(500, 50000)) / 100,
                received_on=(received := start + datetime.timedelta(days=rng.randint(0, span))),
                deemed_accepted_on=law.deemed_accepted_on(received, 30),  # save() is not called
            )
        )
    for _ in range(sizes.reportable_in_quarter):
        donations.append(
            Donation(
                source=rng.choice(sources),
                branch=rng.choice(branches) if rng.random() < 0.4 else None,
                amount=Decimal(rng.randint(50001, 300000)) / 100,
                received_on=(
                    received := q_start + datetime.timedelta(days=rng.randint(0, (q_end - q_start).days))
                ),
                deemed_accepted_on=law.deemed_accepted_on(received, 30),
            )
        )
    donations = _bulk(Donation, donations, history=True)
    checks = []
    for d in donations:
        if d.amount > 500 and checker and (today - d.received_on).days > 20 and rng.random() < 0.97:
            returned = d.source.category == "charity"
            checks.append(
                PermissibilityCheck(
                    donation=d,
                    checked_on=d.received_on + datetime.timedelta(days=rng.randint(0, 20)),
                    checked_by=checker,
                    evidence="On the electoral register on the day received.",
                    outcome="returned" if returned else "permissible",
                    returned_on=d.received_on + datetime.timedelta(days=25) if returned else None,
                    returned_to=d.source.name if returned else "",
                )
            )
    _bulk(PermissibilityCheck, checks, history=True)
    # Found permissible within the 30 days: accepted that day, as services.check_record does.
    Donation.objects.filter(permissibility__outcome="permissible").update(
        accepted_on=Subquery(
            PermissibilityCheck.objects.filter(donation=OuterRef("pk")).values("checked_on")[:1]
        )
    )
    loans = _bulk(
        Loan,
        [
            Loan(
                source=rng.choice(sources),
                amount=Decimal(rng.randint(50001, 2000000)) / 100,
                made_on=start + datetime.timedelta(days=rng.randint(0, span)),
                interest="none",
            )
            for _ in range(sizes.loans)
        ],
        history=True,
    )
    if checker:
        _bulk(
            PermissibilityCheck,
            [
                PermissibilityCheck(
                    loan=loan,
                    checked_on=loan.made_on,
                    checked_by=checker,
                    evidence="Checked before the loan was made.",
                    outcome="permissible",
                )
                for loan in loans
            ],
        )
    directions = {"income": "other_income", "expenditure": "other_spending"}
    _bulk(
        LedgerEntry,
        [
            LedgerEntry(
                direction=(direction := rng.choice(list(directions))),
                category=directions[direction],
                amount=Decimal(rng.randint(100, 100000)) / 100,
                on=start + datetime.timedelta(days=rng.randint(0, span)),
                description="Bench entry",
            )
            for _ in range(sizes.donations // 5)
        ],
    )
    # Bulk inserts send no signals: the kept groups (issue 18) are built once from the rows.
    from finance.services import groups_rebuild

    groups_rebuild()


def _notifications(rng, sizes):
    from django.utils import timezone

    from clp.notifications.models import Notification
    from officers.models import Person

    now = timezone.now()
    people = list(Person.objects.values_list("pk", flat=True))
    officers = list(Person.objects.filter(user__isnull=False).values_list("pk", flat=True))
    kinds = ["meeting_reminder", "action_reminder", "agenda_circulated", "donation_check_due"]
    rows = []
    first = Notification.objects.filter(key__startswith="bench:").count()
    for n in range(first, first + sizes.notifications):
        person = rng.choice(officers) if rng.random() < 0.2 else rng.choice(people)
        at = now - datetime.timedelta(minutes=rng.randint(10, 60 * 24 * 700))
        failed = rng.random() < 0.01
        rows.append(
            Notification(
                key=f"bench:{n}",
                kind=rng.choice(kinds),
                person_id=person,
                subject=f"Reminder {n}: the EC meets on Tuesday",
                body="The Executive Committee meets on Tuesday at 7.30pm at the Labour Hall.",
                due_at=at,
                send_after=at,
                status="failed" if failed else "sent",
                channel="email",
                email=f"p{person}@bench.clp.test",
                error="Connection refused by the mail server" if failed else "",
                delivered_at=at,
                sent_at=None if failed else at,
                read_at=at if rng.random() < 0.7 else None,
                attempts=1,
            )
        )
    _bulk(Notification, rows)


def next_general_meeting():
    """The General Meeting whose motions are benchmarked (the demo's next one)."""
    from django.utils import timezone

    from meetings.models import Meeting

    return Meeting.objects.filter(kind="general", starts_at__gt=timezone.now()).order_by("starts_at").first()


def _motions(rng, sizes, branches):
    """Motions to the next General Meeting (a third, some amended) and to earlier meetings
    (carried or lost), from branches and from members."""
    from django.db.models import Max
    from django.utils import timezone

    from meetings import motions as rules
    from meetings.models import Meeting, Motion, MotionAmendment

    now = timezone.now()
    upcoming = next_general_meeting()
    past = list(
        Meeting.objects.filter(kind__in=["general", "branch"], starts_at__lt=now).order_by("pk")[:200]
    )
    if upcoming is None or not past:
        return
    first = Motion.objects.filter(title__startswith="Bench motion").count()
    numbers = dict(Motion.objects.order_by().values_list("meeting").annotate(n=Max("number")))
    motions = []
    for n in range(first, first + sizes.motions):
        meeting = upcoming if n % 3 == 0 else rng.choice(past)
        numbers[meeting.pk] = numbers.get(meeting.pk, 0) + 1
        place = rng.choice(PLACES)
        text = "\n".join(
            [
                f"This CLP notes that the {place} library, bus route and youth club face cuts ({n}).",
                "This CLP believes that local services are worth defending.",
                f"This CLP resolves to campaign with the {place} branch for them to be kept,",
                "and to ask our councillors to raise it at the next full council.",
            ]
        )
        branch = rng.choice(branches) if rng.random() < 0.8 else None
        held = meeting is not upcoming
        motions.append(
            Motion(
                meeting=meeting,
                number=numbers[meeting.pk],
                title=f"Bench motion {n + 1}",
                text=text,
                proposer=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                seconder=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                submitted_from=Motion.From.BRANCH if branch else Motion.From.MEMBERS,
                branch=branch,
                submitted_at=meeting.starts_at - datetime.timedelta(days=rng.randint(15, 40)),
                deadline=(meeting.starts_at - datetime.timedelta(days=14)).date(),
                digest=rules.digest(text),
                status=(rng.choice([Motion.Status.CARRIED, Motion.Status.LOST]) if held else "submitted"),
                final_text=text if held else "",
            )
        )
    motions = _bulk(Motion, motions, history=True)
    amendments = []
    for motion in motions:
        if motion.meeting_id != upcoming.pk:
            continue
        for k in range(rng.randint(0, 3) if motion.title != MOTION else 3):
            amendments.append(
                MotionAmendment(
                    motion=motion,
                    number=k + 1,
                    op=MotionAmendment.Op.REPLACE,
                    first_line=2,
                    last_line=2,
                    text=f"This CLP believes that {rng.choice(PLACES)} deserves better ({k}).",
                    mover=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                    branch=rng.choice(branches),
                    submitted_at=now,
                )
            )
    _bulk(MotionAmendment, amendments, history=True)


def _follow_ups(rng):
    """A follow-up for each new, lapsing, lapsed or resigned member who has none: most still
    open, some assigned, a third closed with the contact that closed them."""
    from branches.models import FollowUp, FollowUpContact
    from officers.models import Person

    today = datetime.date.today()
    people = list(
        Person.objects.filter(membership_status__in=["new", "arrears", "lapsed", "resigned"], follow_ups=None)
        .exclude(branch=None)
        .order_by("pk")
        .values_list("pk", "branch_id", "membership_status")
    )
    officers = list(Person.objects.filter(terms__isnull=False).distinct().values_list("pk", flat=True))
    outcome_of = {"new": "welcomed", "arrears": "renewed", "lapsed": "renewed", "resigned": "no_contact"}
    rows = []
    for pk, branch_id, status in people:
        opened = today - datetime.timedelta(days=rng.randint(0, 330))
        closed = rng.random() < 0.33
        closed_on = min(today, opened + datetime.timedelta(days=rng.randint(1, 40))) if closed else None
        assigned = closed or rng.random() < 0.4
        rows.append(
            FollowUp(
                branch_id=branch_id,
                person_id=pk,
                reason=status,
                opened_on=opened,
                assigned_to_id=rng.choice(officers) if assigned and officers else None,
                contact_on=opened + datetime.timedelta(days=14) if assigned else None,
                method="call" if assigned else "",
                outcome=outcome_of[status] if closed else "",
                closed_on=closed_on,
            )
        )
    rows = _bulk(FollowUp, rows, history=True)
    _bulk(
        FollowUpContact,
        [
            FollowUpContact(
                follow_up=f, contacted_on=f.closed_on, method="call", outcome=f.outcome, note="Spoke to them."
            )
            for f in rows
            if f.closed_on
        ],
    )


def _year(rng, sizes, branches):
    """The plan's targets (with progress) under its objectives, diary events over two years
    (some counting toward a target), and the AGM's nominations."""
    from zoneinfo import ZoneInfo

    from clp.accounts.models import User
    from meetings.models import DiaryEvent
    from officers.elections.models import Contest, Nomination
    from officers.models import Objective, Person, Plan, Post, ProgressUpdate, RoleChange, Target, Term

    today = datetime.date.today()
    plan = Plan.objects.order_by("-starts_on").first()
    posts = list(Post.objects.filter(scope="clp").order_by("pk"))
    targets = []
    if plan and posts and sizes.targets:
        objectives = _bulk(
            Objective,
            [
                Objective(plan=plan, function=f, title=f"Bench objective: {f}")
                for f in Objective.Function.values
            ],
            history=True,
        )
        # Each automatic measure in turn with the manual ones (every size has some of each).
        measures = ["new_members", "money_raised", "events_held", "attendance"] + ["manual"] * 6
        # First, one overdue target for each post the demo's logins hold (their dashboards
        # list the targets needing their attention), then the rest at random.
        logins = Term.objects.current(today).filter(person__user__email__endswith="@demo.clp.test")
        leads = sorted(set(logins.filter(post__scope="clp").values_list("post_id", flat=True)))
        overdue = [
            Target(
                objective=objectives[0],
                description=f"Bench target: overdue, of post {post_id}",
                unit="doors knocked",
                target_value=Decimal(100),
                due_on=min(plan.starts_on + datetime.timedelta(days=30), today - datetime.timedelta(days=1)),
                owner_id=post_id,
            )
            for post_id in leads
        ]
        targets = _bulk(
            Target,
            [
                Target(
                    objective=rng.choice(objectives),
                    description=f"Bench target {n}: {rng.choice(PLACES)}",
                    measure=(measure := measures[n % len(measures)]),
                    unit="doors knocked" if measure == "manual" else "",
                    target_value=Decimal(rng.randint(10, 500)),
                    due_on=plan.starts_on + datetime.timedelta(days=rng.randint(30, 360)),
                    owner=rng.choice(posts),
                    branch=rng.choice(branches) if rng.random() < 0.3 else None,
                )
                for n in range(sizes.targets)
            ],
            history=True,
        )
        _bulk(Target, overdue, history=True)
        _bulk(
            ProgressUpdate,
            [
                ProgressUpdate(
                    target=t,
                    value=Decimal(rng.randint(0, int(t.target_value))),
                    on=today - datetime.timedelta(days=30 * k + rng.randint(0, 20)),
                    note="Bench progress",
                )
                for t in targets
                if t.measure == "manual"
                for k in range(rng.randint(1, 8))
            ],
        )
    counted = [t for t in targets if t.measure in ("events_held", "attendance")]
    london = ZoneInfo("Europe/London")
    events = []
    for n in range(sizes.diary_events):
        day = today + datetime.timedelta(days=rng.randint(-365, 365))
        starts = datetime.datetime.combine(day, datetime.time(rng.choice([10, 14, 18, 19])), tzinfo=london)
        past = day < today
        events.append(
            DiaryEvent(
                title=f"Bench event {n}: {rng.choice(PLACES)} {rng.choice(['canvass', 'social', 'talk'])}",
                kind=rng.choice(DiaryEvent.Kind.values),
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=2),
                venue="The Labour Hall",
                is_public=rng.random() < 0.5,
                branch=rng.choice(branches) if rng.random() < 0.6 else None,
                organiser_post=rng.choice(posts) if posts else None,
                target=rng.choice(counted) if counted and rng.random() < 0.3 else None,
                attendance=rng.randint(3, 60) if past else None,
                raised=Decimal(rng.randint(0, 30000)) / 100 if past and rng.random() < 0.3 else None,
            )
        )
    _bulk(DiaryEvent, events, history=True)
    contests = list(Contest.objects.filter(agm__in_office_at=None).order_by("pk"))
    if contests and sizes.nominations:
        members = list(
            Person.objects.filter(membership_status="member", membership_number__startswith="B")
            .order_by("pk")
            .values_list("pk", flat=True)[: sizes.nominations * 4]
        )
        taken = set(Nomination.objects.values_list("contest_id", "nominee_id"))
        nominations = []
        for n in range(sizes.nominations):
            contest, nominee = contests[n % len(contests)], rng.choice(members)
            if (contest.pk, nominee) in taken:
                continue
            taken.add((contest.pk, nominee))
            nominations.append(
                Nomination(
                    contest=contest,
                    nominee_id=nominee,
                    by_member_id=rng.choice(members),
                    received_on=contest.closes_on - datetime.timedelta(days=rng.randint(1, 20)),
                    consent_on=contest.closes_on - datetime.timedelta(days=1) if rng.random() < 0.7 else None,
                )
            )
        _bulk(Nomination, nominations)
    terms = list(Term.objects.order_by("pk"))
    if terms and sizes.role_changes:
        done_by = User.objects.filter(email="secretary@demo.clp.test").first()
        _bulk(
            RoleChange,
            [
                RoleChange(
                    term=(term := rng.choice(terms)),
                    kind=rng.choice(RoleChange.Kind.values),
                    on=term.starts_on,
                    source="Bench: an AGM result",
                    done_at=None if n % 4 == 0 else _at(today - datetime.timedelta(days=rng.randint(1, 700))),
                    done_by=None if n % 4 == 0 else done_by,
                )
                for n in range(sizes.role_changes)
            ],
            history=True,
        )


def populate(scale, *, password, demo=True):
    """Fill the (migrated, empty) database Django is set up on: the demo CLP, then the volume
    (`scale` is 1, 10 or a Sizes). With demo=False, more volume on a CLP built already: people
    and meetings up to the sizes, the rest added."""
    from django.db import transaction

    from branches.models import Branch

    sizes = Sizes.at(scale) if isinstance(scale, int) else scale
    rng = random.Random(SEED + (0 if demo else 1))
    if demo:
        _seed_demo(sizes, password)
    branches = list(Branch.objects.order_by("pk"))
    with transaction.atomic():
        _people(rng, sizes, branches)
        _meetings(rng, sizes, branches)
        # Before the finance: the audit history's latest rows stay the finance's, as they were.
        _motions(rng, sizes, branches)
        _follow_ups(rng)
        _year(rng, sizes, branches)
        _finance(rng, sizes, branches)
        _notifications(rng, sizes)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return sizes


def ensure(scale, *, rebuild=False, password="bench-clp-desk", log=print):  # noqa: S107 - bench logins only
    """Make sure the benchmark's database holds the large CLP at this scale (building it if not)
    and point Django at it. Returns the marker."""
    url = bench_url()
    found = marker(url)
    if rebuild or not found or found.get("scale") != scale or found.get("built_on") != datetime.date.today():
        log(f"building the large CLP at scale {scale} into {urlsplit(url).path.lstrip('/')} ...")
        started = time.perf_counter()
        recreate(url)
        _setup_django(url)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        populate(scale, password=password)
        seconds = time.perf_counter() - started
        _mark(url, scale, seconds)
        log(f"built in {seconds:.0f} s")
    else:
        _setup_django(url)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)  # the code may have moved on since the build
        log(f"reusing the scale {scale} CLP built today in {found['seconds']:.0f} s")
    return marker(url)


def _setup_django(url):
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.build", description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=int, default=1, choices=[1, 10])
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args(argv)
    try:
        ensure(args.scale, rebuild=args.rebuild)
    except Refused as exc:
        print(f"Refused: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
