"""Demo money: a year of donations (some over £500, one impermissible and returned, a branch
donation, a non-cash gift), a loan, income and spending, the bank mandate, and last year's
quarterly reports submitted. Deterministic and safe to run twice."""

import datetime
from decimal import Decimal as D

from django.utils import timezone

from finance import permissibility, services
from finance import thresholds as law
from finance.models import (
    BankAccount,
    Donation,
    LedgerEntry,
    Loan,
    PermissibilityCheck,
    QuarterlyReport,
    Signatory,
    Source,
)
from finance.selectors import report_due_days
from officers.models import Term

SOURCES = {
    "whitaker": ("John Whitaker", Source.Category.INDIVIDUAL, "14 Mill Lane, Northgate", "", "NG-1042"),
    "ellis": ("Margaret Ellis", Source.Category.INDIVIDUAL, "3 Abbey Road, Northgate", "", "NG-0417"),
    "union": (
        "Transport and General Union, Eastern Region",
        Source.Category.TRADE_UNION,
        "Unity House",
        "",
        "",
    ),
    "printing": ("Brightside Printing Ltd", Source.Category.COMPANY, "Unit 4, Quay Estate", "04417722", ""),
    "overseas": ("Atlantic Holdings SA", Source.Category.OTHER, "Rue du Port 9, Geneva", "CHE-101.234", ""),
    "patel": ("Ravi Patel", Source.Category.INDIVIDUAL, "22 Hill Rise, Hillcrest", "", "HC-2231"),
    "coop": ("Co-operative Party, local branch", Source.Category.PARTY, "Co-op Hall", "", ""),
    "brooks": ("Helen Brooks", Source.Category.INDIVIDUAL, "7 River Walk, Riverside", "", "RS-0091"),
    "nandra": ("Priya Nandra", Source.Category.INDIVIDUAL, "41 Station Road, Eastfield", "", "EF-0733"),
    "bank": (
        "Unity Trust Bank plc",
        Source.Category.COMPANY,
        "Four Brindleyplace, Birmingham",
        "01713124",
        "",
    ),
}
POSTCODES = {
    "whitaker": "NG1 4AB",
    "ellis": "NG2 1CD",
    "patel": "HC3 2EF",
    "brooks": "RS1 9GH",
    "nandra": "EF4 7JK",
}
OFFICES = {
    "printing": "Unit 4, Quay Estate, Northgate NG5 2LM",
    "bank": "Four Brindleyplace, Birmingham B1 2JB",
}
REGISTER = "On the electoral register of {} on the date received"
EVIDENCE = {
    "union": "On the Certification Officer's list of trade unions",
    "printing": "Companies House: company number 04417722, incorporated in the UK, active and trading",
    "overseas": "Not permissible: a company registered in Switzerland, not carrying on business in the UK",
    "coop": "On the Electoral Commission's register of political parties (Great Britain)",
}

# (source, month, day, amount, branch index or None, non-cash description, check)
DONATIONS = [
    ("ellis", 1, 20, "250.00", None, "", None),
    ("whitaker", 2, 3, "1000.00", None, "", ("permissible", 5)),
    (
        "printing",
        4,
        14,
        "750.00",
        None,
        "Printing of 8,000 leaflets for the May elections",
        ("permissible", 2),
    ),
    ("union", 5, 2, "2500.00", None, "", ("permissible", 6)),
    ("overseas", 6, 9, "1000.00", None, "", ("returned", 4)),
    ("whitaker", 8, 18, "1500.00", None, "", ("permissible", 3)),
    ("patel", 9, 6, "600.00", 2, "", ("permissible", 9)),
    ("coop", 11, 21, "500.00", None, "", None),
    ("ellis", 12, 5, "120.00", 0, "", None),
    # John Whitaker's second group of the year: reported again once it too passes £2,230.
    ("whitaker", 10, 7, "1200.00", None, "", ("permissible", 4)),
    ("whitaker", 11, 20, "1100.00", None, "", ("permissible", 2)),
]
# This year: money as it comes in, some not yet checked.
THIS_YEAR = [
    ("whitaker", 1, 12, "800.00", None, "", ("permissible", 7)),
    ("coop", 2, 2, "450.00", 1, "Free use of the Co-op Hall for the branch AGM", None),
    ("union", 3, 25, "1500.00", None, "", ("permissible", 4)),
    ("printing", 6, 3, "520.00", 3, "Banners and posters for the branch stall", ("permissible", 11)),
    ("patel", 9, 14, "300.00", 2, "", None),
    # Kept past the 30 days without a check: deemed accepted on day 31, still to act on.
    ("ellis", 1, 28, "650.00", None, "", None),
]
RECENT = ("nandra", 8, "900.00")  # received 8 days before the demo is built: its check is due
LATE = {2: 9, 4: 4}  # days after the due date that the Q2 and Q4 reports were sent
INCOME = [
    (LedgerEntry.Category.MEMBERSHIP, "Membership allocation from the party", "1450.00", 3),
    (LedgerEntry.Category.FUNDRAISING, "Summer raffle", "312.50", 7),
    (LedgerEntry.Category.AFFILIATIONS_IN, "Affiliation fees from affiliated unions", "400.00", 2),
]
SPENDING = [
    (LedgerEntry.Category.VENUES, "Hall hire for General Meetings", "85.00", 1),
    (LedgerEntry.Category.CAMPAIGNING, "Leaflets and postage", "640.00", 4),
    (LedgerEntry.Category.ADMIN, "Bank charges", "6.00", 1),
]


