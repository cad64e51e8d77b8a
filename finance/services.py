"""Writes for the Treasurer's records. Every rule the law sets is checked here, so a form, a
task or the shell cannot get round it."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from clp.notifications.services import notification_cancel, notify
from finance import exports, models, permissibility, returns
from finance import selectors as sel
from finance import thresholds as law
from finance.models import (
    BankAccount,
    Budget,
    BudgetLine,
    Donation,
    GroupedBenefit,
    LedgerEntry,
    Loan,
    LoanChange,
    PermissibilityCheck,
    QuarterlyReport,
    Signatory,
    Source,
    Threshold,
)
from finance.signals import groups_held
from officers.models import Post

REMINDER_HOUR = 8
AMOUNT_MESSAGE = "Enter an amount of more than £0 (for a non-cash donation, its value)."


def _money_error(amount):
    return AMOUNT_MESSAGE if amount is None or amount <= 0 else None


def _at(day):
    """08:00 in Europe/London on `day`, or now if that has passed."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(REMINDER_HOUR)))
    return max(moment, timezone.now())


def _clp_post(role):
    return Post.objects.filter(scope=Post.Scope.CLP, role=role).order_by("order", "pk").first()


def _posts(*roles):
    return [p for p in (_clp_post(r) for r in roles) if p is not None]


# The figures the law sets ---------------------------------------------------------------


@transaction.atomic
def thresholds_restore():
    """Put back the figures as enacted (finance.thresholds.STATUTORY) for any kind of
    threshold with no row at all, as after a flushed database; a kind with rows is left as
    it is. Returns how many rows were added."""
    present = set(Threshold.objects.values_list("kind", flat=True).distinct())
    rows = [
        Threshold(kind=kind, effective_from=effective_from, value=value, source=source)
        for kind, effective_from, value, source in law.STATUTORY
        if kind not in present
    ]
    for row in rows:
        row.full_clean()
    # In one insert (with its history), which sends no signal: the groups are regrouped once
    # below, not once per row.
    bulk_create_with_history(rows, Threshold)
    if rows:
        groups_rebuild()
    return len(rows)


# The groups kept in step (issue 18) -----------------------------------------------------------


def _group_rows(groups):
    rows = []
    for (source_id, year), source_groups in groups.items():
        ordered = sorted((b.on, b.ref) for g in source_groups for b in g.benefits)
        position = {ref: i for i, (_, ref) in enumerate(ordered, 1)}
        number = 0
        for seq, g in enumerate(source_groups, 1):
            number += g.reportable
            for i, b in enumerate(g.benefits):
                kind, pk = b.ref.split(":")
                rows.append(
                    GroupedBenefit(
                        source_id=source_id,
                        year=year,
                        kind=kind,
                        ref=b.ref,
                        on=b.on,
                        amount=b.amount,
                        donation_id=int(pk) if kind == "donation" else None,
                        loan_id=int(pk) if kind == "loan" else None,
                        position=position[b.ref],
                        group_seq=seq,
                        first_in_group=i == 0,
                        number=number if g.reportable else None,
                        group_total=g.total,
                        group_threshold=g.threshold,
                        group_reportable_on=g.reportable_on,
                        group_mixed=g.mixed,
                    )  # fmt: skip
                )
    return rows


@transaction.atomic
def groups_keep(*, keys):
    """Recompute the kept groups (GroupedBenefit) of each (source_id, year) in `keys` from
    its donations and loans, in the caller's transaction: called on every save or delete of
    a donation, its check or a loan (finance.signals). finance.returns defines the groups."""
    keys = {(s, y) for s, y in keys if s is not None and y is not None}
    if not keys:
        return
    sources, years = {s for s, _ in keys}, {y for _, y in keys}
    groups = {k: v for k, v in returns.source_year_groups(sources, years).items() if k in keys}
    stale = Q()
    for source_id, year in keys:
        stale |= Q(source_id=source_id, year=year)
    GroupedBenefit.objects.filter(stale).delete()
    GroupedBenefit.objects.bulk_create(_group_rows(groups), batch_size=2000)


