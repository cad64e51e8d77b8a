"""Actions: who does what by when, recorded in the minutes and ticked off in the tracker."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from clp.notifications.services import notification_cancel
from meetings.models import Action
from meetings.services.common import Status, advance, check_can_minute


def _check_action(item, *, description, due_on, owner_person, owner_post):
    errors = {}
    if not (description or "").strip():
        errors["description"] = "Say what is to be done."
    if owner_person is None and owner_post is None:
        errors["owner_person"] = "An action needs an owner: choose a person or a post."
    if due_on is None:
        errors["due_on"] = "An action needs a due date."
    elif due_on < timezone.localdate(item.meeting.starts_at):
        errors["due_on"] = "The due date is before the meeting that agreed the action."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def action_record(*, item, description, due_on, owner_person=None, owner_post=None) -> Action:
    """Record who does what by when. An action needs an owner (a person or a post) and a due date."""
    check_can_minute(item.meeting)
    _check_action(
        item, description=description, due_on=due_on, owner_person=owner_person, owner_post=owner_post
    )
    action = Action(
        item=item, description=description, due_on=due_on, owner_person=owner_person, owner_post=owner_post
    )
    action.full_clean()
    action.save()
    advance(item.meeting, Status.MINUTES_DRAFTED)
    return action


@transaction.atomic
def action_update(*, action, description, due_on, owner_person=None, owner_post=None) -> Action:
    """Correct a draft action (until the minutes are approved)."""
    check_can_minute(action.item.meeting)
    _check_action(
        action.item, description=description, due_on=due_on, owner_person=owner_person, owner_post=owner_post
    )
    action.description, action.due_on = description, due_on
    action.owner_person, action.owner_post = owner_person, owner_post
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def action_delete(*, action):
    """Remove a draft action (until the minutes are approved), and any reminder of it."""
    check_can_minute(action.item.meeting)
    notification_cancel(key_prefix=f"action:{action.pk}:")
    action.delete()


@transaction.atomic
def action_complete(*, action, on=None) -> Action:
    """Tick an action off (the tracker, not the minutes: allowed after approval)."""
    if action.done_on:
        raise ValidationError("This action is already done.")
    action.done_on = on or timezone.localdate()
    action.save(update_fields=["done_on"])
    notification_cancel(key_prefix=f"action:{action.pk}:")
    return action
