"""The emails: HTML and plain-text parts, a link to the page it is about and one to stop
that kind (a signed one-click link; legal deadlines have none)."""

import hashlib

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.module_loading import import_string

from clp.notifications.kinds import kind_for

UNSUBSCRIBE_SALT = "clp.notifications.unsubscribe"


def unsubscribe_token(person_id, kind):
    return signing.dumps([person_id, kind], salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token):
    """(person_id, kind) from a token, or raise signing.BadSignature."""
    person_id, kind = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    return int(person_id), str(kind)


def absolute(url):
    if not url:
        return ""
    return url if url.startswith(("http://", "https://")) else settings.SITE_URL + url


def stop_link(person_id, kind):
    """The signed one-click link that stops emails of `kind` to this person."""
    return absolute(reverse("notifications:unsubscribe", args=[unsubscribe_token(person_id, kind)]))


def _message_id(row):
    # Stable per notification, so a mail server or client can tell a repeat from a new one.
    digest = hashlib.sha256(row.key.encode()).hexdigest()[:16]
    return f"<notification-{row.pk}-{digest}@clp-desk>"


def notification_message(row, *, connection=None, made=None):
    """The email for one notification. `made` is a dict shared by one sending: an attachment
    (the agenda circulated to 25 people) is exported once for all of them, not once each."""
    kind = kind_for(row.kind)
    stop_url = ""
    if row.person_id and not row.legal and not kind.legal:
        stop_url = stop_link(row.person_id, row.kind)
    context = {
        "n": row,
        "kind": kind,
        "link": absolute(row.url),
        "stop_url": stop_url,
        "preferences_url": absolute(reverse("notifications:preferences")),
        "clp_name": settings.CLP_NAME,
        "body_html": import_string(kind.html)(row) if kind.html else "",
    }
    subject = f"[{row.post} vacant] {row.subject}" if row.fallback and row.post_id else row.subject
    headers = {"Message-ID": _message_id(row)}
    if stop_url:
        headers["List-Unsubscribe"] = f"<{stop_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"  # RFC 8058
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("notifications/email/notification.txt", context),
        to=[row.email],
        headers=headers,
        connection=connection,
    )
    message.attach_alternative(
        render_to_string("notifications/email/notification.html", context), "text/html"
    )
    made = {} if made is None else made
    for path, args in row.attachments:
        key = (path, repr(args))
        if key not in made:
            made[key] = import_string(path)(*args)
        filename, content_type, content = made[key]
        message.attach(filename, content, content_type)
    return message


def digest_message(person, rows):
    kinds = list(dict.fromkeys(r.kind for r in rows if not r.legal and not kind_for(r.kind).legal))
    stops = [{"kind": kind_for(k), "url": stop_link(person.pk, k)} for k in kinds] if person else []
    context = {
        "person": person,
        "items": [{"n": r, "link": absolute(r.url), "kind": kind_for(r.kind)} for r in rows],
        "stops": stops,
        "inbox_url": absolute(reverse("notifications:inbox")),
        "preferences_url": absolute(reverse("notifications:preferences")),
        "clp_name": settings.CLP_NAME,
    }
    count = len(rows)
    message = EmailMultiAlternatives(
        subject=f"Your daily digest: {count} reminder{'s' if count != 1 else ''}",
        body=render_to_string("notifications/email/digest.txt", context),
        to=[rows[0].email or person.email],
    )
    if len(stops) == 1:  # one kind: a mail client's own unsubscribe button can stop it
        message.extra_headers["List-Unsubscribe"] = f"<{stops[0]['url']}>"
        message.extra_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.attach_alternative(render_to_string("notifications/email/digest.html", context), "text/html")
    return message
