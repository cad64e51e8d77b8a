"""An AGM through the services: nominations, eligibility, the count with the balance rules,
the declaration and the results into office with the welcome."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from clp.notifications.models import Notification
from officers.elections import selectors, services
from officers.elections.models import BallotRound, Nomination
from officers.models import Term
from tests.factories.branches import BranchFactory
from tests.factories.officers import PersonFactory

pytestmark = pytest.mark.django_db
LONG_AGO = datetime.date(2015, 1, 1)


@pytest.fixture
def agm(national):
    held_on = national["agm"] + datetime.timedelta(days=150)
    posts = national["posts"]
    return services.agm_create(
        name="AGM",
        held_on=held_on,
        nominations_close_on=held_on - datetime.timedelta(days=14),
        qualifying_weeks=8,
        terms_end_on=None,
        posts=[posts["secretary"], posts["womens-officer"], posts["youth-officer"]],
    )


def contest(agm, slug):
    return agm.contests.get(post__slug=slug)


def nominate(c, nominee, **kw):
    n = services.nomination_add(
        contest=c,
        nominee=nominee,
        received_on=c.closes_on,
        by_member=kw.pop("by_member", None) or PersonFactory(joined_on=LONG_AGO),
        **kw,
    )
    return services.nomination_consent(nomination=n, consent_on=c.closes_on)


def test_a_nomination_after_the_closing_date_is_refused(agm):
    c = contest(agm, "secretary")
    with pytest.raises(ValidationError, match="Nominations for Secretary closed on"):
        services.nomination_add(
            contest=c,
            nominee=PersonFactory(),
            received_on=c.closes_on + datetime.timedelta(days=1),
            by_member=PersonFactory(),
        )
    assert not Nomination.objects.exists()


def test_a_nominee_nominated_twice_for_one_post_is_refused_and_both_are_told_once(agm):
    c = contest(agm, "secretary")
    nominee, nominator = PersonFactory(joined_on=LONG_AGO), PersonFactory()
    nominate(c, nominee, by_member=nominator)
    with pytest.raises(ValidationError, match=f"{nominee} is already nominated for Secretary"):
        services.nomination_add(
            contest=c, nominee=nominee, received_on=c.closes_on, by_member=PersonFactory()
        )
    assert Notification.objects.filter(kind="agm_nomination", person=nominee).count() == 1
    assert Notification.objects.filter(kind="agm_nomination", person=nominator).count() == 1


def test_a_branch_may_nominate_only_where_the_standing_orders_allow_and_a_seconder_when_required(agm):
    c = contest(agm, "secretary")
    c.from_branches, c.seconder_required = False, True
    c.save()
    with pytest.raises(ValidationError) as refusal:
        services.nomination_add(
            contest=c, nominee=PersonFactory(), received_on=c.closes_on, by_branch=BranchFactory()
        )
    assert refusal.value.messages == [
        "Branches may not nominate for Secretary under the Standing Orders.",
        "A nomination for Secretary needs a seconder.",
    ]


def test_eligibility_from_held_data_with_the_reason_and_an_override(agm):
    c = contest(agm, "youth-officer")
    too_old = nominate(c, PersonFactory(joined_on=LONG_AGO, date_of_birth=datetime.date(1990, 1, 1)))
    new = nominate(c, PersonFactory(joined_on=agm.held_on - datetime.timedelta(days=10)))
    requirement = selectors.requirements([c.post])[c.post_id]
    rows = {r.nomination.pk: r for r in selectors.candidacies(c, requirement)}
    assert not rows[too_old.pk].standing
    assert "the post's holder must be under 27" in rows[too_old.pk].note
    assert "A member for less than 8 weeks" in rows[new.pk].note
    services.nomination_override(nomination=new, reason="Transferred from another CLP.", by=None)
    c.refresh_from_db()
    rows = {r.nomination.pk: r for r in selectors.candidacies(c, requirement)}
    assert rows[new.pk].standing and "Transferred from another CLP." in rows[new.pk].note


def test_a_count_with_more_votes_than_voters_present_is_refused_and_nothing_saved(agm):
    c = contest(agm, "secretary")
    a, b = nominate(c, PersonFactory(joined_on=LONG_AGO)), nominate(c, PersonFactory(joined_on=LONG_AGO))
    with pytest.raises(ValidationError, match="Round 1 counts 31 votes, but only 30 voters were present"):
        services.round_record(contest=c, present=30, votes={a.pk: 20, b.pk: 11})
    assert not BallotRound.objects.exists()


def test_the_last_post_that_women_need_is_open_to_women_only_and_the_results_go_into_office(agm, national):
    posts, people = national["posts"], national["people"]
    # The national model: four of the eight key posts women. The Secretary (a woman) is up
    # for election with the Women's Officer and the Youth Officer; Chair, Vice-Chair
    # (Membership) hold on: 2 women continuing, 2 still needed, 3 places left.
    sec = contest(agm, "secretary")
    man = nominate(sec, PersonFactory(joined_on=LONG_AGO, first_name="Mo"))
    woman = nominate(sec, PersonFactory(joined_on=LONG_AGO, woman=True, first_name="Wyn"))
    services.round_record(contest=sec, present=40, votes={man.pk: 25, woman.pk: 15})
    services.contest_declare(contest=sec)
    sec.refresh_from_db()
    assert sec.declaration["elected"] == [man.pk]  # 2 still needed, 3 places left: open
    womens = contest(agm, "womens-officer")
    only = nominate(womens, PersonFactory(joined_on=LONG_AGO, woman=True, first_name="Una"))
    services.round_record(contest=womens, present=40, votes={only.pk: 30})
    services.contest_declare(contest=womens)
    youth = contest(agm, "youth-officer")
    young_man = nominate(youth, PersonFactory(joined_on=LONG_AGO, date_of_birth=datetime.date(2005, 1, 1)))
    young_woman = nominate(
        youth, PersonFactory(joined_on=LONG_AGO, woman=True, date_of_birth=datetime.date(2006, 1, 1))
    )
    contests = list(selectors.contests_for(agm))
    brief = selectors.briefing(next(c for c in contests if c.pk == youth.pk), contests)
    assert brief.women_only
    assert brief.lines[-1].endswith("this ballot is open to women only.")
    with pytest.raises(ValidationError, match="not standing in this ballot"):
        services.round_record(contest=youth, present=40, votes={young_man.pk: 30, young_woman.pk: 5})
    services.round_record(contest=youth, present=40, votes={young_woman.pk: 5})
    services.contest_declare(contest=youth)
    terms = services.agm_into_office(agm=agm)
    assert {t.person_id for t in terms} == {man.nominee_id, only.nominee_id, young_woman.nominee_id}
    assert (
        Term.objects.get(post=posts["secretary"], ends_on=agm.held_on - datetime.timedelta(days=1)).person
        == (people["secretary"])
    )
    welcome = Notification.objects.get(kind="agm_welcome", person=man.nominee)
    assert posts["secretary"].duties[:40] in welcome.body
    assert f"{people['secretary'].full_name} held the post before you" in welcome.body
    assert "None planned yet." in welcome.body


def test_a_tie_is_flagged_for_the_chair_and_the_lot_is_recorded_in_the_declaration(agm):
    c = contest(agm, "secretary")
    a, b = nominate(c, PersonFactory(joined_on=LONG_AGO)), nominate(c, PersonFactory(joined_on=LONG_AGO))
    services.round_record(contest=c, present=30, votes={a.pk: 12, b.pk: 12})
    with pytest.raises(
        ValidationError, match="the Chair decides by lot who is elected. Record the lot first."
    ):
        services.contest_declare(contest=c)
    services.lot_record(contest=c, round_number=1, kind="elect", among=[a.pk, b.pk], chosen=b)
    services.contest_declare(contest=c)
    c.refresh_from_db()
    assert c.declaration["elected"] == [b.pk]
    assert f"{b.nominee.full_name} is drawn by lot from" in " ".join(c.declaration["steps"])


def test_the_agm_page_asks_the_same_number_of_queries_for_one_post_or_six(national, client_for):
    """Pinned at 14, flat in the number of posts: the session, user, two-factor device, person
    and posts held today (5); the AGM, its contests, nominations, rounds and lots (5); the
    active rules and their posts (2); the terms in force on the AGM's date (1); the inbox count (1)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    posts = national["posts"]
    client = client_for(national["people"]["secretary"])
    held_on = national["agm"] + datetime.timedelta(days=150)
    counts = []
    for slugs in (
        ["chair"],
        ["chair", "secretary", "treasurer", "womens-officer", "youth-officer", "deputy-chair"],
    ):
        agm = services.agm_create(
            name=f"AGM {len(slugs)}",
            held_on=held_on,
            nominations_close_on=held_on,
            qualifying_weeks=8,
            terms_end_on=None,
            posts=[posts[s] for s in slugs],
        )
        for c in agm.contests.all():
            nominate(c, PersonFactory(joined_on=LONG_AGO))
            nominate(c, PersonFactory(joined_on=LONG_AGO, woman=True))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/officers/agms/{agm.pk}/").status_code == 200
        counts.append(len(queries))
    assert counts == [14, 14]


