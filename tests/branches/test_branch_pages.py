"""Branch pages: a branch secretary sees their own branch and nothing of another."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, get_resolver, reverse
from django.utils import timezone

from meetings.models import Meeting
from officers.models import Post
from tests.conftest import holder
from tests.factories.branches import (
    DirectoryChoiceFactory,
    MailingFactory,
    MembershipImportFactory,
    MembershipReportEntryFactory,
    WardFactory,
)
from tests.factories.meetings import MeetingFactory
from tests.factories.officers import PersonFactory, PostFactory, TermFactory

pytestmark = pytest.mark.django_db


def branch_url_names():
    """Every branches URL that names a branch (so that a new one is covered by the test below)."""
    resolver = get_resolver().resolve("/branches/").route and None
    patterns = next(p for p in get_resolver().url_patterns if getattr(p, "namespace", None) == "branches")
    names = [
        p.name
        for p in patterns.url_patterns
        if isinstance(p, URLPattern) and "slug" in p.pattern.regex.groupindex
    ]
    assert names, resolver
    return names


def test_a_branch_secretary_gets_nothing_of_another_branch_on_any_branch_url(
    client_for, branch_secretary_a, branch_b
):
    client = client_for(branch_secretary_a)
    for name in branch_url_names():
        response = client.get(reverse(f"branches:{name}", kwargs={"slug": branch_b.slug}))
        assert response.status_code == 404, name
        assert b"Beta" not in response.content


def test_a_branch_secretary_lands_on_their_branch_page_after_logging_in(client_for, branch_secretary_a):
    response = client_for(branch_secretary_a).get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("branches:detail", kwargs={"slug": "alpha"})


def test_a_branch_secretary_who_is_also_a_clp_officer_keeps_the_dashboard(client_for, posts, branch_a):
    person = holder(posts["branch_a_secretary"])
    TermFactory(post=posts["womens_officer"], person=person)
    assert client_for(person).get(reverse("home")).status_code == 200


def test_the_secretary_and_chair_see_every_branch(client_for, secretary, chair, branch_a, branch_b):
    for person in (secretary, chair):
        client = client_for(person)
        html = client.get(reverse("branches:index")).content.decode()
        assert "Alpha Branch" in html and "Beta Branch" in html
        for branch in (branch_a, branch_b):
            assert client.get(reverse("branches:detail", kwargs={"slug": branch.slug})).status_code == 200


def test_the_branch_index_lists_only_the_branch_secretarys_own_branch(
    client_for, branch_secretary_a, branch_b
):
    html = client_for(branch_secretary_a).get(reverse("branches:index")).content.decode()
    assert "Alpha Branch" in html and "Beta Branch" not in html


def test_the_branch_page_shows_officers_meetings_members_and_mailings(
    client_for, branch_secretary_a, branch_treasurer_a, branch_a, branch_b
):
    WardFactory(branch=branch_a, name="Aldgate")
    branch_treasurer_a.phone = "07700 900555"
    branch_treasurer_a.save()
    DirectoryChoiceFactory(person=branch_treasurer_a, show_phone=False, show_email=True)
    now = timezone.now()
    MeetingFactory(
        kind=Meeting.Kind.BRANCH,
        branch=branch_a,
        title="Alpha November",
        starts_at=now + datetime.timedelta(days=5),
    )
    MeetingFactory(
        kind=Meeting.Kind.BRANCH,
        branch=branch_a,
        title="Alpha October",
        starts_at=now - datetime.timedelta(days=25),
        status=Meeting.Status.MINUTES_APPROVED,
    )
    MeetingFactory(kind=Meeting.Kind.BRANCH, branch=branch_b, title="Beta November")
    old = MembershipImportFactory(imported_at=now - datetime.timedelta(days=14))
    MembershipReportEntryFactory(report=old, person__branch=branch_a, person__first_name="Stale")
    report = MembershipImportFactory()
    MembershipReportEntryFactory(report=report, person__branch=branch_a, person__first_name="Nadia")
    MembershipReportEntryFactory(
        report=report, person__branch=branch_a, person__first_name="Larry", status="lapsed"
    )
    MembershipReportEntryFactory(report=report, person__branch=branch_b, person__first_name="Betty")
    MailingFactory(sent=True, subject="November mailing")
    MailingFactory(subject="December draft")

    html = (
        client_for(branch_secretary_a)
        .get(reverse("branches:detail", kwargs={"slug": "alpha"}))
        .content.decode()
    )

    assert "Aldgate" in html
    assert "Alice Alpha" in html and "Tom Alpha" in html
    assert branch_treasurer_a.email in html and branch_treasurer_a.phone not in html  # their choice
    assert "Alpha November" in html and "Alpha October" in html
    october = Meeting.objects.get(title="Alpha October")
    assert f'href="{reverse("meetings:minutes", args=[october.pk])}"' in html  # its minutes, linked
    assert "approved minutes" in html
    assert "Beta November" not in html
    assert "Nadia" in html and "Larry" in html
    assert "Stale" not in html and "Betty" not in html  # only the latest report, only this branch
    assert "November mailing" in html and "December draft" not in html


def page_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def grow(branch, n):
    """Give the branch n more officers, meetings, report rows and wards."""
    report = MembershipImportFactory()
    for i in range(n):
        post = PostFactory(
            scope=Post.Scope.BRANCH, branch=branch, ec_membership=Post.EC.NONE, slug=f"extra-{n}-{i}"
        )
        holder(post, login=False)
        WardFactory(branch=branch)
        MeetingFactory(
            kind=Meeting.Kind.BRANCH, branch=branch, starts_at=timezone.now() + datetime.timedelta(days=i + 1)
        )
        MeetingFactory(
            kind=Meeting.Kind.BRANCH, branch=branch, starts_at=timezone.now() - datetime.timedelta(days=i + 1)
        )
        MembershipReportEntryFactory(report=report, person=PersonFactory(branch=branch))
        MailingFactory(sent=True)


def test_the_branch_page_and_index_take_a_fixed_number_of_queries_whatever_the_branch_size(
    client_for, secretary, branch_a
):
    client = client_for(secretary)
    detail, index = reverse("branches:detail", kwargs={"slug": "alpha"}), reverse("branches:index")
    grow(branch_a, 1)
    small = page_queries(client, detail), page_queries(client, index)
    grow(branch_a, 15)
    large = page_queries(client, detail), page_queries(client, index)
    assert small == large, (small, large)


def _motions_of(branch, n):
    """`n` motions from `branch` to a General Meeting, each sent on to regional conference."""
    import datetime

    from django.utils import timezone

    from meetings.models import Meeting, Motion, MotionSending
    from meetings.services.motions import motion_submit

    gm = Meeting.objects.create(
        kind=Meeting.Kind.GENERAL, starts_at=timezone.now() + datetime.timedelta(days=30)
    )
    for i in range(n):
        motion = motion_submit(
            meeting=gm,
            title=f"Motion {i}",
            text=f"This CLP resolves {i}.",
            proposer="A",
            seconder="B",
            submitted_from=Motion.From.BRANCH,
            branch=branch,
        )
        MotionSending.objects.create(motion=motion, body="regional", sent_on=timezone.localdate())


def test_the_branch_page_pins_its_queries(client_for, secretary, branch_a, django_assert_max_num_queries):
    grow(branch_a, 3)
    _motions_of(branch_a, 3)
    client = client_for(secretary)
    # 6 for every page: session, user, the verified two-factor device, the user's person,
    # their current terms (access), the unread count (navigation).
    # Then: the branch, its wards, its officers' terms with post, person and directory choice,
    # upcoming meetings, past meetings, the latest report, its rows for the branch with their
    # people, the sent mailings, the branch's motions with their meetings, their sendings.
    with django_assert_max_num_queries(16):
        detail = client.get(reverse("branches:detail", kwargs={"slug": "alpha"}))
    assert detail.status_code == 200
    assert "Alpha Branch" in detail.content.decode()
    assert len(detail.context["upcoming"]) == 3 and len(detail.context["past"]) == 3
    # The index: the 6, then branches, their wards, and the branch secretaries' terms.
    with django_assert_max_num_queries(9):
        index = client.get(reverse("branches:index"))
    assert index.status_code == 200
    assert "Alpha Branch" in index.content.decode() and "Beta Branch" in index.content.decode()


def test_the_secretarys_dashboard_reminds_them_of_the_mailing_and_the_report(client_for, secretary):
    html = client_for(secretary).get(reverse("home")).content.decode()
    assert "This month's branch mailing has not gone out yet" in html
    assert "No Membership Action Report yet" in html


def test_a_branch_treasurer_sees_their_branch_on_the_dashboard(client_for, branch_treasurer_a):
    html = client_for(branch_treasurer_a).get(reverse("home")).content.decode()
    assert 'href="/branches/alpha/"' in html


def test_the_branch_index_links_each_of_the_secretarys_pages_only_for_whoever_may_open_them(
    client_for, secretary, chair
):
    links = ("branches:mailing_list", "branches:import_upload", "branches:affiliates")
    html = client_for(secretary).get(reverse("branches:index")).content.decode()
    assert all(f'href="{reverse(name)}"' in html for name in links)
    html = client_for(chair).get(reverse("branches:index")).content.decode()
    assert not any(f'href="{reverse(name)}"' in html for name in links)


# A past meeting's line as the branch page's template wrote it before it was written in
# Python (views._past_meeting).
PAST_MEETING = """
  {% with sees=access|sees_meeting:meeting %}
  <li>{% if sees %}<a href="{% url 'meetings:detail' meeting.pk %}">{{ meeting }}</a>{% else %}{{ meeting }}{% endif %}, {{ meeting.starts_at|date:"j F Y" }}:
    {% if meeting.status == "minutes_approved" or meeting.status == "minutes_drafted" %}{% if sees %}<a href="{% url 'meetings:minutes' meeting.pk %}">{% if meeting.status == "minutes_approved" %}approved minutes{% else %}draft minutes{% endif %}<span class="visually-hidden"> of {{ meeting }}, {{ meeting.starts_at|date:"j F Y" }}</span></a>{% elif meeting.status == "minutes_approved" %}minutes approved{% else %}draft minutes{% endif %}{% else %}no minutes yet{% endif %}</li>
  {% endwith %}
"""  # noqa: E501


@pytest.mark.parametrize("status", ["minutes_approved", "minutes_drafted", "held"])
@pytest.mark.parametrize("sees", [True, False])
def test_a_past_meetings_line_is_the_html_the_template_wrote(status, sees):
    from django.template import Context, Template

    from branches.views import _past_meeting
    from clp.core.links import url_of

    class Access:
        def can_see_meeting(self, meeting):
            return sees

    late = datetime.datetime(2025, 6, 30, 23, 30, tzinfo=datetime.UTC)  # 1 July in London
    meeting = Meeting(
        pk=12, kind=Meeting.Kind.BRANCH, title="<b>AGM</b> & more", starts_at=late, status=status
    )
    template = Template("{% load meetings_tags %}" + PAST_MEETING)
    expected = template.render(Context({"meeting": meeting, "access": Access()}))
    assert _past_meeting(meeting, sees, url_of("meetings:detail"), url_of("meetings:minutes")) == expected
