import datetime
import re

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from clp.accounts.models import EqualityDataView
from officers import views
from officers.models import BalanceRule, Handover, Post, Term
from tests.factories.officers import PersonFactory, PostFactory, TermFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def test_the_roster_shows_holders_vacancies_and_rule_status(national, client_for):
    Term.objects.filter(post=national["posts"]["vice-chair-membership"]).delete()
    response = client_for(national["people"]["secretary"]).get(reverse("officers:index"))
    html = response.content.decode()
    assert "Vacant" in html
    assert "Treasurer Holder" in html
    assert "At least four of the eight key posts are held by women" in html  # the Secretary sees findings
    assert 'class="status-warning"' in html


def test_the_roster_gives_each_holders_start_date_as_the_date_filter_would(national, client_for):
    treasurer = national["posts"]["treasurer"]
    Term.objects.filter(post=treasurer).update(starts_on=datetime.date(2025, 9, 3))
    second = PostFactory(name="Joint Organiser", max_holders=2)
    TermFactory(post=second, starts_on=datetime.date(2024, 5, 1))
    TermFactory(post=second, starts_on=datetime.date(2023, 12, 31))
    html = client_for(national["people"]["secretary"]).get(reverse("officers:index")).content.decode()
    assert "<td>3 Sep 2025</td>" in html
    starts = sorted(second.terms.values_list("starts_on", flat=True))
    written = Template(
        '{% for d in days %}{{ d|date:"j M Y" }}{% if not forloop.last %}, {% endif %}{% endfor %}'
    )
    row = html.split("Joint Organiser", 1)[1]
    assert "31 Dec 2023" in row and "1 May 2024" in row
    assert views._since(starts) == written.render(Context({"days": starts}))


def test_other_officers_see_the_status_but_not_the_findings(national, client_for):
    html = client_for(national["people"]["treasurer"]).get(reverse("officers:index")).content.decode()
    assert "Rule status" in html
    assert "held by women; the rules require" not in html


def _forty_posts_with_history(years):
    for n in range(40):
        post = PostFactory(order=n)
        for year in range(years, 0, -1):
            start = TODAY() - datetime.timedelta(days=365 * year)
            TermFactory(post=post, starts_on=start, ends_on=start + datetime.timedelta(days=364))
        TermFactory(post=post, starts_on=TODAY() - datetime.timedelta(days=10))


@pytest.mark.parametrize("years", [1, 6])
def test_the_roster_of_forty_posts_takes_a_fixed_number_of_queries(
    years, national, client_for, django_assert_max_num_queries
):
    _forty_posts_with_history(years)
    client = client_for(national["people"]["secretary"])
    # session, user, the user's person, access (their terms today): 4
    # balance check: rules, their posts, the posts named, their terms for the year: 4
    # roster: CLP posts, their current terms; branch posts (+ their terms when there are any): 3-4
    # pending handovers count: 1; the unread count in the navigation (clp.notifications): 1
    # officers who lapsed, not yet seen by the Secretary (flagged on their posts): 1
    with django_assert_max_num_queries(15):
        response = client.get(reverse("officers:index"))
    assert response.status_code == 200
    assert response.content.decode().count("<tr>") >= 48


def _agm_data(national, **results):
    data = {"held_on": TODAY().isoformat(), "override_reason": ""}
    for slug, person in results.items():
        data[f"post_{national['posts'][slug].pk}"] = str(person.pk)
    return data


def test_secretary_records_agm_results_for_several_posts(national, client_for):
    new_chair, new_treasurer = PersonFactory(woman=True), PersonFactory(woman=True)
    client = client_for(national["people"]["secretary"])
    data = _agm_data(national, chair=new_chair, treasurer=new_treasurer)
    response = client.post(reverse("officers:agm"), data, follow=True)
    assert "Recorded 2 appointments" in response.content.decode()
    assert national["posts"]["chair"].terms.current(TODAY()).get().person == new_chair
    assert Handover.objects.count() == 2