def test_a_single_delegate_after_a_man_is_open_to_women_only(national):
    post = national["posts"]["conference-delegate"]
    held_on = national["agm"] + datetime.timedelta(days=400)
    services_agm = services.agm_create(
        name="AGM",
        held_on=held_on,
        nominations_close_on=held_on,
        qualifying_weeks=8,
        terms_end_on=None,
        posts=[post],
    )
    c = services_agm.contests.get()
    contests = list(selectors.contests_for(services_agm))
    assert not selectors.briefing(contests[0], contests).women_only  # a woman holds it now
    term = post.terms.get()
    term.person.counts_as_woman = False
    term.person.save()
    brief = selectors.briefing(contests[0], contests)
    assert brief.women_only and brief.lines[-1].endswith("not a woman: this ballot is open to women only.")
    assert c.places == 1


# The nominations' rows of officers/agm/detail.html as its template wrote them, before
# officers.elections.views._nomination_rows wrote all but their forms (left out here).
OLD_NOMINATION_ROWS = (
    "{% for row in state.rows %}{% with n=row.nomination %}\n"
    "      <tr>\n"
    '        <th scope="row">{{ n.nominee.full_name }}</th>\n'
    "        <td>{{ n.nominator }}{% if n.seconder %}, seconded by {{ n.seconder }}{% endif %}"
    ' ({{ n.received_on|date:"j M" }})</td>\n'
    '        <td>{% if n.consent_on %}Consented {{ n.consent_on|date:"j M" }}{% else %}FORM{% endif %}</td>\n'
    "        <td><strong>{{ row.verdict.label }}</strong>"
    "{% for r in row.verdict.reasons %}<br>{{ r }}{% endfor %}\n"
    "          {% if row.verdict.eligible is not True and not n.override_reason %}FORM{% endif %}</td>\n"
    "        <td>{% if row.standing %}Yes{% else %}No{% endif %}"
    "{% if row.note %}: {{ row.note }}{% endif %}</td>\n"
    "      </tr>\n"
    "    {% endwith %}{% endfor %}"
)


