"""The AGM's papers read back: the nominations list, ballot papers per round, the declaration."""

import datetime
import io

import pytest
from pypdf import PdfReader

from officers.elections import exports, services
from tests.factories.officers import PersonFactory

pytestmark = pytest.mark.django_db
LONG_AGO = datetime.date(2015, 1, 1)


def text(exported):
    filename, content_type, content = exported
    assert content_type == "application/pdf"
    return filename, " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(content)).pages
    )


@pytest.fixture
def agm(national):
    held_on = national["agm"] + datetime.timedelta(days=150)
    agm = services.agm_create(
        name="AGM 2027",
        held_on=held_on,
        nominations_close_on=held_on - datetime.timedelta(days=14),
        qualifying_weeks=8,
        terms_end_on=None,
        posts=[national["posts"]["treasurer"]],
    )
    contest = agm.contests.get()
    services.contest_settings_save(
        contest=contest,
        method="exhaustive",
        places=1,
        closes_on=contest.closes_on,
        from_members=True,
        from_branches=True,
        from_affiliates=False,
        seconder_required=False,
    )
    for first in ("Ann", "Ben", "Cara"):
        n = services.nomination_add(
            contest=contest,
            nominee=PersonFactory(first_name=first, last_name="Candidate", joined_on=LONG_AGO),
            received_on=contest.closes_on,
            by_member=PersonFactory(first_name="Nora", last_name="Nominator"),
        )
        services.nomination_consent(nomination=n, consent_on=contest.closes_on)
    services.nomination_add(
        contest=contest,
        nominee=PersonFactory(
            first_name="Dee", last_name="Late", joined_on=held_on - datetime.timedelta(days=3)
        ),
        received_on=contest.closes_on,
        by_member=PersonFactory(),
    )
    return agm


def test_the_nominations_list_names_each_nominee_nominator_and_who_stands(agm):
    filename, content = text(exports.nominations_pdf(agm.pk))
    assert filename.startswith("nominations-agm-2027-")
    assert "Treasurer (1 place)" in content
    assert "Ann Candidate Nora Nominator" in content
    assert "Dee Late" in content and "Has not yet consented." in content


def test_ballot_papers_one_per_round_and_the_declaration_explains_each_step(agm):
    contest = agm.contests.get()
    ann, ben, cara = (n.pk for n in contest.nominations.order_by("nominee__first_name")[:3])
    _, first = text(exports.ballot_pdf(contest.pk, 1))
    assert "BALLOT PAPER, ROUND 1" in first and "Cara Candidate" in first and "Dee Late" not in first
    services.round_record(contest=contest, present=30, votes={ann: 12, ben: 10, cara: 5})
    _, second = text(exports.ballot_pdf(contest.pk, 2))
    assert "BALLOT PAPER, ROUND 2" in second and "Ben Candidate" in second and "Cara Candidate" not in second
    services.round_record(contest=contest, present=30, votes={ann: 13, ben: 16})
    services.contest_declare(contest=contest)
    _, declaration = text(exports.declaration_pdf(agm.pk))
    assert "Elected: Ben Candidate" in declaration
    assert "Cara Candidate has the fewest votes (5) and is eliminated." in declaration
    assert "Ben Candidate has more than half the votes cast (16 of 29) and is elected." in declaration
