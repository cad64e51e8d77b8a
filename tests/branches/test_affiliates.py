"""Affiliated organisations and their delegates to the CLP."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from branches import services
from branches.models import Affiliate, AffiliateDelegate
from tests.factories.branches import AffiliateDelegateFactory, AffiliateFactory
from tests.factories.officers import PersonFactory

pytestmark = pytest.mark.django_db


def test_the_secretary_adds_an_organisation_and_its_delegate(client_for, secretary):
    client = client_for(secretary)
    client.post(
        reverse("branches:affiliate_create"),
        {"name": "GMB Northtown", "kind": "trade_union", "contact_email": "", "delegates_allowed": 2},
    )
    gmb = Affiliate.objects.get(name="GMB Northtown")
    response = client.post(
        reverse("branches:delegate_add", args=[gmb.pk]),
        {
            "first_name": "Gary",
            "last_name": "Moss",
            "email": "gary@gmb.example",
            "starts_on": timezone.localdate(),
        },
        follow=True,
    )
    assert "Gary Moss is now a delegate of GMB Northtown" in response.content.decode()
    gary = AffiliateDelegate.objects.get(affiliate=gmb).person
    assert (gary.email, gary.membership_status, gary.membership_number) == (
        "gary@gmb.example",
        "non_member",
        None,
    )
    html = client.get(reverse("branches:affiliates")).content.decode()
    assert "GMB Northtown" in html and "Gary Moss" in html and "Trade union branch" in html


def test_a_nominated_member_is_found_by_membership_number_not_added_twice(secretary):
    known = PersonFactory(membership_number="L123456", first_name="Mary", last_name="Moss")
    society = AffiliateFactory()
    delegate = services.affiliate_delegate_appoint(
        affiliate=society,
        starts_on=timezone.localdate(),
        first_name="M",
        last_name="Moss",
        membership_number="L123456",
    )
    assert delegate.person == known


def test_an_organisation_sends_no_more_delegates_than_it_may(secretary):
    society = AffiliateFactory(name="Fabian Society", kind="socialist_society", delegates_allowed=1)
    AffiliateDelegateFactory(affiliate=society)
    with pytest.raises(ValidationError, match="as many as it may send"):
        services.affiliate_delegate_add(
            affiliate=society, person=PersonFactory(), starts_on=timezone.localdate()
        )


def test_ending_a_delegation_takes_the_delegate_out_of_the_directory(client_for, secretary):
    delegate = AffiliateDelegateFactory(person__first_name="Olive", person__last_name="Oldfield")
    client = client_for(secretary)
    client.post(reverse("branches:delegate_end", args=[delegate.pk]))
    delegate.refresh_from_db()
    assert delegate.ends_on == timezone.localdate()
    # A delegation ending today still counts today; tomorrow it is gone.
    assert AffiliateDelegate.objects.current(timezone.localdate()).count() == 1
    assert not AffiliateDelegate.objects.current(timezone.localdate() + datetime.timedelta(days=1)).exists()


def test_only_the_secretary_changes_affiliates(client_for, chair):
    delegate = AffiliateDelegateFactory()
    client = client_for(chair)
    assert client.get(reverse("branches:affiliates")).status_code == 200
    assert client.post(reverse("branches:delegate_end", args=[delegate.pk])).status_code == 403
    assert (
        client.post(reverse("branches:affiliate_create"), {"name": "X", "kind": "other"}).status_code == 403
    )


def test_the_delegate_form_opens_with_today_filled_in_a_date_picker_can_read(client_for, secretary):
    gmb = AffiliateFactory()
    html = client_for(secretary).get(reverse("branches:delegate_add", args=[gmb.pk])).content.decode()
    assert f'type="date" name="starts_on" value="{timezone.localdate().isoformat()}"' in html


def test_adding_an_organisation_twice_is_refused_in_plain_english_and_saves_nothing(client_for, secretary):
    AffiliateFactory(name="GMB Northtown")
    response = client_for(secretary).post(
        reverse("branches:affiliate_create"), {"name": "GMB Northtown", "kind": "", "delegates_allowed": 1}
    )
    html = response.content.decode()
    assert "An organisation of that name is already affiliated" in html
    assert "Choose what kind of organisation it is." in html
    assert Affiliate.objects.filter(name="GMB Northtown").count() == 1


def test_a_delegate_due_to_start_later_is_listed_and_can_be_called_off(client_for, secretary):
    start = timezone.localdate() + datetime.timedelta(days=10)
    delegate = AffiliateDelegateFactory(starts_on=start, person__first_name="Fay", person__last_name="Future")
    client = client_for(secretary)
    html = client.get(reverse("branches:affiliates")).content.decode()
    assert "Fay Future" in html and "(not yet)" in html

    response = client.post(reverse("branches:delegate_end", args=[delegate.pk]), follow=True)
    assert response.status_code == 200
    assert "Fay Future will not become a delegate of" in response.content.decode()
    assert not AffiliateDelegate.objects.filter(pk=delegate.pk).exists()


def test_ending_a_delegation_that_has_already_ended_changes_nothing(client_for, secretary):
    ended = timezone.localdate() - datetime.timedelta(days=5)
    delegate = AffiliateDelegateFactory(starts_on=ended - datetime.timedelta(days=100), ends_on=ended)
    response = client_for(secretary).post(reverse("branches:delegate_end", args=[delegate.pk]), follow=True)
    assert "already ended on" in response.content.decode()
    delegate.refresh_from_db()
    assert delegate.ends_on == ended
