"""The mailing reaches the audiences chosen, with its attachments and the next CLP meeting's
agenda attached, at its send time; and every link in it opens for whoever it reached."""

import datetime
import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from branches import selectors, services
from branches.models import Mailing
from clp.notifications.models import Notification
from meetings.models import Meeting
from officers.models import Post
from tests.conftest import holder
from tests.factories.branches import AffiliateDelegateFactory
from tests.factories.meetings import AgendaItemFactory, MeetingFactory
from tests.factories.officers import PersonFactory, PostFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
LINK = re.compile(r"""https?://[^\s"'<>)]+""")


@pytest.fixture
def audience(posts, secretary, branch_secretary_a, branch_b, ec_member):
    chair_b = PostFactory(
        slug="chair", name="Branch Chair", role=Post.Role.BRANCH_CHAIR, scope=Post.Scope.BRANCH,
        branch=branch_b, ec_membership=Post.EC.NONE,
    )  # fmt: skip
    delegate = AffiliateDelegateFactory(person=PersonFactory(with_login=True, branch=None, first_name="Ula"))
    return {
        "branch secretary": branch_secretary_a,
        "branch chair": holder(chair_b, first_name="Carys", last_name="Chair"),
        "EC delegate": ec_member,
        "affiliate's delegate": delegate.person,
    }


@pytest.fixture
def next_ec():
    meeting = MeetingFactory(
        kind=Meeting.Kind.EC, title="December EC", starts_at=timezone.now() + datetime.timedelta(days=10)
    )
    AgendaItemFactory(meeting=meeting, title="Selection timetable", order=1)
    return meeting


def _mailing(secretary, **kw):
    return services.mailing_save(
        subject="December mailing",
        body="Canvassing on Saturday: [the leaflet](https://example.org/leaflet).",
        by=secretary.user,
        audiences=[a for a, _ in Mailing.Audience.choices],
        attach_agenda=True,
        **kw,
    )


def _links(message):
    html = message.alternatives[0][0]
    found = set(LINK.findall(message.body)) | set(LINK.findall(html))
    return {link.replace("&amp;", "&") for link in found}


def test_every_link_in_the_mailing_opens_for_each_recipient(
    client, client_for, secretary, audience, next_ec, django_capture_on_commit_callbacks
):
    mailing = _mailing(secretary)
    services.mailing_attachment_add(
        mailing=mailing,
        upload=SimpleUploadedFile("leaflet.pdf", PDF, content_type="application/pdf"),
        by=None,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.mailing_send(mailing=mailing)

    for who, person in audience.items():
        [message] = [m for m in mail.outbox if m.to == [person.email]]
        names = sorted(name for name, _, _ in message.attachments)
        assert names[0].endswith("-agenda.pdf") and "leaflet.pdf" in names, (who, names)  # not linked
        assert "Selection timetable" in message.body  # the business summarised
        ours = {link for link in _links(message) if link.startswith(settings.SITE_URL)}
        assert reverse("branches:mailing_detail", args=[mailing.pk]) in " ".join(ours), who
        reader = client_for(person)
        page = reader.get(reverse("branches:mailing_detail", args=[mailing.pk])).content.decode()
        ours |= {settings.SITE_URL + href for href in re.findall(r'href="(/branches/mailings/[^"]+)"', page)}
        # and every meetings page the mailing's page links to (the menu's diary included)
        ours |= {settings.SITE_URL + href for href in re.findall(r'href="(/meetings/[^"]*)"', page)}
        assert any("/attachments/" in link for link in ours), who
        for link in sorted(ours):
            response = reader.get(link.removeprefix(settings.SITE_URL))
            assert response.status_code == 200, (who, link, response.status_code)
        client.logout()
    assert "Selection timetable" in page  # the business summarised on the page too
    assert not re.findall(r'href="/meetings/\d', page)  # no meeting's own page (they may not open it)


def test_a_link_to_a_page_not_every_recipient_may_open_is_refused_in_plain_english(secretary, next_ec):
    body = f"The agenda is [here]({settings.SITE_URL}{reverse('meetings:detail', args=[next_ec.pk])})."
    with pytest.raises(ValidationError) as refused:
        services.mailing_save(subject="December", body=body, by=secretary.user)
    assert "not everyone this mailing goes to may open" in str(refused.value)
    assert not Mailing.objects.exists()


def test_a_scheduled_mailing_waits_for_its_time(
    client_for, secretary, audience, django_capture_on_commit_callbacks
):
    send_at = timezone.now() + datetime.timedelta(days=2)
    mailing = _mailing(secretary, send_at=send_at)
    with django_capture_on_commit_callbacks(execute=True):
        services.mailing_send(mailing=mailing)
    assert not mail.outbox
    rows = Notification.objects.filter(key__startswith=f"{mailing.notification_key}:")
    assert rows.count() >= 4 and all(row.due_at >= send_at for row in rows)  # vacant posts: the Secretary
    assert mailing not in list(selectors.mailings_sent())  # not on branch pages before it goes
    listed = client_for(secretary).get(reverse("branches:mailing_list")).content.decode()
    assert "Scheduled for" in listed


def test_a_send_time_in_the_past_or_no_audience_is_refused(secretary):
    with pytest.raises(ValidationError, match="time in the future"):
        _mailing(secretary, send_at=timezone.now() - datetime.timedelta(hours=1))
    with pytest.raises(ValidationError, match="Choose who the mailing goes to"):
        services.mailing_save(subject="x", body="y", by=secretary.user, audiences=[])


def test_an_ec_delegate_cannot_read_a_mailing_sent_only_to_branch_secretaries(
    client_for, secretary, ec_member, posts, django_capture_on_commit_callbacks
):
    mailing = services.mailing_save(subject="x", body="y", by=secretary.user)
    services.mailing_send(mailing=mailing)
    assert client_for(ec_member).get(reverse("branches:mailing_detail", args=[mailing.pk])).status_code == 403


def test_a_draft_with_attachments_opens_lets_one_be_removed_and_caps_how_many(client_for, secretary):
    mailing = _mailing(secretary)
    for n in range(services.ATTACHMENTS_MOST):
        services.mailing_attachment_add(
            mailing=mailing,
            upload=SimpleUploadedFile(f"leaflet-{n}.pdf", PDF, content_type="application/pdf"),
            by=None,
        )
    with pytest.raises(ValidationError, match="at most 5 attachments"):
        services.mailing_attachment_add(
            mailing=mailing, upload=SimpleUploadedFile("one-more.pdf", PDF, content_type="application/pdf")
        )
    client = client_for(secretary)
    page = client.get(reverse("branches:mailing_detail", args=[mailing.pk]))
    assert page.status_code == 200
    first = mailing.attachments.order_by("pk").first()
    remove = reverse("branches:mailing_attachment_remove", args=[first.pk])
    assert f'action="{remove}"' in page.content.decode()
    assert client.post(remove).status_code == 302
    assert mailing.attachments.count() == services.ATTACHMENTS_MOST - 1
