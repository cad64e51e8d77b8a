"""Circulating the agenda: who receives it, the notice Standing Orders require, the email
with the agenda PDF and the papers, and the reminder days before the meeting."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from clp.notifications.services import notify
from meetings import rules, selectors
from meetings.models import Meeting, Paper
from meetings.services.common import Status, check_not_cancelled
from officers.models import Person, Post
from officers.selectors import branch_secretary_posts

MORNING = datetime.time(9, 0)


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
    return list(members), branch_secretary_posts()


def notice_deadline(meeting, rule):
    """The last day the agenda can go out with the notice Standing Orders require."""
    days = max(rule.notice_days, rule.branch_notice_days)
    return timezone.localdate(meeting.starts_at) - datetime.timedelta(days=days)


NOTICE_TO = (("branch_notice_days", "branches and affiliates"), ("notice_days", "members and delegates"))


def notice_warnings(meeting, *, today=None) -> list[str]:
    """Plain warnings when the notice Standing Orders require can no longer be given by
    `today`: each period is checked, to members and delegates and, where the rules set one
    (an AGM's 28 days, say), to branches and affiliates."""
    today = today or timezone.localdate()
    rule = selectors.standing_order_for(meeting.kind, today)
    day = timezone.localdate(meeting.starts_at)
    warnings = []
    for field, whom in NOTICE_TO:
        days = getattr(rule, field)
        last_day = day - datetime.timedelta(days=days)
        if days and today > last_day:
            warnings.append(
                f"This is less than the {days} days' notice to {whom} that Standing Orders require "
                f"for {meeting.get_kind_display().lower()}s (it had to go out by {last_day:%A %-d %B}); "
                "say so when the meeting opens."
            )
    return warnings


@transaction.atomic
def agenda_circulate(*, meeting) -> list[str]:
    """Send the agenda (with its PDF) to those entitled to attend and schedule the reminder.
    Returns warnings (late notice) for the Secretary to read."""
    check_not_cancelled(meeting)
    if meeting.starts_at <= timezone.now():
        raise ValidationError("This meeting is in the past, so its agenda cannot be circulated.")
    if not meeting.reached(Status.AGENDA_AGREED):
        raise ValidationError("Agree the agenda with the Chair before circulating it.")
    if meeting.reached(Status.PAPERS_CIRCULATED):
        raise ValidationError("The agenda has already been circulated.")
    warnings = notice_warnings(meeting)
    people, posts = circulation_recipients(meeting)
    when = timezone.localtime(meeting.starts_at)
    notify(
        key=f"meeting:{meeting.pk}:agenda",
        kind="agenda_circulation",
        subject=f"Agenda: {meeting} on {when:%A %-d %B at %H:%M}",
        body=agenda_body(meeting),
        to_people=people,
        to_posts=posts,
        url=reverse("meetings:detail", kwargs={"pk": meeting.pk}),
        attachments=[["meetings.exports.agenda_attachment", [meeting.pk]]]
        + [["meetings.exports.paper_attachment", [pk]] for pk in _paper_ids(meeting)]
        + _motions_booklet(meeting),
    )
    schedule_reminder(meeting)
    meeting.status = Status.PAPERS_CIRCULATED
    meeting.circulated_at = timezone.now()
    meeting.save(update_fields=["status", "circulated_at"])
    return warnings


def _paper_ids(meeting):
    return list(
        Paper.objects.filter(item__meeting=meeting).order_by("item__order", "pk").values_list("pk", flat=True)
    )


def agenda_body(meeting):
    when = timezone.localtime(meeting.starts_at)
    lines = [f"{meeting} will meet on {when:%A %-d %B %Y at %H:%M}."]
    if meeting.venue:
        lines.append(f"Venue: {meeting.venue}")
    if meeting.online_link:
        lines.append(f"Online: {meeting.online_link}")
    lines += ["", "Agenda:"]
    lines += rules.agenda_lines(meeting.items.order_by("order", "pk"), presenters=True)
    lines += ["", "The agenda and list of papers are attached as a PDF."]
    apologies = settings.SITE_URL + reverse("meetings:apologies", kwargs={"pk": meeting.pk})
    lines += ["", f"Cannot come? Send your apologies: {apologies}"]
    return "\n".join(lines)


def schedule_reminder(meeting, key_suffix=""):
    """The reminder to those the agenda went to, `reminder_days` before the meeting (in the
    morning), or now when that is already past."""
    rule = selectors.standing_order_for(meeting.kind)
    day = timezone.localdate(meeting.starts_at) - datetime.timedelta(days=rule.reminder_days)
    people, posts = circulation_recipients(meeting)
    when = timezone.localtime(meeting.starts_at)
    morning = timezone.make_aware(datetime.datetime.combine(day, MORNING))
    notify(
        key=f"meeting:{meeting.pk}:reminder{'-' + key_suffix if key_suffix else ''}",
        kind="meeting_reminder",
        subject=f"Reminder: {meeting} on {when:%A %-d %B at %H:%M}",
        body=f"A reminder that {meeting} meets on {when:%A %-d %B at %H:%M}"
        + (f" at {meeting.venue}" if meeting.venue else "")
        + ".",
        to_people=people,
        to_posts=posts,
        due_at=max(morning, timezone.now()),
        url=reverse("meetings:detail", kwargs={"pk": meeting.pk}),
    )


def _motions_booklet(meeting):
    """The motions booklet goes with the papers when the meeting has motions to debate."""
    live = meeting.motions.exclude(status__in=["withdrawn", "composited"])
    return [["meetings.motion_exports.motions_booklet_attachment", [meeting.pk]]] if live.exists() else []
