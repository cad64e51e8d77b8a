"""Who may do what with motions, from officers.access on plain objects (no database)."""

import datetime
from types import SimpleNamespace

from django.utils import timezone

from officers.access import Access
from officers.models import Post

Role = Post.Role
GM = SimpleNamespace(pk=1, branch_id=None, kind="general", members_may_submit=False)
EC = SimpleNamespace(pk=2, branch_id=None, kind="ec")
BRANCH_7 = SimpleNamespace(pk=3, branch_id=7, kind="branch")

MEMBER_OF_7 = Access(person_id=10, user_id=100, person_branch_id=7)
SECRETARY_OF_7 = Access(person_id=11, user_id=101, branch_roles={7: frozenset({Role.BRANCH_SECRETARY})})
CHAIR_OF_7 = Access(person_id=12, user_id=102, branch_roles={7: frozenset({Role.BRANCH_CHAIR})})
CLP_SECRETARY = Access(person_id=13, user_id=103, roles=frozenset({Role.SECRETARY}), clp_officer=True)
CLP_CHAIR = Access(person_id=14, user_id=104, roles=frozenset({Role.CHAIR}), clp_officer=True)


def motion(meeting, *, branch_id=7, submitted_by_id=None, deadline_in_days=1, status="submitted"):
    deadline = timezone.localdate() + datetime.timedelta(days=deadline_in_days)
    return SimpleNamespace(
        meeting=meeting,
        branch_id=branch_id,
        submitted_by_id=submitted_by_id,
        deadline=deadline,
        status=status,
    )


def test_everyone_entitled_to_attend_reads_the_motions():
    assert MEMBER_OF_7.can_read_motions(GM)  # every member may attend a General Meeting
    assert not MEMBER_OF_7.can_read_motions(EC)  # the EC is for its members
    assert MEMBER_OF_7.can_read_motions(BRANCH_7) and MEMBER_OF_7.reaches_meeting_motions(BRANCH_7)
    other = Access(person_id=20, user_id=200, person_branch_id=8)
    assert not other.reaches_meeting_motions(BRANCH_7) and not other.can_read_motions(BRANCH_7)
    # the branch that sent a motion to the EC follows it there
    assert SECRETARY_OF_7.can_read_motion(motion(EC)) and not SECRETARY_OF_7.can_read_motions(EC)


def test_members_submit_only_where_the_standing_orders_allow():
    assert not MEMBER_OF_7.can_submit_motion(GM)
    assert MEMBER_OF_7.can_submit_motion(SimpleNamespace(**{**vars(GM), "members_may_submit": True}))
    assert SECRETARY_OF_7.can_submit_motion(GM) and SECRETARY_OF_7.motion_branch_ids == frozenset({7})
    assert CLP_SECRETARY.motion_branch_ids is None and CLP_SECRETARY.can_submit_for_affiliates
    assert not SECRETARY_OF_7.can_submit_for_affiliates


def test_submitters_edit_until_the_deadline_the_secretary_after_it():
    on_time, late = motion(GM, deadline_in_days=0), motion(GM, deadline_in_days=-1)
    assert SECRETARY_OF_7.can_edit_motion(on_time) and not SECRETARY_OF_7.can_edit_motion(late)
    assert CLP_SECRETARY.can_edit_motion(late)
    mine = motion(GM, branch_id=None, submitted_by_id=100)
    assert MEMBER_OF_7.can_edit_motion(mine) and not MEMBER_OF_7.can_edit_motion(motion(GM))
    assert not CLP_SECRETARY.can_edit_motion(motion(GM, status="carried"))


def test_the_chair_accepts_emergency_motions():
    assert CLP_CHAIR.can_accept_emergency_motion(motion(GM))
    assert not CLP_SECRETARY.can_accept_emergency_motion(motion(GM))
    assert CHAIR_OF_7.can_accept_emergency_motion(motion(BRANCH_7))
    assert not SECRETARY_OF_7.can_accept_emergency_motion(motion(BRANCH_7))
