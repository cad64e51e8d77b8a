"""A create form is acted on once: a double click, back-and-resubmit or two tabs make one
record (clp.core.once); the submit button is disabled while its form is sending."""

import datetime
import re

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from clp.core import once
from officers.models import Person

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.urls_once")]

ADD = "/people/add/"


def token_of(response):
    return re.search(r'name="once" value="([^"]+)"', response.content.decode()).group(1)


def added():
    return Person.objects.filter(last_name="Added")


@pytest.fixture
def user_client(client_for, member):
    return client_for(member)


def test_every_rendering_of_the_form_carries_a_fresh_token(user_client):
    first, second = token_of(user_client.get(ADD)), token_of(user_client.get(ADD))
    assert first != second
    assert re.fullmatch(r"[A-Za-z0-9_-]{24}", first)


def test_a_double_click_makes_one_record_and_both_answers_lead_to_it(user_client):
    token = token_of(user_client.get(ADD))
    first = user_client.post(ADD, {"first_name": "Ada", "once": token})
    second = user_client.post(ADD, {"first_name": "Ada", "once": token})
    assert added().count() == 1
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"] == f"/people/{added().get().pk}/"


def test_back_and_resubmit_an_hour_later_makes_no_second_record(user_client):
    token = token_of(user_client.get(ADD))
    user_client.post(ADD, {"first_name": "Ada", "once": token})
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1)):
        again = user_client.post(ADD, {"first_name": "Ada", "once": token})
    assert added().count() == 1
    assert again.status_code == 302
    message = [str(m) for m in again.wsgi_request._messages]
    assert message == [
        "That was already saved a moment ago, so it has not been saved twice. To record a second "
        "one just like it, change something on the form first."
    ]


def test_the_same_form_filled_in_two_tabs_makes_one_record(user_client):
    tab_one, tab_two = token_of(user_client.get(ADD)), token_of(user_client.get(ADD))
    user_client.post(ADD, {"first_name": "Ada", "once": tab_one})
    user_client.post(ADD, {"first_name": "Ada", "once": tab_two})
    assert added().count() == 1


def test_a_different_record_or_the_same_one_later_is_made(user_client, settings):
    user_client.post(ADD, {"first_name": "Ada", "once": token_of(user_client.get(ADD))})
    user_client.post(ADD, {"first_name": "Bea", "once": token_of(user_client.get(ADD))})
    later = timezone.now() + datetime.timedelta(seconds=settings.ONCE_SAME_CONTENT_SECONDS + 1)
    with time_machine.travel(later):
        user_client.post(ADD, {"first_name": "Ada", "once": token_of(user_client.get(ADD))})
    assert sorted(added().values_list("first_name", flat=True)) == ["Ada", "Ada", "Bea"]


def test_a_form_with_errors_gives_its_token_back_for_the_corrected_form(user_client):
    token = token_of(user_client.get(ADD))
    refused = user_client.post(ADD, {"first_name": "A" * 21, "once": token})
    assert refused.status_code == 200 and not added().exists()
    assert user_client.post(ADD, {"first_name": "Ada", "once": token}).status_code == 302
    assert added().count() == 1


def test_someone_else_sending_the_same_is_not_stopped(client_for, member, ec_member):
    client_for(member).post(ADD, {"first_name": "Ada", "once": "a" * 24})
    client_for(ec_member).post(ADD, {"first_name": "Ada", "once": "a" * 24})
    assert added().count() == 2


def test_a_second_sending_while_the_first_is_still_saving_says_so(user_client, settings):
    settings.ONCE_WAIT_SECONDS = 0
    token = token_of(user_client.get(ADD))
    who = user_client.session["_auth_user_id"]
    cache.add(f"once:{who}:{token}", once._WORKING, 60)  # the first, still running
    busy = user_client.post(ADD, {"first_name": "Ada", "once": token})
    assert busy.status_code == 409
    assert "That form is already being sent" in busy.content.decode()
    assert not added().exists()


def test_a_malformed_token_is_ignored_not_trusted(user_client):
    response = user_client.post(ADD, {"first_name": "Ada", "once": "<script>" * 20})
    assert response.status_code == 302 and added().count() == 1
