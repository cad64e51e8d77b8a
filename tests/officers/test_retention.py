"""Contact details of people who left are removed after RETENTION_DAYS, history included."""

import datetime

import pytest
from django.utils import timezone

from officers.models import Person
from officers.services import person_contact_remove
from officers.tasks import apply_retention
from tests.factories.officers import PersonFactory

pytestmark = pytest.mark.django_db


def left(days_ago, status=Person.Status.LAPSED, **extra):
    person = PersonFactory(
        membership_status=status,
        left_on=timezone.localdate() - datetime.timedelta(days=days_ago),
        address="1 Old Road",
        postcode="AB1 2CD",
        **extra,
    )
    person.phone = "07700 900999"  # a change, so the history holds the details twice
    person.save()
    return person


def test_leavers_contact_details_go_after_the_retention_period(settings):
    settings.RETENTION_DAYS = 365
    lapsed = left(400, with_login=True)
    resigned = left(366, status=Person.Status.RESIGNED)
    recent = left(300)
    still_member = PersonFactory(left_on=timezone.localdate() - datetime.timedelta(days=900))

    assert apply_retention.delay().get() == 2

    for person in (lapsed, resigned):
        person.refresh_from_db()
        assert (person.email, person.phone, person.address, person.postcode) == ("", "", "", "")
        assert person.first_name  # the record of membership stays
        history = person.history.values_list("email", "phone", "address", "postcode")
        assert set(history) == {("", "", "", "")}
    lapsed.user.refresh_from_db()
    assert not lapsed.user.is_active
    assert not lapsed.user.has_usable_password()
    recent.refresh_from_db()
    still_member.refresh_from_db()
    assert recent.address == "1 Old Road"
    assert still_member.phone


def test_retention_is_idempotent(settings):
    settings.RETENTION_DAYS = 30
    left(31)
    assert apply_retention() == 1
    assert apply_retention() == 0


def test_the_retention_task_is_on_the_nightly_schedule(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "officers.tasks.apply_retention" in tasks


def test_details_left_only_in_the_history_are_removed_too(settings):
    settings.RETENTION_DAYS = 30
    person = left(31)
    Person.objects.filter(pk=person.pk).update(email="", phone="", address="", postcode="")
    assert apply_retention() == 1
    assert set(person.history.values_list("phone", flat=True)) == {""}


def test_the_addresses_old_emails_went_to_are_removed_too(settings):
    from tests.factories.notifications import NotificationFactory

    settings.RETENTION_DAYS = 30
    leaver = left(31)
    sent = NotificationFactory(person=leaver, email=leaver.email, delivered=True)
    person_contact_remove(person_ids=[leaver.pk])
    leaver.notifications.update(email="old@example.org")  # as if removed before this was kept

    assert apply_retention() == 1
    sent.refresh_from_db()
    assert sent.email == ""
    assert apply_retention() == 0
