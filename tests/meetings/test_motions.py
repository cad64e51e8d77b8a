"""A motion's whole life through the services: from a branch meeting's decision to the CLP
General Meeting, amended, on the agenda in order, voted into the minutes, sent on to
regional conference; and the bad input that is refused with nothing half-saved."""

import datetime
import io

import pytest
import time_machine
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from meetings import exports as meeting_exports
from meetings import motion_exports, motion_selectors, services
from meetings.models import ConferenceRule, Decision, Meeting, Motion, MotionAmendment, MotionEdit, OnwardBody
from meetings.services import motions as motion_services
from tests.factories.meetings import StandingOrderFactory
from tests.meetings.conftest import at

GM_DAY = datetime.date(2026, 3, 19)
TEXT = "\n".join(
    [
        "This CLP notes that the number 12 bus has been cut.",
        "This CLP believes that buses are a public service.",
        "This CLP resolves to campaign for the route to be restored.",
        "And to ask the council group to raise it at full council.",
    ]
)


def travel(day, hour=12):
    return time_machine.travel(at(day, hour, 0), tick=False)


@pytest.fixture
def gm_rules(db):
    return StandingOrderFactory(
        kind=Meeting.Kind.GENERAL, motion_deadline_days=14, motion_word_limit=300, members_may_submit=False
    )


@pytest.fixture
def general_meeting(gm_rules):
    with travel(datetime.date(2026, 1, 5)):
        return services.meeting_plan(kind=Meeting.Kind.GENERAL, starts_at=at(GM_DAY), venue="Trades Hall")


@pytest.fixture
def branch_decision(branch_a):
    """Alpha Branch carried the motion at its meeting on 10 February."""
    with travel(datetime.date(2026, 2, 10), 21):
        meeting = services.meeting_plan(
            kind=Meeting.Kind.BRANCH, branch=branch_a, starts_at=at(datetime.date(2026, 2, 10))
        )
        services.meeting_mark_held(meeting=meeting)
        item = services.item_add(meeting=meeting, title="Motion on buses")
        return services.decision_record(item=item, motion=TEXT, outcome=Decision.Outcome.CARRIED)


def submit(meeting, *, day=datetime.date(2026, 2, 20), **kw):
    fields = {
        "title": "Save the number 12 bus",
        "text": TEXT,
        "proposer": "Alice Alpha",
        "seconder": "Ann Other",
        "submitted_from": Motion.From.BRANCH,
    }
    fields.update(kw)
    with travel(day):
        return motion_services.motion_submit(meeting=meeting, **fields)


