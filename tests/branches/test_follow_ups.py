"""Following up new, lapsing, lapsed and resigned members: opened by the report, worked by
the branch, measured by the rates; the member's timeline across reports; the branch's lists."""

import csv
import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from branches import followup_rules, followups, selectors, services
from branches.models import FollowUp, FollowUpContact
from officers.models import Person
from tests.factories.branches import DirectoryChoiceFactory
from tests.factories.officers import PersonFactory

pytestmark = pytest.mark.django_db

HEADER = "Membership Number,First Name,Last Name,Status,Branch,Status Date\n"


def import_report(rows, capture, branch="Alpha Branch"):
    text = HEADER + "".join(f"{number},Ann,Archer,{status},{branch},\n" for number, status in rows)
    report = services.membership_import_preview(filename="mar.csv", text=text, by=None)
    assert report.status == "preview", report.errors
    with capture(execute=True):
        services.membership_import_confirm(report=report)
    report.refresh_from_db()
    return report


def test_a_members_rows_across_three_reports_are_one_timeline(branch_a, django_capture_on_commit_callbacks):
    start = timezone.now()
    for days, status in [(0, "New"), (14, "Arrears"), (28, "Lapsed")]:
        with time_machine.travel(start + datetime.timedelta(days=days), tick=False):
            import_report([("T1", status), ("T2", "Current")], django_capture_on_commit_callbacks)
    person = Person.objects.get(membership_number="T1")
    timeline = list(selectors.member_timeline(person))
    assert [e.status for e in timeline] == ["new", "arrears", "lapsed"]  # not replaced by the latest
    assert [e.report.imported_at.date() for e in timeline] == sorted(
        e.report.imported_at.date() for e in timeline
    )
    # Every reason got its follow-up, each once.
    assert sorted(FollowUp.objects.filter(person=person).values_list("reason", flat=True)) == [
        "arrears",
        "lapsed",
        "new",
    ]
    assert not FollowUp.objects.filter(person__membership_number="T2").exists()


def test_a_report_opens_one_follow_up_per_member_and_a_renewal_closes_the_lapsed_one(
    branch_a, django_capture_on_commit_callbacks
):
    import_report([("T1", "Lapsed"), ("T2", "New")], django_capture_on_commit_callbacks)
    import_report([("T1", "Lapsed"), ("T2", "New")], django_capture_on_commit_callbacks)
    assert FollowUp.objects.filter(closed_on=None).count() == 2  # the second report opened none
    import_report([("T1", "Current")], django_capture_on_commit_callbacks)
    lapsed = FollowUp.objects.get(person__membership_number="T1")
    assert (lapsed.closed_on, lapsed.outcome) == (timezone.localdate(), "renewed")


def test_the_follow_up_page_shows_the_timeline_and_the_contacts_recorded(
    client_for, branch_secretary_a, branch_a, django_capture_on_commit_callbacks
):
    import_report([("T1", "New")], django_capture_on_commit_callbacks)
    follow_up = FollowUp.objects.get()
    client = client_for(branch_secretary_a)
    url = reverse("branches:follow_up_contact", args=[follow_up.pk])
    today = timezone.localdate().isoformat()
    client.post(url, {"contacted_on": today, "method": "call", "outcome": "not_reached"})
    follow_up.refresh_from_db()
    assert follow_up.is_open  # not reached: try again
    client.post(
        url, {"contacted_on": today, "method": "visit", "outcome": "welcomed", "note": "Coming Tuesday"}
    )
    follow_up.refresh_from_db()
    assert (follow_up.outcome, follow_up.closed_on) == ("welcomed", timezone.localdate())
    page = client.get(reverse("branches:follow_up", args=[follow_up.pk])).content.decode()
    assert "Not reached" in page and "Coming Tuesday" in page and "New member" in page
    assert FollowUpContact.objects.filter(follow_up=follow_up).count() == 2


