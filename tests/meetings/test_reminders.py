"""Every reminder goes out once, also when the task runs again (a retry, a second worker)."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from clp.notifications.models import Notification
from meetings import services, tasks
from meetings.models import Meeting
from tests.factories.meetings import ActionFactory, AgendaItemFactory
from tests.meetings.conftest import at, held_meeting

pytestmark = pytest.mark.django_db


def keys(prefix):
    return list(Notification.objects.filter(key__startswith=prefix).values_list("key", flat=True))


def test_secretary_is_nudged_once_when_the_agenda_is_not_out_by_the_notice_period(
    secretary, posts, ec_rules, django_capture_on_commit_callbacks
):
    meeting = services.meeting_plan(
        kind="ec", starts_at=at(timezone.localdate() + datetime.timedelta(days=6))
    )
    with django_capture_on_commit_callbacks(execute=True):
        tasks.daily_reminders.delay()
    with django_capture_on_commit_callbacks(execute=True):
        tasks.daily_reminders.delay()  # the retry
    assert keys(f"meeting:{meeting.pk}:agenda-overdue") == [
        f"meeting:{meeting.pk}:agenda-overdue:post:{posts['secretary'].pk}"
    ]
    assert [m.to for m in mail.outbox] == [[secretary.email]]
    assert "not out yet" in mail.outbox[0].subject


def test_no_nudge_while_there_is_still_time(secretary, ec_rules):
    services.meeting_plan(kind="ec", starts_at=at(timezone.localdate() + datetime.timedelta(days=30)))
    tasks.daily_reminders.delay()
    assert not keys("meeting:")


def test_agm_notice_counts_the_28_days_to_branches(secretary):
    from tests.factories.meetings import StandingOrderFactory

    StandingOrderFactory(kind=Meeting.Kind.AGM, notice_days=7, branch_notice_days=28)
    agm = services.meeting_plan(kind="agm", starts_at=at(timezone.localdate() + datetime.timedelta(days=27)))
    tasks.daily_reminders.delay()
    assert keys(f"meeting:{agm.pk}:agenda-overdue")


def test_action_owner_is_reminded_once_before_the_due_date(chair, ec_rules):
    action = ActionFactory(
        item=AgendaItemFactory(meeting=held_meeting()),
        owner_person=chair,
        due_on=timezone.localdate() + datetime.timedelta(days=2),
    )
    later = ActionFactory(owner_person=chair, due_on=timezone.localdate() + datetime.timedelta(days=30))
    tasks.daily_reminders.delay()
    tasks.daily_reminders.delay()
    assert keys(f"action:{action.pk}:") == [f"action:{action.pk}:due-soon:person:{chair.pk}"]
    assert not keys(f"action:{later.pk}:")


def test_weekly_overdue_digest_goes_to_the_secretary_once_a_week(secretary, chair, posts):
    ActionFactory(owner_person=chair, due_on=timezone.localdate() - datetime.timedelta(days=3))
    ActionFactory(owner_person=chair, due_on=timezone.localdate() + datetime.timedelta(days=3))
    tasks.weekly_overdue_digest.delay()
    tasks.weekly_overdue_digest.delay()
    digests = Notification.objects.filter(kind="actions_overdue_digest")
    assert digests.count() == 1
    assert digests.get().post == posts["secretary"]
    assert "1 overdue action" in digests.get().subject
    with time_machine.travel(timezone.now() + datetime.timedelta(days=7)):
        tasks.weekly_overdue_digest.delay()
    assert digests.count() == 2


def test_circulating_schedules_one_reminder_days_before(secretary, ec_meeting, posts):
    services.agenda_agree(meeting=ec_meeting)
    services.agenda_circulate(meeting=ec_meeting)
    reminder = Notification.objects.get(key=f"meeting:{ec_meeting.pk}:reminder:post:{posts['secretary'].pk}")
    expected_day = timezone.localdate(ec_meeting.starts_at) - datetime.timedelta(days=2)
    assert timezone.localtime(reminder.due_at).date() == expected_day
    assert timezone.localtime(reminder.due_at).hour == 9


def test_moving_a_circulated_meeting_moves_its_reminder(secretary, ec_meeting, posts):
    services.agenda_agree(meeting=ec_meeting)
    services.agenda_circulate(meeting=ec_meeting)
    services.meeting_update(meeting=ec_meeting, starts_at=ec_meeting.starts_at + datetime.timedelta(days=7))
    reminders = Notification.objects.filter(key__startswith=f"meeting:{ec_meeting.pk}:reminder")
    cancelled = reminders.filter(status=Notification.Status.CANCELLED)
    assert cancelled.count() == reminders.filter(status=Notification.Status.PENDING).count() > 0
    pending = reminders.get(status=Notification.Status.PENDING, post=posts["secretary"])
    expected_day = timezone.localdate(ec_meeting.starts_at) - datetime.timedelta(days=2)
    assert timezone.localtime(pending.due_at).date() == expected_day


def test_an_agm_agenda_goes_to_members_and_to_branch_secretaries(
    secretary, branch_secretary_a, member, posts
):
    agm = services.meeting_plan(kind="agm", starts_at=at(timezone.localdate() + datetime.timedelta(days=30)))
    services.agenda_agree(meeting=agm)
    services.agenda_circulate(meeting=agm)
    agenda = Notification.objects.filter(key__startswith=f"meeting:{agm.pk}:agenda")
    assert agenda.filter(person=member).exists()
    assert agenda.filter(post=posts["branch_a_secretary"]).exists()


def test_a_meeting_moved_away_and_back_again_still_gets_its_reminder(secretary, ec_meeting, posts):
    services.agenda_agree(meeting=ec_meeting)
    services.agenda_circulate(meeting=ec_meeting)
    first, later = ec_meeting.starts_at, ec_meeting.starts_at + datetime.timedelta(days=7)
    for when in (later, first, later):
        services.meeting_update(meeting=ec_meeting, starts_at=when)
    pending = Notification.objects.filter(
        key__startswith=f"meeting:{ec_meeting.pk}:reminder",
        status=Notification.Status.PENDING,
        post=posts["secretary"],
    )
    assert pending.count() == 1
    assert timezone.localtime(pending.get().due_at).date() == timezone.localdate(later) - datetime.timedelta(
        days=2
    )
