"""The monthly branch mailing: written in markdown, the next CLP meeting's business pulled in,
previewed, then sent to every branch secretary (one email each, through the notifications engine)."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from branches import services
from branches.markup import render_markdown
from branches.models import Mailing
from clp.notifications.models import Notification
from meetings.models import Meeting
from tests.factories.branches import MailingFactory
from tests.factories.meetings import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def next_ec():
    meeting = MeetingFactory(
        kind=Meeting.Kind.EC,
        title="December EC",
        starts_at=timezone.now() + datetime.timedelta(days=10),
    )
    AgendaItemFactory(meeting=meeting, title="Selection timetable", order=2)
    AgendaItemFactory(meeting=meeting, title="Apologies", order=1)
    MeetingFactory(
        kind=Meeting.Kind.GENERAL, title="January GM", starts_at=timezone.now() + datetime.timedelta(days=40)
    )
    MeetingFactory(
        kind=Meeting.Kind.EC, title="Last month's EC", starts_at=timezone.now() - datetime.timedelta(days=20)
    )
    return meeting


def test_markdown_is_rendered_and_sanitised():
    html = render_markdown("**Canvassing** on [Saturday](https://example.org)\n\n<script>alert(1)</script>")
    assert "<strong>Canvassing</strong>" in html
    assert 'href="https://example.org"' in html
    assert "<script" not in html
    assert "javascript:" not in render_markdown("[x](javascript:alert(1))")


def test_saving_a_draft_pulls_in_the_next_clp_meetings_business(secretary, next_ec):
    mailing = services.mailing_save(subject="November", body="Hello branches", by=secretary.user)
    assert mailing.meeting == next_ec
    lines = mailing.business.splitlines()
    assert lines[0].startswith("December EC: ")
    assert lines[1:] == ["1. Apologies", "2. Selection timetable"]


def test_the_secretary_writes_previews_and_sends_to_every_branch_secretary(
    client_for, secretary, branch_secretary_a, branch_secretary_b, next_ec, django_capture_on_commit_callbacks
):
    client = client_for(secretary)
    response = client.post(
        reverse("branches:mailing_create"),
        {
            "subject": "November mailing",
            "body": "We are **canvassing** on Saturday.\n\n<script>x()</script>",
            "audiences": ["branch_secretaries"],
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Preview: this draft has not been sent" in html
    assert "<strong>canvassing</strong>" in html and "<script>x()" not in html
    assert "Selection timetable" in html
    assert "Branch Secretary (Alpha Branch), Branch Secretary (Beta Branch)" in html  # who it will go to
    assert not mail.outbox
    mailing = Mailing.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("branches:mailing_send", args=[mailing.pk]))

    notes = Notification.objects.filter(key__startswith=f"branch-mailing:{mailing.pk}:")
    assert notes.count() == 2 and {n.kind for n in notes} == {"branch_mailing"}
    assert {n.post.branch.slug for n in notes} == {"alpha", "beta"}  # addressed to the post
    assert sorted(m.to for m in mail.outbox) == sorted(
        [[branch_secretary_a.email], [branch_secretary_b.email]]
    )
    body = mail.outbox[0].body
    assert "We are **canvassing** on Saturday." in body and "2. Selection timetable" in body
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SENT and mailing.recipients == 2
    progress = client.get(reverse("branches:mailing_progress", args=[mailing.pk])).content.decode()
    assert "All 2 emails sent." in progress and "hx-trigger" not in progress


def test_a_mailing_is_sent_only_once(secretary, posts, django_capture_on_commit_callbacks):
    mailing = MailingFactory()
    services.mailing_send(mailing=mailing)
    with pytest.raises(ValidationError):
        services.mailing_send(mailing=mailing)
    with pytest.raises(ValidationError):
        services.mailing_save(mailing=Mailing.objects.get(), subject="Changed", body="x", by=None)


def test_progress_polls_while_emails_are_going_out(client_for, secretary, posts):
    mailing = MailingFactory(sent=True)
    for post in (posts["branch_a_secretary"], posts["branch_b_secretary"]):
        Notification.objects.create(
            key=f"{mailing.notification_key}:post:{post.pk}",
            kind="branch_mailing",
            post=post,
            subject="s",
            body="b",
        )
    Notification.objects.filter(post=posts["branch_a_secretary"]).update(status=Notification.Status.SENT)
    html = client_for(secretary).get(reverse("branches:mailing_progress", args=[mailing.pk])).content.decode()
    assert "Sending: 1 of 2 emails gone" in html and 'hx-trigger="every 2s"' in html


def test_branch_secretaries_read_sent_mailings_but_never_drafts(client_for, branch_secretary_a):
    sent, draft = MailingFactory(sent=True, body="Sent *words*"), MailingFactory()
    client = client_for(branch_secretary_a)
    assert (
        "Sent <em>words</em>"
        in client.get(reverse("branches:mailing_detail", args=[sent.pk])).content.decode()
    )
    assert client.get(reverse("branches:mailing_detail", args=[draft.pk])).status_code == 404


def test_the_mailing_email_shows_the_markdown_rendered_in_its_html_part_and_as_written_in_its_text(
    secretary, branch_secretary_a, next_ec, django_capture_on_commit_callbacks
):
    mailing = services.mailing_save(
        subject="November",
        body="We are **canvassing** on Saturday.\n\n- Leaflets\n- Doors",
        by=secretary.user,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.mailing_send(mailing=mailing)

    (email,) = [m for m in mail.outbox if m.to == [branch_secretary_a.email]]
    html, content_type = email.alternatives[0]
    assert content_type == "text/html"
    assert "<strong>canvassing</strong>" in html and "**canvassing**" not in html
    assert "<li>Leaflets</li>" in html
    assert "<h2>At the next CLP meeting</h2>" in html
    assert "<li>Apologies</li>" in html and "<li>Selection timetable</li>" in html
    assert f"/branches/mailings/{mailing.pk}/" in html  # read it online
    assert "We are **canvassing** on Saturday." in email.body  # the text part keeps the markdown
    assert "legal deadline" not in html and "legal deadline" not in email.body  # it is not one
    assert email.body.count(f"/branches/mailings/{mailing.pk}/") == 1  # one link to read it online


def test_a_script_in_the_mailing_never_reaches_the_email(secretary, branch_secretary_a, posts):
    mailing = services.mailing_save(subject="x", body="Hi <script>alert(1)</script>", by=secretary.user)
    services.mailing_send(mailing=mailing)
    from clp.notifications.emails import notification_message

    html = notification_message(Notification.objects.filter(post=posts["branch_a_secretary"]).get())
    assert "<script" not in html.alternatives[0][0]


def test_business_added_to_the_agenda_after_the_draft_was_saved_is_in_the_preview_and_the_email(
    client_for, secretary, branch_secretary_a, next_ec, django_capture_on_commit_callbacks
):
    mailing = services.mailing_save(subject="November", body="Hello", by=secretary.user)
    AgendaItemFactory(meeting=next_ec, title="Campaign day plans", order=3)
    client = client_for(secretary)

    preview = client.get(reverse("branches:mailing_detail", args=[mailing.pk])).content.decode()
    assert "3. Campaign day plans" in preview

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("branches:mailing_send", args=[mailing.pk]))
    assert "3. Campaign day plans" in mail.outbox[0].body
    mailing.refresh_from_db()
    assert mailing.business.endswith("3. Campaign day plans")  # the archive keeps what was sent
