"""officers.recipients answers the reminders engine: who holds each post on the day, and
for a vacant one, the Secretary, or with no Secretary the superusers."""

import datetime

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from officers.recipients import recipients_for
from tests.conftest import holder

pytestmark = pytest.mark.django_db


def test_it_is_the_resolver_the_engine_is_given():
    assert settings.NOTIFICATIONS_RECIPIENT_RESOLVER == "officers.recipients.recipients_for"


def test_a_held_post_gives_its_holders_longest_serving_first_and_no_fallback(
    posts, django_assert_num_queries
):
    post = posts["womens_officer"]
    post.max_holders = 2
    post.save()
    today = timezone.localdate()
    newer = holder(post, starts_on=today - datetime.timedelta(days=10))
    older = holder(post, starts_on=today - datetime.timedelta(days=300))
    with django_assert_num_queries(1):  # the terms: nobody else is looked up
        found = recipients_for([post.pk], today)
    assert found.holders == {post.pk: [older, newer]}
    assert (found.fallback, found.fallback_post_ids) == ((), frozenset())


def test_a_vacant_post_falls_back_to_the_secretary(posts, secretary):
    found = recipients_for([posts["treasurer"].pk], timezone.localdate())
    assert found.holders == {}
    ((fallback),) = found.fallback
    assert (fallback.person, fallback.email, fallback.as_what) == (secretary, secretary.email, "Secretary")
    assert found.fallback_post_ids == {posts["secretary"].pk}


def test_a_post_since_deleted_is_vacant(posts, secretary):
    assert [f.person for f in recipients_for([None], timezone.localdate()).fallback] == [secretary]


def test_a_term_ended_yesterday_holds_nothing_today(posts, secretary):
    today = timezone.localdate()
    holder(posts["treasurer"], ends_on=today - datetime.timedelta(days=1))
    found = recipients_for([posts["treasurer"].pk], today)
    assert found.holders == {} and [f.person for f in found.fallback] == [secretary]


def test_with_no_secretary_either_the_active_superusers(posts):
    users = get_user_model().objects
    admin = users.create_superuser(email="admin@example.org", password="a-long-password-1")
    users.create_superuser(email="gone@example.org", password="a-long-password-2", is_active=False)
    found = recipients_for([posts["treasurer"].pk], timezone.localdate())
    assert [(f.person, f.email, f.as_what) for f in found.fallback] == [
        (None, admin.email, "an administrator of CLP Desk")
    ]
