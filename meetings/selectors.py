"""Reads for meetings: each returns a queryset (or plain data) with its joins already on."""

import datetime
import functools
import operator

from django.db.models import Prefetch, Q, prefetch_related_objects
from django.utils import timezone

from clp.core.pages import UpTo, count_up_to
from meetings import rules
from meetings.models import (
    Action,
    AgendaItem,
    Attendance,
    Decision,
    Meeting,
    MinutesAmendment,
    Paper,
    StandingOrder,
)
from officers.models import Person, Post, Term

CLP_BODY_KINDS = [Meeting.Kind.EC, Meeting.Kind.GENERAL, Meeting.Kind.AGM]
GENERAL_BODY_KINDS = [Meeting.Kind.GENERAL, Meeting.Kind.AGM]


def visible_meetings(access):
    """Meetings a person may see: CLP meetings for EC members and CLP officers, branch meetings
    for the officers of that branch; the Secretary and Chair see everything."""
    return Meeting.objects.select_related("branch").filter(access.meetings_scope())


def meeting_list(access, *, today=None):
    """(upcoming, past) meetings the person may see."""
    now = timezone.now()
    qs = visible_meetings(access)
    upcoming = list(qs.filter(starts_at__gte=now).order_by("starts_at")[:50])
    past = list(qs.filter(starts_at__lt=now).order_by("-starts_at")[:50])
    return upcoming, past


def _by_item(rows, items, order):
    """`rows` grouped by their item (`items`: by pk), each list in `order` (a sort key: sorted
    here, not by the query, whose ORDER BY cost more to build than the sort of a meeting's
    rows; None: they come in order); each row's `item` set."""
    lists = {pk: [] for pk in items}
    for row in rows if order is None else sorted(rows, key=order):
        row.item = items[row.item_id]
        lists[row.item_id].append(row)
    return lists


AGENDA = ("papers",)  # what the agenda shows of each item
MINUTES = ("decisions", "actions", "amendments")  # and the minutes
EVERYTHING = AGENDA + MINUTES


def with_agenda(meeting, lists=EVERYTHING):
    """`meeting` with its items (`meeting.items.all()`, in agenda order), each with the
    `lists` asked for: `paper_list`, `decision_list`, `action_list`, `amendment_list` (and
    with "amendments", the meeting's). Each kind of row is read with one query for the whole
    meeting: a nested prefetch (each list filtered by the ids of every item) cost as much as
    the queries' rows (some 40,000 Python calls of a 60-item agenda or minutes page)."""
    wanted = [Prefetch("items", queryset=AgendaItem.objects.order_by("order", "pk"))]
    if "amendments" in lists:
        amendments = MinutesAmendment.objects.select_related("at_meeting")
        wanted.append(Prefetch("amendments", queryset=amendments))
    prefetch_related_objects([meeting], *wanted)
    items = {item.pk: item for item in meeting.items.all()}
    of_meeting = {"item__meeting_id": meeting.pk}
    by_pk = operator.attrgetter("pk")
    rows = {
        "papers": lambda: (Paper.objects.filter(**of_meeting), by_pk),
        "decisions": lambda: (Decision.objects.filter(**of_meeting), by_pk),
        "actions": lambda: (
            Action.objects.select_related("owner_person", "owner_post__branch").filter(**of_meeting),
            by_pk,
        ),
    }
    for name in lists:
        attribute = f"{name[:-1]}_list"  # papers: paper_list
        if name == "amendments":
            # An item's amendments are among its meeting's (amendment_record keeps them so),
            # read above in their order: not read again.
            found = [am for am in meeting.amendments.all() if am.item_id in items]
            order = None
        else:
            found, order = rows[name]()
            found = found.order_by()
        for pk, listed in _by_item(found, items, order).items():
            setattr(items[pk], attribute, listed)
    return meeting


def meetings_for_agenda():
    """Meetings as with_agenda() takes them."""
    return Meeting.objects.select_related("branch", "approved_at_meeting")


def meeting_with_agenda(pk, lists=EVERYTHING):
    """One meeting with its items, their papers, decisions and actions (with_agenda)."""
    return with_agenda(meetings_for_agenda().get(pk=pk), lists)


