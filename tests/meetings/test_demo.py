import pytest
from django.core.management import call_command
from django.utils import timezone

from meetings.models import Action, Decision, Meeting, Motion

pytestmark = pytest.mark.django_db


def counts():
    return Meeting.objects.count(), Decision.objects.count(), Action.objects.count()


def test_demo_has_a_year_of_ec_meetings_and_some_branch_meetings(capsys):
    call_command("seed_demo")
    first = counts()
    call_command("seed_demo")
    assert counts() == first
    ec = Meeting.objects.filter(kind="ec")
    assert ec.count() >= 10
    assert ec.filter(starts_at__lt=timezone.now(), status=Meeting.Status.MINUTES_APPROVED).exists()
    assert ec.filter(starts_at__gt=timezone.now(), items__title__startswith="Campaign plan").exists()
    assert Meeting.objects.filter(kind="branch").exists()
    assert Action.objects.filter(done_on=None).exists() and Action.objects.exclude(done_on=None).exists()
    # branches' carried motions, submitted to the next General Meeting, one amended
    demo_motions = Motion.objects.filter(meeting__kind="general", source_decision__isnull=False)
    assert demo_motions.filter(amendments__isnull=False).exists()


def test_the_demo_reaches_each_state_through_the_services():
    call_command("seed_demo")
    from clp.notifications.models import Notification

    approved = Meeting.objects.filter(status=Meeting.Status.MINUTES_APPROVED)
    assert approved.exists()
    for meeting in approved:
        # agreed with the Chair, approved at the next meeting, dated by that meeting
        assert meeting.agenda_agreed_at and meeting.approved_at_meeting
        assert meeting.minutes_approved_at == meeting.approved_at_meeting.starts_at
    # minutes approved long ago are not emailed again today
    pending = Notification.objects.filter(kind="minutes_circulation", status="pending")
    assert pending.values("key").count() <= Meeting.objects.count()
    assert not Meeting.objects.filter(
        starts_at__gt=timezone.now(), status__in=[Meeting.Status.HELD, Meeting.Status.MINUTES_DRAFTED]
    ).exists()