def test_a_breaking_result_is_shown_and_not_saved_until_a_reason_is_given(national, client_for):
    man = PersonFactory()
    client = client_for(national["people"]["secretary"])
    data = _agm_data(national, chair=man)
    response = client.post(reverse("officers:agm"), data)
    html = response.content.decode()
    assert "These results break the Standing Orders" in html
    assert "3 of the 8 posts are held by women; the rules require at least 4." in html
    assert not Term.objects.filter(person=man).exists()
    data["override_reason"] = "Only one candidate stood."
    response = client.post(reverse("officers:agm"), data)
    assert response.status_code == 302
    assert Term.objects.get(person=man).override_reason == "Only one candidate stood."


def test_what_if_check_shows_the_breach_a_result_would_cause(national, client_for):
    client = client_for(national["people"]["secretary"])
    url = reverse("officers:check")
    query = {
        "post": national["posts"]["womens-officer"].pk,
        "person": PersonFactory().pk,
        "on": TODAY().isoformat(),
    }
    html = client.get(url, query).content.decode()
    assert "This would break a hard rule" in html
    assert "must be held by a woman" in html
    assert Term.objects.filter(post=national["posts"]["womens-officer"]).count() == 1


def test_a_rule_with_no_posts_gets_a_clear_form_error(secretary, client_for):
    response = client_for(secretary).post(
        reverse("officers:rule_new"), {"name": "Empty rule", "kind": "min_women", "minimum": 2, "hard": "on"}
    )
    assert "A rule must name at least one post." in response.content.decode()
    assert not BalanceRule.objects.exists()


def test_the_secretary_adds_a_rule(secretary, posts, client_for):
    response = client_for(secretary).post(
        reverse("officers:rule_new"),
        {
            "name": "Chair or Secretary a woman",
            "kind": "min_women",
            "minimum": 1,
            "hard": "on",
            "active": "on",
            "posts": [posts["chair"].pk, posts["secretary"].pk],
        },
    )
    assert response.status_code == 302
    assert BalanceRule.objects.get().posts.count() == 2


def test_a_term_form_refuses_an_end_before_the_start_and_a_second_holder(
    secretary, treasurer, posts, client_for
):
    client = client_for(secretary)
    url = reverse("officers:term_new", args=[posts["treasurer"].pk])
    person = PersonFactory()
    data = {"person": person.pk, "starts_on": "2026-05-01", "ends_on": "2026-04-01", "how": "elected"}
    assert "A term cannot end before it starts." in client.post(url, data).content.decode()
    data["ends_on"] = ""
    html = client.post(url, data).content.decode()
    assert "may have only 1 holder at a time" in html
    assert not Term.objects.filter(person=person).exists()


def test_ending_a_term_from_the_post_page(secretary, treasurer, posts, client_for):
    term = treasurer.terms.get()
    response = client_for(secretary).post(
        reverse("officers:term_end", args=[term.pk]), {"ends_on": TODAY().isoformat()}, follow=True
    )
    assert "ends on" in response.content.decode()
    term.refresh_from_db()
    assert term.ends_on == TODAY()


def test_the_post_page_shows_duties_and_holders_over_time(national, client_for):
    post = national["posts"]["treasurer"]
    TermFactory(
        post=post,
        person=PersonFactory(first_name="Olive", last_name="Older"),
        starts_on=TODAY() - datetime.timedelta(days=900),
        ends_on=TODAY() - datetime.timedelta(days=201),
    )
    html = (
        client_for(national["people"]["chair"]).get(reverse("officers:post", args=[post.pk])).content.decode()
    )
    assert "annual statement of accounts" in html
    assert "Olive Older" in html and "Treasurer Holder" in html


@pytest.mark.parametrize(
    ("viewer", "sees"), [("secretary", True), ("equality_officer", True), ("chair", False)]
)
def test_equality_data_is_seen_only_by_the_person_the_secretary_and_the_equality_officer(
    viewer, sees, request, branch_secretary_a, client_for
):
    branch_secretary_a.ethnicity = "Mixed heritage"
    branch_secretary_a.save()
    html = client_for(request.getfixturevalue(viewer)).get(
        reverse("officers:person", args=[branch_secretary_a.pk])
    )
    assert ("Mixed heritage" in html.content.decode()) is sees
    assert EqualityDataView.objects.filter(person=branch_secretary_a).count() == (1 if sees else 0)
    own = client_for(branch_secretary_a).get(reverse("officers:person", args=[branch_secretary_a.pk]))
    assert "Mixed heritage" in own.content.decode()


