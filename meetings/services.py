"""Writes for meetings: the whole cycle from planning to approved minutes.

Every function is one transaction and validates before it writes, so nothing is half-saved.
Notifications go through clp.notifications inside the same transaction.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from clp.core.uploads import check_upload
from clp.notifications.services import notification_cancel, notify
from meetings import rules, selectors
from meetings.models import (
    Action,
    AgendaItem,
    Attendance,
    CalendarFeed,
    Decision,
    Meeting,
    MinutesAmendment,
    Paper,
    StandingOrder,
)
from officers.models import Person, Post

Status = Meeting.Status
Standing = AgendaItem.Standing

# The standing items every agenda starts with; AOB always closes it. (standing, minutes)
STANDING_ITEMS = [
    (Standing.APOLOGIES, 5),
    (Standing.MINUTES, 5),
    (Standing.MATTERS_ARISING, 10),
    (Standing.CORRESPONDENCE, 5),
]
CLOSING_ITEMS = [(Standing.AOB, 10)]
PAPER_MAX_BYTES = 10 * 1024 * 1024
MORNING = datetime.time(9, 0)


def _at_morning(day):
    return timezone.make_aware(datetime.datetime.combine(day, MORNING))


def _check_minutes_open(meeting):
    if meeting.minutes_locked:
        raise ValidationError(
            "These minutes were approved and are locked. Record a correction as an amendment instead."
        )


def _advance(meeting, status):
    """Move the meeting forward in its life, never back."""
    if not meeting.reached(status):
        meeting.status = status
        meeting.save(update_fields=["status"])


# --- Planning ---------------------------------------------------------------------------


@transaction.atomic
def meeting_plan(*, kind, starts_at, branch=None, title="", venue="", online_link="") -> Meeting:
    """Plan a meeting, with its standing items already on the agenda."""
    meeting = Meeting(
        kind=kind, branch=branch, title=title, starts_at=starts_at, venue=venue, online_link=online_link
    )
    meeting.full_clean()
    meeting.save()
    for order, (standing, minutes) in enumerate(STANDING_ITEMS + CLOSING_ITEMS, start=1):
        kind_ = AgendaItem.Kind.STANDING
        AgendaItem.objects.create(
            meeting=meeting,
            order=order,
            title=Standing(standing).label,
            minutes_allowed=minutes,
            kind=kind_,
            standing=standing,
        )
    return meeting


@transaction.atomic
def meetings_plan_year(
    *,
    kind,
    first_month,
    months,
    weekday,
    nth,
    start_time,
    branch=None,
    venue="",
    online_link="",
    skip_months=(),
) -> list[Meeting]:
    """Plan a series at once, e.g. the EC on the second Tuesday of each month for a year.
    A date that already has a meeting of the same kind (and branch) is left alone."""
    planned = []
    for day in rules.monthly_dates(
        first_month=first_month, months=months, weekday=weekday, nth=nth, skip_months=skip_months
    ):
        starts_at = timezone.make_aware(datetime.datetime.combine(day, start_time))
        if Meeting.objects.filter(kind=kind, branch=branch, starts_at__date=day).exists():
            continue
        planned.append(
            meeting_plan(kind=kind, branch=branch, starts_at=starts_at, venue=venue, online_link=online_link)
        )
    return planned


@transaction.atomic
def meeting_update(*, meeting, **fields) -> Meeting:
    """Change a meeting's details. A new date re-schedules the reminder of a circulated agenda."""
    _check_minutes_open(meeting)
    moved = "starts_at" in fields and fields["starts_at"] != meeting.starts_at
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.full_clean()
    meeting.save()
    if moved and meeting.reached(Status.PAPERS_CIRCULATED) and not meeting.reached(Status.HELD):
        notification_cancel(key_prefix=f"meeting:{meeting.pk}:reminder")
        # One key per move (the history row of this save), so moving back to an earlier
        # date still schedules a reminder rather than finding the cancelled one.
        move = meeting.history.count()
        _schedule_reminder(meeting, key_suffix=f"{meeting.starts_at:%Y%m%d%H%M}-{move}")
    return meeting


