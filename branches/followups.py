"""Writes for follow-ups: every new, lapsing (in arrears), lapsed or resigned member a report
names becomes a follow-up for their branch; a branch officer assigns it, records each contact,
and it closes with an outcome. Reads are in branches.selectors."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from branches.models import FollowUp, FollowUpContact, MembershipReportEntry
from clp.core.history import history_of
from officers.models import Person, Post, Term

REASONS = set(FollowUp.Reason.values)
# A member the report shows as current again: whatever was open to win them back is done.
RENEWS = (FollowUp.Reason.ARREARS, FollowUp.Reason.LAPSED, FollowUp.Reason.RESIGNED)
CHUNK = 5000


def follow_ups_from_report(*, entries, opened_on, by=None) -> int:
    """Open a follow-up for each row of a report that asks for one (inside the import's
    transaction). A member with one already open for the same reason keeps it (moved to their
    new branch if the report moved them); a member current again has their open arrears,
    lapsed or resigned follow-up closed as renewed. Returns how many were opened."""
    wanted = {(e.person_id, e.status): e for e in entries if e.status in REASONS}
    renewed = [e.person_id for e in entries if e.status == MembershipReportEntry.Status.CURRENT]
    people = list({person_id for person_id, _ in wanted})
    existing = {}
    for start in range(0, len(people), CHUNK):
        open_ones = FollowUp.objects.filter(closed_on=None, person_id__in=people[start : start + CHUNK])
        existing.update({(f.person_id, f.reason): f for f in open_ones})
    moved = []
    for key, follow_up in existing.items():
        entry = wanted.pop(key, None)
        if entry is not None and follow_up.branch_id != entry.branch_id:
            follow_up.branch_id = entry.branch_id
            moved.append(follow_up)
    if moved:
        FollowUp.objects.bulk_update(moved, ["branch"], batch_size=1000)
    for start in range(0, len(renewed), CHUNK):
        FollowUp.objects.filter(
            closed_on=None, reason__in=RENEWS, person_id__in=renewed[start : start + CHUNK]
        ).update(closed_on=opened_on, outcome=FollowUp.Outcome.RENEWED)
    created = [
        FollowUp(
            branch_id=e.branch_id, person_id=e.person_id, reason=e.status, entry_id=e.pk, opened_on=opened_on
        )
        for e in wanted.values()
        if e.branch_id
    ]
    FollowUp.objects.bulk_create(created, batch_size=1000)
    history_of(created, FollowUp, default_user=by, default_change_reason="Membership Action Report")
    return len(created)


@transaction.atomic
def follow_up_open(*, branch, membership_number, reason, by=None) -> FollowUp:
    """Open a follow-up by hand for a member of `branch`, found by membership number. A
    member of another branch is refused as not found: nothing about them leaks."""
    number = membership_number.strip()
    person = Person.objects.filter(membership_number=number, branch=branch).first() if number else None
    if person is None:
        raise ValidationError({"membership_number": f"No member of {branch} has membership number {number}."})
    if FollowUp.objects.filter(person=person, reason=reason, closed_on=None).exists():
        raise ValidationError(
            f"{person} already has an open follow-up: “{FollowUp.Reason(reason).label}”. "
            "Record the contact there."
        )
    follow_up = FollowUp(branch=branch, person=person, reason=reason, opened_on=timezone.localdate())
    follow_up.full_clean()
    follow_up._history_user = by
    follow_up.save()
    return follow_up


def _of_branch(person, branch_id, on):
    """A member of the branch, or someone holding one of its posts today."""
    if person.branch_id == branch_id:
        return True
    return (
        Term.objects.current(on)
        .filter(person=person, post__scope=Post.Scope.BRANCH, post__branch_id=branch_id)
        .exists()
    )


def _lock_open(follow_up):
    follow_up = FollowUp.objects.select_for_update().select_related("branch").get(pk=follow_up.pk)
    if not follow_up.is_open:
        raise ValidationError(
            f"This follow-up was closed on {follow_up.closed_on:%-d %B %Y} "
            f"({follow_up.get_outcome_display().lower()}); open a new one if they need contacting again."
        )
    return follow_up


@transaction.atomic
def follow_up_assign(*, follow_up, assignee, contact_on, method, by=None) -> FollowUp:
    """Say who contacts the member (a branch officer or a buddy from the branch), by when
    and how."""
    follow_up = _lock_open(follow_up)
    today = timezone.localdate()
    if assignee is None:
        raise ValidationError({"assignee": "Choose a branch officer, or give a buddy's membership number."})
    if not _of_branch(assignee, follow_up.branch_id, today):
        raise ValidationError(
            {"assignee": f"{assignee} is neither a member nor an officer of {follow_up.branch}."}
        )
    if contact_on is not None and contact_on < follow_up.opened_on:
        raise ValidationError({"contact_on": "Choose a day on or after the follow-up was opened."})
    follow_up.assigned_to, follow_up.contact_on, follow_up.method = assignee, contact_on, method
    follow_up.full_clean()
    follow_up._history_user = by
    follow_up.save()
    return follow_up


@transaction.atomic
def follow_up_contact_record(*, follow_up, contacted_on, method, outcome, note="", by_person=None, by=None):
    """Record one attempt to contact the member; an outcome other than "not reached" closes
    the follow-up on that day."""
    follow_up = _lock_open(follow_up)
    today = timezone.localdate()
    if contacted_on > today:
        raise ValidationError({"contacted_on": "Record a contact once it has happened: not a future day."})
    if contacted_on < follow_up.opened_on - datetime.timedelta(days=366):
        raise ValidationError({"contacted_on": "That is more than a year before the follow-up was opened."})
    contact = FollowUpContact(
        follow_up=follow_up,
        contacted_on=contacted_on,
        method=method,
        outcome=outcome,
        note=note.strip(),
        by=by_person,
        recorded_by=by,
    )
    contact.full_clean()
    contact.save()
    follow_up.outcome = outcome
    if outcome in FollowUp.CLOSING:
        follow_up.closed_on = max(contacted_on, follow_up.opened_on)
    follow_up._history_user = by
    follow_up.save()
    return contact
