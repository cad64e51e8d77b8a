"""Demo money: a year of donations (some over £500, one impermissible and returned, a branch
donation, a non-cash gift), a loan, income and spending, the bank mandate, and last year's
quarterly reports submitted. Deterministic and safe to run twice."""

import datetime
from decimal import Decimal as D

from django.utils import timezone

from finance import services
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
]
# This year: money as it comes in, some not yet checked.
THIS_YEAR = [
    ("whitaker", 1, 12, "800.00", None, "", ("permissible", 7)),
    ("coop", 2, 2, "450.00", 1, "Free use of the Co-op Hall for the branch AGM", None),
    ("union", 3, 25, "1500.00", None, "", ("permissible", 4)),
    ("printing", 6, 3, "520.00", 3, "Banners and posters for the branch stall", ("permissible", 11)),
    ("patel", 9, 14, "300.00", 2, "", None),
]
RECENT = ("nandra", 8, "900.00")  # received 8 days before the demo is built: its check is due
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
            description=description,
        )
    if check and checker and not PermissibilityCheck.objects.filter(donation=donation).exists():
        outcome, after = check
        checked = min(received + datetime.timedelta(days=after), today)
        services.check_record(
            by=None,
            donation=donation,
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
        services.loan_record(
            by=None,
            source=sources["brooks"],
            amount=D("3000.00"),
            made_on=made_on,
            checked_on=made_on - datetime.timedelta(days=6),
            checked_by=treasurer,
            evidence=REGISTER.format("Riverside"),
            interest="2% a year, fixed",
            repayment_on=datetime.date(last_year + 2, 10, 1),
            security="None",
        )
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
            services.report_submit(year=year, quarter=quarter, by=getattr(treasurer, "user", None))