# --- The agenda -------------------------------------------------------------------------


def _renumber(items):
    for order, item in enumerate(items, start=1):
        if item.order != order:
            item.order = order
            item.save(update_fields=["order"])


def _ordered(meeting):
    return list(AgendaItem.objects.select_for_update().filter(meeting=meeting).order_by("order", "pk"))


@transaction.atomic
def item_add(
    *, meeting, title, kind=AgendaItem.Kind.DECISION, presenter="", minutes_allowed=0, description=""
) -> AgendaItem:
    """Add an item to the agenda, before any other business."""
    _check_minutes_open(meeting)
    if kind == AgendaItem.Kind.INFORMATION:
        minutes_allowed = 0  # for information: the correspondence file, no meeting time
    item = AgendaItem(
        meeting=meeting,
        title=title,
        kind=kind,
        presenter=presenter,
        minutes_allowed=minutes_allowed,
        description=description,
        order=(meeting.items.aggregate(m=Max("order"))["m"] or 0) + 1,
    )
    item.full_clean()
    item.save()
    items = _ordered(meeting)
    closing = [i for i in items if i.standing == Standing.AOB]
    _renumber([i for i in items if i.standing != Standing.AOB] + closing)
    _advance(meeting, Status.AGENDA_DRAFTED)
    return item


@transaction.atomic
def item_update(*, item, **fields) -> AgendaItem:
    _check_minutes_open(item.meeting)
    for name, value in fields.items():
        setattr(item, name, value)
    if item.kind == AgendaItem.Kind.INFORMATION:
        item.minutes_allowed = 0
    item.full_clean()
    item.save()
    _advance(item.meeting, Status.AGENDA_DRAFTED)
    return item


@transaction.atomic
def item_delete(*, item):
    meeting = item.meeting
    _check_minutes_open(meeting)
    if item.decisions.exists() or item.actions.exists():
        raise ValidationError(
            "This item has decisions or actions recorded against it, so it cannot be removed."
        )
    item.delete()
    _renumber(_ordered(meeting))


@transaction.atomic
def item_move(*, item, position) -> AgendaItem:
    """Move an item to `position` (1 is first) and close the gaps."""
    _check_minutes_open(item.meeting)
    items = [i for i in _ordered(item.meeting) if i.pk != item.pk]
    position = max(1, min(int(position), len(items) + 1))
    items.insert(position - 1, item)
    _renumber(items)
    item.order = position
    return item


@transaction.atomic
def paper_add(*, item, upload, title="", by=None) -> Paper:
    """Attach a paper to an item after checking its size and type by content."""
    _check_minutes_open(item.meeting)
    content_type = check_upload(upload, max_bytes=PAPER_MAX_BYTES)
    paper = Paper(
        item=item,
        title=title or upload.name.rsplit(".", 1)[0],
        content_type=content_type,
        size=upload.size,
        uploaded_by=by,
    )
    paper.file.save(upload.name, upload, save=False)
    # The file is on disk before the row: if the row fails, remove the file again.
    try:
        paper.full_clean()
        paper.save()
    except Exception:
        paper.file.delete(save=False)
        raise
    return paper


@transaction.atomic
def paper_delete(*, paper):
    _check_minutes_open(paper.item.meeting)
    storage, name = paper.file.storage, paper.file.name
    paper.delete()
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def agenda_agree(*, meeting) -> Meeting:
    """Record that the Chair has agreed the agenda."""
    if meeting.status not in (Status.PLANNED, Status.AGENDA_DRAFTED):
        raise ValidationError("The agenda has already been agreed.")
    meeting.status = Status.AGENDA_AGREED
    meeting.agenda_agreed_at = timezone.now()
    meeting.save(update_fields=["status", "agenda_agreed_at"])
    return meeting