@transaction.atomic
def groups_rebuild():
    """Rebuild every kept group from the rows (after a change of threshold, a bulk load, or
    `manage.py finance_groups_rebuild`). Returns how many benefits are kept."""
    GroupedBenefit.objects.all().delete()
    years = {d.year for d in Donation.objects.dates("deemed_accepted_on", "year")}
    years |= {d.year for d in Donation.objects.filter(accepted_on__isnull=False).dates("accepted_on", "year")}
    years |= {d.year for d in Loan.objects.dates("made_on", "year")}
    sources = set(Donation.objects.values_list("source_id", flat=True).distinct())
    sources |= set(Loan.objects.values_list("source_id", flat=True).distinct())
    if not sources or not years:
        return 0
    rows = _group_rows(returns.source_year_groups(sources, years))
    GroupedBenefit.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


# Donors and lenders --------------------------------------------------------------------------


@transaction.atomic
def source_save(*, name, category, address="", registration_number="", electoral_number="", notes="",
                source=None):  # fmt: skip
    """Create a donor or lender, or (given `source`) change one: every field as it is to be."""
    source = source or Source()
    source.name, source.category, source.address = name, category, address
    source.registration_number, source.electoral_number = registration_number, electoral_number
    source.notes = notes
    source.full_clean()
    source.save()
    return source


# Donations -----------------------------------------------------------------------------------


def _validate_donation(donation, today):
    errors = {}
    if message := _money_error(donation.amount):
        errors["amount"] = message
    if donation.received_on and donation.received_on > today:
        errors["received_on"] = "A donation cannot be dated in the future: enter the day it was received."
    if donation.nature == Donation.Nature.NON_CASH and not donation.description.strip():
        errors["description"] = "Say what the non-cash donation was (printing, use of a hall...)."
    if donation.accepted_on and donation.received_on and donation.accepted_on < donation.received_on:
        errors["accepted_on"] = "A donation cannot be accepted before it was received."
    elif donation.accepted_on and donation.received_on:
        last_day = law.check_last_day(donation.received_on, models.check_period_on(donation.received_on))
        if donation.accepted_on > last_day:
            deemed = last_day + datetime.timedelta(days=1)
            errors["accepted_on"] = (
                f"Kept past the 30 days (the last day was {last_day:%d %B %Y}), it was deemed accepted on "
                f"{deemed:%d %B %Y}: leave this blank and the report uses that day."
            )
    if donation.accepted_on and donation.accepted_on > today:
        errors["accepted_on"] = "A donation cannot be accepted in the future."
    if donation.nature == Donation.Nature.NON_CASH and not donation.non_cash_kind:
        errors["non_cash_kind"] = "Choose what kind of non-cash donation it was."
    if donation.nature == Donation.Nature.CASH and donation.received_how == Donation.Received.IN_KIND:
        errors["received_how"] = "Money is received by cheque, transfer, cash or card, not in kind."
    if donation.nature == Donation.Nature.NON_CASH:
        donation.received_how = Donation.Received.IN_KIND
    if donation.is_bequest and not donation.testator.strip():
        errors["testator"] = "For a bequest, say whose will it was left in."
    check = getattr(donation, "permissibility", None) if donation.pk else None
    if (
        check is not None
        and check.returned_on
        and donation.received_on
        and check.returned_on < donation.received_on
    ):
        errors["received_on"] = (
            "It was returned before this date: a donation is returned after it is received."
        )
    if donation.anonymous_elector and donation.source.category != Source.Category.INDIVIDUAL:
        errors["anonymous_elector"] = "Only an individual can be an anonymous elector."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def donation_save(*, by, source, amount, received_on, nature=Donation.Nature.CASH, description="",
                  branch=None, accepted_on=None, notes="", donation=None, non_cash_kind="",
                  received_how=Donation.Received.TRANSFER, is_sponsorship=False, is_bequest=False,
                  testator="", anonymous_elector=False):  # fmt: skip
    """Record a donation, or (given `donation`) change one: every field as it is to be. A
    donation over the floor gets its 30-day reminders to the Treasurer, then the Chair
    (PPERA s.56)."""
    donation = donation or Donation(recorded_by=by)
    donation.source, donation.branch, donation.nature = source, branch, nature
    donation.description, donation.amount = description, amount
    donation.received_on, donation.accepted_on, donation.notes = received_on, accepted_on, notes
    donation.non_cash_kind, donation.received_how = non_cash_kind, received_how
    donation.is_sponsorship, donation.is_bequest, donation.testator = is_sponsorship, is_bequest, testator
    donation.anonymous_elector = anonymous_elector
    _validate_donation(donation, timezone.localdate())
    donation.full_clean()
    donation.save()
    schedule_check_reminders(donation_id=donation.pk)
    donation_flag_amendment(donation)
    return donation


