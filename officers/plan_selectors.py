"""Reads for the development plan: a plan with each target's progress, the targets that need
their owners' attention, the plan in force on a day."""

import datetime

from django.db.models import Prefetch

from officers import plan as rules
from officers.models import Objective, Plan, ProgressUpdate, Target


def plans():
    return Plan.objects.all()


def plan_on(day):
    """The plan in force on `day` (the latest to start), or None."""
    return Plan.objects.filter(starts_on__lte=day, ends_on__gte=day).order_by("-starts_on").first()


def _targets():
    """Targets with their updates, newest first, in `newest_updates` (a list: prefetched into
    the manager, Django made a queryset per target, the plan page's most costly part)."""
    latest = ProgressUpdate.objects.order_by("-on", "-pk")
    return Target.objects.select_related("owner__branch", "objective__plan", "branch").prefetch_related(
        Prefetch("updates", queryset=latest, to_attr="newest_updates")
    )


def progress_of(targets, today):
    """[Progress] for `targets` (read through _targets(), or each asks for its updates) on `today`."""
    targets = list(targets)
    automatic = rules.automatic_achieved(targets, today)
    found = []
    for target in targets:
        updates = getattr(target, "newest_updates", None)
        if updates is None:  # a target not read through _targets()
            updates = list(target.updates.order_by("-on", "-pk"))
        if target.is_automatic:
            achieved, updated_on = automatic.get(target.pk, 0), today
        else:
            achieved = updates[0].value if updates else 0
            updated_on = updates[0].on if updates else None
        found.append(
            rules.progress(
                target,
                achieved=achieved,
                starts_on=target.objective.plan.starts_on,
                today=today,
                updated_on=updated_on,
            )
        )
    return found


def plan_progress(plan, today):
    """[(objective, [Progress])] for the plan, objectives by function."""
    objectives = list(
        Objective.objects.filter(plan=plan).prefetch_related(
            Prefetch("targets", queryset=_targets(), to_attr="target_list")
        )
    )
    every = progress_of([t for o in objectives for t in o.target_list], today)
    by_target = {p.target.pk: p for p in every}
    return [(o, [by_target[t.pk] for t in o.target_list]) for o in objectives]


def target_queryset():
    """Targets with their owner, plan and `newest_updates` (a target's page)."""
    return _targets()


def targets_needing_attention(post_ids, today):
    """The off-track and overdue targets owned by `post_ids`, of plans in force or ended in
    the last 30 days."""
    if not post_ids:
        return []
    targets = _targets().filter(
        owner_id__in=post_ids, objective__plan__ends_on__gte=today - datetime.timedelta(days=30)
    )
    return [p for p in progress_of(targets, today) if p.needs_attention]