def test_marking_a_handover_done(national, client_for):
    from officers import services

    services.agm_results_record(
        held_on=TODAY(), results=[(national["posts"]["treasurer"], [PersonFactory(woman=True)])]
    )
    handover = Handover.objects.get()
    client = client_for(national["people"]["secretary"])
    assert "1 change of Chair or Treasurer" in client.get(reverse("home")).content.decode()
    client.post(reverse("officers:handover_done", args=[handover.pk]))
    handover.refresh_from_db()
    assert handover.done_at is not None


def test_balance_report_prints_the_check_and_fails_on_a_breach(national, capsys):
    call_command("balance_report")
    assert "Balance rules as of" in capsys.readouterr().out
    Term.objects.filter(post=national["posts"]["womens-officer"]).update(
        person=PersonFactory(counts_as_woman=False)
    )
    with pytest.raises(CommandError) as exc:
        call_command("balance_report", "--date", TODAY().isoformat())
    assert exc.value.returncode == 1
    assert "[BREACH] The Women's Officer is a woman" in capsys.readouterr().out


def test_balance_report_before_anyone_held_office_warns_of_vacancies_without_failing(national, capsys):
    call_command("balance_report", "--date", "2020-01-01")
    out = capsys.readouterr().out
    assert "Balance rules as of 1 January 2020: WARNING" in out
    assert "8 posts are vacant" in out


def test_a_branch_post_without_a_branch_gets_a_clear_form_error(secretary, client_for):
    data = {
        "name": "Branch Women's Officer",
        "slug": "womens-officer",
        "scope": "branch",
        "kind": "officer",
        "role": "",
        "ec_membership": "none",
        "max_holders": 1,
        "order": 5,
    }
    response = client_for(secretary).post(reverse("officers:post_new"), data)
    assert "A branch post needs its branch." in response.content.decode()
    assert not Post.objects.filter(name="Branch Women's Officer").exists()


def test_a_post_cannot_have_fewer_places_than_holders_today(secretary, treasurer, posts, client_for):
    post = posts["treasurer"]
    TermFactory(post=post)
    post.max_holders = 2
    post.save()
    data = {
        "name": post.name,
        "slug": post.slug,
        "scope": "clp",
        "kind": "officer",
        "role": "treasurer",
        "ec_membership": "voting",
        "max_holders": 1,
        "order": 3,
        "duties": "Keeps the books.",
    }
    response = client_for(secretary).post(reverse("officers:post_edit", args=[post.pk]), data)
    assert "2 people hold this post today; end a term first." in response.content.decode()


def test_the_secretary_sees_who_changed_a_post_and_its_terms(secretary, treasurer, posts, client_for):
    client = client_for(secretary)
    term = treasurer.terms.get()
    client.post(reverse("officers:term_end", args=[term.pk]), {"ends_on": TODAY().isoformat()})
    html = client.get(reverse("officers:post", args=[posts["treasurer"].pk])).content.decode()
    assert "Term of Tess Treasurer changed" in html
    assert secretary.user.display_name in html


def test_a_secretary_who_records_her_own_successor_lands_on_the_dashboard(national, client_for):
    client = client_for(national["people"]["secretary"])
    successor = PersonFactory(woman=True)
    response = client.post(reverse("officers:agm"), _agm_data(national, secretary=successor))
    assert response["Location"] == reverse("home")
    assert client.get(reverse("officers:agm")).status_code == 403  # her access ended with her term


def test_the_secretary_records_that_a_youth_officer_has_given_a_date_of_birth(secretary, client_for):
    callum = PersonFactory(first_name="Callum", date_of_birth=None, counts_as_woman=None)
    data = {
        "first_name": "Callum",
        "last_name": callum.last_name,
        "email": callum.email,
        "gender": "Man",
        "counts_as_woman": "false",
        "date_of_birth": "2003-05-14",
        "membership_status": "member",
    }
    response = client_for(secretary).post(reverse("officers:person_edit", args=[callum.pk]), data)
    assert response.status_code == 302
    callum.refresh_from_db()
    assert callum.date_of_birth == datetime.date(2003, 5, 14)
    assert callum.counts_as_woman is False
    assert callum.history.latest().history_user == secretary.user