def _flag_amendment(ref, what, on):
    """A donation or loan that belongs to a quarter already submitted without it needs an
    amended report: the Treasurer is told (once per version), and the caller's page says so.
    Returns the notice (None when no amendment is needed)."""
    notice = returns.amendment_notice(ref, on)
    if notice is None:
        return None
    year, quarter, version = notice["year"], notice["quarter"], notice["version"]
    notify(
        key=f"finance:report:{year}-Q{quarter}:amend:v{version}:{ref}",
        kind="quarterly_report_due",
        subject=f"Q{quarter} {year} needs an amended donation and loan report",
        body=(
            f"{what} belongs to Q{quarter} {year}, but is not in the report submitted as version "
            f"{version}. Submit an amended report (version {version + 1}) and say why it was missed."
        ),
        to_posts=_posts(Post.Role.TREASURER),
        url=reverse("finance:report", args=[year, quarter]),
        legal=True,
    )
    return notice


def donation_flag_amendment(donation):
    on = returns.donation_reported_on(donation)
    what = (
        f"The £{donation.amount} donation from {donation.source}, received on "
        f"{donation.received_on:%d %B %Y},"
    )
    return _flag_amendment(f"donation:{donation.pk}", what, on)


def loan_flag_amendment(loan, *, change=None):
    if change is not None:
        what = f"The change to the {loan.get_kind_display().lower()} from {loan.source} ({change})"
        return _flag_amendment(f"loan-change:{change.pk}", what, change.changed_on)
    what = (
        f"The £{loan.amount} {loan.get_kind_display().lower()} from {loan.source}, entered into on "
        f"{loan.made_on:%d %B %Y},"
    )
    return _flag_amendment(f"loan:{loan.pk}", what, loan.made_on)


def schedule_check_reminders(*, donation_id, today=None):
    """Queue the reminders for one unchecked donation over the floor (idempotent: keyed)."""
    today = today or timezone.localdate()
    donation = Donation.objects.select_related("source", "permissibility").get(pk=donation_id)
    if getattr(donation, "permissibility", None) is not None:
        return
    tables = sel.threshold_tables()
    if not law.is_reportable(donation.amount, law.value_on(tables[law.FLOOR], donation.received_on)):
        notification_cancel(key_prefix=f"finance:donation:{donation.pk}:check")
        return
    last_day = law.check_last_day(
        donation.received_on, law.value_on(tables[law.CHECK_PERIOD], donation.received_on)
    )
    treasurer, chair = _clp_post(Post.Role.TREASURER), _clp_post(Post.Role.CHAIR)
    url = reverse("finance:donation_check", args=[donation.pk])
    for day, audience, label in law.check_reminder_days(last_day):
        post = treasurer if audience == "treasurer" else chair
        if day < today or post is None:
            continue
        deputy = " As Deputy Treasurer, please make sure it is done today." if audience == "chair" else ""
        notify(
            key=f"finance:donation:{donation.pk}:check:{last_day:%Y%m%d}:{audience}:{label}",
            kind="donation_check_deadline",
            subject=f"Check the £{donation.amount} donation from {donation.source} by {last_day:%d %B}",
            body=(
                f"The donation of £{donation.amount} from {donation.source}, received on "
                f"{donation.received_on:%d %B %Y}, must be checked for permissibility, and returned if "
                f"impermissible, by {last_day:%d %B %Y} ({label}). The law counts the day it was received "
                "as day 1 of 30 (PPERA s.56). After that it is deemed accepted, and if the donor was not "
                f"permissible the party can be ordered to forfeit its value.{deputy}"
            ),
            to_posts=[post],
            due_at=_at(day),
            url=url,
            legal=True,
        )


