"""Decisions that add up: an outcome that contradicts its count is refused in plain words,
a casting vote carries only a tie, a decision records whether the meeting was quorate when
it was taken, and a draft decision can be corrected or removed until the minutes are approved."""

import pytest
from django.core.exceptions import ValidationError

from meetings import rules, services
from meetings.models import Attendance, Decision
from tests.meetings.conftest import held_meeting


@pytest.mark.parametrize(
    ("outcome", "votes_for", "votes_against", "refused"),
    [
        ("carried", 10, 3, False),
        ("carried", 3, 10, True),
        ("carried", 5, 5, True),
        ("carried", None, None, False),  # not counted: nothing to contradict
        ("carried", None, 2, True),  # one side counted: the other had none
        ("lost", 3, 10, False),
        ("lost", 5, 5, False),
        ("lost", 10, 3, True),
        ("casting", 5, 5, False),
        ("casting", 6, 5, True),
        ("casting", None, None, True),
        ("withdrawn", 10, 3, False),
    ],
)
def test_an_outcome_must_add_up_with_its_count(outcome, votes_for, votes_against, refused):
    refusal = rules.decision_refusal(outcome=outcome, votes_for=votes_for, votes_against=votes_against)
    assert bool(refusal) is refused


def test_the_refusal_says_what_is_wrong_plainly():
    assert rules.decision_refusal(outcome="carried", votes_for=3, votes_against=10) == (
        "A motion with 10 against and 3 for was lost, not carried: check the count or the outcome."
    )


@pytest.fixture
def item(db):
    return services.item_add(meeting=held_meeting(), title="Fundraising")


def test_carried_with_more_against_is_refused_and_nothing_saved(item):
    with pytest.raises(ValidationError) as refused:
        services.decision_record(
            item=item, motion="That we hold a raffle", outcome="carried", votes_for=2, votes_against=4
        )
    assert "was lost, not carried" in str(refused.value)
    assert not Decision.objects.exists()


def test_a_decision_without_a_motion_is_refused_plainly(item):
    with pytest.raises(ValidationError) as refused:
        services.decision_record(item=item, motion="  ", outcome="carried")
    assert refused.value.message_dict == {"motion": ["Give the motion: what the meeting decided."]}


def test_a_tie_carried_on_the_chairs_casting_vote(item, secretary, chair, ec_rules):
    services.attendance_record(
        meeting=item.meeting,
        rows=[(secretary, Attendance.Status.PRESENT, True), (chair, Attendance.Status.PRESENT, True)],
    )
    decision = services.decision_record(
        item=item, motion="That we hold a raffle", outcome="casting", votes_for=1, votes_against=1
    )
    assert decision.get_outcome_display() == "Carried on the Chair's casting vote"
    assert decision.quorate is True


def test_quorate_is_as_it_was_when_the_decision_was_taken(item, secretary, chair, ec_rules):
    early = services.decision_record(item=item, motion="Before the Chair arrived", outcome="carried")
    services.attendance_record(
        meeting=item.meeting,
        rows=[(secretary, Attendance.Status.PRESENT, True), (chair, Attendance.Status.PRESENT, True)],
    )
    later = services.decision_record(item=item, motion="Once quorate", outcome="carried")
    services.decision_update(decision=early, motion="Before the Chair arrived (corrected)", outcome="lost")
    early.refresh_from_db()
    assert (early.quorate, later.quorate) == (False, True)
    assert early.motion == "Before the Chair arrived (corrected)"


def test_a_draft_decision_is_removed_but_not_once_approved(item):
    decision = services.decision_record(item=item, motion="That we hold a raffle", outcome="carried")
    services.decision_delete(decision=decision)
    assert not Decision.objects.exists()
    kept = services.decision_record(item=item, motion="That we hold a fete", outcome="carried")
    item.meeting.status = item.meeting.Status.MINUTES_APPROVED
    item.meeting.save()
    kept.refresh_from_db()
    with pytest.raises(ValidationError, match="approved and are locked"):
        services.decision_delete(decision=kept)
    with pytest.raises(ValidationError, match="approved and are locked"):
        services.decision_update(decision=kept, motion="Changed", outcome="lost")
    assert Decision.objects.get().motion == "That we hold a fete"
