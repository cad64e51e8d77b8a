"""The motions pages through the client, as the people who use them: who may post what,
and bad input answered in plain words with nothing saved."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from meetings import services
from meetings.models import Decision, Meeting, Motion, MotionAmendment, MotionEdit
from meetings.services import motions as motion_services
from tests.factories.meetings import StandingOrderFactory
from tests.meetings.conftest import at

GM_DAY = datetime.date(2026, 6, 18)
TEXT = "This CLP notes the closure of the library.\nThis CLP resolves to campaign to reopen it."


@pytest.fixture
def gm(db):
    StandingOrderFactory(kind=Meeting.Kind.GENERAL, motion_deadline_days=14, motion_word_limit=50)
    with time_machine.travel(at(datetime.date(2026, 5, 1)), tick=False):
        return services.meeting_plan(kind=Meeting.Kind.GENERAL, starts_at=at(GM_DAY))


def on(day):
    return time_machine.travel(at(day, 12, 0), tick=False)


def motion_of_a(gm, branch_a, branch_secretary_a):
    with on(datetime.date(2026, 5, 20)):
        return motion_services.motion_submit(
            meeting=gm,
            title="The library",
            text=TEXT,
            proposer="Alice",
            seconder="Ann",
            submitted_from=Motion.From.BRANCH,
            branch=branch_a,
            by=branch_secretary_a.user,
        )


def test_a_branch_secretary_submits_for_their_branch_only(
    client_for, gm, branch_a, branch_b, branch_secretary_a
):
    client = client_for(branch_secretary_a)
    url = reverse("meetings:motion_submit", kwargs={"pk": gm.pk})
    fields = {
        "title": "The library",
        "text": TEXT,
        "proposer": "Alice",
        "seconder": "Ann",
        "submitted_from": "branch",
    }
    with on(datetime.date(2026, 5, 20)):
        refused = client.post(url, {**fields, "branch": branch_b.pk})
        assert refused.status_code == 400 and "Select a valid choice" in refused.content.decode()
        response = client.post(url, {**fields, "branch": branch_a.pk})
    (motion,) = Motion.objects.all()
    assert response.status_code == 302 and response["Location"] == reverse(
        "meetings:motion", kwargs={"pk": motion.pk}
    )
    assert (motion.branch, motion.submitted_by, motion.emergency) == (
        branch_a,
        branch_secretary_a.user,
        False,
    )


def test_a_member_cannot_submit_unless_the_standing_orders_allow(client_for, gm, member):
    client = client_for(member)
    url = reverse("meetings:motion_submit", kwargs={"pk": gm.pk})
    assert client.get(url).status_code == 403
    StandingOrderFactory(
        kind=Meeting.Kind.GENERAL, effective_from=datetime.date(2026, 1, 1), members_may_submit=True
    )
    assert client.get(url).status_code == 200
    with on(datetime.date(2026, 5, 20)):
        response = client.post(
            url,
            {
                "title": "T",
                "text": "Members move this.",
                "proposer": "M",
                "seconder": "N",
                "submitted_from": "members",
            },
        )
    assert response.status_code == 302
    assert Motion.objects.get().submitter == "Members"


def test_bad_input_on_the_pages_is_refused_plainly_and_nothing_is_saved(
    client_for, gm, branch_a, branch_secretary_a
):
    client = client_for(branch_secretary_a)
    motion = motion_of_a(gm, branch_a, branch_secretary_a)
    url = reverse("meetings:motion_submit", kwargs={"pk": gm.pk})
    fields = {
        "title": "Again",
        "proposer": "A",
        "seconder": "B",
        "submitted_from": "branch",
        "branch": branch_a.pk,
    }
    with on(datetime.date(2026, 5, 21)):
        twice = client.post(url, {**fields, "text": TEXT})
        long = client.post(url, {**fields, "text": "word " * 51})
        amend = client.post(
            reverse("meetings:motion_amend", kwargs={"pk": motion.pk}),
            {"op": "replace", "first_line": 2, "last_line": 5, "text": "x", "mover": "Bob"},
        )
    assert (
        twice.status_code == 400
        and "already been submitted to this meeting, as motion 1" in twice.content.decode()
    )
    assert (
        long.status_code == 400 and "51 words; the Standing Orders allow at most 50" in long.content.decode()
    )
    assert amend.status_code == 400 and "The motion has 2 lines: there is no line 5" in amend.content.decode()
    assert Motion.objects.count() == 1 and MotionAmendment.objects.count() == 0


def test_submitters_edit_until_the_deadline_then_only_the_secretary_with_the_change_recorded(
    client_for, gm, branch_a, branch_secretary_a, branch_secretary_b, secretary
):
    motion = motion_of_a(gm, branch_a, branch_secretary_a)
    url = reverse("meetings:motion_edit", kwargs={"pk": motion.pk})
    change = {"title": "The library (revised)", "text": TEXT, "proposer": "Alice", "seconder": "Ann"}
    assert client_for(branch_secretary_b).get(url).status_code == 403  # another branch's motion
    client = client_for(branch_secretary_a)
    with on(datetime.date(2026, 6, 4)):  # the deadline day
        assert client.post(url, change).status_code == 302
    with on(datetime.date(2026, 6, 5)):
        assert client.post(url, change).status_code == 403
        client = client_for(secretary)
        no_reason = client.post(url, {**change, "title": "Late"})
        assert no_reason.status_code == 400 and "give the reason" in no_reason.content.decode()
        assert client.post(url, {**change, "title": "Late", "reason": "The branch asked"}).status_code == 302
        page = client.get(reverse("meetings:motion", kwargs={"pk": motion.pk})).content.decode()
    (edit,) = MotionEdit.objects.all()
    assert (edit.title_before, edit.reason) == ("The library (revised)", "The branch asked")
    assert "Changes after the deadline" in page and "The branch asked" in page


def test_an_emergency_motion_is_accepted_by_the_chair_only(client_for, gm, branch_a, secretary, chair):
    with on(datetime.date(2026, 6, 10)):
        late = motion_services.motion_submit(
            meeting=gm,
            title="Late",
            text="A late motion.",
            proposer="A",
            seconder="B",
            submitted_from=Motion.From.BRANCH,
            branch=branch_a,
        )
    url = reverse("meetings:motion_accept", kwargs={"pk": late.pk})
    assert client_for(secretary).post(url).status_code == 403
    assert client_for(chair).post(url).status_code == 302
    late.refresh_from_db()
    assert late.emergency and late.emergency_accepted_at is not None


def test_the_votes_on_the_page_go_into_the_minutes(client_for, gm, branch_a, branch_secretary_a, secretary):
    motion = motion_of_a(gm, branch_a, branch_secretary_a)
    amendment = motion_services.amendment_propose(
        motion=motion,
        op="replace",
        first_line=2,
        last_line=2,
        text="This CLP resolves to occupy it.",
        mover="Bob",
    )
    client = client_for(secretary)
    with on(datetime.date(2026, 6, 1)):
        assert client.post(reverse("meetings:motions_to_agenda", kwargs={"pk": gm.pk})).status_code == 302
    with on(GM_DAY + datetime.timedelta(days=1)):
        services.meeting_mark_held(meeting=gm)
        early = client.post(reverse("meetings:motion_vote", kwargs={"pk": motion.pk}), {"outcome": "carried"})
        assert (
            early.status_code == 400
            and "Vote on the amendments first (amendment 1)" in early.content.decode()
        )
        client.post(
            reverse("meetings:amendment_vote", kwargs={"pk": amendment.pk}),
            {"outcome": "carried", "votes_for": 9, "votes_against": 2},
        )
        client.post(
            reverse("meetings:motion_vote", kwargs={"pk": motion.pk}), {"outcome": "carried", "votes_for": 11}
        )
        minutes = client.get(reverse("meetings:minutes", kwargs={"pk": gm.pk})).content.decode()
    assert [d.outcome for d in Decision.objects.order_by("pk")] == ["carried", "carried"]
    assert "Amendment 1 to motion 1" in minutes and "occupy it" in minutes
    motion.refresh_from_db()
    assert motion.status == Motion.Status.CARRIED and "occupy it" in motion.final_text


def test_the_register_finds_motions_and_downloads_them_as_csv(
    client_for, gm, branch_a, branch_secretary_a, member
):
    motion_of_a(gm, branch_a, branch_secretary_a)
    client = client_for(member)  # every member reads the General Meeting's motions
    url = reverse("meetings:motion_register")
    assert "The library" in client.get(url, {"year": 2026, "q": "library"}).content.decode()
    assert "The library" not in client.get(url, {"year": 2026, "q": "buses"}).content.decode()
    csv = client.get(url, {"year": 2026, "format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Meeting,Date,Number,Title,Submitted by")
    assert "The library,Alpha Branch" in lines[1]


def _many(gm, branch, n):
    with on(datetime.date(2026, 5, 20)):
        for i in range(n):
            motion = motion_services.motion_submit(
                meeting=gm,
                title=f"Motion {i}",
                text=f"This CLP resolves {i}.\nAnd more.",
                proposer="A",
                seconder="B",
                submitted_from=Motion.From.BRANCH,
                branch=branch,
            )
            for line in (1, 2):
                motion_services.amendment_propose(
                    motion=motion, op="delete", first_line=line, last_line=line, text="", mover="M"
                )


@pytest.mark.parametrize("n", [1, 6])
def test_the_motions_pages_pin_their_queries(
    client_for, gm, branch_a, secretary, n, django_assert_num_queries
):
    _many(gm, branch_a, n)
    client = client_for(secretary)
    motion = Motion.objects.order_by("pk").last()
    # 6 for every page: session, user, the verified two-factor device, the person, their
    # current terms (access), the unread count (navigation). Then the meeting and its
    # Standing Orders, the motions with their submitters and the number of their amendments
    # (it loaded every amendment, sending, edit and composited motion to show that number).
    with django_assert_num_queries(9):
        listed = client.get(reverse("meetings:motions", kwargs={"pk": gm.pk}))
    assert listed.status_code == 200
    # Each motion's amendments are counted (two each), counted in the database.
    assert re.findall(r"<td>(\d+)</td>\s*<td>[A-Z]", listed.content.decode()) == ["2"] * n
    # The motion with the same, and the Standing Orders for who may amend it.
    with django_assert_num_queries(12):
        assert client.get(reverse("meetings:motion", kwargs={"pk": motion.pk})).status_code == 200
    # The register: which of the year's motions they may read (one light query), then the
    # page's with their submitters, decisions and sendings (two): nothing it does not show.
    with django_assert_num_queries(9):
        assert client.get(reverse("meetings:motion_register"), {"year": 2026}).status_code == 200


def test_the_register_comes_50_motions_a_page_with_the_count(client_for, gm, branch_a, secretary):
    with on(datetime.date(2026, 5, 20)):
        for i in range(53):
            motion_services.motion_submit(
                meeting=gm, title=f"Register motion {i:02}", text=f"This CLP resolves {i}.", proposer="A",
                seconder="B", submitted_from=Motion.From.BRANCH, branch=branch_a,
            )  # fmt: skip
    client = client_for(secretary)
    url = reverse("meetings:motion_register")
    first = client.get(url, {"year": 2026}).content.decode()
    second = client.get(url, {"year": 2026, "page": 2}).content.decode()
    assert "Showing 1–50 of 53 motions" in first and "Showing 51–53 of 53 motions" in second
    assert "Register motion 49" in first and "Register motion 50" not in first
    assert (
        "Register motion 50" in second
        and "Register motion 52" in second
        and "Register motion 49" not in second
    )
    assert "?year=2026&amp;q=&amp;page=2" in first  # the next page keeps the year and the search
    searched = client.get(url, {"year": 2026, "q": "motion 5"}).content.decode()
    assert "8 motions matching" in searched  # 05, 15, 25, 35, 45, 50, 51, 52: one page