IMPERMISSIBLE = (PermissibilityCheck.Outcome.RETURNED, PermissibilityCheck.Outcome.FORFEITED)


def _judge_answers(errors, source, outcome, answers, details):
    """The law's questions for this kind of donor, as answered: "permissible" is refused when
    an answer rules the donor out or a question is left unanswered; "impermissible" when
    every answer shows a permissible donor."""
    verdict = permissibility.judge(source.category, answers or {}, details or {})
    if outcome == PermissibilityCheck.Outcome.PERMISSIBLE and not verdict.permissible:
        errors["outcome"] = (
            f"{source} ({source.get_category_display().lower()}) cannot be recorded as permissible. "
            f"{verdict.message} If the kind of donor is wrong, correct the donor first."
        )
    elif outcome in IMPERMISSIBLE and verdict.permissible:
        errors["outcome"] = (
            "Every answer shows a permissible donor: correct the answer that makes it impermissible, "
            "or record it as permissible."
        )
    return verdict


@transaction.atomic
def check_record(*, by, checked_on, checked_by, outcome, answers, details=None, evidence="",
                 donation=None, loan=None, returned_on=None, returned_to="", notes=""):  # fmt: skip
    """Record the permissibility check of a donation (or a loan's lender): the law's
    questions for that kind of donor answered (kept as evidence with who checked and when),
    replacing any earlier record (the history keeps it). A donation found permissible within
    the 30 days is accepted that day; checked later, it was already deemed accepted on day 31."""
    today = timezone.localdate()
    subject = donation or loan
    received = donation.received_on if donation else None
    errors = {}
    if checked_on > today:
        errors["checked_on"] = "A check cannot be dated in the future."
    elif donation and checked_on < received:
        errors["checked_on"] = (
            f"The check cannot be dated before the donation was received ({received:%d %B %Y})."
        )
    elif loan and checked_on > loan.made_on:
        errors["checked_on"] = (
            f"A lender must be checked before the loan is made ({loan.made_on:%d %B %Y}): "
            "a check dated after it cannot be recorded."
        )
    _judge_answers(errors, subject.source, outcome, answers, details)
    if outcome in IMPERMISSIBLE:
        verb = "returned" if outcome == PermissibilityCheck.Outcome.RETURNED else "sent to the Commission"
        if not returned_on:
            errors["returned_on"] = f"Say when it was {verb}."
        elif received and returned_on < received:
            errors["returned_on"] = (
                f"It cannot have been {verb} before it was received ({received:%d %B %Y})."
            )
        elif returned_on > today:
            errors["returned_on"] = "Record the return once it has been made."
        if not returned_to.strip():
            errors["returned_to"] = "Say to whom it was returned (the donor, or the Electoral Commission)."
    if errors:
        raise ValidationError(errors)
    check = getattr(subject, "permissibility", None) or PermissibilityCheck(donation=donation, loan=loan)
    check.checked_on, check.checked_by, check.evidence, check.outcome = (
        checked_on,
        checked_by,
        evidence,
        outcome,
    )
    check.answers, check.details = dict(answers or {}), dict(details or {})
    check.returned_on = returned_on if outcome in IMPERMISSIBLE else None
    check.returned_to = returned_to if outcome in IMPERMISSIBLE else ""
    check.notes = notes
    check.full_clean()
    with groups_held():  # the check and the acceptance it decides: the groups once, for both
        check.save()
        if donation is not None:
            last_day = donation.deemed_accepted_on - datetime.timedelta(days=1)
            accept = outcome == PermissibilityCheck.Outcome.PERMISSIBLE and checked_on <= last_day
            if accept and donation.accepted_on is None:
                donation.accepted_on = checked_on
                donation.save(update_fields=["accepted_on"])
            elif outcome in IMPERMISSIBLE and donation.accepted_on is not None:
                donation.accepted_on = None  # a returned donation was never accepted by a decision
                donation.save(update_fields=["accepted_on"])
    if donation is not None:
        notification_cancel(key_prefix=f"finance:donation:{donation.pk}:check")
        donation.permissibility = check
        donation_flag_amendment(donation)
    return check


