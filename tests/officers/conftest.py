import datetime

import pytest
from django.utils import timezone

from officers import services
from officers.models import Post
from tests.conftest import holder
from tests.factories.officers import PersonFactory


@pytest.fixture
def national(db):
    """The national model loaded, every key post filled from the last AGM with four women."""
    services.preset_load(key="national-model")
    agm = timezone.localdate() - datetime.timedelta(days=200)
    posts = {p.slug: p for p in Post.objects.filter(scope=Post.Scope.CLP)}
    women = {"chair", "secretary", "vice-chair-membership", "womens-officer"}
    key = [
        "chair",
        "deputy-chair",
        "secretary",
        "treasurer",
        "vice-chair-membership",
        "vice-chair-policy",
        "womens-officer",
        "youth-officer",
    ]
    people = {}
    for slug in key:
        dob = datetime.date(2004, 6, 1) if slug == "youth-officer" else None
        people[slug] = holder(
            posts[slug],
            woman=slug in women,
            starts_on=agm,
            date_of_birth=dob,
            first_name=slug.replace("-", " ").title().replace(" ", ""),
            last_name="Holder",
        )
    # The rule book's delegations, which every CLP preset carries: half women.
    people["conference-delegate"] = holder(posts["conference-delegate"], woman=True, starts_on=agm)
    people["regional-1"] = holder(posts["regional-conference-delegates"], woman=True, starts_on=agm)
    people["regional-2"] = holder(posts["regional-conference-delegates"], starts_on=agm)
    return {"posts": posts, "people": people, "agm": agm}


@pytest.fixture
def man(db):
    return PersonFactory(first_name="Mark", last_name="Man")


@pytest.fixture
def woman(db):
    return PersonFactory(woman=True, first_name="Wendy", last_name="Woman")