def standing_order_for(kind, on=None):
    """The Standing Orders rule for `kind` in force on `on`; the defaults when none is recorded."""
    on = on or timezone.localdate()
    rule = StandingOrder.objects.filter(kind=kind, effective_from__lte=on).order_by("-effective_from").first()
    return rule or StandingOrder(kind=kind, effective_from=on)


def previous_meeting(meeting):
    """The last meeting of the same body (the EC, the General Meeting, one branch) before this one."""
    return _same_body(meeting).filter(starts_at__lt=meeting.starts_at).order_by("-starts_at").first()


def next_meeting(meeting):
    return _same_body(meeting).filter(starts_at__gt=meeting.starts_at).order_by("starts_at").first()


def latest_meeting_after(meeting, *, now=None):
    """The latest meeting of the same body after `meeting` that has started (where a
    correction to its minutes is agreed); None if none has."""
    return (
        _same_body(meeting)
        .filter(starts_at__gt=meeting.starts_at, starts_at__lte=now or timezone.now())
        .order_by("-starts_at")
        .first()
    )


def _body(meeting, at=""):
    """The meetings of the same body as `meeting` (the meeting itself left out), as a condition
    on the meeting found at `at` ("" for a meeting, "item__meeting__" for an action)."""
    if meeting.branch_id:
        body = Q(**{f"{at}branch_id": meeting.branch_id})
    elif meeting.kind in GENERAL_BODY_KINDS:
        body = Q(**{f"{at}kind__in": GENERAL_BODY_KINDS})  # the AGM is a General Meeting
    else:
        body = Q(**{f"{at}kind": meeting.kind})
    return body & ~Q(**{f"{at}pk": meeting.pk})


def _same_body(meeting):
    return Meeting.objects.filter(_body(meeting))


def open_actions_for_body(meeting):
    """Every open action from earlier meetings of the same body. The body is a condition on
    each action's own meeting, not a list of the body's meetings: the actions due to report
    are then found from their few keys, whatever the body's history holds."""
    return (
        Action.objects.open()
        .filter(_body(meeting, "item__meeting__"), item__meeting__starts_at__lt=meeting.starts_at)
        .select_related("owner_person", "owner_post__branch", "item__meeting")
        .order_by("due_on", "pk")
    )


def _due_conditions(meeting):
    """Which open actions are due to report at this meeting: those agreed at the previous
    meeting of the same body, or those falling due since it, up to this meeting's day (each
    condition found on its own index)."""
    day = timezone.localdate(meeting.starts_at)
    previous = (
        _same_body(meeting)
        .filter(starts_at__lt=meeting.starts_at)
        .order_by("-starts_at")
        .values_list("pk", "starts_at")
        .first()
    )
    if not previous:
        return [Q(due_on__lte=day)]
    return [Q(item__meeting_id=previous[0]), Q(due_on__lte=day, due_on__gt=timezone.localdate(previous[1]))]


def _due_to_report(meeting):
    return functools.reduce(operator.or_, _due_conditions(meeting))


# The matters arising count the other open actions up to this many, then say "more than".
OTHERS_COUNTED = 100


class OtherOpenActions(UpTo):
    """How many other open actions the body's earlier meetings hold, as the agenda and its
    PDF say it."""

    def __str__(self):
        return f"{super().__str__()} other open action{'' if self == 1 else 's'}"


def matters_arising(meeting):
    """The matters arising: the open actions due to report at this meeting, and how many other
    open actions the body's earlier meetings hold (other_open_actions lists them). Both read
    a bounded number of rows: the due ones by their keys, the others counted up to a cap (the
    exact count was a scan of every open action of the body, 29 ms at ten times the CLP)."""
    conditions = _due_conditions(meeting)
    keys = [Action.objects.open().filter(c).order_by().values("pk") for c in conditions]
    keys = keys[0].union(*keys[1:]) if len(keys) > 1 else keys[0]
    every = open_actions_for_body(meeting)
    due = functools.reduce(operator.or_, conditions)
    others = count_up_to(every.exclude(due), OTHERS_COUNTED)
    return list(every.filter(pk__in=keys)), OtherOpenActions(others, OTHERS_COUNTED)