OLD_CONTEST_HEAD = (
    '{% with contest=state.contest %}\n<section aria-labelledby="contest-{{ contest.pk }}">\n'
    '  <h2 id="contest-{{ contest.pk }}">{{ contest.post.name }}</h2>\n'
    "  <p>{{ contest.get_method_display }}, {{ contest.places }} place{{ contest.places|pluralize }}."
    ' Nominations close {{ contest.closes_on|date:"j M Y" }}.\n'
    "    {% if contest.declared_at %}<strong>Declared.</strong>{% endif %}\n"
    "    <a href=\"{% url 'officers:contest_ballot' contest.pk %}\">Ballot and count"
    '<span class="visually-hidden"> for {{ contest.post.name }}</span></a>\n'
    "    {% if not contest.declared_at %}· <a href=\"{% url 'officers:nomination_new' contest.pk %}\">"
    'Add a nomination<span class="visually-hidden"> for {{ contest.post.name }}</span></a>\n'
    "    · <a href=\"{% url 'officers:contest_edit' contest.pk %}\">Settings"
    '<span class="visually-hidden"> for {{ contest.post.name }}</span></a>{% endif %}</p>\n'
    "  {% for line in state.briefing.lines %}<p>{{ line }}</p>{% endfor %}\n  <table>\n"
    '    <caption class="visually-hidden">Nominations for {{ contest.post.name }}</caption>{% endwith %}'
)


def test_the_agm_page_writes_the_nominations_as_its_template_did_escaped(agm, national, client_for):
    import re

    from django.template import Context, Template
    from django.urls import reverse

    c = contest(agm, "secretary")
    c.post.name = "Secretary & <Co>"
    c.post.save()
    odd = PersonFactory(first_name="<b>Bo", last_name="O'Neil & Co", joined_on=LONG_AGO)
    nominate(c, odd, by_member=PersonFactory(first_name="Al <i>", joined_on=LONG_AGO))
    services.nomination_add(  # not yet consented, nominated by a branch, not eligible (new)
        contest=c, nominee=PersonFactory(first_name="Di", last_name="New"), received_on=c.closes_on,
        by_member=PersonFactory(first_name="Ed & Co", joined_on=LONG_AGO),
        seconder=PersonFactory(first_name="Sec <u>", joined_on=LONG_AGO),
    )  # fmt: skip
    page = client_for(national["people"]["secretary"]).get(reverse("officers:agm_detail", args=[agm.pk]))
    page = page.content.decode()
    waiting = Nomination.objects.get(nominee__last_name="New")
    action = reverse("officers:nomination_consent", args=[waiting.pk])
    tokens = '<input type="hidden" name="csrfmiddlewaretoken" value="TOKEN">'
    tokens += '<input type="hidden" name="once" value="TOKEN">'
    consent = (  # the consent form as the template wrote it, its two tokens aside
        f'\n          <form method="post" action="{action}">{tokens}'
        f'\n            <label for="consent-{waiting.pk}">Consented on'
        '<span class="visually-hidden"> (Di New)</span></label>'
        f'\n            <input type="date" id="consent-{waiting.pk}" name="consent_on" '
        f'value="{c.closes_on:%Y-%m-%d}" required>\n            \n            <button type="submit">'
        'Record consent<span class="visually-hidden"> of Di New</span></button>\n          </form>'
    )
    assert consent in re.sub(r'(name="(?:csrfmiddlewaretoken|once)" value=)"[^"]+"', r'\1"TOKEN"', page)
    html = re.sub(r"\n          <form .*?</form>", "FORM", page, flags=re.S)
    for state in selectors.agm_overview(agm):
        old = Template(OLD_NOMINATION_ROWS).render(Context({"state": state}))
        assert old in html
        assert Template(OLD_CONTEST_HEAD).render(Context({"state": state})) in html
    assert "&lt;b&gt;Bo O&#x27;Neil &amp; Co" in html and "Al &lt;i&gt;" in html and "Sec &lt;u&gt;" in html
