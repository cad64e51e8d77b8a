"""Reads for the development plan: a plan with each target's progress, the targets that need
their owners' attention, the plan in force on a day."""

import datetime

from django.db.models import OuterRef, Prefetch, Subquery

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


def progress_of(targets, today, latest=None):
    """[Progress] for `targets` (read through _targets(), or each asks for its updates) on
    `today`; `latest` ({target id: (value, on)}) may give each target's newest update instead."""
    targets = list(targets)
    automatic = rules.automatic_achieved(targets, today)
    found = []
    for target in targets:
        if latest is not None:
            newest = latest.get(target.pk)
        else:
            updates = getattr(target, "newest_updates", None)
            if updates is None:  # a target not read through _targets()
                updates = list(target.updates.order_by("-on", "-pk"))
            newest = (updates[0].value, updates[0].on) if updates else None
        if target.is_automatic:
            achieved, updated_on = automatic.get(target.pk, 0), today
        else:
            achieved, updated_on = newest if newest else (0, None)
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


# What the plan's page and its chart read of a target and its owner (whole posts and their
# branches, the objective and plan again for every target, and every update as a model were
# a third of the page's calls).
PLAN_TARGET_READ = (
    "objective_id", "description", "measure", "unit", "target_value", "due_on", "owner_id", "branch_id",
    "owner__name", "owner__branch_id", "owner__branch__name",
)  # fmt: skip


def plan_progress(plan, today):
    """[(objective, [Progress])] for the plan, objectives by function: three queries."""
    objectives = list(Objective.objects.filter(plan=plan))
    by_objective = {o.pk: o for o in objectives}
    for o in objectives:
        o.plan, o.target_list = plan, []
    targets = (
        Target.objects.filter(objective__plan=plan).select_related("owner__branch").only(*PLAN_TARGET_READ)
    )
    for target in targets:
        target.objective = by_objective[target.objective_id]
        target.objective.target_list.append(target)
    newest = ProgressUpdate.objects.filter(target__objective__plan=plan).order_by("target_id", "-on", "-pk")
    latest = {
        pk: (value, on)
        for pk, value, on in newest.distinct("target_id").values_list("target_id", "value", "on")
    }
    every = progress_of([t for o in objectives for t in o.target_list], today, latest)
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
    # Each target's newest update in the targets' own query, two columns of a subquery (they
    # were a second query, of every update of every target, for the newest of each).
    newest = ProgressUpdate.objects.filter(target=OuterRef("pk")).order_by("-on", "-pk")
    targets = list(
        Target.objects.select_related("owner__branch", "objective__plan", "branch")
        .filter(owner_id__in=post_ids, objective__plan__ends_on__gte=today - datetime.timedelta(days=30))
        .annotate(
            newest_value=Subquery(newest.values("value")[:1]), newest_on=Subquery(newest.values("on")[:1])
        )
    )
    latest = {t.pk: (t.newest_value, t.newest_on) for t in targets if t.newest_on is not None}
    return [p for p in progress_of(targets, today, latest) if p.needs_attention]