def circulation_recipients(meeting):
    """(people, posts) who receive the agenda: EC posts for the EC, branch members and the
    branch's posts for a branch meeting, members (and branch secretaries) for a General Meeting."""
    if meeting.kind == Meeting.Kind.EC:
        return [], list(Post.objects.exclude(ec_membership=Post.EC.NONE))
    members = Person.objects.filter(membership_status__in=sorted(rules.MEMBER_STATUSES_INVITED)).exclude(
        email=""
    )
    if meeting.branch_id:
        return list(members.filter(branch_id=meeting.branch_id)), list(
            Post.objects.filter(branch_id=meeting.branch_id)
        )
    return list(members), list(Post.objects.filter(role=Post.Role.BRANCH_SECRETARY))


def notice_deadline(meeting, rule):
    """The last day the agenda can go out with the notice Standing Orders require."""
    days = max(rule.notice_days, rule.branch_notice_days)
    return timezone.localdate(meeting.starts_at) - datetime.timedelta(days=days)


@transaction.atomic
def agenda_circulate(*, meeting) -> list[str]:
    """Send the agenda (with its PDF) to those entitled to attend and schedule the reminder.
    Returns warnings (late notice) for the Secretary to read."""
    if meeting.starts_at <= timezone.now():
        raise ValidationError("This meeting is in the past, so its agenda cannot be circulated.")
    if not meeting.reached(Status.AGENDA_AGREED):
        raise ValidationError("Agree the agenda with the Chair before circulating it.")
    if meeting.reached(Status.PAPERS_CIRCULATED):
        raise ValidationError("The agenda has already been circulated.")
    rule = selectors.standing_order_for(meeting.kind)
    warnings = []
    if timezone.localdate() > notice_deadline(meeting, rule):
        days = max(rule.notice_days, rule.branch_notice_days)
        warnings.append(
            f"This is less than the {days} days' notice Standing Orders require for "
            f"{meeting.get_kind_display().lower()}s; say so when the meeting opens."
        )
    people, posts = circulation_recipients(meeting)
    when = timezone.localtime(meeting.starts_at)
    notify(
        key=f"meeting:{meeting.pk}:agenda",
        kind="agenda_circulation",
        subject=f"Agenda: {meeting} on {when:%A %-d %B at %H:%M}",
        body=_agenda_body(meeting),
        to_people=people,
        to_posts=posts,
        url=reverse("meetings:detail", kwargs={"pk": meeting.pk}),
        attachments=[["meetings.exports.agenda_attachment", [meeting.pk]]]
        + [["meetings.exports.paper_attachment", [pk]] for pk in _paper_ids(meeting)],
    )
    _schedule_reminder(meeting)
    meeting.status = Status.PAPERS_CIRCULATED
    meeting.circulated_at = timezone.now()
    meeting.save(update_fields=["status", "circulated_at"])
    return warnings


def _paper_ids(meeting):
    return list(
        Paper.objects.filter(item__meeting=meeting).order_by("item__order", "pk").values_list("pk", flat=True)
    )


def _agenda_body(meeting):
    when = timezone.localtime(meeting.starts_at)
    lines = [f"{meeting} will meet on {when:%A %-d %B %Y at %H:%M}."]
    if meeting.venue:
        lines.append(f"Venue: {meeting.venue}")
    if meeting.online_link:
        lines.append(f"Online: {meeting.online_link}")
    lines += ["", "Agenda:"]
    for n, item in enumerate(meeting.items.order_by("order", "pk"), start=1):
        lines.append(f"{n}. {item.title}" + (f" ({item.presenter})" if item.presenter else ""))
    lines += ["", "The agenda and list of papers are attached as a PDF."]
    return "\n".join(lines)