# Loans ---------------------------------------------------------------------------------------


@transaction.atomic
def loan_record(*, by, source, amount, made_on, checked_on, checked_by, answers, details=None, evidence="",
                kind=Loan.Kind.LOAN, branch=None, interest_rate=None, interest="", interest_capitalised=False,
                repayment_on=None, repayment_indefinite=False, security="", notes=""):  # fmt: skip
    """Record a loan with the check of its lender, which must come first: PPERA Part 4A
    forbids entering into a loan with an impermissible lender, so the check is dated on or
    before the day the loan is made, and a loan with a later check is refused."""
    errors = {}
    if message := _money_error(amount):
        errors["amount"] = message
    if checked_on and made_on and checked_on > made_on:
        errors["checked_on"] = (
            f"The lender must be checked before the loan is made: the check ({checked_on:%d %B %Y}) "
            f"is after the date made ({made_on:%d %B %Y}). Nothing was recorded."
        )
    if checked_on and checked_on > timezone.localdate():
        errors["checked_on"] = "A check cannot be dated in the future."
    _loan_terms_errors(errors, made_on, repayment_on, repayment_indefinite, interest_rate)
    verdict = permissibility.judge(source.category, answers or {}, details or {})
    if not verdict.permissible:
        errors["source"] = f"The loan cannot be entered into with this lender. {verdict.message}"
    if errors:
        raise ValidationError(errors)
    loan = Loan(
        source=source, branch=branch, kind=kind, amount=amount, made_on=made_on, interest_rate=interest_rate,
        interest=interest, interest_capitalised=interest_capitalised, repayment_on=repayment_on,
        repayment_indefinite=repayment_indefinite, security=security, notes=notes, recorded_by=by,
    )  # fmt: skip
    loan.full_clean()
    loan.save()
    check_record(
        by=by, loan=loan, checked_on=checked_on, checked_by=checked_by, evidence=evidence,
        outcome=PermissibilityCheck.Outcome.PERMISSIBLE, answers=answers, details=details,
    )  # fmt: skip
    loan_flag_amendment(loan)
    return loan


def _loan_terms_errors(errors, made_on, repayment_on, repayment_indefinite, interest_rate):
    if repayment_on and made_on and repayment_on < made_on:
        errors["repayment_on"] = "The repayment date cannot be before the loan is entered into."
    if repayment_on and repayment_indefinite:
        errors["repayment_indefinite"] = "Give a repayment date or say it is indefinite, not both."
    if not repayment_on and not repayment_indefinite:
        errors["repayment_on"] = 'Give the repayment date, or tick "no repayment date (indefinite)".'
    if interest_rate is not None and interest_rate < 0:
        errors["interest_rate"] = "An interest rate cannot be negative: leave it blank for no interest."


@transaction.atomic
def loan_update(*, loan, by, kind, amount, made_on, branch=None, interest_rate=None, interest="",
                interest_capitalised=False, repayment_on=None, repayment_indefinite=False, security="",
                ended_on=None, notes=""):  # fmt: skip
    """Correct a loan's record (the history keeps what it was). A change to the terms of a
    loan already reported is a change (loan_change_record), not a correction."""
    errors = {}
    if message := _money_error(amount):
        errors["amount"] = message
    _loan_terms_errors(errors, made_on, repayment_on, repayment_indefinite, interest_rate)
    check = getattr(loan, "permissibility", None)
    if check is not None and made_on and check.checked_on > made_on:
        errors["made_on"] = (
            f"The lender was checked on {check.checked_on:%d %B %Y}: the loan cannot have been entered "
            "into before that."
        )
    if ended_on and made_on and ended_on < made_on:
        errors["ended_on"] = "A loan cannot end before it was entered into."
    if ended_on and ended_on > timezone.localdate():
        errors["ended_on"] = "Record the end of the loan once it has ended."
    if errors:
        raise ValidationError(errors)
    loan.kind, loan.amount, loan.made_on, loan.branch = kind, amount, made_on, branch
    loan.interest_rate, loan.interest, loan.interest_capitalised = (
        interest_rate,
        interest,
        interest_capitalised,
    )
    loan.repayment_on, loan.repayment_indefinite = repayment_on, repayment_indefinite
    loan.security, loan.ended_on, loan.notes = security, ended_on, notes
    loan.full_clean()
    loan.save()
    loan_flag_amendment(loan)
    return loan