def test_a_branch_motion_goes_from_its_decision_through_the_general_meeting_to_regional_conference(
    general_meeting, branch_decision, branch_a, branch_secretary_a
):
    gm = general_meeting
    motion = submit(gm, branch=branch_a, source_decision=branch_decision, by=branch_secretary_a.user)
    assert (motion.number, motion.emergency, motion.deadline) == (1, False, datetime.date(2026, 3, 5))
    assert [line.number for line in motion.lines] == [1, 2, 3, 4]

    with travel(datetime.date(2026, 3, 1)):
        first = motion_services.amendment_propose(
            motion=motion,
            op="replace",
            first_line=2,
            last_line=2,
            mover="Bob Beta",
            text="This CLP believes that buses should be run by the council.",
        )
        second = motion_services.amendment_propose(
            motion=motion, op="delete", first_line=4, last_line=4, text="", mover="Carl Cutter"
        )
        third = motion_services.amendment_propose(
            motion=motion,
            op="insert",
            first_line=1,
            text="It notes the cut was made without notice.",
            mover="X",
        )
        motion_services.amendment_withdraw(amendment=third)
        warnings = motion_services.motions_to_agenda(meeting=gm)
    assert warnings == []
    titles = [i.title for i in gm.items.order_by("order")]
    at_ = titles.index("Amendment 1 to motion 1: Save the number 12 bus")
    assert titles[at_ : at_ + 3] == [
        "Amendment 1 to motion 1: Save the number 12 bus",
        "Amendment 2 to motion 1: Save the number 12 bus",
        "Motion 1: Save the number 12 bus",
    ]
    assert titles[-1] == "Any other business"

    with travel(GM_DAY, 21):
        services.meeting_mark_held(meeting=gm)
        motion_services.amendment_vote(amendment=first, outcome="carried", votes_for=20, votes_against=5)
        motion_services.amendment_vote(amendment=second, outcome="lost", votes_for=4, votes_against=21)
        motion_services.motion_vote(motion=motion, outcome="carried", votes_for=24, votes_against=1)
    motion.refresh_from_db()
    assert motion.status == Motion.Status.CARRIED
    assert motion.final_text.splitlines() == [
        "This CLP notes that the number 12 bus has been cut.",
        "This CLP believes that buses should be run by the council.",
        "This CLP resolves to campaign for the route to be restored.",
        "And to ask the council group to raise it at full council.",
    ]
    # The votes are decisions in the minutes, recorded through the minutes service.
    decisions = list(Decision.objects.filter(item__meeting=gm).order_by("pk"))
    assert [(d.outcome, d.votes_for, d.votes_against) for d in decisions] == [
        ("carried", 20, 5),
        ("lost", 4, 21),
        ("carried", 24, 1),
    ]
    assert decisions[0].motion.startswith("Amendment 1 to motion 1: Replace line 2 with")
    assert decisions[2].motion.startswith("Motion 1: Save the number 12 bus (as amended)")
    assert "run by the council" in decisions[2].motion
    gm.refresh_from_db()
    assert gm.status == Meeting.Status.MINUTES_DRAFTED
    minutes = meeting_exports.minutes_pdf(gm.pk).content
    minuted = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(minutes)).pages)
    assert "Amendment 1 to motion 1: Replace line 2 with" in minuted
    assert "Motion 1: Save the number 12 bus (as amended)" in minuted and "run by the council" in minuted

    with travel(datetime.date(2026, 3, 25)):
        sending = motion_services.motion_send(
            motion=motion, body=OnwardBody.REGIONAL, sent_on=datetime.date(2026, 3, 25)
        )
        motion_services.sending_reply(
            sending=sending,
            reply="Debated and carried at regional conference.",
            replied_on=datetime.date(2026, 5, 2),
        )
    # The branch that submitted it sees where it went and what happened.
    (mine,) = motion_selectors.motions_of_branch(branch_a.pk)
    assert [(s.get_body_display(), s.reply) for s in mine.sendings.all()] == [
        ("Regional conference", "Debated and carried at regional conference.")
    ]
    assert mine.source_decision == branch_decision

    booklet = motion_exports.motions_booklet(gm.pk)
    assert booklet.content_type == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(booklet.content)).pages)
    assert "Motion 1: Save the number 12 bus" in text
    assert "From Alpha Branch" in text
    assert "Amendment 1" in text and "Amendment 2" in text and "Amendment 3" not in text  # withdrawn
    assert "Carried" in text and "Lost" in text
    assert "1 This CLP notes" in text and "4 And to ask" in text  # numbered lines


def test_a_motion_after_the_deadline_is_an_emergency_motion_for_the_chair(general_meeting, branch_a, posts):
    from clp.notifications.models import Notification

    on_time = submit(general_meeting, day=datetime.date(2026, 3, 5), branch=branch_a)  # the deadline day
    late = submit(general_meeting, day=datetime.date(2026, 3, 6), branch=branch_a, text="A late motion.")
    assert (on_time.emergency, late.emergency) == (False, True)
    (told,) = Notification.objects.filter(kind="emergency_motion")
    assert told.post_id == posts["chair"].pk and "after the deadline of 5 March 2026" in told.body
    with travel(datetime.date(2026, 3, 10)):
        warnings = motion_services.motions_to_agenda(meeting=general_meeting)
    assert warnings == [
        "Emergency motion 2 (Save the number 12 bus) waits for the Chair's acceptance: "
        "it is not on the agenda."
    ]
    late.refresh_from_db()
    assert late.agenda_item is None
    with travel(datetime.date(2026, 3, 10)):
        motion_services.motion_accept_emergency(motion=late)
        motion_services.motions_to_agenda(meeting=general_meeting)
    late.refresh_from_db()
    on_time.refresh_from_db()
    assert late.agenda_item.title == "Emergency motion 2: Save the number 12 bus"
    assert late.agenda_item.order == on_time.agenda_item.order + 1  # after the ordinary motions


