"""The audit history: who changed what and when, for the Secretary and the Chair."""

import datetime

import pytest
from django.urls import reverse

from finance.models import Threshold
from tests.factories.officers import TermFactory

pytestmark = pytest.mark.django_db

AUDIT = reverse("accounts:audit")
TODAY = datetime.date.today()


def end_term(term, *, by, on):
    term.ends_on = on
    term._history_user = by
    term.save()


def test_the_secretary_sees_who_changed_what_and_when(client_for, secretary, chair, posts):
    term = TermFactory(post=posts["womens_officer"], starts_on=datetime.date(2025, 3, 1))
    end_term(term, by=chair.user, on=datetime.date(2026, 3, 1))
    text = client_for(secretary).get(AUDIT).content.decode()
    assert "Changed term" in text
    assert "Chris Chair" in text
    assert f"{term.person} as Women&#x27;s Officer" in text
    assert "Ends on: (blank) → 2026-03-01" in text


def test_the_history_can_be_filtered_by_type_of_record(client_for, chair, posts):
    TermFactory(post=posts["womens_officer"])
    client = client_for(chair)
    assert "Created term" in client.get(AUDIT).content.decode()
    assert "Created post" in client.get(AUDIT).content.decode()
    only_posts = client.get(AUDIT, {"type": "officers.post"}).content.decode()
    assert "Created post" in only_posts
    assert "Created term" not in only_posts


def test_the_audit_page_takes_the_same_queries_for_few_or_many_rows(
    client_for, secretary, chair, posts, django_assert_max_num_queries
):
    client = client_for(secretary)
    # A flush earlier in the test process writes the thresholds again, with their history
    # (finance.apps): another kind on the first page, but not on the second.
    Threshold.history.all().delete()

    def changes(n):
        for _ in range(n):  # each makes a branch, a person, a term, and changes the term
            end_term(TermFactory(post=posts["womens_officer"]), by=chair.user, on=TODAY)
        posts["womens_officer"].save()  # and a changed post, so both pages show the same kinds

    changes(3)
    # session, user, two-factor device, the user's person, posts held today, the unread count (layout);
    # count and page of the UNION of every audited model's history; users named on the page;
    # then per kind of record on the page (branch, person, post, term): its records, and for
    # changes the records before them (post, term): 9 + 4 + 2 = 15.
    with django_assert_max_num_queries(15) as few:
        client.get(AUDIT)
    changes(30)
    with django_assert_max_num_queries(15) as many:
        assert client.get(AUDIT).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


# An entry's row as the page's template wrote it before it was written in Python
# (views._audit_row).
AUDIT_ROW = """
    <tr>
      <td>{{ e.when|date:"j M Y H:i" }}</td>
      <td>{% if e.user %}{{ e.user.display_name }}{% else %}The system{% endif %}</td>
      <td>{{ e.action }} {{ e.model|lower }}</td>
      <th scope="row">{{ e.object_label }}</th>
      <td>{% if e.changes %}<ul class="changes">{% for name, old, new in e.changes %}<li>{{ name|capfirst }}: {{ old|default:"(blank)" }} → {{ new|default:"(blank)" }}</li>{% endfor %}</ul>{% endif %}</td>
    </tr>
    """  # noqa: E501


def test_the_audit_rows_are_the_html_the_template_wrote(client_for, secretary, chair, posts):
    from django.template import Context, Template

    term = TermFactory(post=posts["womens_officer"], starts_on=datetime.date(2025, 3, 1))
    term.person.first_name = "<b>Pat</b> & Co"
    term.person.save()
    end_term(term, by=chair.user, on=datetime.date(2026, 3, 1))
    response = client_for(secretary).get(AUDIT)
    page = response.content.decode()
    from clp.accounts import selectors

    entries = selectors.audit_page(list(response.context["page"].object_list))
    assert any(e.changes for e in entries) and any(e.user is None for e in entries)
    for e in entries:
        assert Template(AUDIT_ROW).render(Context({"e": e})) in page
    assert "<b>Pat</b>" not in page