def test_a_person_changes_their_own_equality_data_but_not_their_branch(
    branch_secretary_a, branch_b, client_for
):
    data = {
        "first_name": "Alice",
        "last_name": "Alpha",
        "email": branch_secretary_a.email,
        "gender": "Woman",
        "counts_as_woman": "true",
        "ethnicity": "White British",
        "branch": branch_b.pk,
    }
    client_for(branch_secretary_a).post(reverse("officers:person_edit", args=[branch_secretary_a.pk]), data)
    branch_secretary_a.refresh_from_db()
    assert branch_secretary_a.ethnicity == "White British"
    assert branch_secretary_a.branch.slug == "alpha"


def test_the_term_form_shows_the_breach_and_saves_nothing_until_a_reason_is_given(national, client_for):
    post = national["posts"]["womens-officer"]
    post.terms.update(ends_on=TODAY() - datetime.timedelta(days=1))
    man = PersonFactory(first_name="Mark", last_name="Man", woman=False)
    client = client_for(national["people"]["secretary"])
    url = reverse("officers:term_new", args=[post.pk])
    data = {"person": man.pk, "starts_on": TODAY().isoformat(), "ends_on": "", "how": "co_opted"}
    html = client.post(url, data).content.decode()
    assert "This appointment breaks the Standing Orders" in html
    assert "Women&#x27;s Officer must be held by a woman; Mark Man is not." in html
    assert "record why it stands anyway" in html
    assert not Term.objects.filter(person=man).exists()
    data["override_reason"] = "Co-opted until a woman stands at the by-election."
    assert client.post(url, data).status_code == 302
    page = client.get(reverse("officers:post", args=[post.pk])).content.decode()
    assert "Co-opted until a woman stands at the by-election." in page


def test_what_if_judges_several_appointments_together(national, client_for):
    # A man as Secretary alone breaks "four of the eight"; with a woman as Treasurer too, it holds.
    client = client_for(national["people"]["secretary"])
    man = PersonFactory(first_name="Mark", last_name="Man", woman=False)
    woman = PersonFactory(first_name="Wendy", last_name="Woman", woman=True)
    query = {"post": national["posts"]["secretary"].pk, "person": man.pk, "on": TODAY().isoformat()}
    assert "This would break a hard rule" in client.get(reverse("officers:check"), query).content.decode()
    query |= {"post_2": national["posts"]["treasurer"].pk, "person_2": woman.pk}
    html = client.get(reverse("officers:check"), query).content.decode()
    assert "Mark Man is elected Secretary; Wendy Woman is elected Treasurer" in html
    assert "This would not break a hard rule on these posts." in html
    assert "4 of the 8 posts are held by women" in html


def test_what_if_on_a_past_date_judges_the_roster_as_it_stood_then(national, client_for):
    client = client_for(national["people"]["secretary"])
    before_agm = national["agm"] - datetime.timedelta(days=10)
    query = {"post": national["posts"]["chair"].pk, "person": "", "on": before_agm.isoformat()}
    html = client.get(reverse("officers:check"), query).content.decode()
    assert "8 posts are vacant" in html  # nobody held office before that AGM


def test_what_if_refuses_two_people_for_a_post_with_one_place(national, client_for):
    client = client_for(national["people"]["secretary"])
    post = national["posts"]["chair"].pk
    query = {"post": post, "person": PersonFactory().pk, "post_2": post, "person_2": PersonFactory().pk}
    html = client.get(reverse("officers:check"), query | {"on": TODAY().isoformat()}).content.decode()
    assert "Chair is named more than once: name it once, with the person who would hold it." in html


def test_balance_report_names_what_cannot_be_judged_without_failing(national, capsys):
    national["people"]["youth-officer"].__class__.objects.filter(
        pk=national["people"]["youth-officer"].pk
    ).update(date_of_birth=None)
    call_command("balance_report")
    out = capsys.readouterr().out
    assert "[UNKNOWN] Youth Officer is a young member (under 27)" in out
    assert "we have no date of birth for YouthOfficer Holder" in out
    assert "1 cannot be judged" in out


