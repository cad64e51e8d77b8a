"""The meeting itself: marking it held, and who was there (members, with or without a vote,
and visitors)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from clp.notifications.services import notification_cancel
from meetings import selectors
from meetings.models import Attendance, Meeting
from meetings.services.common import Status, check_minutes_open, check_not_cancelled


@transaction.atomic
def meeting_mark_held(*, meeting) -> Meeting:
    check_not_cancelled(meeting)
    if meeting.reached(Status.HELD):
        raise ValidationError("This meeting is already marked as held.")
    if meeting.starts_at > timezone.now():
        raise ValidationError("This meeting has not started yet: mark it as held once it has.")
    meeting.status = Status.HELD
    meeting.save(update_fields=["status"])
    notification_cancel(key_prefix=f"meeting:{meeting.pk}:reminder")
    return meeting


@transaction.atomic
def attendance_record(*, meeting, rows, online=()) -> list[Attendance]:
    """rows: [(person, status, voting)]; online: the people among them present online rather
    than in the room. Replaces what was recorded before for those people.

    Only the people expected at the meeting (or already on its list) can be recorded, and only
    those entitled to vote as voting: anyone else comes as a visitor, by name."""
    check_minutes_open(meeting)
    expected = {person.pk: voting for person, voting in selectors.expected_attendees(meeting)}
    listed = set(
        Attendance.objects.filter(meeting=meeting).exclude(person=None).values_list("person_id", flat=True)
    )
    online = {getattr(p, "pk", p) for p in online}
    errors = []
    for person, status, voting in rows:
        if person.pk not in expected and person.pk not in listed:
            errors.append(f"{person} is not expected at this meeting: add them as a visitor, by name.")
        elif voting and not expected.get(person.pk):
            errors.append(f"{person} is not entitled to vote at this meeting.")
        elif person.pk in online and status != Attendance.Status.PRESENT:
            errors.append(f"{person} can only be online if present.")
    if errors:
        raise ValidationError(errors)
    saved = []
    for person, status, voting in rows:
        row, _ = Attendance.objects.update_or_create(
            meeting=meeting,
            person=person,
            defaults={"status": status, "voting": voting, "online": person.pk in online},
        )
        row.full_clean()
        saved.append(row)
    return saved


@transaction.atomic
def attendance_mark_all_present(*, meeting) -> int:
    """Everyone expected is present (in the room), except those who sent apologies and those
    already marked present online: the Secretary then changes the exceptions. Returns how many
    were marked."""
    check_minutes_open(meeting)
    kept = {
        a.person_id: a
        for a in Attendance.objects.filter(meeting=meeting).exclude(person=None)
        if a.status == Attendance.Status.APOLOGIES or a.presence == "online"
    }
    rows = [
        (person, Attendance.Status.PRESENT, voting)
        for person, voting in selectors.expected_attendees(meeting)
        if person.pk not in kept
    ]
    for person, status, voting in rows:
        Attendance.objects.update_or_create(
            meeting=meeting, person=person, defaults={"status": status, "voting": voting, "online": False}
        )
    return len(rows)


@transaction.atomic
def attendance_visitor_add(*, meeting, name, visitor_from="") -> Attendance:
    """A visitor at the meeting (a guest speaker, someone from the regional office): present,
    named in the minutes, never voting and never counted for the quorum."""
    check_minutes_open(meeting)
    name, visitor_from = (name or "").strip(), (visitor_from or "").strip()
    if not name:
        raise ValidationError({"name": "Give the visitor's name."})
    if Attendance.objects.filter(meeting=meeting, person=None, visitor_name__iexact=name).exists():
        raise ValidationError({"name": f"{name} is already on the list as a visitor."})
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


@transaction.atomic
def apologies_send(*, meeting, person) -> Attendance:
    """`person` sends their apologies before the meeting: the Secretary sees them on the
    attendance list. Only someone expected at the meeting can send them."""
    expected = {p.pk: v for p, v in selectors.expected_attendees(meeting)}
    if person.pk not in expected:
        raise ValidationError(
            "You are not expected at this meeting, so there is nothing to send apologies for."
        )
    if meeting.reached(Status.HELD):
        raise ValidationError("This meeting has been held: apologies are sent before it.")
    row, _ = Attendance.objects.update_or_create(
        meeting=meeting,
        person=person,
        defaults={"status": Attendance.Status.APOLOGIES, "voting": expected[person.pk], "online": False},
    )
    return row


@transaction.atomic
def apologies_withdraw(*, meeting, person):
    """`person` can come after all: their apologies are taken off the list."""
    if meeting.reached(Status.HELD):
        raise ValidationError("This meeting has been held: its attendance is the Secretary's to correct.")
    deleted, _ = Attendance.objects.filter(
        meeting=meeting, person=person, status=Attendance.Status.APOLOGIES
    ).delete()
    if not deleted:
        raise ValidationError("You have not sent apologies for this meeting.")
