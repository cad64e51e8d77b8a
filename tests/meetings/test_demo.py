import pytest
from django.core.management import call_command
from django.utils import timezone

from meetings.models import Action, Decision, Meeting

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
