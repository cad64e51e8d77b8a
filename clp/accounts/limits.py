"""Rate limits on what a password alone cannot protect (django-ratelimit).

- Asking for a password reset email: RATELIMIT_PASSWORD_RESET per client address and per
  email address asked for, so that nobody can flood an inbox or the mail server.
- Entering two-factor codes: RATELIMIT_TWO_FACTOR per account, from whatever address; on
  top of django-otp's own pause, which doubles after each wrong code on one device.

The client address is the lockout's (clp.accounts.security.client_ip): behind the proxy,
each visitor counts alone. Counters live in the cache (Redis in production). If the cache
cannot be reached the limit is skipped and the failure logged, rather than refuse everyone.
"""

import logging
from functools import wraps

from django.conf import settings
from django_ratelimit.core import _split_rate, is_ratelimited

from clp.core.errors import too_many

log = logging.getLogger(__name__)


def _limited(request, group, key, rate):
    try:
        return is_ratelimited(request, group=group, key=key, rate=rate, method="POST", increment=True)
    except Exception:  # the cache is down: log it and let the request through
        log.exception("Rate limit %s could not be checked", group)
        return False


def _email_key(group, request):
    return request.POST.get("email", "").strip().lower()[:254]


def limit_password_reset(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        rate = settings.RATELIMIT_PASSWORD_RESET
        by_address = _limited(request, "password-reset-ip", "ip", rate)
        by_email = _limited(request, "password-reset-email", _email_key, rate)
        if by_address or by_email:
            return too_many(
                request,
                "A password reset email has been asked for too many times in the last hour, from "
                "here or for this address. If one has come, use the newest; otherwise try again "
                "in an hour, or ask the CLP Secretary.",
            )
        return view(request, *args, **kwargs)

    return wrapper


def limit_two_factor(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated and _limited(
            request, "two-factor", "user", settings.RATELIMIT_TWO_FACTOR
        ):
            minutes = max(1, _split_rate(settings.RATELIMIT_TWO_FACTOR)[1] // 60)
            return too_many(
                request,
                "Too many codes have been tried for this account, so entering codes is paused "
                f"to keep it safe. Wait up to {minutes} minutes, then try the newest code from "
                "your app. If it was not you, change your password and tell the CLP Secretary.",
            )
        return view(request, *args, **kwargs)

    return wrapper