def _schedule_reminder(meeting, key_suffix=""):
    rule = selectors.standing_order_for(meeting.kind)
    day = timezone.localdate(meeting.starts_at) - datetime.timedelta(days=rule.reminder_days)
    people, posts = circulation_recipients(meeting)
    when = timezone.localtime(meeting.starts_at)
    notify(
        key=f"meeting:{meeting.pk}:reminder{'-' + key_suffix if key_suffix else ''}",
        kind="meeting_reminder",
        subject=f"Reminder: {meeting} on {when:%A %-d %B at %H:%M}",
        body=f"A reminder that {meeting} meets on {when:%A %-d %B at %H:%M}"
        + (f" at {meeting.venue}" if meeting.venue else "")
        + ".",
        to_people=people,
        to_posts=posts,
        due_at=max(_at_morning(day), timezone.now()),
        url=reverse("meetings:detail", kwargs={"pk": meeting.pk}),
    )


# --- The meeting and its minutes --------------------------------------------------------


@transaction.atomic
def meeting_mark_held(*, meeting) -> Meeting:
    if meeting.reached(Status.HELD):
        raise ValidationError("This meeting is already marked as held.")
    if timezone.localdate(meeting.starts_at) > timezone.localdate():
        raise ValidationError("This meeting has not happened yet.")
    meeting.status = Status.HELD
    meeting.save(update_fields=["status"])
    notification_cancel(key_prefix=f"meeting:{meeting.pk}:reminder")
    return meeting


@transaction.atomic
def attendance_record(*, meeting, rows) -> list[Attendance]:
    """rows: [(person, status, voting)]. Replaces what was recorded before for those people."""
    _check_minutes_open(meeting)
    saved = []
    for person, status, voting in rows:
        row, _ = Attendance.objects.update_or_create(
            meeting=meeting, person=person, defaults={"status": status, "voting": voting}
        )
        row.full_clean()
        saved.append(row)
    return saved


@transaction.atomic
def attendance_visitor_add(*, meeting, name, visitor_from="") -> Attendance:
    """A visitor at the meeting (a guest speaker, someone from the regional office): present,
    named in the minutes, never voting and never counted for the quorum."""
    _check_minutes_open(meeting)
    name, visitor_from = (name or "").strip(), (visitor_from or "").strip()
    if not name:
        raise ValidationError({"name": "Give the visitor's name."})
    row = Attendance(
        meeting=meeting,
        visitor_name=name,
        visitor_from=visitor_from,
        status=Attendance.Status.PRESENT,
        voting=False,
    )
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def attendance_visitor_remove(*, attendance):
    _check_minutes_open(attendance.meeting)
    if not attendance.is_visitor:
        raise ValidationError("Only a visitor can be removed; mark a member absent instead.")
    attendance.delete()


def _check_can_minute(meeting):
    _check_minutes_open(meeting)
    if not meeting.reached(Status.HELD):
        raise ValidationError("Mark the meeting as held before recording its minutes.")


@transaction.atomic
def item_note_save(*, item, note) -> AgendaItem:
    _check_can_minute(item.meeting)
    item.note = note
    item.full_clean()
    item.save(update_fields=["note"])
    _advance(item.meeting, Status.MINUTES_DRAFTED)
    return item


@transaction.atomic
def decision_record(
    *, item, motion, outcome, votes_for=None, votes_against=None, abstentions=None
) -> Decision:
    """Record a decision. Without a quorum it is still recorded, marked as not quorate."""
    meeting = item.meeting
    _check_can_minute(meeting)
    quorum = selectors.quorum_for(meeting)
    cast = sum(v or 0 for v in (votes_for, votes_against, abstentions))
    if quorum.present_voting and cast > quorum.present_voting:
        raise ValidationError(
            f"{cast} votes are counted but only {quorum.present_voting} voting members are recorded "
            "as present: check the count, or the attendance."
        )
    decision = Decision(
        item=item,
        motion=motion,
        outcome=outcome,
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
        quorate=quorum.met,
    )
    decision.full_clean()
    decision.save()
    _advance(meeting, Status.MINUTES_DRAFTED)
    return decision


