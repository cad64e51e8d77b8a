"""The engine knows nothing of posts: who holds one, and who receives a vacant post's copy,
come from the resolver named by NOTIFICATIONS_RECIPIENT_RESOLVER; copies are told apart
by what is stored on the row, never by parsing keys."""

import pytest
from django.contrib.auth import get_user_model

from clp.notifications.models import Notification
from clp.notifications.recipients import Fallback, Recipients
from clp.notifications.services import notify
from tests.conftest import holder
from tests.factories.officers import PostFactory

Status = Notification.Status
pytestmark = pytest.mark.django_db


def the_caretaker_has_everything(post_ids, on):
    """A resolver for a product with no officers: nobody holds anything."""
    return Recipients(holders={}, fallback=(Fallback(None, "caretaker@example.org", "the caretaker"),))


def remind(key, **kwargs):
    return notify(key=key, kind="meeting_reminder", subject="GC on Thursday", body="At 7pm.", **kwargs)


def test_the_engine_asks_the_resolver_in_the_setting_who_holds_a_post(
    settings, posts, secretary, mailoutbox, committed
):
    settings.NOTIFICATIONS_RECIPIENT_RESOLVER = (
        "tests.notifications.test_recipients.the_caretaker_has_everything"
    )
    with committed():
        remind("finance:deadline", to_posts=[posts["secretary"]])
    (email,) = mailoutbox
    assert email.to == ["caretaker@example.org"]  # not the Secretary who holds the post
    assert "vacant today, so this comes to you as the caretaker." in email.body


def test_every_row_of_one_notification_shares_its_group_and_copies_name_their_original(
    posts, mailoutbox, sweep, committed
):
    shared = PostFactory(slug="coordinators", name="Coordinator", max_holders=2)
    first = holder(shared, first_name="Asha", last_name="One")
    second = holder(shared, first_name="Bea", last_name="Two")
    with committed():
        (row,) = remind("meeting:9:agenda", to_posts=[shared])
    sweep()
    copy = Notification.objects.get(copy_of=row)
    assert (row.group, copy.group) == ("meeting:9:agenda", "meeting:9:agenda")
    row.refresh_from_db()
    assert {row.person, copy.person} == {first, second}


def test_two_administrators_with_no_member_record_each_get_a_vacant_posts_copy_once(
    posts, mailoutbox, sweep, committed
):
    users = get_user_model().objects
    users.create_superuser(email="first-admin@example.org", password="a-long-password-1")
    users.create_superuser(email="second-admin@example.org", password="a-long-password-2")
    with committed():
        remind("finance:deadline", to_posts=[posts["treasurer"]])
    sweep()
    sweep()
    # The second administrator's copy has no person to resolve again: it keeps its address.
    assert sorted(m.to[0] for m in mailoutbox) == ["first-admin@example.org", "second-admin@example.org"]
    assert Notification.objects.count() == 2


def test_another_notification_whose_key_begins_like_this_ones_does_not_count_as_having_it(
    posts, secretary, mailoutbox, committed
):
    # Told apart by group, not by reading keys: "report:post:<the Secretary's post>" is
    # another notification, sent to the Secretary by name, not the Secretary's copy of "report".
    with committed():
        remind(f"report:post:{posts['secretary'].pk}", to_people=[secretary])
        remind("report", to_posts=[posts["womens_officer"]])
    assert [m.to for m in mailoutbox] == [[secretary.email], [secretary.email]]
    assert "The post of Women's Officer is vacant today" in mailoutbox[1].body


def test_rows_made_before_the_group_was_stored_get_it_from_their_keys(posts):
    from importlib import import_module

    from django.apps import apps

    from tests.factories.notifications import NotificationFactory

    migration = import_module("clp.notifications.migrations.0002_notification_group_and_copy_of")
    post = posts["treasurer"].pk
    by_name = NotificationFactory(key="meeting:9:agenda:person:4")
    to_post = NotificationFactory(key=f"meeting:9:agenda:post:{post}", person=None, post=posts["treasurer"])
    second = NotificationFactory(key=f"meeting:9:agenda:post:{post}:person:7")
    by_email = NotificationFactory(key=f"meeting:9:agenda:post:{post}:email:admin@example.org", person=None)
    other = NotificationFactory(key="test:unrecognised")
    migration.fill_group_and_copy_of(apps, None)
    for row in (by_name, to_post, second, by_email, other):
        row.refresh_from_db()
    assert {by_name.group, to_post.group, second.group, by_email.group} == {"meeting:9:agenda"}
    assert (second.copy_of, by_email.copy_of) == (to_post, to_post)
    assert (to_post.copy_of, by_name.copy_of) == (None, None)
    assert other.group == ""
