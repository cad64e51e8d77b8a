"""The Django admin's changelist of notifications (the outbox of tens of thousands of rows,
issue 18) takes the same queries for a few rows as for many: no query per row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clp.accounts.models import User
from clp.notifications.models import Notification
from tests.factories.accounts import login_verified
from tests.factories.branches import BranchFactory
from tests.factories.notifications import NotificationFactory
from tests.factories.officers import PersonFactory, PostFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/notifications/notification/"


def _add(rows):
    """`rows` notifications, each to its own person or to a branch's post (whose name shows
    its branch), some of them copies and fallbacks."""
    for n in range(rows):
        if n % 2:
            NotificationFactory(
                person=None, post=PostFactory(scope="branch", branch=BranchFactory()), fallback=n % 3 == 0
            )
        else:
            NotificationFactory(person=PersonFactory(), delivered=True)


def _queries(client, query=""):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(CHANGELIST + query, secure=True)
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.parametrize("query", ["", "?status__exact=sent"])
def test_the_notifications_changelist_takes_the_same_queries_for_3_and_30_rows(client, query):
    login_verified(client, User.objects.create_superuser(email="root@example.org", password="x-long-pw-1"))
    _add(3)
    few, _ = _queries(client, query)
    _add(27)
    many, html = _queries(client, query)
    assert Notification.objects.count() == 30
    shown = Notification.objects.filter(status="sent") if query else Notification.objects.all()
    assert all(n.subject in html for n in shown)  # every row is listed, with its recipient...
    if not query:
        post = Notification.objects.exclude(post=None).select_related("post__branch").first().post
        assert str(post) in html  # ...a post's name with its branch
    assert few == many, f"{few} queries for 3 rows, {many} for 30: a query per row"
    assert many <= 9