@transaction.atomic
def action_record(*, item, description, due_on, owner_person=None, owner_post=None) -> Action:
    """Record who does what by when. An action needs an owner (a person or a post) and a due date."""
    _check_can_minute(item.meeting)
    errors = {}
    if owner_person is None and owner_post is None:
        errors["owner_person"] = "An action needs an owner: choose a person or a post."
    if due_on is None:
        errors["due_on"] = "An action needs a due date."
    elif due_on < timezone.localdate(item.meeting.starts_at):
        errors["due_on"] = "The due date is before the meeting that agreed the action."
    if errors:
        raise ValidationError(errors)
    action = Action(
        item=item, description=description, due_on=due_on, owner_person=owner_person, owner_post=owner_post
    )
    action.full_clean()
    action.save()
    _advance(item.meeting, Status.MINUTES_DRAFTED)
    return action


@transaction.atomic
def action_complete(*, action, on=None) -> Action:
    """Tick an action off (the tracker, not the minutes: allowed after approval)."""
    if action.done_on:
        raise ValidationError("This action is already done.")
    action.done_on = on or timezone.localdate()
    action.save(update_fields=["done_on"])
    notification_cancel(key_prefix=f"action:{action.pk}:")
    return action


@transaction.atomic
def minutes_approve(*, meeting) -> Meeting:
    """Approve the minutes at the next meeting of the same body, lock them and send them to
    the branch secretaries and officers."""
    if meeting.status != Status.MINUTES_DRAFTED:
        raise ValidationError("Only drafted minutes can be approved.")
    at = selectors.next_meeting(meeting)
    if at is None:
        raise ValidationError("Minutes are approved at the next meeting; plan it first.")
    if at.starts_at > timezone.now():
        raise ValidationError(
            f"Minutes are approved at the next meeting, on {timezone.localtime(at.starts_at):%-d %B %Y}."
        )
    meeting.status = Status.MINUTES_APPROVED
    meeting.minutes_approved_at = timezone.now()
    meeting.approved_at_meeting = at
    meeting.save(update_fields=["status", "minutes_approved_at", "approved_at_meeting"])
    if meeting.branch_id:
        posts = Post.objects.filter(branch_id=meeting.branch_id)
    else:
        posts = Post.objects.filter(scope=Post.Scope.CLP, kind=Post.Kind.OFFICER) | Post.objects.filter(
            role=Post.Role.BRANCH_SECRETARY
        )
    notify(
        key=f"meeting:{meeting.pk}:minutes",
        kind="minutes_circulation",
        subject=f"Approved minutes: {meeting}",
        body=f"The minutes of {meeting} were approved at the meeting of "
        f"{timezone.localtime(at.starts_at):%-d %B %Y}. They are attached as a PDF.",
        to_posts=list(posts.distinct()),
        url=reverse("meetings:minutes", kwargs={"pk": meeting.pk}),
        attachments=[["meetings.exports.minutes_attachment", [meeting.pk]]],
    )
    return meeting


@transaction.atomic
def amendment_record(*, meeting, correction, reason, item=None, by=None) -> MinutesAmendment:
    """A correction to approved minutes, recorded beside them with who made it and why."""
    if not meeting.minutes_locked:
        raise ValidationError("These minutes are not approved yet: edit them directly.")
    if item is not None and item.meeting_id != meeting.pk:
        raise ValidationError("That item is not on this meeting's agenda.")
    amendment = MinutesAmendment(
        meeting=meeting, item=item, correction=correction, reason=reason, recorded_by=by
    )
    amendment.full_clean()
    amendment.save()
    return amendment


# --- Standing Orders ---------------------------------------------------------------------


@transaction.atomic
def standing_order_set(*, kind, effective_from, **fields) -> StandingOrder:
    """Record what Standing Orders say about a kind of meeting from a date. Earlier rules
    stay as they were, so past meetings are judged by the rules of their day."""
    rule = StandingOrder.objects.filter(kind=kind, effective_from=effective_from).first() or StandingOrder(
        kind=kind, effective_from=effective_from
    )
    for name, value in fields.items():
        setattr(rule, name, value)
    rule.full_clean()
    rule.save()
    return rule


# --- Calendar feed -------------------------------------------------------------------------