def test_a_treasurer_loses_the_officer_pages_at_midnight_after_the_last_day(treasurer, client_for):
    term = treasurer.terms.get()
    term.ends_on = TODAY()
    term.save()
    last_evening = timezone.make_aware(datetime.datetime.combine(TODAY(), datetime.time(23, 59)))
    with time_machine.travel(last_evening, tick=False):
        client = client_for(treasurer)
        assert client.get(reverse("officers:index")).status_code == 200
    with time_machine.travel(last_evening + datetime.timedelta(minutes=2), tick=False):
        assert client.get(reverse("officers:index")).status_code == 403


@pytest.mark.parametrize(
    ("kind", "field_error"),
    [
        ("min_women", "Say how many women the rule requires."),
        ("max_age", "Say the age the holder must be under."),
    ],
)
def test_a_rule_missing_its_number_gets_a_clear_form_error(kind, field_error, secretary, posts, client_for):
    data = {"name": "No number", "kind": kind, "hard": "on", "active": "on", "posts": [posts["chair"].pk]}
    response = client_for(secretary).post(reverse("officers:rule_new"), data)
    assert field_error in response.content.decode()
    assert not BalanceRule.objects.exists()
    assert client_for(secretary).get(reverse("officers:index")).status_code == 200


@pytest.mark.parametrize(
    ("persona", "sees_panel", "sees_handovers"),
    [("secretary", True, True), ("chair", True, False), ("treasurer", False, False)],
)
def test_the_secretary_and_chair_see_the_teams_status_on_the_dashboard_and_only_the_secretary_its_handovers(
    persona, sees_panel, sees_handovers, national, client_for
):
    Handover.objects.create(post=national["posts"]["treasurer"], changed_on=TODAY())
    html = client_for(national["people"][persona]).get(reverse("home")).content.decode()
    assert ('id="officers-panel-heading"' in html) is sees_panel
    assert ("to report to the Governance and Legal Unit" in html) is sees_handovers


def test_the_officer_panel_counts_the_places_vacant_today(national, client_for):
    client = client_for(national["people"]["secretary"])

    def vacant():
        html = client.get(reverse("home")).content.decode()
        return int(re.search(r"; (\d+) vacant place", html).group(1))

    before = vacant()
    post = PostFactory(max_holders=3)
    TermFactory(post=post)  # held today: one of its three places
    TermFactory(post=post, ends_on=TODAY() - datetime.timedelta(days=1))  # ended yesterday
    TermFactory(post=post, starts_on=TODAY() + datetime.timedelta(days=7))  # starts next week
    PostFactory(in_branch=True)  # a branch's post, vacant, is not one of the CLP's
    assert vacant() == before + 2


def test_a_term_is_within_reach_exactly_when_its_post_is(branch_secretary_a, branch_secretary_b, posts):
    from clp.core.access import access_for

    access = access_for(branch_secretary_a.user)
    assert access.reaches_term(branch_secretary_a.terms.get())
    assert not access.reaches_term(branch_secretary_b.terms.get())  # another branch's: a 404


# The roster's row as officers/includes/roster_table.html wrote it before officers.views._rows
# wrote it in Python (lapses aside: the template still writes those).
OLD_ROW = (
    "{% for row in rows %}\n    <tr>\n"
    '      <th scope="row"><a href="{{ row.url }}">{{ row.post.name }}</a>'
    '{% if row.post.ec_membership == "non_voting" %} <small>(non-voting)</small>{% endif %}</th>\n'
    "      {% if show_branch %}<td>{{ row.post.branch.name }}</td>{% endif %}\n"
    "      <td>{% for term in row.terms %}"
    '{% if term.person_url %}<a href="{{ term.person_url }}">{{ term.person.full_name }}</a>'
    "{% else %}{{ term.person.full_name }}{% endif %}"
    '{% if term.how != "elected" %} <small>({{ term.get_how_display|lower }})</small>{% endif %}'
    "{% if term.override_reason %} <small>(stands by override: {{ term.override_reason }})</small>{% endif %}"
    "{% if not forloop.last %}, {% endif %}{% endfor %}\n"
    "        {% if row.vacancies %}{% if row.terms %}; {% endif %}<strong>{% if row.vacancies == 1 %}Vacant"
    "{% else %}{{ row.vacancies }} places vacant{% endif %}</strong>{% endif %}\n"
    "        </td>\n      <td>{{ row.since }}</td>\n"
    '      <td>{% if row.status %}<span class="status-{{ row.status }}">{{ row.status_words }}</span>'
    "{% endif %}</td>\n"
    "    </tr>\n  {% endfor %}"
)


