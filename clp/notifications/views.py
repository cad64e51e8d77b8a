from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.backends.utils import csrf_input
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from clp.core.access import require
from clp.core.formats import day_clock
from clp.core.links import url_of
from clp.notifications import selectors, services
from clp.notifications.emails import read_unsubscribe_token
from clp.notifications.forms import PreferencesForm
from clp.notifications.kinds import KINDS, Channel, kind_for, kind_label
from clp.notifications.models import KindChoice, Notification, Preferences

Person = Preferences.person.field.related_model  # whoever notifications are for (officers.Person)


def _person(request):
    return getattr(request.user, "person", None)


def _own_notification(request, pk):
    """One of the user's own notifications; anyone else's is a 404."""
    person = _person(request)
    if person is None:
        raise Http404
    return get_object_or_404(Notification, pk=pk, person=person, delivered_at__isnull=False)


def inbox(request):
    person = _person(request)
    rows = selectors.inbox_for(person) if person else Notification.objects.none()
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page, "person": person})


@require_POST
def mark_read(request, pk):
    notification = _own_notification(request, pk)
    services.notification_mark_read(notification=notification, person=_person(request))
    if request.htmx:
        notification.refresh_from_db()
        return render(request, "notifications/_item.html", {"n": notification})
    return redirect("notifications:inbox")


@require_POST
def mark_all_read(request):
    person = _person(request)
    if person is not None:
        count = services.notification_mark_all_read(person=person)
        messages.success(request, f"Marked {count} notification{'s' if count != 1 else ''} as read.")
    return redirect("notifications:inbox")


def preferences(request):
    person = _person(request)
    if person is None:
        messages.info(request, "Your login is not linked to a member record, so there is nothing to set.")
        return redirect("notifications:inbox")
    prefs = Preferences.objects.filter(person=person).first() or Preferences(person=person)
    choices = dict(KindChoice.objects.filter(person=person).values_list("kind", "channel"))
    initial = {"quiet_start": prefs.quiet_start, "quiet_end": prefs.quiet_end, "digest_at": prefs.digest_at}
    form = PreferencesForm(request.POST or None, initial=initial, choices=choices)
    if request.method == "POST" and form.is_valid():
        services.preferences_update(
            person=person,
            quiet_start=form.cleaned_data["quiet_start"],
            quiet_end=form.cleaned_data["quiet_end"],
            digest_at=form.cleaned_data["digest_at"],
            channels=form.channels(),
        )
        messages.success(request, "Your notification preferences are saved.")
        return redirect("notifications:preferences")
    legal = [kind for kind in KINDS.values() if kind.legal]
    return render(request, "notifications/preferences.html", {"form": form, "legal": legal})


@login_not_required
@csrf_exempt  # RFC 8058 one-click: the mail client POSTs with no session; the signed token is the proof
def unsubscribe(request, token):
    try:
        person_id, kind = read_unsubscribe_token(token)
    except signing.BadSignature:
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=400)
    person = get_object_or_404(Person, pk=person_id)
    context = {"kind": kind_for(kind), "legal": kind_for(kind).legal}
    if request.method == "POST":
        context["done"] = services.kind_choice_set(person=person, kind=kind, channel=Channel.INBOX)
    return render(request, "notifications/unsubscribe.html", context)


@require("can_see_outbox")
def outbox(request):
    status = request.GET.get("status") or "failed"
    if status not in selectors.OUTBOX_FILTERS and status != "all":
        status = "failed"
    page = Paginator(selectors.outbox_rows(status), 100).get_page(request.GET.get("page"))
    # Each failed row has its own Retry form: the CSRF input is written once, not a
    # {% csrf_token %} per row (the same input; the token is the request's).
    token = csrf_input(request)
    retry_url = url_of("notifications:retry")
    rows = [_outbox_row(n, token, retry_url) for n in page.object_list]
    context = {"page": page, "rows": rows, "status": status, "counts": selectors.outbox_counts()}
    return render(request, "notifications/outbox.html", context)


_STATUSES = dict(Notification.Status.choices)
_BR_SMALL = "<br><small>{}</small>"


def _recipient(n):
    """Notification.recipient_label from a plain row."""
    if n["person_id"]:
        return f"{n['person__first_name']} {n['person__last_name']}".strip()
    if n["post_id"]:
        post = n["post__name"]
        if n["post__branch__name"] is not None:
            post = f"{post} ({n['post__branch__name']})"
        return f"Whoever holds {post}"
    return n["email"] or "Nobody"


def _outbox_row(n, token, retry_url):
    """One row of the outbox, written once here instead of some thirty template nodes (the
    same HTML; what users wrote is escaped)."""
    to = conditional_escape(_recipient(n))
    if n["email"]:
        to += format_html(_BR_SMALL, n["email"])
    if n["fallback"]:
        to += format_html(_BR_SMALL, n["note"])
    status = _STATUSES.get(n["status"], n["status"])
    if n["sent_at"]:
        status = format_html("{}<br><small>{}</small>", status, SafeString(day_clock(n["sent_at"])))
    retry = ""
    if n["status"] == "failed":
        retry = format_html(
            '\n        <form method="post" action="{}">{}\n'
            '          <button type="submit" class="secondary" aria-label="Retry: {}">Retry</button>\n'
            "        </form>",
            retry_url(n["pk"]),
            token,
            n["subject"],
        )
    return format_html(
        '\n    <tr>\n      <th scope="row">{}<br><small>{}</small></th>\n      <td>{}</td>\n'
        "      <td>{}</td>\n      <td>{}</td>\n      <td>{}</td>\n      <td>{}</td>\n    </tr>\n  ",
        n["subject"],
        kind_label(n["kind"]),
        to,
        SafeString(day_clock(n["send_after"])),
        status,
        n["error"] or "",
        retry,
    )


@require_POST
@require("can_see_outbox")
def retry(request, pk):
    notification = get_object_or_404(Notification, pk=pk)
    if services.notification_retry(notification=notification):
        messages.success(
            request,
            f"“{notification.subject}” will be sent again: now, or when the recipient's quiet hours "
            "end. It is under Queued until it goes.",
        )
    else:
        messages.info(request, f"“{notification.subject}” had not failed, so there is nothing to retry.")
    return redirect(reverse("notifications:outbox") + "?status=failed")
