"""Rows for the meetings pages. Who: the Secretary and Chair run CLP meetings; a branch
secretary runs their branch's; EC members (the Treasurer, an EC delegate) see CLP meetings;
members with no post get 403; another branch's meeting is a 404."""

import datetime

from django.utils import timezone

from meetings.models import Attendance, Meeting, Motion, MotionSending
from meetings.services import motions as motion_services
from tests.factories.meetings import (
    ActionFactory,
    AgendaItemFactory,
    CalendarFeedFactory,
    DecisionFactory,
    DiaryEventFactory,
    PaperFactory,
)
from tests.security.matrix import Row

# Pages for anyone holding a post (the former Treasurer holds none now).
POST_HOLDERS = {"member": 403, "former_treasurer": 403}
# A CLP meeting: EC and CLP officers see it; branch secretaries (not on the EC here) do not.
CLP_SEE = dict(default=200, **POST_HOLDERS, branch_secretary_a=403, branch_secretary_b=403)
CLP_EDIT = {"default": 403, "secretary": 200, "chair": 200}
# POST-only actions answer GET with 405 to anyone who uses meetings at all; who may post
# to which meeting is tested with real POSTs in tests/meetings/test_access.py.
CLP_POST = dict(default=405, **POST_HOLDERS)
# A decision's or action's form, opened on its own (GET): without JavaScript, to the item.
CLP_ITEM_FORM = {**CLP_EDIT, "secretary": 302, "chair": 302}
BRANCH_EDIT = dict(default=404, **POST_HOLDERS, branch_secretary_a=200, secretary=403, chair=403)
# Motions: every member reads a General Meeting's; members of a branch (and whoever runs it)
# its own meeting's, another branch's is a 404. POST-only motion URLs answer GET with 405 to
# every member: who may post what is tested in tests/meetings/test_motion_pages.py.
MOTION_POST = {"default": 405}
BRANCH_B_MOTIONS = {"default": 404, "secretary": 200, "chair": 200, "branch_secretary_b": 200}
SUBMITTERS = {
    "default": 403,
    "secretary": 200,
    "chair": 200,
    "branch_secretary_a": 200,
    "branch_secretary_b": 200,
}


def build(world):
    soon = timezone.now() + datetime.timedelta(days=14)
    world.clp_meeting = Meeting.objects.create(kind=Meeting.Kind.EC, starts_at=soon, venue="Trades Hall")
    world.item = AgendaItemFactory(meeting=world.clp_meeting)
    world.paper = PaperFactory(item=world.item)
    world.action = ActionFactory(item=world.item)
    world.decision = DecisionFactory(item=world.item)
    world.branch_meeting = Meeting.objects.create(
        kind=Meeting.Kind.BRANCH, branch=world.branch_a, starts_at=soon
    )
    world.branch_item = AgendaItemFactory(meeting=world.branch_meeting)
    world.feed = CalendarFeedFactory(person=world.secretary)
    world.diary_event = DiaryEventFactory(is_public=False, organiser_post=world.posts["secretary"])
    world.visitor = Attendance.objects.create(
        meeting=world.clp_meeting, visitor_name="A visitor", status=Attendance.Status.PRESENT
    )

    _build_motions(world)


def _build_motions(world):
    """A General Meeting a month away with a branch's motion, an amendment, and a carried
    motion sent on; a motion to Beta Branch's own meeting."""
    later = timezone.now() + datetime.timedelta(days=30)
    world.gm = Meeting.objects.create(kind=Meeting.Kind.GENERAL, starts_at=later)
    world.motion = motion_services.motion_submit(
        meeting=world.gm,
        title="Buses",
        text="This CLP supports buses.",
        proposer="A",
        seconder="B",
        submitted_from=Motion.From.BRANCH,
        branch=world.branch_a,
        by=world.branch_secretary_a.user,
    )
    world.amendment = motion_services.amendment_propose(
        motion=world.motion, op="insert", first_line=1, text="And trams.", mover="M"
    )
    carried = motion_services.motion_submit(
        meeting=world.gm,
        title="Trains",
        text="This CLP supports trains.",
        proposer="A",
        seconder="B",
        submitted_from=Motion.From.BRANCH,
        branch=world.branch_a,
    )
    Motion.objects.filter(pk=carried.pk).update(status=Motion.Status.CARRIED)
    world.sending = MotionSending.objects.create(
        motion=carried, body="regional", sent_on=timezone.localdate()
    )
    world.branch_b_meeting = Meeting.objects.create(
        kind=Meeting.Kind.BRANCH, branch=world.branch_b, starts_at=later
    )