def calendar_feed_for(person) -> CalendarFeed:
    feed, _ = CalendarFeed.objects.get_or_create(person=person)
    return feed


@transaction.atomic
def calendar_feed_reset(*, person) -> CalendarFeed:
    """A new private address; the old one stops working at once."""
    CalendarFeed.objects.filter(person=person).delete()
    return CalendarFeed.objects.create(person=person)


# --- Reminders (the periodic tasks call these) -------------------------------------------


def _secretary_posts(branch_id):
    if branch_id:
        return list(Post.objects.filter(branch_id=branch_id, role=Post.Role.BRANCH_SECRETARY))
    return list(Post.objects.filter(branch=None, role=Post.Role.SECRETARY))


@transaction.atomic
def reminders_daily(*, today=None) -> int:
    """Nudge the Secretary when an agenda is not out by the notice period, and remind action
    owners before their due date. Idempotent: every reminder has its own key."""
    today = today or timezone.localdate()
    sent = 0
    upcoming = Meeting.objects.filter(
        starts_at__date__gte=today,
        starts_at__date__lte=today + datetime.timedelta(days=60),
        status__in=[Status.PLANNED, Status.AGENDA_DRAFTED, Status.AGENDA_AGREED],
    ).select_related("branch")
    for meeting in upcoming:
        rule = selectors.standing_order_for(meeting.kind, today)
        deadline = notice_deadline(meeting, rule)
        if today < deadline - datetime.timedelta(days=2):
            continue
        notify(
            key=f"meeting:{meeting.pk}:agenda-overdue",
            kind="agenda_overdue",
            subject=f"The agenda for {meeting} is not out yet",
            body=f"Standing Orders need the agenda for {meeting} out by {deadline:%A %-d %B} "
            f"({max(rule.notice_days, rule.branch_notice_days)} days' notice). "
            "It has not been circulated yet.",
            to_posts=_secretary_posts(meeting.branch_id),
            url=reverse("meetings:detail", kwargs={"pk": meeting.pk}),
        )
        sent += 1
    for action in Action.objects.open().filter(due_on__gte=today).select_related("item__meeting"):
        rule = selectors.standing_order_for(action.item.meeting.kind, today)
        if action.due_on > today + datetime.timedelta(days=rule.action_reminder_days):
            continue
        notify(
            key=f"action:{action.pk}:due-soon",
            kind="action_due",
            subject=f"Action due {action.due_on:%-d %B}: {action.description[:80]}",
            body=f"From {action.item.meeting}, item “{action.item.title}”:\n\n{action.description}\n\n"
            f"Due on {action.due_on:%A %-d %B %Y}.",
            to_people=[action.owner_person] if action.owner_person_id else [],
            to_posts=[action.owner_post] if action.owner_post_id else [],
            url=reverse("meetings:actions"),
        )
        sent += 1
    return sent


@transaction.atomic
def overdue_digest_weekly(*, today=None) -> int:
    """One list of overdue actions a week to the Secretary (the branch secretary for a branch's)."""
    today = today or timezone.localdate()
    year, week, _ = today.isocalendar()
    overdue = (
        Action.objects.overdue(today)
        .select_related("owner_person", "owner_post", "item__meeting")
        .order_by("item__meeting__branch_id", "due_on")
    )
    by_body = {}
    for action in overdue:
        by_body.setdefault(action.item.meeting.branch_id, []).append(action)
    for branch_id, actions in by_body.items():
        lines = [
            f"- {a.description[:100]} ({a.owner}), due {a.due_on:%-d %b}, from {a.item.meeting}"
            for a in actions
        ]
        notify(
            key=f"actions-overdue:{year}-W{week:02d}:{branch_id or 'clp'}",
            kind="actions_overdue_digest",
            subject=f"{len(actions)} overdue action{'s' if len(actions) != 1 else ''}",
            body="These actions are past their due date:\n\n" + "\n".join(lines),
            to_posts=_secretary_posts(branch_id),
            url=reverse("meetings:actions") + "?state=overdue",
        )
    return len(by_body)