def test_an_emergency_motion_not_accepted_cannot_be_voted(general_meeting, branch_a):
    late = submit(general_meeting, day=datetime.date(2026, 3, 18), branch=branch_a)
    with travel(GM_DAY, 21), pytest.raises(ValidationError, match="not been accepted by the Chair"):
        services.meeting_mark_held(meeting=general_meeting)
        motion_services.motion_vote(motion=late, outcome="carried")
    assert Decision.objects.count() == 0


def test_a_second_identical_submission_is_refused(general_meeting, branch_a, branch_b):
    first = submit(general_meeting, branch=branch_a)
    with pytest.raises(ValidationError, match="already been submitted to this meeting, as motion 1"):
        submit(general_meeting, branch=branch_b, text=TEXT.upper().replace("\n", "  \n "))
    assert Motion.objects.count() == 1
    motion_services.motion_withdraw(motion=first)
    assert submit(general_meeting, branch=branch_b).number == 2  # once withdrawn, it may come again


def test_a_motion_over_the_word_limit_is_refused(general_meeting, gm_rules, branch_a):
    gm_rules.motion_word_limit = 10
    gm_rules.save()
    with pytest.raises(ValidationError, match="has 11 words; the Standing Orders allow at most 10"):
        submit(
            general_meeting, branch=branch_a, text="one two three four five six seven eight nine ten eleven"
        )
    assert Motion.objects.count() == 0


def test_members_submit_only_where_the_standing_orders_allow(general_meeting, gm_rules):
    with pytest.raises(ValidationError, match="do not let members submit"):
        submit(general_meeting, submitted_from=Motion.From.MEMBERS)
    gm_rules.members_may_submit = True
    gm_rules.save()
    assert submit(general_meeting, submitted_from=Motion.From.MEMBERS).submitter == "Members"


def test_an_amendment_naming_lines_that_do_not_exist_is_refused(general_meeting, branch_a):
    motion = submit(general_meeting, branch=branch_a)
    with pytest.raises(ValidationError, match="The motion has 4 lines: there is no line 7"):
        motion_services.amendment_propose(
            motion=motion, op="delete", first_line=3, last_line=7, text="", mover="X"
        )
    assert MotionAmendment.objects.count() == 0


def test_conflicting_amendments_are_flagged_and_cannot_both_join_the_motion(general_meeting, branch_a):
    motion = submit(general_meeting, branch=branch_a)
    a = motion_services.amendment_propose(
        motion=motion, op="delete", first_line=2, last_line=3, text="", mover="A"
    )
    b = motion_services.amendment_propose(
        motion=motion, op="replace", first_line=3, last_line=3, text="New.", mover="B"
    )
    c = motion_services.amendment_propose(motion=motion, op="insert", first_line=4, text="More.", mover="C")
    motion = motion_selectors.motions_with_details().get(pk=motion.pk)
    assert motion_selectors.amendment_conflicts(motion) == {a.pk: [2], b.pk: [1]}
    motion_services.amendment_accept_friendly(amendment=a)
    with pytest.raises(ValidationError, match="changes the same lines as amendment 1"):
        motion_services.amendment_accept_friendly(amendment=b)
    motion_services.amendment_accept_friendly(amendment=c)
    motion = motion_selectors.motions_with_details().get(pk=motion.pk)
    assert motion_selectors.amended_text(motion).splitlines() == [
        "This CLP notes that the number 12 bus has been cut.",
        "And to ask the council group to raise it at full council.",
        "More.",
    ]


