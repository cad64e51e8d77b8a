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


PEOPLE = {"officers.person", "accounts.user"}


def _points_at_people():
    """Every model of ours that holds a key to a person or a login, with the key's name."""
    from django.apps import apps

    from tests.foundation.test_factories import OUR_APPS

    found = []
    for model in apps.get_models():
        if model._meta.app_label not in OUR_APPS or model.__name__.startswith("Historical"):
            continue
        for f in model._meta.concrete_fields:
            points_at_people = f.is_relation and f.related_model._meta.label_lower in PEOPLE
            if points_at_people and (model._meta.label_lower, f.name) != ("officers.person", "user"):
                found.append((model, f))
    return found


def _id(value):
    return getattr(value, "name", None) or value.__name__


@pytest.mark.parametrize("model, key", _points_at_people(), ids=_id)
def test_the_download_holds_every_apps_records_about_the_person(model, key, member):
    """A record in any app that points at the person (or their login) is in their download,
    one-to-one records such as preferences and directory choices included."""
    from tests.foundation.test_factories import FACTORIES

    target = member if key.related_model._meta.label_lower == "officers.person" else member.user
    record = FACTORIES[model](**{key.name: target})
    data = json.loads(personal_data_json(member.user)[2])
    title = str(model._meta.verbose_name_plural)
    rows = [row for section, rows in data.items() if title in section for row in rows]
    assert any(row.get("id") == record.pk or row.get(key.attname) == target.pk for row in rows), sorted(data)


def test_a_report_the_secretary_uploaded_is_named_in_their_download_but_its_contents_are_not(secretary):
    from tests.factories.branches import MembershipImportFactory

    MembershipImportFactory(uploaded_by=secretary.user, content="L1,Ann,ann@example.org")
    text = personal_data_json(secretary.user)[2].decode()
    assert "Membership Action Report" in text
    assert "ann@example.org" not in text
