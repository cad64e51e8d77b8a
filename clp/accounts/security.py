"""Small hooks the security libraries call (django-axes)."""


def login_username(request, credentials=None):
    """The email address a login attempt names, as the login form cleans it (trimmed,
    lower case), so that `Sam@X.org` and `sam@x.org ` count against the same lockout."""
    value = (credentials or {}).get("username") or request.POST.get("username") or ""
    return value.strip().lower()
