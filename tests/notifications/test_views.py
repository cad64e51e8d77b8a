"""The inbox, preferences, the stop link, and the Secretary's outbox page and command."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from clp.notifications import selectors
from clp.notifications.emails import unsubscribe_token
from clp.notifications.models import KindChoice, Notification, Preferences
from clp.notifications.selectors import OUTBOX_FILTERS
from tests.factories.notifications import NotificationFactory

Status = Notification.Status
pytestmark = pytest.mark.django_db


def test_the_inbox_lists_what_reached_me_and_the_navigation_counts_the_unread(member, client_for):
    NotificationFactory(person=member, delivered=True, subject="Agenda for Thursday")
    NotificationFactory(
        person=member, delivered=True, subject="Minutes approved", read_at="2026-11-24T10:00Z"
    )
    NotificationFactory(person=member, subject="Not due yet")
    NotificationFactory(delivered=True, subject="Someone else's")
    response = client_for(member).get(reverse("notifications:inbox"))
    text = response.content.decode()
    assert "Agenda for Thursday" in text and "Minutes approved" in text
    assert "Not due yet" not in text and "Someone else" not in text
    assert response.context["unread_count"] == 1
    assert 'aria-label="1 unread"' in text


def test_the_inbox_page_takes_a_fixed_number_of_queries(member, client_for, django_assert_max_num_queries):
    NotificationFactory.create_batch(30, person=member, delivered=True, subject="Agenda for the GC")
    client = client_for(member)
    # Session, user, two-factor device, person, terms today, unread count (layout); the page
    # count and the page's rows.
    with django_assert_max_num_queries(8):
        response = client.get(reverse("notifications:inbox"))
    assert response.status_code == 200
    assert response.content.decode().count("Mark as read: Agenda for the GC") == 30


def test_marking_one_read_and_then_all(member, client_for):
    a, b = NotificationFactory.create_batch(2, person=member, delivered=True)
    client = client_for(member)
    assert client.post(reverse("notifications:mark_read", args=[a.pk])).status_code == 302
    a.refresh_from_db()
    assert a.read_at is not None
    response = client.post(reverse("notifications:mark_read", args=[b.pk]), headers={"HX-Request": "true"})
    assert "Mark as read" not in response.content.decode()
    NotificationFactory(person=member, delivered=True)
    client.post(reverse("notifications:mark_all_read"))
    assert not Notification.objects.filter(person=member, read_at=None).exists()


def test_nobody_can_mark_someone_elses_notification(member, secretary, client_for):
    theirs = NotificationFactory(person=secretary, delivered=True)
    assert client_for(member).post(reverse("notifications:mark_read", args=[theirs.pk])).status_code == 404


def test_preferences_save_quiet_hours_and_a_channel_per_kind_but_not_for_legal_kinds(treasurer, client_for):
    client = client_for(treasurer)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert 'name="kind_quarterly_report_due"' not in page
    assert "always come by email" in page
    data = {"quiet_start": "22:00", "quiet_end": "07:30", "digest_at": "08:00"}
    # every kind the page offers (the apps add kinds), by email unless set below
    data |= {f"kind_{k}": "email" for k in re.findall(r'name="kind_(\w+)"', page)}
    data["kind_action_due"] = "email"
    data |= {f"kind_{k}": "digest" for k in ("handover_glu", "agm_preparation", "meeting_reminder")}
    data |= {
        f"kind_{k}": "inbox"
        for k in (
            "agenda_circulation",
            "agenda_overdue",
            "minutes_circulation",
            "actions_overdue_digest",
            "branch_mailing",
            "bank_signatories",
        )
    }
    data["kind_quarterly_report_due"] = "inbox"  # a forged field is ignored
    assert client.post(reverse("notifications:preferences"), data).status_code == 302
    prefs = Preferences.objects.get(person=treasurer)
    assert (prefs.quiet_start.hour, prefs.quiet_end.minute) == (22, 30)
    assert KindChoice.objects.get(person=treasurer, kind="action_due").channel == "email"
    assert not KindChoice.objects.filter(kind="quarterly_report_due").exists()


def test_a_preferences_form_with_a_bad_time_says_so(treasurer, client_for):
    response = client_for(treasurer).post(reverse("notifications:preferences"), {"quiet_start": "late"})
    assert response.status_code == 200
    assert "Enter a time on the 24-hour clock, such as 23:00." in response.content.decode()
    assert not Preferences.objects.exists()  # nothing saved half-way


def test_the_stop_link_asks_before_it_stops_and_a_broken_one_says_so(member, client):
    url = reverse("notifications:unsubscribe", args=[unsubscribe_token(member.pk, "meeting_reminder")])
    assert "Stop emails about" in client.get(url).content.decode()
    assert not KindChoice.objects.exists()
    assert "Done" in client.post(url).content.decode()
    assert KindChoice.objects.get(person=member).channel == "inbox"
    broken = client.get(reverse("notifications:unsubscribe", args=["not-a-token"]))
    assert broken.status_code == 400


def test_the_secretary_sees_failures_with_the_error_and_retries_one(
    secretary, client_for, mailoutbox, committed
):
    failed = NotificationFactory(failed=True, subject="Agenda for the GC")
    NotificationFactory(delivered=True, subject="Already sent")
    client = client_for(secretary)
    page = client.get(reverse("notifications:outbox")).content.decode()
    assert "Agenda for the GC" in page and "550 no such user" in page
    assert "Reminder of a meeting" in page  # the kind in words, not its code
    assert "Already sent" not in page
    assert "Already sent" in client.get(reverse("notifications:outbox") + "?status=sent").content.decode()
    with committed():
        response = client.post(reverse("notifications:retry", args=[failed.pk]))
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == Status.SENT
    assert len(mailoutbox) == 1


def test_the_outbox_page_takes_a_fixed_number_of_queries(
    secretary, client_for, django_assert_max_num_queries
):
    NotificationFactory.create_batch(20, failed=True, subject="Agenda for the GC")
    client = client_for(secretary)
    # Session, user, two-factor device, person, terms today, unread count (layout); the status
    # counts not sent, the sent counted up to a cap, the page count, the page's rows with
    # their person and post.
    with django_assert_max_num_queries(10):
        response = client.get(reverse("notifications:outbox"))
    assert response.status_code == 200
    text = response.content.decode()
    assert text.count("Retry: Agenda for the GC") == 20 and "550 no such user" in text


def test_the_outbox_counts_the_notifications_under_each_status(secretary, client_for):
    NotificationFactory.create_batch(3, delivered=True)
    NotificationFactory.create_batch(2, failed=True)
    NotificationFactory(status=Status.CANCELLED)
    for status in [Status.PENDING, Status.QUEUED, Status.SENDING, Status.DIGEST]:
        NotificationFactory(status=status)
    page = client_for(secretary).get(reverse("notifications:outbox")).content.decode()
    for words in ["Queued (4)", "Sent (3)", "Failed (2)", "Cancelled (1)"]:
        assert words in page


def test_the_outbox_counts_the_sent_up_to_a_cap(secretary, client_for, monkeypatch):
    """Sent is nearly every notification ever: it is counted up to SENT_COUNTED (a bounded
    read), then said to be more; the others are counted exactly."""
    monkeypatch.setattr(selectors, "SENT_COUNTED", 3)
    NotificationFactory.create_batch(3, delivered=True)
    NotificationFactory.create_batch(2, failed=True)
    client = client_for(secretary)
    assert "Sent (3)" in client.get(reverse("notifications:outbox")).content.decode()
    NotificationFactory.create_batch(2, delivered=True)
    assert selectors.outbox_counts()["sent"] == 4  # counting stopped at the cap and one more
    page = client.get(reverse("notifications:outbox")).content.decode()
    assert "Sent (more than 3)" in page and "Failed (2)" in page


def test_only_the_secretary_may_retry(chair, client_for):
    failed = NotificationFactory(failed=True)
    assert client_for(chair).post(reverse("notifications:retry", args=[failed.pk])).status_code == 403
    assert Notification.objects.get(pk=failed.pk).status == Status.FAILED


def test_the_command_lists_failures_and_retries_one(mailoutbox, committed):
    failed = NotificationFactory(failed=True, subject="Quarterly report due")
    out = io.StringIO()
    call_command("outbox", "--status", "failed", stdout=out)
    assert "Quarterly report due" in out.getvalue() and "550 no such user" in out.getvalue()
    with committed():
        call_command("outbox", "--retry", str(failed.pk), stdout=out)
    assert Notification.objects.get(pk=failed.pk).status == Status.SENT


def test_every_status_is_under_exactly_one_outbox_filter():
    # "Sent" is counted as every notification less the others: a status no filter named
    # would be counted as sent.
    named = [status for statuses in OUTBOX_FILTERS.values() for status in statuses]
    assert sorted(named) == sorted(Status.values)


# The rows as the page's template wrote them before they were written in Python (views._outbox_row).
OUTBOX_ROW = """
    <tr>
      <th scope="row">{{ n.subject }}<br><small>{{ n.kind_label }}</small></th>
      <td>{{ n.recipient_label }}{% if n.email %}<br><small>{{ n.email }}</small>{% endif %}{% if n.fallback %}<br><small>{{ n.note }}</small>{% endif %}</td>
      <td>{{ n.send_after|date:"j M Y, H:i" }}</td>
      <td>{{ n.get_status_display }}{% if n.sent_at %}<br><small>{{ n.sent_at|date:"j M Y, H:i" }}</small>{% endif %}</td>
      <td>{{ n.error|default:"" }}</td>
      <td>{% if n.status == "failed" %}
        <form method="post" action="{% url 'notifications:retry' n.pk %}">{{ csrf_input }}
          <button type="submit" class="secondary" aria-label="Retry: {{ n.subject }}">Retry</button>
        </form>{% endif %}</td>
    </tr>
  """  # noqa: E501


def test_the_outbox_rows_are_the_html_the_template_wrote(secretary, client_for):
    from django.template import Context, Template
    from django.utils.safestring import mark_safe

    from tests.factories.officers import PersonFactory, PostFactory

    person = PersonFactory(first_name="<b>Ann</b>", last_name="O'Neil & Co")
    rows = [
        NotificationFactory(person=person, failed=True, subject="Agenda <script>x</script>"),
        NotificationFactory(
            delivered=True, email="ann@example.org", fallback=True, note="Sent by post & email"
        ),
        NotificationFactory(person=None, post=PostFactory(in_branch=True), kind="not_a_registered_kind"),
        NotificationFactory(person=None, post=PostFactory(), status=Status.CANCELLED),
        NotificationFactory(person=None, email="who@example.org", status=Status.QUEUED),
        NotificationFactory(person=None, status=Status.DIGEST, error="Nobody <to> send to"),
    ]
    page = client_for(secretary).get(reverse("notifications:outbox") + "?status=all").content.decode()
    # The CSRF input the rows were given (each call writes the token masked anew).
    token = re.search(
        r'/retry/">(<input type="hidden" name="csrfmiddlewaretoken" value="[^"]+">)', page
    ).group(1)
    template = Template(OUTBOX_ROW)
    for n in rows:
        expected = template.render(Context({"n": n, "csrf_input": mark_safe(token)}))  # noqa: S308 - the page's
        assert expected in page
    assert "<b>Ann</b>" not in page and "<script>x" not in page