def _answers(source, permissible=True):
    """The law's questions for the source's kind, answered as a check of this donor would."""
    answers = {q.key: q.needed for q in permissibility.questions_for(source.category)} if permissible else {}
    details = {
        "register": f"{source.address.split(', ')[-1]} electoral register",
        "electoral_number": source.electoral_number,
        "company_number": source.registration_number,
        "registered_office": source.registered_office,
    }
    return answers, details


def _holder(post):
    term = Term.objects.filter(post=post).select_related("person").order_by("-starts_on").first()
    return term.person if term else None


def _donation(year, row, branches, sources, checker, today):
    key, month, day, amount, branch, description, check = row
    received = datetime.date(year, month, day)
    if received > today:
        return
    donation = Donation.objects.filter(source=sources[key], received_on=received, amount=D(amount)).first()
    if donation is None:
        donation = services.donation_save(
            by=None,
            source=sources[key],
            received_on=received,
            amount=D(amount),
            branch=branches[branch] if branch is not None else None,
            nature=Donation.Nature.NON_CASH if description else Donation.Nature.CASH,
            non_cash_kind=(
                Donation.NonCashKind.PRINTING
                if "rint" in description or "anner" in description
                else Donation.NonCashKind.VENUE
            )
            if description
            else "",
            description=description,
            received_how=Donation.Received.CHEQUE if key == "whitaker" else Donation.Received.TRANSFER,
            is_sponsorship=key == "printing",
        )
    if check and checker and not PermissibilityCheck.objects.filter(donation=donation).exists():
        outcome, after = check
        checked = min(received + datetime.timedelta(days=after), today)
        answers, details = _answers(sources[key], permissible=outcome == "permissible")
        services.check_record(
            by=None,
            donation=donation,
            answers=answers,
            details=details,
            checked_on=checked,
            checked_by=checker,
            evidence=EVIDENCE.get(key) or REGISTER.format(sources[key].address.split(", ")[-1]),
            outcome=outcome,
            returned_on=checked + datetime.timedelta(days=1) if outcome == "returned" else None,
            returned_to="Atlantic Holdings SA (the donor), by bank transfer" if outcome == "returned" else "",
        )


