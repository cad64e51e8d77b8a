"""Shared fixtures: the named personas every app's tests use, a real Celery worker and a
real browser. Personas hold posts through terms of office, as in the product."""

import datetime
import os

import pytest
from django.utils import timezone

from officers.models import Post
from tests.factories.accounts import login_verified
from tests.factories.branches import BranchFactory
from tests.factories.officers import PersonFactory, PostFactory, TermFactory

# Playwright's sync API runs an event loop in the test thread; the ORM calls in the same
# tests are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytest_plugins = ["tests.browser", "tests.worker"]

# The tests that take longest (tens of seconds each) go first, so that the two test workers
# share them out at the start instead of one finishing its last long test while the other
# waits. pytest-django then sorts the tests into its database groups (in a transaction, then
# transactional, then without a database), keeping this order within each group. The link
# crawl stays where it is: its demo is committed and flushed afterwards, and a flush writes
# the thresholds again with their history, which the tests before it in its group never see.
LONGEST = ("tests/security/test_bad_input.py::test_no_form_breaks_or_half_saves_whatever_it_is_sent",)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    items.sort(key=lambda item: not (item.get_closest_marker("browser") or item.nodeid.startswith(LONGEST)))


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with no rate-limit counters (the test settings keep the cache in
    each test process's memory)."""
    from django.core.cache import cache

    cache.clear()


def _today():
    return timezone.localdate()


def holder(post, *, woman=False, starts_on=None, ends_on=None, login=True, branch=None, **person):
    """A person holding `post` (with a login by default)."""
    person = PersonFactory(
        with_login=login, woman=woman, branch=branch or post.branch or BranchFactory(), **person
    )
    TermFactory(
        post=post,
        person=person,
        starts_on=starts_on or _today() - datetime.timedelta(days=200),
        ends_on=ends_on,
    )
    return person


@pytest.fixture
def branch_a(db):
    return BranchFactory(name="Alpha Branch", slug="alpha")


@pytest.fixture
def branch_b(db):
    return BranchFactory(name="Beta Branch", slug="beta")


@pytest.fixture
def posts(db, branch_a, branch_b):
    """A small CLP: its key officers and each branch's secretary and treasurer."""

    def clp_post(slug, name, role, order):
        return PostFactory(slug=slug, name=name, role=role, order=order, ec_membership=Post.EC.VOTING)

    def branch_post(branch, slug, name, role):
        return PostFactory(
            slug=slug,
            name=name,
            role=role,
            scope=Post.Scope.BRANCH,
            branch=branch,
            ec_membership=Post.EC.NONE,
        )

    return {
        "chair": clp_post("chair", "Chair", Post.Role.CHAIR, 1),
        "secretary": clp_post("secretary", "Secretary", Post.Role.SECRETARY, 2),
        "treasurer": clp_post("treasurer", "Treasurer", Post.Role.TREASURER, 3),
        "womens_officer": clp_post("womens-officer", "Women's Officer", Post.Role.WOMENS_OFFICER, 4),
        "equality_officer": clp_post("equality-officer", "Equality Officer", Post.Role.EQUALITY_OFFICER, 5),
        "branch_a_secretary": branch_post(
            branch_a, "secretary", "Branch Secretary", Post.Role.BRANCH_SECRETARY
        ),
        "branch_a_treasurer": branch_post(
            branch_a, "treasurer", "Branch Treasurer", Post.Role.BRANCH_TREASURER
        ),
        "branch_b_secretary": branch_post(
            branch_b, "secretary", "Branch Secretary", Post.Role.BRANCH_SECRETARY
        ),
    }


@pytest.fixture
def secretary(posts):
    return holder(posts["secretary"], woman=True, first_name="Sam", last_name="Secretary")


@pytest.fixture
def chair(posts):
    return holder(posts["chair"], first_name="Chris", last_name="Chair")


@pytest.fixture
def treasurer(posts):
    return holder(posts["treasurer"], woman=True, first_name="Tess", last_name="Treasurer")


@pytest.fixture
def former_treasurer(posts):
    """Treasurer until yesterday: their access ended with the term."""
    return holder(
        posts["treasurer"],
        first_name="Fred",
        last_name="Former",
        starts_on=_today() - datetime.timedelta(days=400),
        ends_on=_today() - datetime.timedelta(days=1),
    )


@pytest.fixture
def equality_officer(posts):
    return holder(posts["equality_officer"], first_name="Eve", last_name="Equality", woman=True)


@pytest.fixture
def branch_secretary_a(posts, branch_a):
    return holder(posts["branch_a_secretary"], first_name="Alice", last_name="Alpha", woman=True)


@pytest.fixture
def branch_secretary_b(posts, branch_b):
    return holder(posts["branch_b_secretary"], first_name="Bob", last_name="Beta")


@pytest.fixture
def branch_treasurer_a(posts, branch_a):
    return holder(posts["branch_a_treasurer"], first_name="Tom", last_name="Alpha")


@pytest.fixture
def ec_member(db, branch_a):
    post = PostFactory(
        slug="ec-delegate", name="EC delegate", kind=Post.Kind.DELEGATE, role=Post.Role.EC_DELEGATE
    )
    return holder(post, first_name="Dee", last_name="Delegate", branch=branch_a)


@pytest.fixture
def member(db, branch_a):
    """A member with a login and no post."""
    return PersonFactory(with_login=True, branch=branch_a, first_name="Maya", last_name="Member")


@pytest.fixture
def client_for(client):
    """client_for(person) -> the test client logged in as that person, two-factor verified
    (tests of the two-factor step itself log in with client.force_login)."""

    def login(person):
        return login_verified(client, person.user)

    return login
