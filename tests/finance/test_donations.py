"""Recording donations and loans, the permissibility check and the 30-day reminders."""

import datetime
from decimal import Decimal as D

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management.sql import emit_post_migrate_signal

from clp.notifications.models import Notification
from finance import services
from finance.models import Donation, Loan, PermissibilityCheck
from tests.factories.finance import DonationFactory, SourceFactory

pytestmark = pytest.mark.django_db
d = datetime.date
TODAY = datetime.datetime(2026, 2, 12, 9, 0, tzinfo=datetime.UTC)
VOTER = {"on_register": True, "register_outside_uk": False}
VOTER_DETAILS = {"register": "Anytown", "electoral_number": "AB-1"}


@pytest.fixture
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


def _record(by=None, **fields):
    fields = {"source": SourceFactory(), "amount": D("750.00"), "received_on": d(2026, 2, 10), **fields}
    return services.donation_save(by=by, **fields)


def _pending(prefix):
    return Notification.objects.filter(key__startswith=prefix, status=Notification.Status.PENDING)


def test_a_donation_over_500_queues_reminders_to_the_treasurer_then_the_chair(
    frozen, treasurer, chair, posts
):
    donation = _record()
    rows = _pending(f"finance:donation:{donation.pk}:check").order_by("due_at", "post__order")
    assert [(r.due_at.date(), r.post.slug) for r in rows] == [
        (d(2026, 3, 1), "treasurer"),
        (d(2026, 3, 8), "treasurer"),
        (d(2026, 3, 11), "chair"),
        (d(2026, 3, 11), "treasurer"),
    ]
    assert all(r.legal and r.kind == "donation_check_deadline" for r in rows)
    assert "by 11 March 2026" in rows[0].body


def test_a_donation_of_exactly_500_needs_no_reminders(frozen, posts):
    donation = _record(amount=D("500.00"))
    assert not _pending(f"finance:donation:{donation.pk}").exists()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"amount": D("0.00")}, "amount", "more than £0"),
        ({"amount": D("-20.00")}, "amount", "more than £0"),
        ({"received_on": d(2026, 2, 13)}, "received_on", "cannot be dated in the future"),
        ({"nature": Donation.Nature.NON_CASH, "description": ""}, "description", "Say what"),
    ],
)
def test_bad_donations_are_refused_with_a_plain_reason(frozen, posts, fields, field, message):
    with pytest.raises(ValidationError) as error:
        _record(**fields)
    assert message in " ".join(error.value.message_dict[field])
    assert not Donation.objects.exists()


def test_a_non_cash_donation_counts_at_its_value(frozen, posts):
    donation = _record(
        nature=Donation.Nature.NON_CASH,
        non_cash_kind="venue",
        description="Free use of the hall",
        amount=D("600"),
    )
    assert _pending(f"finance:donation:{donation.pk}:check").exists()


def test_recording_the_check_cancels_the_reminders_and_accepts_the_donation(frozen, treasurer, chair, posts):
    donation = _record()
    services.check_record(
        by=None, answers=VOTER, details=VOTER_DETAILS,
        donation=donation, checked_on=d(2026, 2, 11), checked_by=treasurer,
        evidence="On the electoral register of Anytown on 10 February 2026",
        outcome=PermissibilityCheck.Outcome.PERMISSIBLE,
    )  # fmt: skip
    donation.refresh_from_db()
    assert donation.accepted_on == d(2026, 2, 11)
    assert not _pending(f"finance:donation:{donation.pk}").exists()
    assert donation.permissibility.history.count() == 1


def test_a_check_dated_before_the_donation_is_refused(frozen, treasurer):
    donation = DonationFactory(received_on=d(2026, 2, 10))
    with pytest.raises(ValidationError) as error:
        services.check_record(
            by=None, answers=VOTER, details=VOTER_DETAILS,
        donation=donation, checked_on=d(2026, 2, 9), checked_by=treasurer, evidence="x",
            outcome=PermissibilityCheck.Outcome.PERMISSIBLE,
        )  # fmt: skip
    assert "before the donation was received" in error.value.message_dict["checked_on"][0]
    assert not PermissibilityCheck.objects.exists()


def test_an_impermissible_donation_returned_says_when_and_to_whom(frozen, treasurer):
    donation = DonationFactory(received_on=d(2026, 2, 1), source__category="company")
    with pytest.raises(ValidationError) as error:
        services.check_record(
            by=None, answers=VOTER, details=VOTER_DETAILS,
        donation=donation, checked_on=d(2026, 2, 3), checked_by=treasurer,
            evidence="Not on Companies House", outcome=PermissibilityCheck.Outcome.RETURNED,
        )  # fmt: skip
    assert set(error.value.message_dict) == {"returned_on", "returned_to"}
    check = services.check_record(
        by=None, answers=VOTER, details=VOTER_DETAILS,
        donation=donation, checked_on=d(2026, 2, 3), checked_by=treasurer,
        evidence="Not on Companies House", outcome=PermissibilityCheck.Outcome.RETURNED,
        returned_on=d(2026, 2, 4), returned_to="Acme Ltd (the donor)",
    )  # fmt: skip
    assert check.returned_to == "Acme Ltd (the donor)"
    donation.refresh_from_db()
    assert donation.accepted_on is None