def other_open_actions(meeting):
    """The open actions of the body's earlier meetings that are not due to report at this one."""
    return open_actions_for_body(meeting).exclude(_due_to_report(meeting))


def actions_visible(access):
    """The actions of the meetings a person may see. Who sees every meeting is not filtered by
    a subquery of all meetings: the tracker's query joins as few tables as it can (planning it
    cost more than running it)."""
    actions = Action.objects.all()
    scope = access.meetings_scope()
    return actions.filter(item__meeting__in=Meeting.objects.filter(scope)) if scope else actions


def actions_for_owner(access):
    """Open actions owned by this person or by a post they hold today."""
    if not access.person_id:
        return Action.objects.none()
    return (
        Action.objects.open()
        .owned_by(person_id=access.person_id, post_ids=access.post_ids)
        # The dashboard names each action's meeting and links to it: not its owner (this
        # person) nor the meeting's branch.
        .select_related("item__meeting")
        .order_by("due_on")
    )


# --- Who attends and who votes ---------------------------------------------------------


def _voting_first(pairs):
    return sorted(pairs, key=lambda pv: (not pv[1], pv[0].last_name, pv[0].first_name, pv[0].pk))


def _ec_terms(on):
    """The terms, on day `on`, of the posts that sit on the Executive (with a vote or without)."""
    return Term.objects.current(on).filter(post__ec_membership__in=[Post.EC.VOTING, Post.EC.NON_VOTING])


def expected_attendees(meeting):
    """[(person, voting)] for everyone entitled to attend, from the posts held on the day: the
    voting members and delegates first, then those entitled to attend without a vote."""
    on = timezone.localdate(meeting.starts_at)
    if meeting.kind == Meeting.Kind.EC:
        terms = _ec_terms(on).select_related("person__branch", "post")
        statuses = {}
        people = {}
        for term in terms:
            people[term.person_id] = term.person
            statuses.setdefault(term.person_id, set()).add(term.post.ec_membership)
        return _voting_first(
            (
                person,
                rules.votes_at(
                    kind="ec", membership_status=person.membership_status, ec_statuses=statuses[pk]
                ),
            )
            for pk, person in people.items()
        )
    members = Person.objects.exclude(
        membership_status__in=[Person.Status.LAPSED, Person.Status.RESIGNED]
    ).select_related("branch")
    if meeting.branch_id:
        branch_post_holders = Term.objects.current(on).filter(post__branch_id=meeting.branch_id)
        members = members.filter(
            Q(branch_id=meeting.branch_id) | Q(pk__in=branch_post_holders.values("person_id"))
        )
    return _voting_first(
        (
            person,
            rules.votes_at(
                kind=meeting.kind,
                membership_status=person.membership_status,
                person_branch_id=person.branch_id,
                meeting_branch_id=meeting.branch_id,
            ),
        )
        for person in members
    )


def entitled_to_vote(meeting):
    """How many of expected_attendees(meeting) may vote. For the EC read as plain values (a
    quorum needs no more than the number): the terms, people and posts read as models were
    some 5,000 Python calls of the minutes page."""
    if meeting.kind != Meeting.Kind.EC:
        return sum(1 for _, voting in expected_attendees(meeting) if voting)
    on = timezone.localdate(meeting.starts_at)
    terms = _ec_terms(on).values_list("person_id", "person__membership_status", "post__ec_membership")
    membership, statuses = {}, {}
    for pk, status, ec in terms:
        membership[pk] = status
        statuses.setdefault(pk, set()).add(ec)
    return sum(
        1
        for pk, status in membership.items()
        if rules.votes_at(kind="ec", membership_status=status, ec_statuses=statuses[pk])
    )


