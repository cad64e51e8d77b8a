"""What lands in the inbox: the agenda email carries the agenda PDF and every paper, and the
approved minutes carry the minutes PDF, each read back from the sent message."""

import datetime
import io

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfReader

from meetings import services
from tests.factories.meetings import PDF_BYTES
from tests.meetings.conftest import at

pytestmark = pytest.mark.django_db

NOON = datetime.time(12, 0)


def text_of(pdf_bytes):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf_bytes)).pages)


def noon(day):
    return timezone.make_aware(datetime.datetime.combine(day, NOON))


def test_the_circulated_agenda_email_carries_the_agenda_pdf_and_the_papers(
    secretary, posts, ec_rules, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    with time_machine.travel(noon(today), tick=False):
        meeting = services.meeting_plan(
            kind="ec", starts_at=at(today + datetime.timedelta(days=14)), venue="Trades Hall"
        )
        item = services.item_add(
            meeting=meeting, title="Campaign plan", presenter="Chair", minutes_allowed=30
        )
        services.paper_add(item=item, upload=SimpleUploadedFile("plan.pdf", PDF_BYTES), title="The plan")
        services.agenda_agree(meeting=meeting)
        with django_capture_on_commit_callbacks(execute=True):
            services.agenda_circulate(meeting=meeting)

    agenda_mails = [m for m in mail.outbox if m.subject.startswith("Agenda:")]
    assert [m.to for m in agenda_mails] == [[secretary.email]]
    (agenda, paper) = agenda_mails[0].attachments
    filename, content, content_type = agenda
    assert filename.endswith("-agenda.pdf") and content_type == "application/pdf"
    text = text_of(content)
    assert "Campaign plan" in text and "The plan" in text and "Trades Hall" in text
    assert paper == ("plan.pdf", PDF_BYTES, "application/pdf")


def test_approved_minutes_are_emailed_with_the_minutes_pdf(
    secretary, chair, posts, ec_rules, django_capture_on_commit_callbacks
):
    day = timezone.localdate() - datetime.timedelta(days=35)
    meeting = services.meeting_plan(kind="ec", starts_at=at(day))
    services.meeting_mark_held(meeting=meeting)
    item = services.item_add(meeting=meeting, title="Campaign plan", minutes_allowed=30)
    services.decision_record(item=item, motion="That the EC adopts the plan", outcome="carried")
    services.action_record(
        item=item, description="Book the hall", owner_person=chair, due_on=day + datetime.timedelta(days=14)
    )
    services.meeting_plan(kind="ec", starts_at=at(timezone.localdate() - datetime.timedelta(days=1)))
    with (
        time_machine.travel(noon(timezone.localdate()), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.minutes_approve(meeting=meeting)

    minutes_mails = [m for m in mail.outbox if m.subject.startswith("Approved minutes")]
    assert secretary.email in [m.to[0] for m in minutes_mails]
    filename, content, content_type = minutes_mails[0].attachments[0]
    assert filename.endswith("-minutes.pdf")
    text = text_of(content)
    assert "That the EC adopts the plan" in text and "Book the hall" in text
