"""The agenda: its items (added, changed, removed, reordered), their papers, and the
Chair's agreement. Circulating it is in meetings.services.circulation."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from clp.core.uploads import check_upload
from clp.notifications.services import notification_cancel, notify
from meetings import rules
from meetings.models import AgendaItem, Meeting, Paper
from meetings.services.common import Status, advance, check_minutes_open, check_not_cancelled
from officers.selectors import chair_posts, secretary_posts

Standing = AgendaItem.Standing
PAPER_MAX_BYTES = 10 * 1024 * 1024


def _renumber(items):
    for order, item in enumerate(items, start=1):
        if item.order != order:
            item.order = order
            item.save(update_fields=["order"])


def _ordered(meeting):
    return list(AgendaItem.objects.select_for_update().filter(meeting=meeting).order_by("order", "pk"))


# --- Items ---------------------------------------------------------------------------------


@transaction.atomic
def item_add(
    *, meeting, title, kind=AgendaItem.Kind.DECISION, presenter="", minutes_allowed=0, description=""
) -> AgendaItem:
    """Add an item to the agenda, before any other business."""
    check_minutes_open(meeting)
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
    advance(meeting, Status.AGENDA_DRAFTED)
    return item


@transaction.atomic
def item_update(
    *, item, title=None, kind=None, presenter=None, minutes_allowed=None, description=None
) -> AgendaItem:
    """Change an item (None leaves a detail as it is). An item for information takes no time."""
    check_minutes_open(item.meeting)
    changes = {
        "title": title,
        "kind": kind,
        "presenter": presenter,
        "minutes_allowed": minutes_allowed,
        "description": description,
    }
    for name, value in changes.items():
        if value is not None:
            setattr(item, name, value)
    if item.kind == AgendaItem.Kind.INFORMATION:
        item.minutes_allowed = 0
    item.full_clean()
    item.save()
    advance(item.meeting, Status.AGENDA_DRAFTED)
    return item


@transaction.atomic
def item_delete(*, item):
    meeting = item.meeting
    check_minutes_open(meeting)
    if item.decisions.exists() or item.actions.exists():
        raise ValidationError(
            "This item has decisions or actions recorded against it, so it cannot be removed."
        )
    item.delete()
    _renumber(_ordered(meeting))


@transaction.atomic
def item_move(*, item, position) -> AgendaItem:
    """Move an item to `position` (1 is first) and close the gaps."""
    check_minutes_open(item.meeting)
    items = [i for i in _ordered(item.meeting) if i.pk != item.pk]
    position = max(1, min(int(position), len(items) + 1))
    items.insert(position - 1, item)
    _renumber(items)
    item.order = position
    return item


# --- Papers --------------------------------------------------------------------------------


@transaction.atomic
def paper_add(*, item, upload, title="", by=None) -> Paper:
    """Attach a paper to an item after checking its size and type by content."""
    check_minutes_open(item.meeting)
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
    check_minutes_open(paper.item.meeting)
    storage, name = paper.file.storage, paper.file.name
    paper.delete()
    transaction.on_commit(lambda: storage.delete(name))


# --- Agreeing it with the Chair --------------------------------------------------------------


@transaction.atomic
def agenda_agree(*, meeting, by=None, on_behalf=False) -> Meeting:
    """Record that the Chair has agreed the agenda: `by` the Chair themselves, or (on_behalf)
    by the Secretary on the Chair's behalf; the record says which."""
    check_not_cancelled(meeting)
    if meeting.status not in (Status.PLANNED, Status.AGENDA_DRAFTED):
        raise ValidationError("The agenda has already been agreed.")
    meeting.status = Status.AGENDA_AGREED
    meeting.agenda_agreed_at = timezone.now()
    meeting.agenda_agreed_by = by
    meeting.agenda_agreed_on_behalf = on_behalf
    meeting.save(update_fields=["status", "agenda_agreed_at", "agenda_agreed_by", "agenda_agreed_on_behalf"])
    notification_cancel(key_prefix=f"meeting:{meeting.pk}:agree-request")
    return meeting


@transaction.atomic
def agenda_agreement_request(*, meeting, by=None) -> list:
    """Ask the Chair to agree the agenda: they get a request with the link to agree it or
    comment on it, from the meeting's page."""
    if meeting.status not in (Status.PLANNED, Status.AGENDA_DRAFTED):
        raise ValidationError("The agenda has already been agreed.")
    when = timezone.localtime(meeting.starts_at)
    asked = meeting.history.count()
    return notify(
        key=f"meeting:{meeting.pk}:agree-request-{asked}",
        kind="agenda_agreement",
        subject=f"Please agree the agenda: {meeting} on {when:%-d %B}",
        body=f"The agenda for {meeting} on {when:%A %-d %B at %H:%M} is ready. Open the meeting's page to "
        "agree it, or to send a comment to the Secretary.\n\n"
        + "\n".join(rules.agenda_lines(meeting.items.all())),
        to_posts=chair_posts(branch_id=meeting.branch_id),
        url=reverse("meetings:detail", kwargs={"pk": meeting.pk}),
    )


@transaction.atomic
def agenda_comment(*, meeting, comment, by=None) -> list:
    """The Chair's comment on the agenda, sent to the Secretary (the agenda stays unagreed)."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": "Write the comment for the Secretary."})
    return notify(
        key=f"meeting:{meeting.pk}:agenda-comment-{timezone.now():%Y%m%d%H%M%S%f}",
        kind="agenda_agreement",
        subject=f"The Chair's comment on the agenda: {meeting}",
        body=f"{getattr(by, 'display_name', 'The Chair')} commented on the agenda for {meeting}:"
        f"\n\n{comment}",
        to_posts=secretary_posts(branch_id=meeting.branch_id),
        url=reverse("meetings:detail", kwargs={"pk": meeting.pk}),
    )
