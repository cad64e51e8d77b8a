"""What every write to a meeting checks: minutes once approved are locked, minutes are taken
only once the meeting is held, a cancelled meeting goes no further, and a meeting only ever
moves forward in its life."""

from django.core.exceptions import ValidationError

from meetings.models import Meeting

Status = Meeting.Status


def check_minutes_open(meeting):
    if meeting.minutes_locked:
        raise ValidationError(
            "These minutes were approved and are locked. Record a correction as an amendment instead."
        )


def check_not_cancelled(meeting):
    if meeting.cancelled:
        raise ValidationError("This meeting was cancelled.")


def check_can_minute(meeting):
    check_minutes_open(meeting)
    check_not_cancelled(meeting)
    if not meeting.reached(Status.HELD):
        raise ValidationError("Mark the meeting as held before recording its minutes.")


def advance(meeting, status):
    """Move the meeting forward in its life, never back."""
    if not meeting.reached(status):
        meeting.status = status
        meeting.save(update_fields=["status"])