@transaction.atomic
def loan_change_record(*, loan, by, changed_on, what, description, new_amount=None):
    """A later change to a loan, reported as a change in the quarter it happens. A loan that
    has ended cannot change (record a new loan instead)."""
    errors = {}
    if changed_on < loan.made_on:
        errors["changed_on"] = f"The loan was entered into on {loan.made_on:%d %B %Y}: a change comes after."
    elif loan.ended_on and changed_on > loan.ended_on:
        errors["changed_on"] = (
            f"The loan ended on {loan.ended_on:%d %B %Y}: it cannot change after that. A new loan is "
            "recorded as a new loan."
        )
    elif changed_on > timezone.localdate():
        errors["changed_on"] = "Record the change once it has happened."
    if what == LoanChange.What.AMOUNT and (new_amount is None or new_amount <= 0):
        errors["new_amount"] = "Give the new amount or limit, more than £0."
    if not description.strip():
        errors["description"] = 'Say what changed (for example "limit raised to £6,000").'
    if errors:
        raise ValidationError(errors)
    change = LoanChange(
        loan=loan, changed_on=changed_on, what=what, description=description, new_amount=new_amount,
        recorded_by=by,
    )  # fmt: skip
    change.full_clean()
    change.save()
    # The loan keeps the value it was reported with; the change carries the new one.
    if what == LoanChange.What.ENDED and loan.ended_on is None:
        loan.ended_on = changed_on
        loan.save(update_fields=["ended_on"])
    loan_flag_amendment(loan, change=change)
    return change


# Quarterly reports ---------------------------------------------------------------------------


@transaction.atomic
def report_submit(*, year, quarter, by, sent_how, sent_on=None, reason=""):
    """Freeze the quarter's report: the PDF and CSV as submitted are stored and never change,
    with how and when it was sent to head office and by whom. A second submission is an
    amended version and must say why."""
    today = timezone.localdate()
    if not law.quarter_is_over(year, quarter, today):
        raise ValidationError(law.not_over_message(year, quarter))
    sent_on = sent_on or today
    errors = {}
    if not sent_how.strip():
        errors["sent_how"] = 'Say how the report was sent to head office (for example "email to GLU").'
    if sent_on > today:
        errors["sent_on"] = "Record the date it was sent once it has been sent."
    elif sent_on <= law.quarter_bounds(year, quarter)[1]:
        errors["sent_on"] = "A quarter's report is sent after the quarter ends."
    if errors:
        raise ValidationError(errors)
    versions = QuarterlyReport.objects.select_for_update().filter(year=year, quarter=quarter)
    version = max((r.version for r in versions), default=0) + 1
    if version > 1 and not reason.strip():
        raise ValidationError(
            {"reason": "This quarter was already submitted: say why an amended report is needed."}
        )
    report = returns.quarter_report(year, quarter, today)
    now = timezone.now()
    _, _, pdf = exports.report_pdf(report, version=version, submitted_on=today, reason=reason)
    _, _, csv = exports.report_csv(report)
    saved = QuarterlyReport(
        year=year, quarter=quarter, version=version, reason=reason, submitted_at=now, submitted_by=by,
        sent_how=sent_how, sent_on=sent_on, treasurer_name=report.treasurer_name, item_refs=report.refs,
        total=report.total, pdf=pdf, csv=csv,
    )  # fmt: skip
    # Uniqueness is left to the database: a check here would see a version committed a moment
    # ago by a second submission and answer with Django's generic message instead of ours.
    saved.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            saved.save()
    except IntegrityError:
        # Two submissions at once (two tabs, two officers): the lock above finds no row to
        # hold for a first version, so the database's unique constraint decides.
        raise ValidationError(
            f"Q{quarter} {year} was submitted a moment ago, from another page or by someone else. "
            "Reload the page to see it."
        ) from None
    notification_cancel(key_prefix=f"finance:report:{year}-Q{quarter}:")
    return saved


