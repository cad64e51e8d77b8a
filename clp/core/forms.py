"""A service's refusal, shown where the user will read it.

Services validate inside their transaction and raise ValidationError when they refuse, so
nothing is half-saved. Views hand that refusal to the form that was posted (as field or
form errors) or, where there is no form on the page, to the messages shown at the top.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest


def errors_into(target, error: ValidationError) -> None:
    """Put `error`'s messages on `target`: a form (each on its field when the form has a
    field of that name, else on the form) or a request (as error messages)."""
    if isinstance(target, HttpRequest):
        for message in error.messages:
            messages.error(target, message)
        return
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target.add_error(field if field in target.fields else None, errors)
    else:
        target.add_error(None, error)


def attempt(target, service, /, **kwargs):
    """Call `service(**kwargs)`. Returns (True, its result); or, when it refuses with a
    ValidationError, puts the refusal on `target` (see `errors_into`) and returns (False, the
    refusal), for a view that shows more of it (the rules an appointment would break).

        ok, donation = attempt(form, services.donation_record, amount=..., by=request.user)
        if ok:
            return redirect(donation)
    """
    try:
        return True, service(**kwargs)
    except ValidationError as error:
        errors_into(target, error)
        return False, error