def test_after_the_deadline_a_change_is_recorded_with_its_reason(general_meeting, branch_a, secretary):
    motion = submit(general_meeting, branch=branch_a)
    with travel(datetime.date(2026, 3, 5)):  # the deadline day: a plain edit
        motion_services.motion_update(
            motion=motion, title="Save the 12", text=TEXT, proposer="A", seconder="B"
        )
    assert MotionEdit.objects.count() == 0
    with travel(datetime.date(2026, 3, 6)):
        with pytest.raises(ValidationError, match="give the reason"):
            motion_services.motion_update(
                motion=motion, title="Save it", text=TEXT, proposer="A", seconder="B"
            )
        motion_services.motion_update(
            motion=motion,
            title="Save it",
            text=TEXT,
            proposer="A",
            seconder="B",
            reason="Typo",
            by=secretary.user,
        )
    (edit,) = MotionEdit.objects.all()
    assert (edit.title_before, edit.reason, edit.by) == ("Save the 12", "Typo", secretary.user)


def test_a_motion_over_the_conference_word_limit_or_late_is_not_sent(general_meeting, branch_a):
    motion = submit(general_meeting, branch=branch_a)
    Motion.objects.filter(pk=motion.pk).update(status=Motion.Status.CARRIED)
    motion.refresh_from_db()
    ConferenceRule.objects.create(
        body=OnwardBody.ANNUAL,
        effective_from=datetime.date(2026, 1, 1),
        word_limit=20,
        deadline=datetime.date(2026, 9, 10),
    )
    with pytest.raises(ValidationError, match="motions to the Annual conference have at most 20"):
        motion_services.motion_send(motion=motion, body=OnwardBody.ANNUAL, sent_on=datetime.date(2026, 4, 1))
    ConferenceRule.objects.filter(body=OnwardBody.ANNUAL).update(word_limit=250)
    with pytest.raises(
        ValidationError, match="deadline for motions to the Annual conference was 10 September 2026"
    ):
        motion_services.motion_send(motion=motion, body=OnwardBody.ANNUAL, sent_on=datetime.date(2026, 9, 11))
    motion_services.motion_send(motion=motion, body=OnwardBody.ANNUAL, sent_on=datetime.date(2026, 9, 10))
    with pytest.raises(ValidationError, match="already been sent"):
        motion_services.motion_send(motion=motion, body=OnwardBody.ANNUAL, sent_on=datetime.date(2026, 9, 10))


def test_motions_on_one_subject_are_composited_keeping_where_each_came_from(
    general_meeting, branch_a, branch_b
):
    a = submit(general_meeting, branch=branch_a)
    b = submit(general_meeting, branch=branch_b, text="Bring back the bus.")
    with travel(datetime.date(2026, 3, 1)):
        with pytest.raises(ValidationError, match="agreement"):
            motion_services.motions_composite(
                motions=[a, b],
                title="Buses",
                text="Restore the 12.",
                proposer="A",
                seconder="B",
                movers_agreed=False,
            )
        composite = motion_services.motions_composite(
            motions=[a, b],
            title="Buses",
            text="Restore the 12.",
            proposer="A",
            seconder="B",
            movers_agreed=True,
        )
    assert composite.submitted_from == Motion.From.COMPOSITE and composite.number == 3
    assert {m.branch for m in composite.composited_from.all()} == {branch_a, branch_b}
    a.refresh_from_db()
    assert a.status == Motion.Status.COMPOSITED


def test_the_motions_booklet_is_circulated_with_the_papers(general_meeting, branch_a, secretary):
    from clp.notifications.models import Notification

    submit(general_meeting, branch=branch_a)
    with travel(datetime.date(2026, 3, 1)):
        services.agenda_agree(meeting=general_meeting)
        services.agenda_circulate(meeting=general_meeting)
    attachments = {name for name, _ in Notification.objects.filter(kind="agenda_circulation")[0].attachments}
    assert "meetings.motion_exports.motions_booklet_attachment" in attachments
