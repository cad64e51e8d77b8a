"""Each app's reminders really pass through this engine, end to end: the outbox row, the
sweep, the recipient's choice and quiet hours, and the email that arrives (with its
attachments read back)."""

import datetime
import io

import pytest
from pypdf import PdfReader

from branches import services as branch_services
from clp.notifications.models import KindChoice, Notification
from meetings import services as meeting_services
from meetings.models import Meeting
from officers import services as officer_services
from officers.models import Handover
from tests.factories.branches import MailingFactory
from tests.factories.meetings import AgendaItemFactory, PaperFactory, StandingOrderFactory
from tests.factories.officers import PersonFactory
from tests.notifications.conftest import at

Status = Notification.Status
pytestmark = pytest.mark.django_db


def test_a_new_treasurer_emails_the_secretary_to_tell_the_glu_once_until_marked_done(
    posts, secretary, treasurer, mailoutbox, committed, midday, sweep
):
    incoming = PersonFactory(first_name="Nia", last_name="New")
    with committed():
        officer_services.agm_results_record(
            held_on=datetime.date(2026, 11, 24), results=[(posts["treasurer"], [incoming])]
        )
    (email,) = mailoutbox
    assert email.to == [secretary.email]
    assert "Governance and Legal Unit" in email.subject + email.body
    assert "To you as Secretary." in email.body
    with committed():
        officer_services.handover_mark_done(handover=Handover.objects.get(), by=None)
    midday.move_to(at(2026, 12, 2, 9, 0), tick=False)
    sweep()
    assert len(mailoutbox) == 1


def test_circulating_an_agenda_emails_each_ec_member_once_with_the_agenda_pdf_and_the_papers(
    posts, secretary, chair, treasurer, mailoutbox, committed
):
    StandingOrderFactory(
        kind=Meeting.Kind.EC, effective_from=datetime.date(2020, 1, 1), notice_days=7, reminder_days=2
    )
    meeting = meeting_services.meeting_plan(
        kind=Meeting.Kind.EC, starts_at=at(2026, 12, 10, 19, 30), venue="Trades Hall"
    )
    PaperFactory(item=AgendaItemFactory(meeting=meeting, title="Campaign plan"), title="Campaign plan 2027")
    meeting_services.agenda_agree(meeting=meeting)
    with committed():
        meeting_services.agenda_circulate(meeting=meeting)
    by_person = {}
    for email in mailoutbox:
        by_person.setdefault(email.to[0], []).append(email)
    # The Chair, the Secretary and the Treasurer hold EC posts; the vacant posts' copies go
    # to the Secretary, marked, gathered into one: not one copy per vacant post.
    assert sorted(by_person) == sorted([secretary.email, chair.email, treasurer.email])
    email = by_person[chair.email][0]
    assert email.subject.startswith("Agenda: ")
    (agenda, paper) = email.attachments
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(agenda[1])).pages)
    assert "Campaign plan" in text
    assert paper[0].endswith(".pdf") and paper[2] == "application/pdf"
    for part in (email.body, email.alternatives[0][0]):
        assert f"/meetings/{meeting.pk}/" in part
    print({k: [(m.subject) for m in v] for k, v in by_person.items()})
    assert len(by_person[secretary.email]) == 1


def test_the_meeting_reminder_falls_due_days_before_and_never_at_night(
    posts, secretary, chair, mailoutbox, committed, midday, sweep
):
    StandingOrderFactory(
        kind=Meeting.Kind.EC, effective_from=datetime.date(2020, 1, 1), notice_days=7, reminder_days=2
    )
    meeting = meeting_services.meeting_plan(kind=Meeting.Kind.EC, starts_at=at(2026, 12, 10, 19, 30))
    meeting_services.agenda_agree(meeting=meeting)
    KindChoice.objects.create(person=chair, kind="agenda_circulation", channel="inbox")
    with committed():
        meeting_services.agenda_circulate(meeting=meeting)
    mailoutbox.clear()
    midday.move_to(at(2026, 12, 8, 5, 0), tick=False)  # the reminder day, before dawn
    sweep()
    assert mailoutbox == []
    midday.move_to(at(2026, 12, 8, 12, 0), tick=False)
    sweep()
    sweep()
    to_chair = [m for m in mailoutbox if m.to == [chair.email]]
    assert len(to_chair) == 1 and to_chair[0].subject.startswith("Reminder: ")


def test_a_branch_mailing_to_a_branch_with_no_secretary_reaches_the_clp_secretary_marked(
    posts, secretary, branch_secretary_a, mailoutbox, committed
):
    mailing = MailingFactory(subject="December mailing")
    with committed():
        branch_services.mailing_send(mailing=mailing)
    by_to = {m.to[0]: m for m in mailoutbox}
    assert set(by_to) == {branch_secretary_a.email, secretary.email}
    assert by_to[branch_secretary_a.email].subject == "December mailing"
    fallback = by_to[secretary.email]
    assert fallback.subject == "[Branch Secretary (Beta Branch) vacant] December mailing"
    assert "is vacant today, so this comes to you as Secretary" in fallback.body


def test_a_donation_check_deadline_emails_the_treasurer_even_one_who_chose_in_app_only(
    posts, treasurer, chair, mailoutbox, committed, midday, sweep
):
    from decimal import Decimal

    from finance import services as finance_services
    from tests.factories.finance import SourceFactory

    KindChoice.objects.create(person=treasurer, kind="donation_check_deadline", channel="inbox")
    with committed():
        finance_services.donation_save(
            by=None, source=SourceFactory(), amount=Decimal("750.00"), received_on=datetime.date(2026, 11, 23)
        )
    rows = Notification.objects.filter(key__startswith="finance:donation:", post=posts["treasurer"])
    assert rows.exists() and all(row.legal for row in rows)
    for day in range(24, 32):  # a week of the beat, at midday
        midday.move_to(at(2026, 11, day, 12, 0) if day <= 30 else at(2026, 12, day - 30, 12, 0), tick=False)
        sweep()
    midday.move_to(at(2026, 12, 22, 12, 0), tick=False)  # the last day of the 30
    sweep()
    to_treasurer = [m for m in mailoutbox if m.to == [treasurer.email]]
    assert to_treasurer, [(m.to, m.subject) for m in mailoutbox]
    for email in to_treasurer:
        assert "legal deadline, so it always comes by email" in email.body
        assert "/notifications/stop/" not in email.body + email.alternatives[0][0]
    assert any("22 December" in m.subject for m in to_treasurer)