def test_a_contact_cannot_be_recorded_for_a_future_day(branch_a):
    follow_up = FollowUp.objects.create(
        branch=branch_a, person=PersonFactory(branch=branch_a), reason="new", opened_on=timezone.localdate()
    )
    with pytest.raises(Exception, match="not a future day"):
        followups.follow_up_contact_record(
            follow_up=follow_up,
            contacted_on=timezone.localdate() + datetime.timedelta(days=1),
            method="call",
            outcome="welcomed",
        )
    assert not FollowUpContact.objects.exists()


def test_a_follow_up_for_a_member_of_another_branch_is_refused_in_plain_english(
    client_for, branch_secretary_a, branch_a, branch_b
):
    PersonFactory(branch=branch_b, membership_number="B77")
    response = client_for(branch_secretary_a).post(
        reverse("branches:follow_up_new", args=[branch_a.slug]), {"membership_number": "B77", "reason": "new"}
    )
    assert "No member of Alpha Branch has membership number B77." in response.content.decode()
    assert "Beta" not in response.content.decode()  # nothing about the other branch leaks
    assert not FollowUp.objects.exists()


def test_a_buddy_from_another_branch_cannot_be_assigned(client_for, branch_secretary_a, branch_a, branch_b):
    follow_up = FollowUp.objects.create(
        branch=branch_a, person=PersonFactory(branch=branch_a), reason="new", opened_on=timezone.localdate()
    )
    PersonFactory(branch=branch_b, membership_number="B78")
    buddy = PersonFactory(branch=branch_a, membership_number="A78")
    client = client_for(branch_secretary_a)
    url = reverse("branches:follow_up_assign", args=[follow_up.pk])
    refused = client.post(url, {"buddy_number": "B78", "method": "call"})
    assert "No member of Alpha Branch has membership number B78." in refused.content.decode()
    client.post(url, {"buddy_number": "A78", "method": "call"})
    follow_up.refresh_from_db()
    assert (follow_up.assigned_to, follow_up.method) == (buddy, "call")


def test_another_branchs_follow_up_is_not_found_and_the_chair_only_looks(
    client_for, branch_secretary_b, chair, branch_a
):
    follow_up = FollowUp.objects.create(
        branch=branch_a, person=PersonFactory(branch=branch_a), reason="new", opened_on=timezone.localdate()
    )
    assert (
        client_for(branch_secretary_b).get(reverse("branches:follow_up", args=[follow_up.pk])).status_code
        == 404
    )
    chair_client = client_for(chair)
    assert chair_client.get(reverse("branches:follow_up", args=[follow_up.pk])).status_code == 200
    data = {"contacted_on": timezone.localdate().isoformat(), "method": "call", "outcome": "welcomed"}
    assert (
        chair_client.post(reverse("branches:follow_up_contact", args=[follow_up.pk]), data).status_code == 403
    )


# Rates -------------------------------------------------------------------------------------


def test_rates_count_a_follow_up_once_its_window_has_passed_or_its_target_is_met():
    today = datetime.date(2026, 6, 30)
    day = datetime.timedelta(days=1)
    facts = [
        followup_rules.Facts("new", today - 40 * day, today - 30 * day),  # welcomed on day 10: met
        followup_rules.Facts("new", today - 40 * day, today - 20 * day),  # day 20: too late
        followup_rules.Facts("new", today - 40 * day, None),  # never: counted, not met
        followup_rules.Facts("new", today - 3 * day, None),  # still within 14 days: pending
        followup_rules.Facts("lapsed", today - 60 * day, today - 31 * day),  # day 29: met
        followup_rules.Facts("lapsed", today - 60 * day, None),
    ]
    welcome, lapsed = followup_rules.branch_rates(facts, today=today)
    assert (welcome.met, welcome.counted, welcome.pending, welcome.percent) == (1, 3, 1, 33)
    assert (lapsed.met, lapsed.counted, lapsed.percent) == (1, 2, 50)
    assert str(welcome) == "New members welcomed within 14 days: 1 of 3 (33%)"