def schedule_report_reminders(*, year, quarter):
    """Reminders to the Treasurer a week and two days before the report is due and on the
    day, and to the Chair once it is overdue (idempotent: keyed)."""
    if QuarterlyReport.objects.filter(year=year, quarter=quarter).exists():
        return
    due = law.report_due_on(year, quarter, sel.report_due_days())
    treasurer, chair = _clp_post(Post.Role.TREASURER), _clp_post(Post.Role.CHAIR)
    url = reverse("finance:report", args=[year, quarter])
    plan = [
        (due - datetime.timedelta(days=7), treasurer, "due in a week"),
        (due - datetime.timedelta(days=2), treasurer, "due in two days"),
        (due, treasurer, "due today"),
        (due + datetime.timedelta(days=1), chair, "overdue"),
        (due + datetime.timedelta(days=1), treasurer, "overdue"),
    ]
    for day, post, label in plan:
        if post is None:
            continue
        overdue = label == "overdue"
        notify(
            key=f"finance:report:{year}-Q{quarter}:{label}:{post.role}",
            kind="quarterly_report_due",
            subject=f"Quarterly donation and loan report for Q{quarter} {year} {label}",
            body=(
                f"The CLP's donation and loan report for {law.quarter_label(year, quarter)} is "
                f"{'overdue: it was' if overdue else ''} due to head office on {due:%d %B %Y}, so that "
                "head office can report to the Electoral Commission within 30 days of the quarter's end. "
                "A nil report is needed when there were no donations or loans to report."
                + (
                    " As Deputy Treasurer, please make sure it is sent."
                    if post.role == Post.Role.CHAIR
                    else ""
                )
            ),
            to_posts=[post],
            due_at=_at(day),
            url=url,
            legal=True,
        )


# The daily sweep -----------------------------------------------------------------------------


def deadlines_run(*, today=None):
    """What the daily task does: keep every unchecked donation's reminders queued, flag those
    held past the 30 days as deemed accepted, and chase the last quarters' reports."""
    today = today or timezone.localdate()
    tables = sel.threshold_tables()
    flagged = 0
    since = today - datetime.timedelta(days=400)
    for donation, status in sel.donations_awaiting_check(today, since=since, tables=tables):
        with transaction.atomic():
            schedule_check_reminders(donation_id=donation.pk, today=today)
            if status.code == "deemed_accepted":
                flagged += 1
                notify(
                    key=f"finance:donation:{donation.pk}:deemed-accepted",
                    kind="donation_check_deadline",
                    subject=f"Deemed accepted: the £{donation.amount} donation from {donation.source}",
                    body=(
                        f"The donation of £{donation.amount} from {donation.source}, received on "
                        f"{donation.received_on:%d %B %Y}, was not checked by {status.last_day:%d %B %Y}. "
                        "It is now deemed accepted (PPERA s.56). If the donor was not permissible, the "
                        "Electoral Commission can ask a court to order the party to forfeit its value "
                        "(s.58). Check it now, record the result, and tell head office."
                    ),
                    to_posts=_posts(Post.Role.TREASURER, Post.Role.CHAIR),
                    url=reverse("finance:donation_check", args=[donation.pk]),
                    legal=True,
                )
    for item in sel.bank_accounts(today):
        if item.warning:
            # Keyed on who the current officer-signatories are: told once per change of mandate.
            officers = "-".join(str(s.person_id) for s, officer in item.current if officer) or "none"
            with transaction.atomic():
                notify(
                    key=f"finance:bank:{item.account.pk}:signatories:{officers}",
                    kind="bank_signatories",
                    subject=f"{item.account}: the bank mandate needs updating",
                    body=item.warning,
                    to_posts=_posts(Post.Role.TREASURER),
                    url=reverse("finance:bank"),
                )
    for year, quarter in law.quarters_over(today, 2):
        if law.report_due_on(year, quarter, sel.report_due_days()) >= today - datetime.timedelta(days=45):
            with transaction.atomic():
                schedule_report_reminders(year=year, quarter=quarter)
    return flagged


