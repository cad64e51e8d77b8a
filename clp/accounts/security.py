"""Small hooks the security libraries call (django-axes, django-ratelimit)."""

from axes.helpers import get_client_ip_address

# The longest email address there can be (RFC 5321); the lockout's column holds 255.
MAX_EMAIL = 254


def login_username(request, credentials=None):
    """The email address a login attempt names, as the login form cleans it (trimmed,
    lower case), so that `Sam@X.org` and `sam@x.org ` count against the same lockout. A
    longer one cannot be anyone's: it is cut to fit the lockout's record."""
    value = (credentials or {}).get("username") or request.POST.get("username") or ""
    return value.strip().lower()[:MAX_EMAIL]


def client_ip(request):
    """The client's address as the login lockout sees it (django-ipware through django-axes,
    from forwarded headers only a trusted proxy can have left: clp.core.proxy), so that the
    rate limits and the lockout count the same person the same way."""
    return get_client_ip_address(request) or request.META.get("REMOTE_ADDR") or "0.0.0.0"  # noqa: S104
