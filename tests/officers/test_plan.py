"""The development plan: targets with a number and a date, owned by a post; progress from the
owner or, for automatic targets, from the membership reports, the ledger and the diary; the
overdue ones on their owners' dashboards; its review a standing item of the Executive."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from branches import services as branch_services
from meetings import exports as meeting_exports
from meetings import services as meeting_services
from meetings.models import AgendaItem
from officers import plan, plan_selectors, plan_services
from officers.models import Objective, Target
from tests.conftest import holder
from tests.factories.branches import WardFactory
from tests.factories.finance import LedgerEntryFactory
from tests.factories.meetings import DiaryEventFactory
from tests.factories.officers import ObjectiveFactory, PlanFactory, TargetFactory

D = Decimal
TODAY = datetime.date(2026, 7, 2)


def test_a_target_is_met_on_track_off_track_or_overdue():
    start, due = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)
    judge = lambda achieved, today=TODAY: plan.status(  # noqa: E731
        target_value=D(40), achieved=D(achieved), starts_on=start, due_on=due, today=today
    )
    assert plan.time_elapsed(start, due, TODAY) == 50  # 182 of 364 days
    assert judge(40) == plan.MET
    assert judge(15) == plan.ON_TRACK  # 37% done, 50% of the time gone: within the margin
    assert judge(10) == plan.OFF_TRACK  # 25% done
    assert judge(39, today=datetime.date(2027, 1, 1)) == plan.OVERDUE


@pytest.fixture
def objective(db):
    return ObjectiveFactory(
        plan=PlanFactory(starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2026, 12, 31))
    )


def test_a_target_without_a_number_or_a_date_is_refused_plainly_and_nothing_is_saved(objective, posts):
    with pytest.raises(ValidationError) as refused:
        plan_services.target_add(
            objective=objective, description="Recruit members", target_value=None, due_on=None,
            owner=posts["secretary"],
        )  # fmt: skip
    assert refused.value.message_dict == {
        "target_value": ["Give the number to reach, more than 0 (e.g. 40 new members)."],
        "due_on": ["Give the date the target is to be reached by."],
    }
    assert not Target.objects.exists()


def test_the_form_says_the_same_and_keeps_nothing(client_for, secretary, objective, posts):
    page = client_for(secretary).post(
        reverse("officers:target_add", kwargs={"pk": objective.plan.pk}),
        {
            "objective": objective.pk,
            "description": "Knock doors",
            "owner": posts["chair"].pk,
            "measure": "manual",
        },
    )
    assert page.status_code == 200
    assert "Give the number to reach" in page.content.decode() and not Target.objects.exists()


def _achieved(target, today):
    (progress,) = plan_selectors.progress_of([target], today)
    return progress.achieved


def test_new_members_come_from_the_imported_membership_reports(objective, posts, branch_a, branch_b):
    WardFactory(name="Aldgate", branch=branch_a)
    WardFactory(name="Bankside", branch=branch_b)
    whole = TargetFactory(objective=objective, measure="new_members", owner=posts["secretary"])
    alpha = TargetFactory(
        objective=objective, measure="new_members", owner=posts["secretary"], branch=branch_a
    )
    text = (
        "Membership Number,First Name,Last Name,Status,Branch,Ward,Joined\n"
        "L1,Nadia,Newcombe,New,Alpha Branch,,02/03/2026\n"
        "L2,Owen,Ashby,New,,Aldgate,05/04/2026\n"
        "L3,Priti,Banerjee,New,Beta Branch,,06/05/2026\n"
        "L4,Quentin,Lowe,New,Beta Branch,,06/12/2025\n"  # joined before the plan
        "L5,Rosa,Marsh,Current,Alpha Branch,,01/02/2026\n"
    )
    report = branch_services.membership_import_preview(filename="mar.csv", text=text, by=None)
    assert _achieved(whole, TODAY) == 0  # previewed, not imported
    branch_services.membership_import_apply(report_id=report.pk)
    assert _achieved(whole, TODAY) == 3
    assert _achieved(alpha, TODAY) == 2


def test_money_raised_comes_from_fundraising_income_in_the_ledger(objective, posts, branch_a):
    target = TargetFactory(
        objective=objective, measure="money_raised", target_value=D("3000.00"), owner=posts["treasurer"]
    )
    LedgerEntryFactory(category="fundraising", amount=D("120.50"), on=datetime.date(2026, 3, 1))
    LedgerEntryFactory(
        category="fundraising", amount=D("300.00"), on=datetime.date(2026, 4, 1), branch=branch_a
    )
    LedgerEntryFactory(category="membership", amount=D("999.00"), on=datetime.date(2026, 4, 1))
    LedgerEntryFactory(category="fundraising", amount=D("50.00"), on=datetime.date(2025, 12, 31))
    assert _achieved(target, TODAY) == D("420.50")
    alpha = TargetFactory(
        objective=objective, measure="money_raised", owner=posts["treasurer"], branch=branch_a
    )
    march = TargetFactory(
        objective=objective,
        measure="money_raised",
        owner=posts["treasurer"],
        due_on=datetime.date(2026, 3, 31),
    )
    found = plan.automatic_achieved([target, alpha, march], TODAY)  # one query for the three
    assert found == {target.pk: D("420.50"), alpha.pk: D("300.00"), march.pk: D("120.50")}


def test_events_held_attendance_and_money_come_from_the_diary(objective, posts):
    events = TargetFactory(objective=objective, measure="events_held", target_value=4, owner=posts["chair"])
    came = TargetFactory(objective=objective, measure="attendance", target_value=100, owner=posts["chair"])
    past = timezone.now() - datetime.timedelta(days=3)
    for target in (events, came):
        DiaryEventFactory(
            target=target, starts_at=past, attendance=25, raised=D("80.00"), organiser_post=posts["chair"]
        )
        DiaryEventFactory(
            target=target, starts_at=past, attendance=40, cancelled=True, organiser_post=posts["chair"]
        )
        DiaryEventFactory(target=target, attendance=None, organiser_post=posts["chair"])  # still to come
    today = timezone.localdate()
    assert _achieved(events, today) == 1
    assert _achieved(came, today) == 25


def test_the_owner_updates_progress_and_it_follows_the_post_to_a_new_holder(
    client_for, posts, objective, member
):
    target = TargetFactory(
        objective=objective, owner=posts["womens_officer"], due_on=datetime.date(2026, 12, 31)
    )
    first = holder(
        posts["womens_officer"],
        starts_on=datetime.date(2025, 6, 1),
        ends_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    second = holder(posts["womens_officer"], starts_on=timezone.localdate())
    url = reverse("officers:target_update", kwargs={"pk": target.pk})
    data = {"value": "12", "on": timezone.localdate().isoformat(), "note": "Two socials"}
    assert client_for(first).post(url, data).status_code == 404  # no post today, no plan
    assert client_for(second).post(url, data).status_code == 302
    assert target.updates.get().value == D("12.00")
    assert client_for(member).post(url, {**data, "value": "13"}).status_code == 404


def test_an_automatic_target_takes_no_manual_progress(objective, posts):
    target = TargetFactory(objective=objective, measure="money_raised", owner=posts["treasurer"])
    with pytest.raises(ValidationError, match="updates itself"):
        plan_services.progress_record(target=target, value=D("10.00"), on=TODAY)


def test_progress_is_dated_within_the_plan_and_not_in_the_future(objective, posts):
    """A mistyped future date would stand as the latest update for good."""
    target = TargetFactory(objective=objective, measure="manual", owner=posts["treasurer"])
    plan = objective.plan
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="not in the future"):
        plan_services.progress_record(target=target, value=D(5), on=today + datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="The plan starts on"):
        plan_services.progress_record(
            target=target, value=D(5), on=plan.starts_on - datetime.timedelta(days=1)
        )
    assert not target.updates.exists()
    day = max(plan.starts_on, min(today, plan.ends_on))
    assert plan_services.progress_record(target=target, value=D(5), on=day).value == D(5)


def test_an_overdue_target_is_on_its_owners_dashboard_only(client_for, treasurer, secretary, posts):
    today = timezone.localdate()
    year = PlanFactory(
        starts_on=today - datetime.timedelta(days=200), ends_on=today + datetime.timedelta(days=100)
    )
    TargetFactory(
        objective__plan=year, description="Raise £3,000 from four events", measure="manual",
        owner=posts["treasurer"], due_on=today - datetime.timedelta(days=2),
    )  # fmt: skip
    page = client_for(treasurer).get("/").content.decode()
    assert "Your plan targets that need attention" in page and "Raise £3,000 from four events" in page
    assert "Overdue" in page
    assert "Raise £3,000" not in client_for(secretary).get("/").content.decode()


def test_the_plan_review_is_a_standing_item_of_the_executive_and_its_status_is_in_the_papers(
    posts, chair, client_for
):
    today = timezone.localdate()
    ec = meeting_services.meeting_plan(kind="ec", starts_at=timezone.now() + datetime.timedelta(days=10))
    branch_meeting_kinds = [i.standing for i in ec.items.all()]
    assert "plan_review" not in branch_meeting_kinds  # no plan yet
    year = plan_services.plan_create(
        title="Plan 2026-27",
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=300),
    )
    standing = [i.standing for i in ec.items.order_by("order")]
    assert standing == ["apologies", "minutes", "matters_arising", "plan_review", "correspondence", "aob"]
    objective = plan_services.objective_add(
        plan=year, function=Objective.Function.CAMPAIGNING, title="Win Alpha ward"
    )
    plan_services.target_add(
        objective=objective, description="Knock 2,000 doors in Alpha", target_value=D(2000), unit="doors",
        due_on=today + datetime.timedelta(days=100), owner=posts["chair"],
    )  # fmt: skip
    later = meeting_services.meeting_plan(kind="ec", starts_at=timezone.now() + datetime.timedelta(days=40))
    assert later.items.filter(standing=AgendaItem.Standing.PLAN_REVIEW).count() == 1
    _, _, content = meeting_exports.agenda_pdf(ec.pk)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "Review of the development plan" in text and "Knock 2,000 doors in Alpha" in text
    assert "2,000 doors" in text
    page = client_for(chair).get(reverse("meetings:detail", kwargs={"pk": ec.pk})).content.decode()
    assert reverse("officers:plan") in page


def test_the_plans_chart_carries_the_figures_of_its_table(client_for, secretary, objective, posts):
    target = TargetFactory(objective=objective, owner=posts["chair"], description="Recruit 40 new members")
    plan_services.progress_record(target=target, value=D(10), on=timezone.localdate())
    page = (
        client_for(secretary)
        .get(reverse("officers:plan_detail", kwargs={"pk": objective.plan.pk}))
        .content.decode()
    )
    (progress,) = plan_selectors.progress_of([target], timezone.localdate())
    assert f"{progress.done}% done · {progress.elapsed}% time" in page
    assert f"<td>{progress.done}%</td>" in page and f"<td>{progress.elapsed}%</td>" in page


def test_the_plan_and_target_pages_write_what_is_reached_of_what_is_set(
    client_for, secretary, objective, posts
):
    doors = TargetFactory(
        objective=objective, owner=posts["chair"], target_value=D("2000"), unit="doors", description="Knock"
    )
    plan_services.progress_record(target=doors, value=D("12.5"), on=timezone.localdate())
    TargetFactory(
        objective=objective, measure="money_raised", target_value=D("3000"), owner=posts["treasurer"]
    )
    LedgerEntryFactory(category="fundraising", amount=D("1234.50"), on=timezone.localdate())
    client = client_for(secretary)
    page = client.get(reverse("officers:plan_detail", kwargs={"pk": objective.plan.pk})).content.decode()
    assert "<td>12.50 of 2,000 doors (0%)</td>" in page
    assert "<td>£1,234.50 of £3,000.00 (41%)</td>" in page
    target_page = client.get(reverse("officers:target", kwargs={"pk": doors.pk})).content.decode()
    assert "12.50 of 2,000 doors (0%), with" in target_page


@pytest.mark.parametrize("count", [1, 10])
def test_the_plan_page_takes_a_fixed_number_of_queries(
    client_for, secretary, objective, posts, count, django_assert_max_num_queries
):
    for n in range(count):
        TargetFactory(objective=objective, owner=posts["chair"], description=f"Target {n}", measure="manual")
        TargetFactory(
            objective=objective, owner=posts["chair"], description=f"Money {n}", measure="money_raised"
        )
    client = client_for(secretary)
    # about 6 for the session, user, two-factor device, person, posts held (access) and the
    # inbox count; the objectives, their targets (with owner and plan) and their updates; then
    # one sum of the ledger per money target (the automatic measures count per target).
    with django_assert_max_num_queries(10 + count):
        page = client.get(reverse("officers:plan_detail", kwargs={"pk": objective.plan.pk}))
    assert page.content.decode().count("Target ") >= count


# A target's row on the plan's page and its chart's table, as their templates wrote them
# before officers.plan_views wrote them in Python.
OLD_TARGET_ROWS = (
    "{% for p in rows %}\n  <tr>\n"
    '    <th scope="row"><a href="{{ p.target.url }}">{{ p.target }}</a>'
    "<br><small>{{ p.target.get_measure_display }}</small></th>\n"
    "    <td>{{ p.reached }} ({{ p.done }}%)</td>\n"
    '    <td>{{ p.target.due_on|date:"j M Y" }} ({{ p.elapsed }}% of the time gone)</td>\n'
    "    <td>{{ p.target.owner }}</td>\n"
    '    <td class="plan-{{ p.status }}">{{ p.label }}</td>\n'
    "  </tr>\n  {% endfor %}"
)
OLD_CHART_ROWS = (
    "<tbody>{% for row in chart.rows %}<tr>{% for cell in row %}{% if forloop.first %}"
    '<th scope="row">{{ cell }}</th>{% else %}<td>{{ cell }}</td>{% endif %}{% endfor %}</tr>{% endfor %}'
    "</tbody>"
)


def test_the_plan_page_writes_its_targets_and_chart_as_the_templates_did_escaped(
    client_for, secretary, objective, posts, branch_a
):
    from django.template import Context, Template

    from officers import plan_exports

    posts["chair"].name = "Chair <b>"
    posts["chair"].save()
    doors = TargetFactory(
        objective=objective, owner=posts["chair"], unit="doors & <i>", description="Knock <u>"
    )
    plan_services.progress_record(
        target=doors, value=D("12.5"), on=timezone.localdate() - datetime.timedelta(1)
    )
    plan_services.progress_record(target=doors, value=D("20"), on=timezone.localdate())
    TargetFactory(objective=objective, measure="money_raised", owner=posts["treasurer"], branch=branch_a)
    from tests.factories.officers import PostFactory

    in_branch = PostFactory(in_branch=True, name="Organiser & co")
    TargetFactory(objective=ObjectiveFactory(plan=objective.plan), measure="manual", owner=in_branch)
    page = client_for(secretary).get(reverse("officers:plan_detail", kwargs={"pk": objective.plan.pk}))
    page = page.content.decode()
    progress = []
    for o in Objective.objects.filter(plan=objective.plan):
        rows = plan_selectors.progress_of(plan_selectors._targets().filter(objective=o), timezone.localdate())
        for p in rows:
            p.target.url = reverse("officers:target", args=[p.target.pk])
        assert Template(OLD_TARGET_ROWS).render(Context({"rows": rows})) in page
        progress += rows
    chart = plan_exports.plan_chart(progress, "x")
    assert Template(OLD_CHART_ROWS).render(Context({"chart": chart})) in page
    assert "Knock &lt;u&gt;" in page and "Chair &lt;b&gt;" in page and "doors &amp; &lt;i&gt;" in page
    assert "20 of 40 doors &amp; &lt;i&gt;" in page  # the newest update
