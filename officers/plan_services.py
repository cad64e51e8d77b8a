"""Writes for the development plan: the plan, its objectives, their targets, progress updates."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from officers.models import Objective, Plan, ProgressUpdate, Target
from officers.plan import plan_saved

PENCE = Decimal("0.01")


@transaction.atomic
def plan_create(*, title, starts_on, ends_on, agreed_on=None) -> Plan:
    """A plan for (about) a year. The Executive's agendas in its period get its review."""
    if starts_on and ends_on and ends_on <= starts_on:
        raise ValidationError({"ends_on": "A plan must end after it starts."})
    plan = Plan(title=title, starts_on=starts_on, ends_on=ends_on, agreed_on=agreed_on)
    plan.full_clean()
    plan.save()
    plan_saved.send(sender=Plan, plan=plan)
    return plan


@transaction.atomic
def objective_add(*, plan, function, title) -> Objective:
    objective = Objective(plan=plan, function=function, title=title)
    objective.full_clean()
    objective.save()
    return objective


@transaction.atomic
def target_add(
    *,
    objective,
    description,
    target_value,
    due_on,
    owner,
    measure=Target.Measure.MANUAL,
    unit="",
    branch=None,
) -> Target:
    """A measurable target: a number to reach by a date, owned by a post."""
    errors = {}
    if target_value is None or target_value <= 0:
        errors["target_value"] = "Give the number to reach, more than 0 (e.g. 40 new members)."
    elif target_value != target_value.quantize(PENCE):
        errors["target_value"] = "Give the number in whole units or pounds and pence, e.g. 3000.00."
    plan = objective.plan
    if due_on is None:
        errors["due_on"] = "Give the date the target is to be reached by."
    elif not plan.starts_on < due_on <= plan.ends_on:
        errors["due_on"] = (
            f"The date must be within the plan, after {plan.starts_on:%d %B %Y} "
            f"and by {plan.ends_on:%d %B %Y}."
        )
    if owner is None:
        errors["owner"] = "Give the post that owns the target."
    if errors:
        raise ValidationError(errors)
    target = Target(
        objective=objective, description=description, target_value=target_value, due_on=due_on,
        owner=owner, measure=measure, unit=unit, branch=branch,
    )  # fmt: skip
    target.full_clean()
    target.save()
    return target


@transaction.atomic
def progress_record(*, target, value, on, note="", by=None) -> ProgressUpdate:
    """Where a target stands, from its owner. A target that updates itself takes none."""
    if target.is_automatic:
        raise ValidationError(
            f"This target updates itself ({target.get_measure_display()}): there is nothing to enter."
        )
    if value is None or value < 0:
        raise ValidationError({"value": "Give how far the target has got: 0 or more."})
    if value != value.quantize(PENCE):
        raise ValidationError({"value": "Give the number in whole units or pounds and pence."})
    plan = target.objective.plan
    if on > timezone.localdate():
        raise ValidationError(
            {"on": "Progress is recorded as it stands today or earlier, not in the future."}
        )
    if on < plan.starts_on:
        raise ValidationError(
            {"on": f"The plan starts on {plan.starts_on:%-d %B %Y}: give a day from then on."}
        )
    update = ProgressUpdate(target=target, value=value, on=on, note=note, by=by)
    update.full_clean()
    update.save()
    return update