def test_after_30_days_with_no_check_the_donation_is_deemed_accepted(treasurer, chair, posts):
    with time_machine.travel(TODAY, tick=False):
        donation = _record()
    with time_machine.travel(datetime.datetime(2026, 3, 11, 8, tzinfo=datetime.UTC), tick=False):
        assert services.deadlines_run() == 0  # 11 March is still day 30
    with time_machine.travel(datetime.datetime(2026, 3, 12, 8, tzinfo=datetime.UTC), tick=False):
        assert services.deadlines_run() == 1
        assert services.deadlines_run() == 1  # idempotent: no second notice
    notices = Notification.objects.filter(key__startswith=f"finance:donation:{donation.pk}:deemed-accepted")
    assert {n.post.slug for n in notices} == {"treasurer", "chair"}
    assert "forfeit" in notices[0].body


def test_a_loan_is_recorded_with_the_check_of_its_lender(frozen, treasurer):
    loan = services.loan_record(
        by=None, answers=VOTER, details=VOTER_DETAILS,
        source=SourceFactory(), amount=D("5000"), made_on=d(2026, 2, 10), checked_on=d(2026, 2, 1),
        checked_by=treasurer, evidence="On the register", kind=Loan.Kind.CREDIT, repayment_on=d(2027, 2, 10),
    )  # fmt: skip
    assert loan.permissibility.checked_on == d(2026, 2, 1)
    assert loan.history.count() == 1


def test_a_loan_made_before_its_check_is_refused_and_nothing_is_saved(frozen, treasurer):
    with pytest.raises(ValidationError) as error:
        services.loan_record(
            by=None, answers=VOTER, details=VOTER_DETAILS,
            source=SourceFactory(), amount=D("5000"), made_on=d(2026, 2, 1),
            checked_on=d(2026, 2, 2), checked_by=treasurer, evidence="On the register",
        )  # fmt: skip
    assert "must be checked before the loan is made" in error.value.message_dict["checked_on"][0]
    assert not Loan.objects.exists() and not PermissibilityCheck.objects.exists()


def test_the_daily_task_runs_the_sweep(treasurer, chair, posts):
    from finance.tasks import daily_deadlines

    with time_machine.travel(TODAY, tick=False):
        donation = _record(received_on=d(2026, 1, 1))
    with time_machine.travel(datetime.datetime(2026, 2, 2, 8, tzinfo=datetime.UTC), tick=False):
        assert daily_deadlines.delay().get() == 1
    assert Notification.objects.filter(key__startswith=f"finance:donation:{donation.pk}:deemed").count() == 2


def test_the_thresholds_are_dated_data_and_come_back_if_the_table_is_emptied():
    from finance.models import Threshold
    from finance.selectors import threshold_tables

    assert threshold_tables()["au_reporting"] == [
        (d(2010, 1, 1), D("1500.00")),
        (d(2024, 1, 1), D("2230.00")),
    ]
    Threshold.objects.all().delete()
    assert threshold_tables()["donation_floor"] == [(d(2010, 1, 1), D("500.00"))]
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")  # as a flush does
    assert Threshold.objects.count() == 5


def test_reading_the_thresholds_writes_nothing():
    from finance.models import Threshold
    from finance.selectors import threshold_tables

    Threshold.objects.all().delete()
    assert threshold_tables()["check_period_days"] == [(d(2001, 2, 16), D("30"))]
    assert not Threshold.objects.exists()


def test_restoring_the_thresholds_adds_only_the_kinds_that_have_no_row():
    from finance.models import Threshold

    Threshold.objects.filter(kind="check_period_days").delete()
    Threshold.objects.filter(kind="donation_floor").update(value=D("750.00"))  # a changed figure stays
    assert services.thresholds_restore() == 1
    assert Threshold.objects.get(kind="check_period_days").value == D("30")
    assert Threshold.objects.get(kind="donation_floor").value == D("750.00")
    assert services.thresholds_restore() == 0


@pytest.mark.parametrize("category", ["charity", "public_body", "unidentifiable", "other"])
def test_a_donor_of_an_impermissible_kind_cannot_be_recorded_as_permissible(frozen, treasurer, category):
    donation = DonationFactory(received_on=d(2026, 2, 10), source__category=category)
    with pytest.raises(ValidationError) as error:
        services.check_record(
            by=None, answers=VOTER, details=VOTER_DETAILS,
        donation=donation, checked_on=d(2026, 2, 11), checked_by=treasurer, evidence="x",
            outcome=PermissibilityCheck.Outcome.PERMISSIBLE,
        )  # fmt: skip
    assert "cannot be recorded as permissible" in error.value.message_dict["outcome"][0]


@pytest.mark.parametrize(
    "category, permissible, says",
    [
        ("individual", True, "electoral register on the day"),
        ("company", True, "incorporated in the UK"),
        ("labour_group", True, "unincorporated association"),
        ("charity", False, "charities may not"),
        ("public_body", False, "public money"),
        ("unidentifiable", False, "Electoral Commission"),
    ],
)
def test_each_kind_of_donor_says_whether_and_when_it_is_permissible(category, permissible, says):
    source = SourceFactory.build(category=category)
    assert source.category_permissible is permissible
    assert says in source.permissibility_note
