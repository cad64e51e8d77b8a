"""Writes for the Treasurer's records. Every rule the law sets is checked here, so a form, a
task or the shell cannot get round it."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from clp.notifications.services import notification_cancel, notify
from finance import exports
from finance import selectors as sel
from finance import thresholds as law
from finance.models import (
    BankAccount,
    Budget,
    BudgetLine,
    Donation,
    LedgerEntry,
    Loan,
    PermissibilityCheck,
    QuarterlyReport,
    Signatory,
    Source,
    Threshold,
)
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
    added = 0
    for kind, effective_from, value, source in law.STATUTORY:
        if kind not in present:
            row = Threshold(kind=kind, effective_from=effective_from, value=value, source=source)
            row.full_clean()
            row.save()
            added += 1
    return added


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
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def donation_save(*, by, source, amount, received_on, nature=Donation.Nature.CASH, description="",
                  branch=None, accepted_on=None, notes="", donation=None):  # fmt: skip
    """Record a donation, or (given `donation`) change one: every field as it is to be. A
    donation over the floor gets its 30-day reminders to the Treasurer, then the Chair
    (PPERA s.56)."""
    donation = donation or Donation(recorded_by=by)
    donation.source, donation.branch, donation.nature = source, branch, nature
    donation.description, donation.amount = description, amount
    donation.received_on, donation.accepted_on, donation.notes = received_on, accepted_on, notes
    _validate_donation(donation, timezone.localdate())
    donation.full_clean()
    donation.save()
    schedule_check_reminders(donation_id=donation.pk)
    _flag_amendment(donation)
    return donation


def _flag_amendment(donation):
    """A reportable donation in a quarter already reported needs an amended report."""
    year, quarter = donation.received_on.year, law.quarter_of(donation.received_on)
    latest = QuarterlyReport.objects.filter(year=year, quarter=quarter).order_by("-version").first()
    tables = sel.threshold_tables()
    floor = law.value_on(tables[law.FLOOR], donation.received_on)
    if latest is None or not law.is_reportable(donation.amount, floor):
        return
    if f"donation:{donation.pk}" in latest.item_refs:
        return
    notify(
        key=f"finance:report:{year}-Q{quarter}:amend:v{latest.version}:donation:{donation.pk}",
        kind="quarterly_report_due",
        subject=f"Q{quarter} {year} needs an amended donation and loan report",
        body=(
            f"The £{donation.amount} donation from {donation.source}, received on "
            f"{donation.received_on:%d %B %Y}, is not in the Q{quarter} {year} report submitted as "
            f"version {latest.version}. Submit an amended report (version {latest.version + 1}) "
            "and say why it was missed."
        ),
        to_posts=_posts(Post.Role.TREASURER),
        url=reverse("finance:report", args=[year, quarter]),
        legal=True,
    )


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


@transaction.atomic
def check_record(*, by, checked_on, checked_by, evidence, outcome, donation=None, loan=None,
                 returned_on=None, returned_to="", notes=""):  # fmt: skip
    """Record the permissibility check of a donation (or a loan's lender), replacing any
    earlier record (the history keeps it)."""
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
    source = subject.source
    if outcome == PermissibilityCheck.Outcome.PERMISSIBLE and not source.category_permissible:
        errors["outcome"] = (
            f"{source} is recorded as {source.get_category_display().lower()}, which is not a "
            f"permissible donor or lender. {source.permissibility_note} If the category is wrong, "
            "correct the donor first."
        )
    if outcome == PermissibilityCheck.Outcome.RETURNED:
        if not returned_on:
            errors["returned_on"] = "Say when it was returned."
        elif received and returned_on < received:
            errors["returned_on"] = "It cannot have been returned before it was received."
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
    check.returned_on = returned_on if outcome == PermissibilityCheck.Outcome.RETURNED else None
    check.returned_to = returned_to if outcome == PermissibilityCheck.Outcome.RETURNED else ""
    check.notes = notes
    check.full_clean()
    check.save()
    if donation is not None:
        notification_cancel(key_prefix=f"finance:donation:{donation.pk}:check")
        if outcome == PermissibilityCheck.Outcome.PERMISSIBLE and donation.accepted_on is None:
            donation.accepted_on = checked_on
            donation.save(update_fields=["accepted_on"])
    return check


# Loans ---------------------------------------------------------------------------------------


@transaction.atomic
def loan_record(*, by, source, amount, made_on, checked_on, checked_by, evidence, kind=Loan.Kind.LOAN,
                branch=None, interest="", repayment_on=None, security="", notes=""):  # fmt: skip
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
    if repayment_on and made_on and repayment_on < made_on:
        errors["repayment_on"] = "The repayment date cannot be before the loan is made."
    if errors:
        raise ValidationError(errors)
    loan = Loan(
        source=source, branch=branch, kind=kind, amount=amount, made_on=made_on, interest=interest,
        repayment_on=repayment_on, security=security, notes=notes, recorded_by=by,
    )  # fmt: skip
    loan.full_clean()
    loan.save()
    check_record(
        by=by, loan=loan, checked_on=checked_on, checked_by=checked_by, evidence=evidence,
        outcome=PermissibilityCheck.Outcome.PERMISSIBLE,
    )  # fmt: skip
    return loan


# Quarterly reports ---------------------------------------------------------------------------


@transaction.atomic
def report_submit(*, year, quarter, by, reason=""):
    """Freeze the quarter's report: the PDF and CSV as submitted are stored and never change.
    A second submission is an amended version and must say why."""
    today = timezone.localdate()
    if not law.quarter_is_over(year, quarter, today):
        last = law.quarter_bounds(year, quarter)[1]
        raise ValidationError(
            f"Q{quarter} {year} is not over until {last:%d %B %Y}: you can download a draft, "
            "but it cannot be submitted yet."
        )
    versions = QuarterlyReport.objects.select_for_update().filter(year=year, quarter=quarter)
    version = max((r.version for r in versions), default=0) + 1
    if version > 1 and not reason.strip():
        raise ValidationError(
            {"reason": "This quarter was already submitted: say why an amended report is needed."}
        )
    report = sel.quarter_report(year, quarter, today)
    now = timezone.now()
    _, _, pdf = exports.report_pdf(report, version=version, submitted_on=today, reason=reason)
    _, _, csv = exports.report_csv(report)
    saved = QuarterlyReport(
        year=year, quarter=quarter, version=version, reason=reason, submitted_at=now, submitted_by=by,
        treasurer_name=report.treasurer_name, item_refs=report.refs, total=report.total, pdf=pdf, csv=csv,
    )  # fmt: skip
    saved.full_clean()
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
def ledger_entry_record(*, by, direction, category, amount, on, description, branch=None):
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
    entry = LedgerEntry(
        direction=direction, category=category, amount=amount, on=on, description=description,
        branch=branch, recorded_by=by,
    )  # fmt: skip
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def bank_account_create(*, name, bank, account_ending="", branch=None):
    account = BankAccount(name=name, bank=bank, account_ending=account_ending, branch=branch)
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