def clp(**kw):
    return lambda w: {"pk": w.clp_meeting.pk, **kw}


def branch(w):
    return {"pk": w.branch_meeting.pk}


ROWS = {
    "meetings:index": Row(default=200, **POST_HOLDERS),
    "meetings:detail": Row(kwargs=clp(), **CLP_SEE),
    "meetings:actions": Row(default=200, **POST_HOLDERS),
    "meetings:standing_orders": Row(default=403, secretary=200, chair=200),
    # Every member has a private calendar (members-only diary events), post or no post.
    "meetings:calendar": Row(default=200),
    "meetings:calendar_reset": Row(default=405),
    # The events diary: every member reads it; CLP officers and branch secretaries add to it.
    "meetings:diary": Row(default=200),
    "meetings:diary_create": Row(default=200, **POST_HOLDERS),
    "meetings:diary_edit": Row(kwargs=lambda w: {"pk": w.diary_event.pk}, **CLP_EDIT),
    "meetings:diary_pdf": Row(kwargs=lambda w: {"year": 2026, "month": 6}, default=200),
    "meetings:diary_feed": Row(default=200, anonymous=200),
    # The feed needs no login: the token is the key. A wrong token is a 404 (see test_feed).
    "meetings:feed": Row(kwargs=lambda w: {"token": w.feed.token}, default=200, anonymous=200),
    "meetings:create": Row(
        default=403, secretary=200, chair=200, branch_secretary_a=200, branch_secretary_b=200
    ),
    "meetings:plan_year": Row(
        default=403, secretary=200, chair=200, branch_secretary_a=200, branch_secretary_b=200
    ),
    "meetings:edit": Row(kwargs=clp(), **CLP_EDIT, branch_secretary_a=403, branch_secretary_b=403),
    "meetings:cancel": Row(kwargs=clp(), **CLP_EDIT, branch_secretary_a=403, branch_secretary_b=403),
    "meetings:item_add": Row(kwargs=clp(), **CLP_POST),
    "meetings:agree": Row(kwargs=clp(), **CLP_POST),
    "meetings:agree_request": Row(kwargs=clp(), **CLP_POST),
    "meetings:agree_comment": Row(kwargs=clp(), **CLP_POST),
    "meetings:circulate": Row(kwargs=clp(), **CLP_POST),
    "meetings:held": Row(kwargs=clp(), **CLP_POST),
    "meetings:attendance": Row(kwargs=branch, **BRANCH_EDIT),
    "meetings:attendance_all_present": Row(kwargs=clp(), **CLP_POST),
    # One's own apologies, for a meeting one is expected at (the EC: its members); else 404.
    "meetings:apologies": Row(
        kwargs=clp(),
        default=404,
        ec_member=200,
        secretary=200,
        chair=200,
        treasurer=200,
    ),
    "meetings:visitor_add": Row(kwargs=clp(), **CLP_POST),
    "meetings:visitor_remove": Row(kwargs=lambda w: {"pk": w.visitor.pk}, **CLP_POST),
    "meetings:minutes": Row(kwargs=clp(), **CLP_SEE),
    "meetings:approve": Row(kwargs=clp(), **CLP_POST),
    "meetings:amend": Row(kwargs=clp(), **CLP_POST),
    "meetings:agenda_pdf": Row(
        kwargs=branch, default=404, **POST_HOLDERS, branch_secretary_a=200, secretary=200, chair=200
    ),
    "meetings:minutes_pdf": Row(kwargs=clp(), **CLP_SEE),
    "meetings:item_edit": Row(kwargs=lambda w: {"pk": w.branch_item.pk}, **BRANCH_EDIT),
    "meetings:item_delete": Row(kwargs=lambda w: {"pk": w.item.pk}, **CLP_POST),
    "meetings:item_move": Row(kwargs=lambda w: {"pk": w.item.pk}, **CLP_POST),
    "meetings:paper_upload": Row(kwargs=lambda w: {"pk": w.item.pk}, **CLP_POST),
    "meetings:item_note": Row(kwargs=lambda w: {"pk": w.item.pk}, **CLP_POST),
    "meetings:decision_add": Row(kwargs=lambda w: {"pk": w.item.pk}, **CLP_ITEM_FORM),
    "meetings:action_add": Row(kwargs=lambda w: {"pk": w.item.pk}, **CLP_ITEM_FORM),
    "meetings:decision_edit": Row(kwargs=lambda w: {"pk": w.decision.pk}, **CLP_ITEM_FORM),
    "meetings:decision_delete": Row(kwargs=lambda w: {"pk": w.decision.pk}, **CLP_POST),
    "meetings:action_edit": Row(kwargs=lambda w: {"pk": w.action.pk}, **CLP_ITEM_FORM),
    "meetings:action_delete": Row(kwargs=lambda w: {"pk": w.action.pk}, **CLP_POST),
    "meetings:action_done": Row(kwargs=lambda w: {"pk": w.action.pk}, default=405, **POST_HOLDERS),
    "meetings:paper": Row(kwargs=lambda w: {"pk": w.paper.pk}, **CLP_SEE),
    "meetings:paper_delete": Row(kwargs=lambda w: {"pk": w.paper.pk}, **CLP_POST),
    # motions
    "meetings:motions": Row(kwargs=lambda w: {"pk": w.branch_b_meeting.pk}, **BRANCH_B_MOTIONS),
    "meetings:motions_booklet": Row(kwargs=lambda w: {"pk": w.branch_b_meeting.pk}, **BRANCH_B_MOTIONS),
    "meetings:motion_submit": Row(kwargs=lambda w: {"pk": w.gm.pk}, **SUBMITTERS),
    "meetings:motions_to_agenda": Row(kwargs=lambda w: {"pk": w.gm.pk}, **MOTION_POST),
    "meetings:motions_composite": Row(kwargs=lambda w: {"pk": w.gm.pk}, **CLP_EDIT),
    "meetings:motion_register": Row(default=200),
    "meetings:motion": Row(kwargs=lambda w: {"pk": w.motion.pk}, default=200),
    "meetings:motion_edit": Row(
        kwargs=lambda w: {"pk": w.motion.pk}, default=403, secretary=200, chair=200, branch_secretary_a=200
    ),
    "meetings:motion_amend": Row(kwargs=lambda w: {"pk": w.motion.pk}, **SUBMITTERS),
    "meetings:motion_withdraw": Row(kwargs=lambda w: {"pk": w.motion.pk}, **MOTION_POST),
    "meetings:motion_accept": Row(kwargs=lambda w: {"pk": w.motion.pk}, **MOTION_POST),
    "meetings:motion_vote": Row(kwargs=lambda w: {"pk": w.motion.pk}, **MOTION_POST),
    "meetings:motion_send": Row(kwargs=lambda w: {"pk": w.motion.pk}, **MOTION_POST),
    "meetings:amendment_withdraw": Row(kwargs=lambda w: {"pk": w.amendment.pk}, **MOTION_POST),
    "meetings:amendment_friendly": Row(kwargs=lambda w: {"pk": w.amendment.pk}, **MOTION_POST),
    "meetings:amendment_vote": Row(kwargs=lambda w: {"pk": w.amendment.pk}, **MOTION_POST),
    "meetings:sending_reply": Row(kwargs=lambda w: {"pk": w.sending.pk}, **MOTION_POST),
}
