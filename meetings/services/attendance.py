"""The meeting itself: marking it held, and who was there (members, with or without a vote,
and visitors)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from clp.notifications.services import notification_cancel
from meetings.models import Attendance, Meeting
from meetings.services.common import Status, check_minutes_open


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
    check_minutes_open(meeting)
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
    check_minutes_open(meeting)
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
    check_minutes_open(attendance.meeting)
    if not attendance.is_visitor:
        raise ValidationError("Only a visitor can be removed; mark a member absent instead.")
    attendance.delete()
