import pytest
import time_machine

from clp.accounts.models import EqualityDataView
from clp.accounts.services import equality_access_log

pytestmark = pytest.mark.django_db


@time_machine.travel("2026-03-02 10:15 +00:00", tick=False)
def test_every_view_of_equality_data_is_logged_with_who_whom_and_when(equality_officer, member):
    equality_access_log(viewer=equality_officer.user, person=member)
    equality_access_log(viewer=equality_officer.user, person=member)
    views = EqualityDataView.objects.filter(person=member)
    assert views.count() == 2
    assert {(v.viewer, v.viewed_at.isoformat()) for v in views} == {
        (equality_officer.user, "2026-03-02T10:15:00+00:00")
    }


def test_the_secretary_opening_someones_edit_form_is_a_logged_view(client_for, secretary, member):
    response = client_for(secretary).get(f"/officers/people/{member.pk}/edit/")
    assert response.status_code == 200
    assert "Disability" in response.content.decode()
    assert EqualityDataView.objects.filter(person=member, viewer=secretary.user).count() == 1


def test_editing_your_own_details_is_not_logged(client_for, member):
    assert client_for(member).get(f"/officers/people/{member.pk}/edit/").status_code == 200
    assert not EqualityDataView.objects.filter(person=member).exists()


def test_the_admin_does_not_show_equality_data(client, member):
    from clp.accounts.models import User
    from tests.factories.accounts import login_verified

    admin = User.objects.create_superuser(email="root@example.org", password="x-long-password-1")
    login_verified(client, admin)
    html = client.get(f"/admin/officers/person/{member.pk}/change/").content.decode()
    assert 'name="first_name"' in html
    assert 'name="disability"' not in html