def test_a_branchs_rates_come_from_its_follow_ups_and_contacts(
    client_for, branch_secretary_a, branch_a, branch_b
):
    today = timezone.localdate()
    day = datetime.timedelta(days=1)

    def follow_up(reason, opened_days_ago, contact_days_after=None, outcome="welcomed", branch=branch_a):
        f = FollowUp.objects.create(
            branch=branch,
            person=PersonFactory(branch=branch),
            reason=reason,
            opened_on=today - opened_days_ago * day,
        )
        if contact_days_after is not None:
            FollowUpContact.objects.create(
                follow_up=f,
                contacted_on=f.opened_on + contact_days_after * day,
                method="call",
                outcome=outcome,
            )
        return f

    follow_up("new", 30, 5)
    follow_up("new", 30, 20)
    follow_up("lapsed", 45, 10, outcome="not_reached")  # tried, not reached: not contacted
    follow_up("lapsed", 45, 25, outcome="no_contact")  # reached: they asked not to be contacted
    follow_up("new", 30, 1, branch=branch_b)  # another branch's
    welcome, lapsed = selectors.follow_up_rates(branch_ids=[branch_a.pk])[branch_a.pk]
    assert (welcome.met, welcome.counted) == (1, 2)
    assert (lapsed.met, lapsed.counted) == (1, 2)
    page = client_for(branch_secretary_a).get(reverse("branches:follow_ups")).content.decode()
    assert "New members welcomed within 14 days: 1 of 2 (50%)" in page
    assert "Lapsed members contacted within 30 days: 1 of 2 (50%)" in page
    assert "Beta Branch" not in page  # a branch secretary sees their own branch


def test_the_secretary_sees_every_branchs_follow_ups(client_for, secretary, branch_a, branch_b):
    people = []
    for branch in (branch_a, branch_b):
        people.append(PersonFactory(branch=branch))
        FollowUp.objects.create(
            branch=branch, person=people[-1], reason="new", opened_on=timezone.localdate()
        )
    page = client_for(secretary).get(reverse("branches:follow_ups")).content.decode()
    assert "Alpha Branch" in page and "Beta Branch" in page
    assert all(person.full_name in page for person in people)


def test_the_follow_ups_page_reads_in_a_fixed_number_of_queries(
    client_for, secretary, branch_a, django_assert_max_num_queries
):
    client = client_for(secretary)
    for _n in range(12):
        FollowUp.objects.create(
            branch=branch_a,
            person=PersonFactory(branch=branch_a),
            reason="new",
            opened_on=timezone.localdate(),
        )
    # ~6 for the session, user, device, person, posts and inbox; branches, rates, open, closed.
    with django_assert_max_num_queries(13):
        assert client.get(reverse("branches:follow_ups")).status_code == 200


# The branch's lists ----------------------------------------------------------------------


def _to_contact(branch, **person):
    person = PersonFactory(branch=branch, **person)
    return FollowUp.objects.create(
        branch=branch, person=person, reason="lapsed", opened_on=timezone.localdate()
    )


def test_the_contact_list_honours_directory_choices_refusals_and_retention(
    client_for, branch_secretary_a, branch_a
):
    shown = _to_contact(branch_a, first_name="Shona", phone="07700 900001")
    hidden = _to_contact(branch_a, first_name="Hana", phone="07700 900002")
    DirectoryChoiceFactory(person=hidden.person, show_email=False, show_phone=False, show_address=False)
    declined = _to_contact(branch_a, first_name="Dora")
    FollowUp.objects.create(
        branch=branch_a, person=declined.person, reason="new", outcome="no_contact",
        opened_on=timezone.localdate(), closed_on=timezone.localdate(),
    )  # fmt: skip
    _to_contact(
        branch_a,
        first_name="Lenny",
        membership_status="lapsed",
        left_on=timezone.localdate() - datetime.timedelta(days=800),
    )
    response = client_for(branch_secretary_a).get(reverse("branches:contacts_csv", args=[branch_a.slug]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r["Name"].split()[0] for r in rows] == ["Shona", "Hana"]
    assert rows[0]["Phone"] == "07700 900001" and rows[0]["Email"] == shown.person.email
    assert rows[1]["Phone"] == "" and rows[1]["Email"] == ""  # their choice
    pdf = client_for(branch_secretary_a).get(reverse("branches:call_sheet", args=[branch_a.slug]))
    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf.content)).pages
    )
    assert "Shona" in text and "07700 900001" in text
    assert "07700 900002" not in text and "Dora" not in text and "Lenny" not in text


