"""The motion register asks who may read which motion in SQL (Access.motions_scope): the
same motions, for every kind of reader, as can_read_motion asks of each one in Python (the
register read every motion of the year as a model to ask it: 135 ms at 3,000)."""

import pytest

from meetings.models import Meeting, Motion
from officers.access import Access, access_for
from tests.factories.meetings import MeetingFactory, MotionFactory
from tests.factories.officers import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def motions(branch_a, branch_b):
    """A motion from each branch and one from no branch (an affiliate's or a member's) to a
    General Meeting, an AGM, the EC and each branch's own meeting."""
    meetings = [
        MeetingFactory(kind=Meeting.Kind.GENERAL),
        MeetingFactory(kind=Meeting.Kind.AGM),
        MeetingFactory(kind=Meeting.Kind.EC),
        MeetingFactory(kind=Meeting.Kind.BRANCH, branch=branch_a),
        MeetingFactory(kind=Meeting.Kind.BRANCH, branch=branch_b),
    ]
    return [
        MotionFactory(meeting=m, branch=b, submitted_from=Motion.From.BRANCH if b else Motion.From.MEMBERS)
        for m in meetings
        for b in (branch_a, branch_b, None)
    ]


def test_the_scope_is_can_read_motion_for_every_reader(
    motions, secretary, chair, treasurer, equality_officer, branch_secretary_a, branch_secretary_b,
    ec_member, member, branch_b, django_user_model,
):  # fmt: skip
    readers = {
        person.full_name: access_for(person.user)
        for person in (secretary, chair, treasurer, equality_officer, branch_secretary_a)
        + (branch_secretary_b, ec_member, member, PersonFactory(with_login=True, branch=branch_b))
    }
    readers["a login with no member record"] = Access(person_id=None, user_id=1)
    readers["a superuser"] = Access(is_superuser=True, user_id=2)
    for name, access in readers.items():
        allowed = {m.pk for m in motions if access.can_read_motion(m)}
        scoped = set(Motion.objects.filter(access.motions_scope()).values_list("pk", flat=True))
        assert scoped == allowed, name
    # the comparison is not empty on either side: some read all, some only a few
    sizes = {len(Motion.objects.filter(a.motions_scope())) for a in readers.values()}
    assert len(motions) in sizes and min(sizes) < len(motions) and 0 in sizes