@pytest.mark.parametrize("show_branch", [False, True])
def test_the_roster_rows_write_what_the_template_wrote_escaped(show_branch):
    from officers.access import Access

    access = Access(person_id=7)  # reaches only their own page
    on = datetime.date(2025, 3, 4)
    roster = [
        ((1, "Chair <b>&", "non_voting", 2, "Alder & <Green>"), [
            (1, 7, "Priya", "Sh<a>h", None, "co_opted", "", on),
            (1, 8, " Jo", "O'Neil ", 3, "elected", "<i>union</i>", on),
        ]),
        ((2, "Treasurer", "voting", 1, "Alder & <Green>"), []),
        ((3, "Delegate", "none", 3, None), [(3, 9, "Al", "Bo", None, "acting", "", on)]),
        ((4, "Secretary", "voting", 1, None), [(4, 7, "Priya", "Shah", None, "elected", "", on)]),
    ]  # fmt: skip
    status = {1: "breach", 3: "warning"}
    rows = views._rows(roster, status, {}, access, show_branch=show_branch)
    new = Template("{% for row in rows %}{{ row.start }}{{ row.end }}{% endfor %}")
    new = new.render(Context({"rows": rows}))
    how = dict(Term.How.choices)
    old_rows = [
        {
            "url": reverse("officers:post", args=[pk]),
            "post": {"name": name, "ec_membership": ec, "branch": {"name": branch} if branch else None},
            "terms": [
                {
                    "person_url": reverse("officers:person", args=[t[1]]) if t[1] == 7 else "",
                    "person": {"full_name": f"{t[2]} {t[3]}".strip()},
                    "how": t[5],
                    "get_how_display": how[t[5]],
                    "override_reason": t[6],
                }
                for t in terms
            ],
            "vacancies": max(places - len(terms), 0),
            "since": ", ".join("4 Mar 2025" for _ in terms),
            "status": status.get(pk),
            "status_words": {"breach": "Breach", "warning": "Warning"}.get(status.get(pk)),
        }
        for (pk, name, ec, places, branch), terms in roster
    ]
    old = Template(OLD_ROW).render(Context({"rows": old_rows, "show_branch": show_branch}))
    assert new == old
    assert "Chair &lt;b&gt;&amp;" in new and "Sh&lt;a&gt;h" in new and "&lt;i&gt;union" in new


def test_the_escaper_escapes_as_conditional_escape_and_remembers_only_plain_text():
    from django.utils.html import conditional_escape
    from django.utils.safestring import mark_safe

    from officers.escaping import escaper

    escaped = escaper()
    for text in ["Jo & <b>", "Jo & <b>", "O'Neil", "", 12]:
        assert escaped(text) == conditional_escape(text)
    assert escaped(mark_safe("<i>")) == "<i>" and escaped("<i>") == "&lt;i&gt;"
    assert escaped("<u>") == "&lt;u&gt;" and escaped(mark_safe("<u>")) == "<u>"


def test_the_dashboard_names_the_posts_held_today_in_the_posts_order(client_for, treasurer, posts):
    """Each post held today once, named as every page names a post, in the posts' own order
    (Post.Meta: the branches' posts by branch, then the CLP's by their order); not one that
    ended or has yet to start."""
    for post in ["branch_b_secretary", "branch_a_treasurer", "secretary"]:
        TermFactory(post=posts[post], person=treasurer, starts_on=TODAY() - datetime.timedelta(days=30))
    day = datetime.timedelta(days=1)
    TermFactory(post=posts["chair"], person=treasurer, ends_on=TODAY() - day)
    TermFactory(post=posts["equality_officer"], person=treasurer, starts_on=TODAY() + day)

    page = client_for(treasurer).get(reverse("home")).content.decode()

    held = re.search(r"Your posts today:\s*(.*?)</p>", page, re.S).group(1)
    assert held == "Branch Treasurer (Alpha Branch), Branch Secretary (Beta Branch), Secretary, Treasurer"
    ordered = Post.objects.filter(terms__in=Term.objects.current(TODAY()).filter(person=treasurer))
    assert held == ", ".join(str(p) for p in ordered)
