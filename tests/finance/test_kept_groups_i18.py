"""The groups kept in step (issue 18): GroupedBenefit, kept by every save and delete of a
donation, its check or a loan, always equals the grouping worked out afresh from every row
(finance.returns.year_groups), whatever the changes and however much time passes (a donation
kept without a decision is deemed accepted on day 31 without anything being saved)."""

import datetime
from decimal import Decimal as D

import pytest
import time_machine
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from finance import returns, services
from finance import thresholds as law
from finance.models import Donation, GroupedBenefit, Loan
from tests.factories.finance import SourceFactory, ThresholdFactory

pytestmark = pytest.mark.django_db
START = datetime.datetime(2025, 11, 20, 10, 0, tzinfo=datetime.UTC)
VOTER = {"on_register": True, "register_outside_uk": False}
VOTER_DETAILS = {"register": "Anytown", "electoral_number": "AB-1"}
NOT_A_VOTER = {"on_register": False}
AMOUNTS = st.sampled_from([D("450.00"), D("500.00"), D("500.01"), D("900.00"), D("1500.00"), D("2300.00")])

OPS = st.one_of(
    st.tuples(st.just("donate"), st.integers(0, 2), AMOUNTS, st.integers(0, 40), st.booleans()),
    st.tuples(st.just("accept"), st.integers(0, 30)),
    st.tuples(st.just("return"), st.integers(0, 30)),
    st.tuples(st.just("edit"), st.integers(0, 30), AMOUNTS, st.integers(0, 40), st.integers(0, 2)),
    st.tuples(st.just("delete"), st.integers(0, 30)),
    st.tuples(st.just("loan"), st.integers(0, 2), AMOUNTS, st.integers(0, 40)),
    st.tuples(st.just("loan_edit"), st.integers(0, 30), AMOUNTS, st.integers(0, 40)),
    st.tuples(st.just("wait"), st.integers(1, 25)),
)


def _today():
    from django.utils import timezone

    return timezone.localdate()


def _pick(model, i):
    rows = list(model.objects.order_by("pk"))
    return rows[i % len(rows)] if rows else None


def _apply(op, sources, treasurer, traveller):
    today = _today()
    kind = op[0]
    if kind == "donate":
        _, s, amount, back, accepted = op
        received = today - datetime.timedelta(days=back)
        services.donation_save(
            by=None, source=sources[s], amount=amount, received_on=received,
            accepted_on=today if accepted and back < 30 else None,
        )  # fmt: skip
    elif kind in ("accept", "return"):
        donation = _pick(Donation, op[1])
        if donation is None:
            return
        outcome = "permissible" if kind == "accept" else "returned"
        returned = kind == "return"
        services.check_record(
            by=None, donation=donation, checked_on=today, checked_by=treasurer,
            answers=NOT_A_VOTER if returned else VOTER, details={} if returned else VOTER_DETAILS,
            outcome=outcome, evidence="On the register",
            returned_on=today if returned else None, returned_to="the donor" if returned else "",
        )  # fmt: skip
    elif kind == "edit":
        _, i, amount, back, s = op
        donation = _pick(Donation, i)
        if donation is None:
            return
        received = today - datetime.timedelta(days=back)
        check = getattr(donation, "permissibility", None)
        if check is not None and check.returned_on and check.returned_on < received:
            received = donation.received_on
        accepted = donation.accepted_on if donation.accepted_on and donation.accepted_on >= received else None
        if accepted and accepted > law.check_last_day(received, 30):
            accepted = None
        services.donation_save(
            by=None, donation=donation, source=sources[s], amount=amount, received_on=received,
            accepted_on=accepted,
        )  # fmt: skip
    elif kind == "delete":
        donation = _pick(Donation, op[1])
        if donation is not None:
            donation.delete()  # the admin's delete: no service forbids it
    elif kind == "loan":
        _, s, amount, back = op
        made = today - datetime.timedelta(days=back)
        services.loan_record(
            by=None, source=sources[s], amount=amount, made_on=made, checked_on=made, checked_by=treasurer,
            answers=VOTER, details=VOTER_DETAILS, evidence="On the register", repayment_indefinite=True,
        )  # fmt: skip
    elif kind == "loan_edit":
        _, i, amount, back = op
        loan = _pick(Loan, i)
        if loan is None:
            return
        made = max(today - datetime.timedelta(days=back), loan.permissibility.checked_on)
        services.loan_update(
            loan=loan, by=None, kind=loan.kind, amount=amount, made_on=made, repayment_indefinite=True
        )
    elif kind == "wait":
        traveller.shift(datetime.timedelta(days=op[1]))


def _reference(year, today):
    """Every group of the year from every row, numbered as the report numbers them."""
    groups, _ = returns.year_groups(year, today)
    out, numbers = [], {}
    for g in groups:
        number = None
        if g.reportable:
            number = numbers[g.source_id] = numbers.get(g.source_id, 0) + 1
        out.append((g.source_id, tuple(g.refs), g.total, g.threshold, g.reportable_on, g.mixed, number))
    return out