def seed(context):
    today = timezone.localdate()
    last_year = today.year - 1
    branches, posts = context["branches"], context["posts"]
    treasurer = _holder(posts["treasurer"])
    sources = {}
    for key, (name, category, address, number, electoral) in SOURCES.items():
        sources[key], _ = Source.objects.update_or_create(
            name=name,
            defaults={
                "category": category,
                "address": address,
                "registration_number": number,
                "electoral_number": electoral,
                "postcode": POSTCODES.get(key, ""),
                "registered_office": OFFICES.get(key, ""),
            },
        )
    for row in DONATIONS:
        _donation(last_year, row, branches, sources, treasurer, today)
    for row in THIS_YEAR:
        _donation(today.year, row, branches, sources, treasurer, today)
    key, days_ago, amount = RECENT
    if not Donation.objects.filter(source=sources[key]).exists():
        services.donation_save(
            by=None,
            source=sources[key],
            amount=D(amount),
            received_on=today - datetime.timedelta(days=days_ago),
            notes="First gift by bank transfer: check the electoral register.",
        )
    made_on = datetime.date(last_year, 10, 1)
    if treasurer and not Loan.objects.filter(source=sources["brooks"], made_on=made_on).exists():
        answers, details = _answers(sources["brooks"])
        services.loan_record(
            by=None,
            source=sources["brooks"],
            amount=D("3000.00"),
            made_on=made_on,
            checked_on=made_on - datetime.timedelta(days=6),
            checked_by=treasurer,
            answers=answers,
            details=details,
            evidence=REGISTER.format("Riverside"),
            interest_rate=D("2.00"),
            interest="fixed",
            repayment_on=datetime.date(last_year + 2, 10, 1),
        )
    # A credit facility (an overdraft limit): counted at its limit, repayable on demand.
    facility_on = datetime.date(today.year, 3, 2) if today >= datetime.date(today.year, 3, 2) else made_on
    if treasurer and not Loan.objects.filter(source=sources["bank"]).exists():
        answers, details = _answers(sources["bank"])
        facility = services.loan_record(
            by=None,
            source=sources["bank"],
            kind=Loan.Kind.CREDIT,
            amount=D("2500.00"),
            made_on=facility_on,
            checked_on=facility_on - datetime.timedelta(days=3),
            checked_by=treasurer,
            answers=answers,
            details=details,
            evidence="Companies House record seen",
            interest_rate=D("7.50"),
            interest="variable, over base rate",
            interest_capitalised=True,
            repayment_indefinite=True,
            security="None",
        )
        raised_on = facility_on + datetime.timedelta(days=60)
        if raised_on <= today:
            services.loan_change_record(
                loan=facility, by=None, changed_on=raised_on, what="amount",
                description="Overdraft limit raised for the election campaign", new_amount=D("4000.00"),
            )  # fmt: skip
    for year in (last_year, today.year):
        for month in range(1, 13):
            on = datetime.date(year, month, 15)
            if on > today:
                break
            for category, description, amount, every in INCOME:
                direction = LedgerEntry.Direction.INCOME
                if month % every == 0:
                    LedgerEntry.objects.get_or_create(
                        on=on, description=description,
                        defaults={"direction": direction, "category": category, "amount": D(amount)},
                    )  # fmt: skip
            for category, description, amount, every in SPENDING:
                direction = LedgerEntry.Direction.EXPENDITURE
                if month % every == 0:
                    LedgerEntry.objects.get_or_create(
                        on=on, description=description,
                        defaults={"direction": direction, "category": category, "amount": D(amount)},
                    )  # fmt: skip
    account, _ = BankAccount.objects.get_or_create(
        name="CLP current account", defaults={"bank": "Unity Trust Bank", "account_ending": "4821"}
    )
    for slug in ("treasurer", "chair", "secretary"):
        person = _holder(posts[slug])
        if person:
            Signatory.objects.get_or_create(
                account=account, person=person, defaults={"added_on": context["agm"]}
            )
    # Every report submitted on time, but the latest if it is not yet due (left for the Treasurer).
    latest = law.previous_quarter(today)
    for year, quarter in [(last_year, q) for q in (1, 2, 3, 4)] + [(today.year, q) for q in (1, 2, 3)]:
        if not law.quarter_is_over(year, quarter, today):
            continue
        if (year, quarter) == latest and law.report_due_on(year, quarter, report_due_days()) >= today:
            continue
        if not QuarterlyReport.objects.filter(year=year, quarter=quarter).exists():
            # Sent a few days before it was due, but two quarters sent late (shown as late).
            due = law.report_due_on(year, quarter, report_due_days())
            sent = min(due + datetime.timedelta(days=LATE.get(quarter, -3)), today)
            saved = services.report_submit(
                year=year, quarter=quarter, by=getattr(treasurer, "user", None),
                sent_how="email to the Governance and Legal Unit", sent_on=sent,
            )  # fmt: skip
            # The demo's history: dated as if submitted on the day it was sent (a submitted
            # report is never saved again; this is the demo's own back-dating).
            at = timezone.make_aware(datetime.datetime.combine(sent, datetime.time(19, 30)))
            QuarterlyReport.objects.filter(pk=saved.pk).update(submitted_at=at)
