"""Each person downloads everything held about them, and nothing about anyone else."""

import csv
import io
import json

import pytest
from django.urls import reverse

from clp.accounts.exports import personal_data_csv, personal_data_json
from clp.accounts.services import equality_access_log
from clp.notifications.services import notify

pytestmark = pytest.mark.django_db


@pytest.fixture
def known_member(member, secretary):
    member.phone = "07700 900123"
    member.address = "1 Rose Lane"
    member.ethnicity = "Welsh"
    member.save()
    notify(key="test:hello", kind="general", subject="Hello Maya", body="Welcome", to_people=[member])
    equality_access_log(viewer=secretary.user, person=member)
    return member


def test_a_member_downloads_their_data_as_json(client_for, known_member, secretary):
    response = client_for(known_member).get(reverse("accounts:my_data_json"))
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="my-data-')
    data = json.loads(response.content)
    assert data["login"][0]["email"] == known_member.user.email
    assert data["person"][0]["phone"] == "07700 900123"
    assert data["person"][0]["ethnicity"] == "Welsh"
    assert any(row.get("subject") == "Hello Maya" for rows in data.values() for row in rows)
    assert any(row.get("viewer_id") == secretary.user.pk for rows in data.values() for row in rows)
    assert data["person: change history"]


def test_the_download_holds_no_secrets_and_nobody_else(known_member, secretary):
    text = personal_data_json(known_member.user)[2].decode()
    assert known_member.user.password not in text
    assert '"key"' not in text  # the two-factor key never leaves
    assert secretary.email not in text


def test_a_member_downloads_their_data_as_csv(client_for, known_member):
    response = client_for(known_member).get(reverse("accounts:my_data_csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["section", "record", "field", "value"]
    assert ["person", "1", "address", "1 Rose Lane"] in rows


def test_a_value_that_looks_like_a_formula_is_made_harmless(member):
    member.address = "=HYPERLINK(evil)"
    member.save()
    rows = list(csv.reader(io.StringIO(personal_data_csv(member.user)[2].decode("utf-8-sig"))))
    assert ["person", "1", "address", "'=HYPERLINK(evil)"] in rows


def test_a_login_with_no_person_downloads_its_login(client):
    from tests.factories.accounts import UserFactory, login_verified

    user = UserFactory()
    data = json.loads(login_verified(client, user).get(reverse("accounts:my_data_json")).content)
    assert data["login"][0]["email"] == user.email
    assert "person" not in data
