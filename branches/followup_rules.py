"""How well a branch follows up its members, over plain data (no database).

The targets are the CLP's own (issue 17): a new member welcomed within 14 days of the branch
hearing of them, a lapsed member contacted within 30. A follow-up counts once its window has
passed or its target was met; one still inside its window counts for nothing yet, so a branch
is never marked down for a report it received yesterday.
"""

import datetime
from dataclasses import dataclass

WELCOME_WITHIN_DAYS = 14
LAPSED_CONTACT_WITHIN_DAYS = 30
RATE_PERIOD_DAYS = 365  # follow-ups opened in the last year


@dataclass(frozen=True)
class Facts:
    """One follow-up: why, when the branch heard, and the first day its target was met
    (welcomed, for a new member; reached at all, for a lapsed one), or None."""

    reason: str
    opened_on: datetime.date
    met_on: datetime.date | None


@dataclass(frozen=True)
class Rate:
    label: str
    met: int
    counted: int
    pending: int  # still inside their window, not yet met

    @property
    def percent(self):
        return round(100 * self.met / self.counted) if self.counted else None

    def __str__(self):
        if not self.counted:
            return f"{self.label}: none to count yet"
        return f"{self.label}: {self.met} of {self.counted} ({self.percent}%)"


def rate(facts, *, reason, within_days, today, label):
    met = counted = pending = 0
    for fact in facts:
        if fact.reason != reason:
            continue
        deadline = fact.opened_on + datetime.timedelta(days=within_days)
        on_time = fact.met_on is not None and fact.met_on <= deadline
        if on_time:
            met += 1
            counted += 1
        elif today > deadline:
            counted += 1
        else:
            pending += 1
    return Rate(label, met, counted, pending)


def branch_rates(facts, *, today):
    """(welcomed within 14 days, lapsed contacted within 30) for one branch's follow-ups."""
    facts = list(facts)
    return (
        rate(
            facts,
            reason="new",
            within_days=WELCOME_WITHIN_DAYS,
            today=today,
            label=f"New members welcomed within {WELCOME_WITHIN_DAYS} days",
        ),
        rate(
            facts,
            reason="lapsed",
            within_days=LAPSED_CONTACT_WITHIN_DAYS,
            today=today,
            label=f"Lapsed members contacted within {LAPSED_CONTACT_WITHIN_DAYS} days",
        ),
    )
