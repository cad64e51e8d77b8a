"""The development plan's rules: how far a target has got against the time gone, and which
targets update themselves.

A target's status, judged on a day (pure, tested without a database):
- met: what is reached is the number set, or more;
- overdue: its date has passed and it is not met;
- off track: the share reached is more than OFF_TRACK_MARGIN behind the share of the time
  gone (from the plan's start to the target's date);
- on track: otherwise.

Targets with a measure other than "updated by its owner" are counted from data that lives in
apps above officers (the membership reports in branches, the ledger in finance, the diary in
meetings). officers may not import them, so the top layer hands the counting down through
the PLAN_MEASURES_PROVIDER setting (as NOTIFICATIONS_RECIPIENT_RESOLVER does for the engine):
a function `achieved(targets, today) -> {target id: Decimal}` for the automatic targets.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from django.conf import settings
from django.dispatch import Signal
from django.utils.module_loading import import_string

from clp.core.formats import figure, money

MET, ON_TRACK, OFF_TRACK, OVERDUE = "met", "on_track", "off_track", "overdue"
LABELS = {MET: "Met", ON_TRACK: "On track", OFF_TRACK: "Off track", OVERDUE: "Overdue"}
OFF_TRACK_MARGIN = 15  # percentage points behind the time gone

# Sent when a plan is made or its dates change (plan=...): meetings puts the standing review
# of the plan on the Executive's agendas in its period.
plan_saved = Signal()


def percent(part, whole) -> int:
    if not whole:
        return 0
    return int(Decimal(100) * Decimal(part) / Decimal(whole))


def time_elapsed(starts_on, due_on, today) -> int:
    """The share of the time from `starts_on` to `due_on` gone by `today`, as a whole percent."""
    if today >= due_on:
        return 100
    if today <= starts_on:
        return 0
    return percent((today - starts_on).days, (due_on - starts_on).days)


def status(*, target_value, achieved, starts_on, due_on, today) -> str:
    if achieved >= target_value:
        return MET
    if today > due_on:
        return OVERDUE
    if percent(achieved, target_value) + OFF_TRACK_MARGIN < time_elapsed(starts_on, due_on, today):
        return OFF_TRACK
    return ON_TRACK


@dataclass
class Progress:
    """A target as it stands on a day."""

    target: object
    achieved: Decimal
    done: int  # percent
    elapsed: int  # percent of the time gone
    status: str
    updated_on: datetime.date | None = None

    @property
    def label(self):
        return LABELS[self.status]

    @property
    def reached(self) -> str:
        """What is reached of what is set: "£1,234.50 of £2,000.00" or "12 of 40 members"."""
        target = self.target
        if target.is_money:
            return f"{money(self.achieved)} of {money(target.target_value)}"
        of = f"{figure(self.achieved, whole=True)} of {figure(target.target_value, whole=True)}"
        return f"{of} {target.unit}"

    @property
    def needs_attention(self):
        return self.status in (OFF_TRACK, OVERDUE)


def progress(target, *, achieved, starts_on, today, updated_on=None) -> Progress:
    achieved = Decimal(achieved or 0)
    return Progress(
        target=target,
        achieved=achieved,
        done=min(percent(achieved, target.target_value), 999),
        elapsed=time_elapsed(starts_on, target.due_on, today),
        status=status(
            target_value=target.target_value,
            achieved=achieved,
            starts_on=starts_on,
            due_on=target.due_on,
            today=today,
        ),
        updated_on=updated_on,
    )


@cache
def _provider():
    path = getattr(settings, "PLAN_MEASURES_PROVIDER", "")
    return import_string(path) if path else None


def automatic_achieved(targets, today) -> dict:
    """{target id: achieved} for the automatic targets, from the provider the top layer names."""
    automatic = [t for t in targets if t.is_automatic]
    provider = _provider()
    if not automatic or provider is None:
        return {}
    return provider(automatic, today)
