"""Every change of who holds a post becomes a change to make in MemberCentre, exported by the
Secretary (CSV and a printable list) and marked done."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from officers import services
from officers.models import Handover, RoleChange
from tests.factories.officers import PersonFactory

pytestmark = pytest.mark.django_db


def read_csv(response):
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_role_changes_export_after_an_agm_and_a_handover(client_for, secretary, chair, treasurer, posts):
    today = timezone.localdate()
    posts["treasurer"].party_name = "CLP Treasurer"
    posts["treasurer"].save()
    new_chair = PersonFactory(first_name="Nia", last_name="Newchair", membership_number="L700001")
    new_treasurer = PersonFactory(first_name="Tom", last_name="Till", membership_number="L700002")
    services.agm_results_record(
        held_on=today - datetime.timedelta(days=10),
        results=[(posts["chair"], [new_chair]), (posts["treasurer"], [new_treasurer])],
    )
    # A handover later: the new Treasurer stands down and a successor takes over.
    successor = PersonFactory(first_name="Sue", last_name="Successor", membership_number="L700003")
    services.term_end(term=new_treasurer.terms.get(), ends_on=today - datetime.timedelta(days=3))
    services.term_start(
        post=posts["treasurer"], person=successor, starts_on=today - datetime.timedelta(days=2)
    )
    assert Handover.objects.count() == 3  # the Governance and Legal Unit's reminders stay as they are

    client = client_for(secretary)
    rows = read_csv(client.get(reverse("officers:role_changes_csv")))
    got = {(r["Name"], r["Change"], r["Post (as the party names it)"], r["Date"], r["Why"]) for r in rows}
    agm_day, day_before = (today - datetime.timedelta(days=10)), (today - datetime.timedelta(days=11))
    assert got == {
        (chair.full_name, "Leaves the post", "Chair", day_before.isoformat(), "AGM result"),
        (treasurer.full_name, "Leaves the post", "CLP Treasurer", day_before.isoformat(), "AGM result"),
        ("Nia Newchair", "Takes up the post", "Chair", agm_day.isoformat(), "AGM result"),
        ("Tom Till", "Takes up the post", "CLP Treasurer", agm_day.isoformat(), "AGM result"),
        (
            "Tom Till",
            "Leaves the post",
            "CLP Treasurer",
            (today - datetime.timedelta(days=3)).isoformat(),
            "Term ended",
        ),
        (
            "Sue Successor",
            "Takes up the post",
            "CLP Treasurer",
            (today - datetime.timedelta(days=2)).isoformat(),
            "Elected",
        ),
    }
    by_name = {r["Name"]: r for r in rows if r["Change"] == "Takes up the post"}
    assert by_name["Sue Successor"]["Membership number"] == "L700003"
    assert all(r["Also to the Governance and Legal Unit"] == "Yes" for r in rows)  # Chair and Treasurer

    pdf = client.get(reverse("officers:role_changes_pdf"))
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Sue Successor" in text and "L700003" in text and "CLP Treasurer" in text

    ids = list(RoleChange.objects.values_list("pk", flat=True))
    client.post(reverse("officers:role_changes_done"), {"ids": ids[:4]})
    assert RoleChange.objects.filter(done_at=None).count() == 2
    assert len(read_csv(client.get(reverse("officers:role_changes_csv")))) == 2  # only those not yet done
    client.post(reverse("officers:role_changes_done"), {"ids": ids})
    empty = client.get(reverse("officers:role_changes_csv"), follow=True)
    assert "nothing to export" in empty.content.decode()


def test_a_term_end_moved_before_it_is_made_updates_the_change_instead_of_adding_one(posts, treasurer):
    term = treasurer.terms.get()
    services.term_end(term=term, ends_on=timezone.localdate() + datetime.timedelta(days=30))
    services.term_end(term=term, ends_on=timezone.localdate() + datetime.timedelta(days=20))
    [change] = RoleChange.objects.filter(term=term)
    assert change.on == timezone.localdate() + datetime.timedelta(days=20)


def test_a_branch_officer_cannot_mark_changes_done(client_for, branch_secretary_a, posts, treasurer):
    services.term_end(term=treasurer.terms.get(), ends_on=timezone.localdate())
    change = RoleChange.objects.get()
    assert (
        client_for(branch_secretary_a)
        .post(reverse("officers:role_changes_done"), {"ids": [change.pk]})
        .status_code
        == 403
    )
    change.refresh_from_db()
    assert change.done_at is None


# The rows of officers/role_changes.html as its template wrote them from the models, before
# officers.views wrote them from the selector's columns.
OLD_PENDING = (
    "{% for change in pending %}\n"
    '  <tr><td><input type="checkbox" name="ids" value="{{ change.pk }}" '
    'id="change-{{ change.pk }}" checked>\n'
    '      <label for="change-{{ change.pk }}" class="visually-hidden">'
    "Made in MemberCentre: {{ change }}</label></td>\n"
    '    <td>{{ change.term.person.membership_number|default:"none" }}</td>'
    '<th scope="row">{{ change.term.person.full_name }}</th>\n'
    "    <td>{{ change.term.post.name_for_party }}"
    "{% if change.term.post.branch_id %} ({{ change.term.post.branch.name }}){% endif %}</td>\n"
    '    <td>{{ change.get_kind_display }}</td><td>{{ change.on|date:"j M Y" }}</td>\n'
    "    <td>{{ change.source }}{% if change.glu %}; also to the Governance and Legal Unit{% endif %}"
    "</td></tr>\n"
    "  {% endfor %}"
)
OLD_DONE = (
    '<ul>{% for change in done %}<li>{{ change }}: marked done {{ change.done_at|date:"j M Y" }}'
    "{% if change.done_by %} by {{ change.done_by.display_name }}{% endif %}</li>{% endfor %}</ul>"
)


def test_the_role_changes_page_writes_its_rows_as_the_template_did_escaped(client_for, secretary):
    from django.template import Context, Template

    from officers import selectors
    from tests.factories.accounts import UserFactory
    from tests.factories.officers import PostFactory, TermFactory

    odd = PersonFactory(first_name="<b>Bo", last_name="O'Neil & Co", membership_number="")
    clp_post = PostFactory(name="Chair <i>", party_name="")
    branch_post = PostFactory(in_branch=True, name="Branch & Secretary", party_name="Sec <u>")
    branch_post.branch.name = "Alder <Green>"
    branch_post.branch.save()
    on = datetime.date(2025, 3, 4)
    for n, post in enumerate([clp_post, branch_post]):
        term = TermFactory(post=post, person=odd)
        RoleChange.objects.create(term=term, kind="start", on=on, source="AGM <result>", glu=bool(n))
        RoleChange.objects.create(term=term, kind="end", on=on, source="x", done_at=timezone.now())
    by_person, by_email = secretary.user, UserFactory(email="no.person@example.org")
    done = RoleChange.objects.exclude(done_at=None).order_by("pk")
    RoleChange.objects.filter(pk=done[0].pk).update(done_by=by_person)
    earlier = timezone.now() - datetime.timedelta(days=40)
    RoleChange.objects.filter(pk=done[1].pk).update(done_by=by_email, done_at=earlier)

    html = client_for(secretary).get(reverse("officers:role_changes")).content.decode()
    pending, made = selectors.role_changes(), selectors.role_changes(done=True, limit=20)
    context = Context({"pending": pending, "done": made})
    assert Template(OLD_PENDING).render(context) in html
    assert Template(OLD_DONE).render(context) in html
    assert "&lt;b&gt;Bo O&#x27;Neil &amp; Co" in html and "Alder &lt;Green&gt;" in html and "<i>" not in html