def _kept(year, today):
    """The same from the kept rows: each quarter's reportable groups (with every item), and
    every group by its first item."""
    quarters = []
    for quarter in (1, 2, 3, 4):
        for g in returns.kept_groups(year, today, reportable_in=law.quarter_bounds(year, quarter)):
            quarters.append(
                (g.source_id, tuple(g.refs), g.total, g.threshold, g.reportable_on, g.mixed, g.number)
            )
    every = [
        (g.source_id, g.refs[0], g.total, g.reportable_on, g.number) for g in returns.kept_groups(year, today)
    ]
    return quarters, every


KEPT = (
    "ref",
    "source_id",
    "year",
    "on",
    "amount",
    "group_seq",
    "number",
    "group_total",
    "group_reportable_on",
)


def _assert_in_step(today):
    """What the pages read equals the grouping from every row, on `today`."""
    for year in (today.year - 1, today.year):
        reference = _reference(year, today)
        quarters, every = _kept(year, today)
        assert quarters == [g for g in reference if g[4] is not None], (year, today)
        firsts = [(s, refs[0], total, on, n) for s, refs, total, _t, on, _m, n in reference]
        assert every == firsts, (year, today)


def _assert_rows_rebuild_the_same():
    """The kept rows themselves equal a rebuild from scratch."""
    kept = sorted(GroupedBenefit.objects.values_list(*KEPT))
    services.groups_rebuild()
    assert kept == sorted(GroupedBenefit.objects.values_list(*KEPT))


@pytest.fixture
def world(treasurer):
    ThresholdFactory(kind=law.CHECK_PERIOD, effective_from=datetime.date(2001, 2, 16), value=D("30"))
    return [SourceFactory() for _ in range(3)], treasurer


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(OPS, min_size=1, max_size=10))
def test_the_kept_groups_equal_a_full_recomputation_under_every_change(world, ops):
    sources, treasurer = world
    with time_machine.travel(START, tick=False) as traveller, transaction.atomic():
        for op in ops:
            try:
                with transaction.atomic():
                    _apply(op, sources, treasurer, traveller)
            except services.ValidationError:
                pass  # a change the law refuses leaves everything as it was
            _assert_in_step(_today())
        _assert_rows_rebuild_the_same()
        traveller.shift(datetime.timedelta(days=31))  # every undecided donation is now deemed accepted
        _assert_in_step(_today())
        transaction.set_rollback(True)


def test_a_donation_kept_past_day_30_joins_its_group_without_a_save(world):
    """Deemed acceptance by the passing of time: nothing is saved, the group still passes the
    threshold on day 31, in the quarter of day 31."""
    (source, *_), _treasurer = world
    with time_machine.travel(START, tick=False) as traveller:
        first = services.donation_save(
            by=None, source=source, amount=D("1500.00"), received_on=_today(), accepted_on=_today()
        )
        second = services.donation_save(by=None, source=source, amount=D("900.00"), received_on=_today())
        q4 = law.quarter_bounds(2025, 4)
        assert returns.kept_groups(2025, _today(), reportable_in=q4) == []
        traveller.shift(datetime.timedelta(days=30))  # day 31: 20 December 2025
        (group,) = returns.kept_groups(2025, _today(), reportable_in=q4)
        assert group.refs == [f"donation:{first.pk}", f"donation:{second.pk}"]
        assert group.reportable_on == datetime.date(2025, 12, 20) and group.number == 1
        (row,) = returns.source_year_totals(2025, _today())[0]
        assert row.total == D("2400.00") and [g.total for g in row.reportable] == [D("2400.00")]


def test_a_new_threshold_regroups_every_source(world):
    """A statutory instrument changes a figure (a new Threshold row): the kept groups follow."""
    (source, *_), _treasurer = world
    with time_machine.travel(START, tick=False):
        for amount in ("900.00", "900.00"):
            services.donation_save(
                by=None, source=source, amount=D(amount), received_on=_today(), accepted_on=_today()
            )
        assert returns.kept_groups(2025, _today(), reportable_in=law.quarter_bounds(2025, 4)) == []
        ThresholdFactory(kind=law.AU_REPORTING, effective_from=datetime.date(2025, 1, 1), value=D("1500.00"))
        (group,) = returns.kept_groups(2025, _today(), reportable_in=law.quarter_bounds(2025, 4))
        assert group.total == D("1800.00") and group.threshold == D("1500.00")
        _assert_in_step(_today())


def test_recording_a_check_that_accepts_regroups_once_for_the_check_and_the_acceptance(world):
    """The check and the acceptance it decides are two saves; the groups are recomputed once,
    at the end, and come out the same as a full recomputation."""
    from unittest import mock

    (source, *_), treasurer = world
    with time_machine.travel(START, tick=False):
        donation = services.donation_save(by=None, source=source, amount=D("2300.00"), received_on=_today())
        with mock.patch.object(services, "groups_keep", wraps=services.groups_keep) as keep:
            services.check_record(
                by=None, donation=donation, checked_on=_today(), checked_by=treasurer, answers=VOTER,
                details=VOTER_DETAILS, outcome="permissible", evidence="On the register",
            )  # fmt: skip
        assert keep.call_count == 1
        assert Donation.objects.get(pk=donation.pk).accepted_on == _today()
        (group,) = returns.kept_groups(2025, _today(), reportable_in=law.quarter_bounds(2025, 4))
        assert group.refs == [f"donation:{donation.pk}"]
        _assert_in_step(_today())
