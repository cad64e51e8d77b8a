"""The reminders the periodic tasks send (meetings.tasks): the agenda not out by the notice
period, actions falling due, and the weekly list of overdue actions. Idempotent: every
reminder has its own key."""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from clp.notifications.services import notify
from meetings import selectors
from meetings.models import Action, Meeting
from meetings.services.circulation import notice_deadline
from meetings.services.common import Status
from officers.selectors import secretary_posts


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
        cancelled_at=None,
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
            to_posts=secretary_posts(branch_id=meeting.branch_id),
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
            to_posts=secretary_posts(branch_id=branch_id),
            url=reverse("meetings:actions") + "?state=overdue",
        )
    return len(by_body)
