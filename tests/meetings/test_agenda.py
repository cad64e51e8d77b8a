"""The agenda page: reordering with and without htmx, the two-hour warning, its query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings import services
from tests.factories.meetings import PaperFactory

pytestmark = pytest.mark.django_db


def titles(meeting):
    return list(meeting.items.order_by("order").values_list("title", flat=True))


def test_moving_an_item_without_javascript_redirects_back_to_the_agenda(client_for, secretary, ec_meeting):
    item = services.item_add(meeting=ec_meeting, title="Campaign plan", minutes_allowed=30)
    response = client_for(secretary).post(
        reverse("meetings:item_move", kwargs={"pk": item.pk}), {"position": 1}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"/meetings/{ec_meeting.pk}/#item-{item.pk}")
    assert titles(ec_meeting)[0] == "Campaign plan"
    assert list(ec_meeting.items.order_by("order").values_list("order", flat=True)) == [1, 2, 3, 4, 5, 6]


def test_moving_an_item_with_htmx_answers_with_the_agenda_fragment(client_for, secretary, ec_meeting):
    item = services.item_add(meeting=ec_meeting, title="Campaign plan", minutes_allowed=30)
    response = client_for(secretary).post(
        reverse("meetings:item_move", kwargs={"pk": item.pk}), {"position": 2}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="agenda"') and "<html" not in html
    assert html.index("Campaign plan") < html.index("Minutes of the last meeting")


def test_an_agenda_past_two_hours_warns(client_for, secretary, ec_meeting):
    services.item_add(meeting=ec_meeting, title="Long debate", minutes_allowed=100)
    html = (
        client_for(secretary).get(reverse("meetings:detail", kwargs={"pk": ec_meeting.pk})).content.decode()
    )
    assert "past the 120 minutes a meeting should last" in html


def test_items_for_information_sit_in_the_correspondence_file(client_for, secretary, ec_meeting):
    services.item_add(
        meeting=ec_meeting, title="Letter from the council", kind="information", minutes_allowed=20
    )
    html = (
        client_for(secretary).get(reverse("meetings:detail", kwargs={"pk": ec_meeting.pk})).content.decode()
    )
    assert '<ul class="correspondence"><li>Letter from the council</li></ul>' in html
    assert "Running time: <strong>35 minutes</strong>" in html


def _add_items(meeting, count):
    for n in range(count):
        item = services.item_add(meeting=meeting, title=f"Motion {n}", minutes_allowed=1)
        PaperFactory(item=item)


def _queries(client, meeting):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("meetings:detail", kwargs={"pk": meeting.pk})).status_code == 200
    return queries


def test_a_60_item_agenda_renders_in_a_fixed_number_of_queries(
    client_for, secretary, ec_meeting, django_assert_max_num_queries
):
    client = client_for(secretary)
    _add_items(ec_meeting, 5)
    few = len(_queries(client, ec_meeting))
    _add_items(ec_meeting, 50)  # 60 items with the standing ones
    assert ec_meeting.items.count() == 60
    # 6: session, user, the two-factor device, the person, the terms held today (access),
    # the unread count (navigation);
    # 7: the meeting, its items, their papers, decisions, actions and amendments, its amendments;
    # 4: the Standing Orders rule (the two-hour limit); matters arising: the body's previous
    # meeting, the actions due to report at this one, the count of the others;
    # 3: whether the reader is expected (their terms, the meeting) and their apologies.
    with django_assert_max_num_queries(20):
        many = len(_queries(client, ec_meeting))
    assert many == few