def meetings_expecting(person, *, now=None, access=None):
    """Meetings to come (not yet held, nor cancelled) that `person` is expected at, soonest first: the EC for
    holders of an EC post, General Meetings and the AGM for members, their branch's meetings
    (and those of a branch whose post they hold). Judged by the posts held today (`access`,
    this person's Access for today, if the caller has it, says which: no query for them); on
    the day itself expected_attendees is the answer."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    active = person.membership_status not in (Person.Status.LAPSED, Person.Status.RESIGNED)
    if access is not None:
        on_ec, branches = access.expected_at_ec, set(access.branches_served)
    else:
        terms = Term.objects.current(today).filter(person=person).select_related("post")
        on_ec = any(Post.sits_on_ec(t.post.ec_membership) for t in terms)
        branches = {t.post.branch_id for t in terms if t.post.branch_id}
    if active and person.branch_id:
        branches.add(person.branch_id)
    q = Q(branch_id__in=branches)
    if active:
        q |= Q(kind__in=[Meeting.Kind.GENERAL, Meeting.Kind.AGM, Meeting.Kind.OTHER])
    if on_ec:
        q |= Q(kind=Meeting.Kind.EC)
    return (
        Meeting.objects.filter(q, starts_at__gte=now, cancelled_at=None)
        .exclude(
            status__in=[Meeting.Status.HELD, Meeting.Status.MINUTES_DRAFTED, Meeting.Status.MINUTES_APPROVED]
        )
        .select_related("branch")
        .order_by("starts_at")
    )


def apologies_of(person, meetings):
    """The ids of `meetings` for which `person` has sent apologies."""
    return set(
        Attendance.objects.filter(
            person=person, meeting__in=meetings, status=Attendance.Status.APOLOGIES
        ).values_list("meeting_id", flat=True)
    )


def posts_held(people, on):
    """{person id: "Chair, Treasurer"}: the posts each of `people` holds on the day (one query)."""
    held = {}
    terms = (
        Term.objects.current(on)
        .filter(person__in=[p.pk for p in people])
        .select_related("post__branch")
        .order_by("post__order", "post__name")
    )
    for term in terms:
        held.setdefault(term.person_id, []).append(str(term.post))
    return {pk: ", ".join(names) for pk, names in held.items()}


def owner_posts(*, branch_ids=None):
    """The posts an action can be given to: all, or (a branch secretary's) the CLP's and those
    of `branch_ids`."""
    posts = Post.objects.select_related("branch").order_by("branch__name", "order", "name")
    if branch_ids is not None:
        posts = posts.filter(Q(branch=None) | Q(branch_id__in=branch_ids))
    return posts


def attendance_for(meeting):
    return Attendance.objects.filter(meeting=meeting).select_related("person")


def quorum_for(meeting, *, attendance=None, expected=None, rule=None):
    """The meeting's quorum (`rule`: its Standing Orders, `expected`: expected_attendees, when
    the caller has read them)."""
    rule = rule or standing_order_for(meeting.kind, timezone.localdate(meeting.starts_at))
    attendance = list(attendance_for(meeting)) if attendance is None else attendance
    entitled = entitled_to_vote(meeting) if expected is None else sum(1 for _, voting in expected if voting)
    present = sum(1 for a in attendance if a.status == Attendance.Status.PRESENT and a.voting)
    needed = rules.quorum_needed(entitled=entitled, number=rule.quorum_number, fraction=rule.quorum_fraction)
    return rules.Quorum(needed=needed, present_voting=present, entitled=entitled)


# --- For the branches helper -----------------------------------------------------------


def meetings_for_branch(branch):
    """A branch's meetings: {"upcoming": [...], "past": [...]}, each Meeting with its
    `minutes_status` ("Approved", "Drafted, awaiting approval", ...). Past: the last twelve."""
    now = timezone.now()
    qs = Meeting.objects.filter(branch=branch).select_related("branch")
    return {
        "upcoming": list(qs.filter(starts_at__gte=now).order_by("starts_at")),
        "past": list(qs.filter(starts_at__lt=now).order_by("-starts_at")[:12]),
    }


def next_clp_meeting(*, now=None):
    """The next EC or General Meeting (an AGM counts as a General Meeting), with its agenda
    items in order (`meeting.items.all()` needs no further query); None if none is planned.
    The one answer to "the next CLP meeting" (the branch mailing carries its business)."""
    return (
        Meeting.objects.filter(kind__in=CLP_BODY_KINDS, starts_at__gte=now or timezone.now())
        .order_by("starts_at")
        .prefetch_related(Prefetch("items", queryset=AgendaItem.objects.order_by("order", "pk")))
        .first()
    )


def upcoming_between(start: datetime.datetime, end: datetime.datetime):
    return Meeting.objects.filter(starts_at__gte=start, starts_at__lt=end).select_related("branch")
