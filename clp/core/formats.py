"""Days, sums of money and figures written as the templates' filters write them in en-GB
(`date:"j M Y"`, `time:"H:i"`, `floatformat:"2g"` and `"-2g"`), for the long lists: worked out once a row in
Python instead of a template filter a cell (a filter costs some 40 µs; a hundred groups'
filters were 60 ms of the quarterly report page). Their links: clp.core.links."""

import unicodedata
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import pgettext

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
LONG_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
CENTS = Decimal("0.01")


def day(on, months=MONTHS):
    """2 Mar 2025 (with LONG_MONTHS: 2 March 2025)."""
    return f"{on.day} {months[on.month - 1]} {on.year}"


def short_day(on):
    """2 Mar (`date:"j M"`)."""
    return f"{on.day} {MONTHS[on.month - 1]}"


def clock(at):
    """19:30 (`time:"H:i"`) of a moment, in local time as the filter takes it."""
    at = timezone.localtime(at)
    return f"{at.hour:02d}:{at.minute:02d}"


def day_clock(at, between=", "):
    """3 Mar 2026, 19:30 (`date:"j M Y, H:i"`; with `between=" "`, `"j M Y H:i"`), in local time."""
    at = timezone.localtime(at)
    return f"{at.day} {MONTHS[at.month - 1]} {at.year}{between}{at.hour:02d}:{at.minute:02d}"


def moment(at):
    """Tue 3 Mar 2026, 19:30 (`date:"D j M Y, H:i"`), in local time."""
    return f"{DAYS[timezone.localtime(at).weekday()]} {day_clock(at)}"


def long_day(at):
    """3 March 2026 (`date:"j F Y"`) of a moment, in local time."""
    return day(timezone.localtime(at), LONG_MONTHS)


def figure(value, *, whole=False) -> str:
    """1,234.50 (floatformat:"2g"); with `whole`, a whole number without its decimals as
    "-2g" writes it: 1,234 but 12.50."""
    value = Decimal(value)
    if whole and value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.quantize(CENTS, rounding=ROUND_HALF_UP) + 0:,.2f}"  # + 0: no "-0.00"


def money(amount):
    """£1,200.00"""
    return f"£{figure(amount)}"


def short(text, length):
    """`truncatechars:length` as the filter writes it (Truncator.chars), for a text a row: a
    text that fits comes back whole (normalised, as the filter does), an ASCII one is cut at a
    plain index (it has no combining characters) with the translated ellipsis; any other goes
    to Truncator itself."""
    text = unicodedata.normalize("NFC", text)
    if len(text) <= length:
        return text
    form = pgettext("String to return when truncating text", "%(truncated_text)s…")
    if not text.isascii() or "%(truncated_text)s" not in form or length <= 0:
        return Truncator(text).chars(length)
    ellipsis = sum(1 for char in form.replace("%(truncated_text)s", "") if not unicodedata.combining(char))
    return form % {"truncated_text": text[: max(length - ellipsis, 0)]}