# Income and expenditure, bank accounts -------------------------------------------------------


@transaction.atomic
def ledger_entry_record(*, by, direction, category, amount, on, description, branch=None, entry=None):
    """Record income or expenditure, or (given `entry`) correct one: every field as it is to
    be (the history keeps what it was)."""
    errors = {}
    if message := _money_error(amount):
        errors["amount"] = message
    if on and on > timezone.localdate():
        errors["on"] = "An entry cannot be dated in the future."
    is_income_category = category in LedgerEntry.INCOME_CATEGORIES
    if is_income_category != (direction == LedgerEntry.Direction.INCOME):
        errors["category"] = "Choose a category that matches income or expenditure."
    if errors:
        raise ValidationError(errors)
    entry = entry or LedgerEntry(recorded_by=by)
    entry.direction, entry.category, entry.amount, entry.on = direction, category, amount, on
    entry.description, entry.branch = description, branch
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def bank_account_create(*, name, bank, account_ending="", branch=None, account=None):
    """Add a bank account, or (given `account`) correct one (the history keeps what it was)."""
    account = account or BankAccount()
    account.name, account.bank, account.account_ending, account.branch = name, bank, account_ending, branch
    account.full_clean()
    account.save()
    return account


@transaction.atomic
def signatory_add(*, account, person, added_on=None):
    added_on = added_on or timezone.localdate()
    if account.signatories.filter(person=person, removed_on=None).exists():
        raise ValidationError({"person": f"{person} is already a signatory."})
    signatory = Signatory(account=account, person=person, added_on=added_on)
    signatory.full_clean()
    signatory.save()
    return signatory


@transaction.atomic
def signatory_remove(*, signatory, removed_on=None):
    signatory.removed_on = removed_on or timezone.localdate()
    signatory.save(update_fields=["removed_on"])
    return signatory


# The budget ----------------------------------------------------------------------------------

PENCE_MESSAGE = "Give money in pounds and pence, e.g. 1250.00: no fractions of a penny."


def _pence_error(amount, *, allow_zero=True):
    if amount is None:
        return "Enter an amount in pounds and pence."
    if amount != amount.quantize(Decimal("0.01")):
        return PENCE_MESSAGE
    if amount < 0 or (amount == 0 and not allow_zero):
        return "The amount cannot be less than £0."
    return None


@transaction.atomic
def budget_create(*, year, opening_balance) -> Budget:
    """Start the budget for a calendar year, with the cash held at its start."""
    if message := _pence_error(opening_balance):
        raise ValidationError({"opening_balance": message})
    if Budget.objects.filter(year=year).exists():
        raise ValidationError({"year": f"There is already a budget for {year}."})
    budget = Budget(year=year, opening_balance=opening_balance)
    budget.full_clean()
    budget.save()
    return budget


@transaction.atomic
def budget_line_set(*, budget, category, amount, note="") -> BudgetLine:
    """Set the budget for one category (a ledger category, donations or the election
    contingency), replacing what it was."""
    valid = dict(BudgetLine._meta.get_field("category").choices)
    if category not in valid:
        raise ValidationError({"category": "Choose one of the ledger's categories."})
    if message := _pence_error(amount):
        raise ValidationError({"amount": message})
    line = BudgetLine.objects.select_for_update().filter(budget=budget, category=category).first()
    line = line or BudgetLine(budget=budget, category=category)
    line.amount, line.note = amount, note
    line.full_clean()
    line.save()
    return line


@transaction.atomic
def budget_agree(*, budget, agreed_on) -> Budget:
    """Record the day the General Meeting agreed the budget."""
    if agreed_on is None or agreed_on.year not in (budget.year - 1, budget.year):
        raise ValidationError(
            {"agreed_on": f"The budget for {budget.year} is agreed in {budget.year - 1} or {budget.year}."}
        )
    budget.agreed_on = agreed_on
    budget.full_clean()
    budget.save()
    return budget
