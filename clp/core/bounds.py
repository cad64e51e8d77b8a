"""Every input bounded where it enters: dates within sane years, text no longer than its
column, numbers that fit theirs, in forms and in query parameters alike.

Forms:  class DonationForm(Bounded, forms.ModelForm): ...
    Every date and date-time field accepts only years INPUT_YEAR_MIN to INPUT_YEAR_MAX
    (1900 to 2100 by default), with the range on the widget too (min/max); a CharField or
    EmailField with no max_length gets one (a ModelForm's come from the model's columns, an
    email's is 254, a TextField's TEXT_MAX_LENGTH); an integer with no bounds gets the
    column's (a 32-bit signed integer); a decimal with no max_digits gets MONEY_MAX_DIGITS;
    a file's name is at most FILE_NAME_MAX_LENGTH characters. A form that sets tighter
    bounds itself keeps them.

Query parameters:  year = year_param(request, default=today.year)
    The value if it is a whole number in range, else the default: a list never fails on
    `?year=-1` or a 20-digit year; it shows the default instead.

Everything that cannot be bounded on a field (a formset's count, a total) is checked by
the form or service that knows it, with `check_count`.
"""

import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import (
    DecimalValidator,
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
)
from django.utils.http import url_has_allowed_host_and_scheme

EMAIL_MAX_LENGTH = 254  # RFC 5321
TEXT_MAX_LENGTH = 20_000  # a TextField, or a plain CharField with nothing better to go on
FILE_NAME_MAX_LENGTH = 100  # Django's FileField column
INT_MIN, INT_MAX = -(2**31), 2**31 - 1  # the smallest integer column
MONEY_MAX_DIGITS = 12


def years():
    return settings.INPUT_YEAR_MIN, settings.INPUT_YEAR_MAX


def first_day():
    return datetime.date(settings.INPUT_YEAR_MIN, 1, 1)


def last_day():
    return datetime.date(settings.INPUT_YEAR_MAX, 12, 31)


def date_error():
    low, high = years()
    return f"Enter a date between {low} and {high}."


def check_date(value):
    """Raise ValidationError unless `value` (a date or date-time, or None) is in range."""
    if value is None:
        return
    day = value.date() if isinstance(value, datetime.datetime) else value
    if not first_day() <= day <= last_day():
        raise ValidationError(date_error(), code="date_out_of_range")


def check_count(count, *, expected=None, most=None, what="rows"):
    """Raise ValidationError when a posted count is not what the page offered (`expected`)
    or more than allowed (`most`): a forged or stale formset, a list of ids."""
    if expected is not None and count != expected:
        raise ValidationError(
            f"The form had {count} {what} where the page showed {expected}. The page has changed "
            "since it was opened: reload it and enter them again.",
            code="count_mismatch",
        )
    if most is not None and count > most:
        raise ValidationError(f"At most {most} {what} can be sent at once.", code="too_many")


def _model_max_length(form, name):
    """The column length for the form field `name`: from the ModelForm's model, or from the
    model a plain form names as `length_from`."""
    model = getattr(getattr(form, "_meta", None), "model", None) or getattr(form, "length_from", None)
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - a form field with no column of its own
        return None
    if getattr(field, "max_length", None):
        return field.max_length
    if field.get_internal_type() == "TextField":
        return TEXT_MAX_LENGTH
    return None


def _has(field, validator_class):
    return any(isinstance(v, validator_class) for v in field.validators)


def _cap_length(field, limit):
    field.max_length = limit
    field.validators.append(MaxLengthValidator(limit))
    field.widget.attrs.update(field.widget_attrs(field.widget))


def bound_field(field, *, max_length=None):
    """Give `field` the bounds it lacks (see the module's docstring). Returns the field."""
    if isinstance(field, forms.DateField | forms.DateTimeField | forms.SplitDateTimeField):
        field.validators.append(check_date)
        input_type = getattr(field.widget, "input_type", "")
        if input_type in {"date", "datetime-local"}:
            time = "" if input_type == "date" else "T00:00"
            field.widget.attrs.setdefault("min", first_day().isoformat() + time)
            field.widget.attrs.setdefault("max", last_day().isoformat() + ("" if not time else "T23:59"))
    elif isinstance(field, forms.FileField):
        field.max_length = field.max_length or FILE_NAME_MAX_LENGTH
    elif isinstance(field, forms.EmailField) and (field.max_length or 999) > EMAIL_MAX_LENGTH:
        _cap_length(field, EMAIL_MAX_LENGTH)  # Django's own default is 320
    elif isinstance(field, forms.CharField) and not field.max_length:  # URLField, SlugField too
        _cap_length(field, max_length or TEXT_MAX_LENGTH)
    elif isinstance(field, forms.DecimalField) and field.max_digits is None:
        field.max_digits = MONEY_MAX_DIGITS
        field.validators = [v for v in field.validators if not isinstance(v, DecimalValidator)]
        field.validators.append(DecimalValidator(field.max_digits, field.decimal_places))
    if isinstance(field, forms.IntegerField) and not isinstance(field, forms.DecimalField | forms.FloatField):
        if field.min_value is None and not _has(field, MinValueValidator):
            field.validators.append(MinValueValidator(INT_MIN))
        if field.max_value is None and not _has(field, MaxValueValidator):
            field.validators.append(MaxValueValidator(INT_MAX))
    return field


class Bounded:
    """Form mixin: every field gets the bounds it lacks (see the module's docstring), also
    those a form adds after it is made (they are bounded before it is cleaned). A plain
    form whose fields are a model's may name it, `length_from = Person`, for their lengths."""

    length_from = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._bound_fields()

    def _bound_fields(self):
        for name, field in self.fields.items():
            if not getattr(field, "_bounded", False):
                bound_field(field, max_length=_model_max_length(self, name))
                field._bounded = True

    def full_clean(self):
        self._bound_fields()
        super().full_clean()


def int_param(request, name, default=None, *, low=INT_MIN, high=INT_MAX):
    """The query parameter `name` as a whole number from `low` to `high`, else `default`."""
    raw = request.GET.get(name, "")
    if not raw or len(raw) > 20:
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        return default
    return value if low <= value <= high else default


def year_param(request, name="year", default=None):
    """The query parameter `name` as a year within INPUT_YEAR_MIN..INPUT_YEAR_MAX, else `default`."""
    low, high = years()
    return int_param(request, name, default, low=low, high=high)


def date_param(request, name, default=None):
    """The query parameter `name` as an ISO date (YYYY-MM-DD) within range, else `default`."""
    raw = request.GET.get(name, "")
    if not raw or len(raw) > 10:
        return default
    try:
        value = datetime.date.fromisoformat(raw)
    except ValueError:
        return default
    return value if first_day() <= value <= last_day() else default


def next_url(request, default):
    """Where `next` (posted or in the query) asks to go, if it is a path on this site, else
    `default` (a URL). Never a view name, another site or a scheme-relative //host."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if (
        url.startswith("/")
        and not url.startswith(("//", "/\\"))
        and len(url) <= 2000
        and url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure())
    ):
        return url
    return default
