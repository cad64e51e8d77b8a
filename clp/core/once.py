"""A form is acted on once: a double click, back-and-resubmit or the same form sent from
two tabs makes one record.

Every create form carries a one-time token, `{% once_token %}` inside the <form> (the
template library `once`), and its view is decorated with `@submit_once`:

    @submit_once
    def meeting_create(request): ...          # POST: create, then redirect to the new meeting

A POST is recognised as one already sent by its token (the same page sent twice: a double
click, back-and-resubmit, a duplicated tab), or by its content (the same fields and files
sent by the same person to the same address within ONCE_SAME_CONTENT_SECONDS: the form
filled in twice in two tabs). The first claims both (an atomic add in the cache, Redis in
production) and runs the view. If the view answers with a redirect, they remember where to,
and a later POST recognised as the same is sent there too ("That was already saved")
without running the view again; one that arrives while the first is still running waits
for it. If the view answers otherwise (the form had errors) or fails, both are given back,
so the corrected form can be sent. The submit button is also disabled while its form is
sending (static/js/once.js), so most second clicks never leave the browser.
"""

import hashlib
import logging
import re
import secrets
import time
from functools import wraps

from django import template
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe

FIELD = "once"
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
_WORKING = "…"  # the value of a claimed token whose view has not answered yet

log = logging.getLogger(__name__)
register = template.Library()


def new_token() -> str:
    return secrets.token_urlsafe(18)


@register.simple_tag
def once_token():
    """The hidden field that makes the form it is in a one-time form. Written without
    format_html (the token is URL-safe base64: nothing to escape), as the long lists write it
    once a row (meetings.rows)."""
    return mark_safe(f'<input type="hidden" name="{FIELD}" value="{new_token()}">')  # noqa: S308


def _keys(request):
    """The cache keys this POST is known by: its token's, if it has one, and its content's."""
    who = getattr(request.user, "pk", None) or "-"
    keys = []
    token = request.POST.get(FIELD, "")
    if _TOKEN.fullmatch(token):
        keys.append((f"once:{who}:{token}", settings.ONCE_TOKEN_SECONDS))
    content = hashlib.sha256(request.path.encode())
    for name in sorted(request.POST):
        if name not in {FIELD, "csrfmiddlewaretoken"}:
            content.update(repr((name, request.POST.getlist(name))).encode())
    for name in sorted(request.FILES):
        content.update(repr([(name, f.name, f.size) for f in request.FILES.getlist(name)]).encode())
    keys.append((f"once:{who}:content:{content.hexdigest()}", settings.ONCE_SAME_CONTENT_SECONDS))
    return keys


def _claim(key, seconds) -> bool:
    try:
        return cache.add(key, _WORKING, seconds)
    except Exception:  # the cache is down: act on the form rather than refuse it
        log.exception("A one-time form token could not be claimed")
        return True


def _outcome(key):
    """Where the first sending led, waiting a little for it to finish (None: unknown)."""
    deadline = time.monotonic() + settings.ONCE_WAIT_SECONDS
    while True:
        value = cache.get(key)
        if value != _WORKING or time.monotonic() >= deadline:
            return value
        time.sleep(0.1)


def _release(keys):
    try:
        cache.delete_many([key for key, _ in keys])
    except Exception:
        log.exception("One-time form tokens could not be given back")


def submit_once(view):
    """View decorator: a POST already acted on (by its token or its content) is not acted
    on again; it is sent where the first one led."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "POST":
            return view(request, *args, **kwargs)
        keys = _keys(request)
        claimed = []
        for key, seconds in keys:
            if not _claim(key, seconds):
                _release(claimed)
                done = _outcome(key)
                if done and done != _WORKING:
                    messages.info(
                        request,
                        "That was already saved a moment ago, so it has not been saved twice. To "
                        "record a second one just like it, change something on the form first.",
                    )
                    return redirect(done)
                return render(request, "once_busy.html", status=409)
            claimed.append((key, seconds))
        try:
            response = view(request, *args, **kwargs)
        except BaseException:
            _release(keys)
            raise
        location = response.get("Location") if 300 <= response.status_code < 400 else None
        if location:
            try:
                for key, seconds in keys:
                    cache.set(key, location, seconds)
            except Exception:
                log.exception("A one-time form token could not be kept")
        else:
            _release(keys)
        return response

    wrapper.submit_once = True
    return wrapper