def test_an_export_with_nobody_to_contact_says_so_instead_of_an_empty_file(
    client_for, branch_secretary_a, branch_a
):
    response = client_for(branch_secretary_a).get(
        reverse("branches:call_sheet", args=[branch_a.slug]), follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("branches:follow_ups")
    assert "Nobody in Alpha Branch is waiting to be contacted" in response.content.decode()


def test_a_contact_list_cell_that_looks_like_a_formula_is_made_safe(client_for, branch_secretary_a, branch_a):
    _to_contact(branch_a, first_name="=HYPERLINK(1)")
    response = client_for(branch_secretary_a).get(reverse("branches:contacts_csv", args=[branch_a.slug]))
    assert "'=HYPERLINK(1)" in response.content.decode("utf-8-sig")


def test_the_open_follow_ups_come_50_a_page_with_the_count_and_none_is_cut_off(
    client_for, secretary, branch_a, branch_b
):
    today = timezone.localdate()
    for n in range(53):  # oldest first: Alpha 0 .. Alpha 52, then Beta's one
        FollowUp.objects.create(
            branch=branch_a,
            person=PersonFactory(branch=branch_a, first_name="Alpha", last_name=f"Member{n:02}"),
            reason="new",
            opened_on=today - datetime.timedelta(days=60 - n),
        )
    FollowUp.objects.create(
        branch=branch_b,
        person=PersonFactory(branch=branch_b, last_name="Betamember"),
        reason="new",
        opened_on=today,
    )
    client = client_for(secretary)
    first = client.get(reverse("branches:follow_ups")).content.decode()
    second = client.get(reverse("branches:follow_ups") + "?page=2").content.decode()
    assert "Showing 1–50 of 54 open follow-ups." in first
    assert "Showing 51–54 of 54 open follow-ups." in second
    assert "Member49" in first and "Member50" not in first and "Betamember" not in first
    assert "Member50" in second and "Member52" in second and "Betamember" in second
    assert "Member49" not in second
    # Each branch says how many it has and where the rest are.
    assert "53 open, listed on pages 1–2: 50 on this page" in first
    assert '1 open, listed on <a href="?page=2">page 2</a>' in first
    assert "53 open, listed on pages 1–2: 3 on this page" in second


# A branch's section as the list's template wrote it before it was written in Python
# (followup_views._branch_section and _closed_item).
SECTION = """
<section aria-labelledby="branch-{{ branch.pk }}">
<h2 id="branch-{{ branch.pk }}">{{ branch.name }}</h2>
<ul>
  {% for rate in rates %}<li>{{ rate }}{% if rate.pending %}; {{ rate.pending }} still within the time{% endif %}</li>{% endfor %}
</ul>
<p>
  {% if links %}<a href="{{ links.0 }}">Open a follow-up<span class="visually-hidden"> in {{ branch.name }}</span></a> ·
  <a href="{{ links.1 }}">Members to contact (CSV)<span class="visually-hidden">, {{ branch.name }}</span></a> ·
  <a href="{{ links.2 }}">Call sheet (PDF)<span class="visually-hidden">, {{ branch.name }}</span></a>{% endif %}
</p>
{% if open_ones %}
<table>
  <caption>{{ branch.open_count|intcomma }} open{% if open_ones|length != branch.open_count %}, listed on pages {{ pages.0 }}–{{ pages.1 }}: {{ open_ones|length }} on this page{% endif %}</caption>
  <thead><tr><th scope="col">Member</th><th scope="col">Why</th><th scope="col">Since</th><th scope="col">Who contacts them</th><th scope="col">By</th></tr></thead>
  <tbody>
  {% for f in open_ones %}
  <tr><th scope="row"><a href="{{ f.url }}">{{ f.person.full_name }}</a></th>
    <td>{{ f.get_reason_display }}</td><td>{{ f.opened_on|date:"j M Y" }}</td>
    <td>{{ f.assigned_to.full_name|default:"Nobody yet" }}</td>
    <td>{{ f.contact_on|date:"j M Y"|default:"" }}{% if f.method %} ({{ f.get_method_display|lower }}){% endif %}</td></tr>
  {% endfor %}
  </tbody>
</table>
{% elif branch.open_count %}<p>{{ branch.open_count|intcomma }} open, listed on <a href="?page={{ pages.0 }}">page {{ pages.0 }}</a>{% if pages.0 != pages.1 %}–{{ pages.1 }}{% endif %}.</p>
{% else %}<p>Nobody to follow up in {{ branch.name }}.</p>{% endif %}
</section>
"""  # noqa: E501
CLOSED = """
  <li><a href="{{ f.url }}">{{ f.person.full_name }}</a> ({{ f.branch.name }}): {{ f.get_outcome_display|default:"closed" }}, {{ f.closed_on|date:"j M Y" }}</li>
"""  # noqa: E501


def test_the_lists_sections_and_rows_are_the_html_the_template_wrote(branch_a):
    from django.template import Context, Template

    from branches.followup_views import _branch_section, _closed_item

    branch_a.name = "<b>Alpha</b> & Co"
    today = timezone.localdate()
    helper = PersonFactory(branch=branch_a, first_name="Hal", last_name="<Helper>")
    zed = PersonFactory(first_name="<i>Zed</i>", last_name="O'Brien")
    ones = [
        FollowUp(branch=branch_a, person=zed, reason="new", opened_on=today, pk=7),
        FollowUp(
            branch=branch_a, person=PersonFactory(), reason="lapsed", opened_on=today,
            assigned_to=helper, contact_on=today, method="phone", pk=8,
        ),
        FollowUp(branch=branch_a, person=zed, reason="arrears", opened_on=today, method="visit", pk=9),
    ]  # fmt: skip
    for f in ones:
        f.url = f"/follow-ups/{f.pk}/?a=1&b=<2>"
    rates = [
        followup_rules.Rate("Welcomed", 1, 3, 2),
        followup_rules.Rate("Lapsed members contacted within 30 days", 0, 0, 0),
    ]
    template = Template("{% load humanize %}" + SECTION)
    for open_count, open_ones, links, pages in [
        (3, ones, ("/new?x=1&y=2", "/csv", "/pdf"), (1, 1)),
        (1250, ones[:2], None, (3, 28)),
        (1250, [], ("/new", "/csv", "/pdf"), (4, 28)),
        (51, [], None, (2, 2)),
        (0, [], None, (1, 1)),
    ]:
        branch_a.open_count = open_count
        context = {"branch": branch_a, "rates": rates, "open_ones": open_ones, "links": links, "pages": pages}
        assert _branch_section(branch_a, rates, open_ones, links, pages) == template.render(Context(context))
    done = FollowUp(
        branch=branch_a, person=ones[0].person, reason="new", opened_on=today, closed_on=today, pk=5
    )
    done.url = "/follow-ups/5/"
    for outcome in ["", "no_contact"]:
        done.outcome = outcome
        assert _closed_item(done) == Template(CLOSED).render(Context({"f": done}))
