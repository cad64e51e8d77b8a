"""Finance: the Treasurer and the Chair (Deputy Treasurer) edit; other CLP officers (the
Secretary, an EC delegate) see summaries; everyone else 403. Branch treasurers' reach (their
own branch's donations and income, 404 for another branch's) is tested in tests/finance."""

from finance.models import Budget
from tests.factories.finance import (
    BankAccountFactory,
    DonationFactory,
    LedgerEntryFactory,
    LoanFactory,
    QuarterlyReportFactory,
    SignatoryFactory,
    SourceFactory,
)
from tests.security.matrix import Row


def build(world):
    world.finance_donation_a = DonationFactory(branch=world.branch_a)
    world.finance_loan = LoanFactory()
    world.finance_entry = LedgerEntryFactory()
    world.finance_source = SourceFactory()
    world.finance_report = QuarterlyReportFactory(year=2025, quarter=1)
    world.finance_account = BankAccountFactory()
    world.finance_signatory = SignatoryFactory(account=world.finance_account)
    world.finance_budget = Budget.objects.create(year=2026, opening_balance=0)


def editors(**kwargs):
    """The Treasurer and the Chair."""
    return Row(chair=200, treasurer=200, **kwargs)


def summary(**kwargs):
    """CLP officers: the Treasurer, the Chair, the Secretary, an EC delegate."""
    return Row(chair=200, treasurer=200, secretary=200, ec_member=200, **kwargs)


def post_only(**kwargs):
    return Row(default=405, **kwargs)


ROWS = {
    "finance:index": summary(),
    "finance:donations": editors(),
    "finance:donation_new": editors(),
    "finance:donation": editors(kwargs=lambda w: {"pk": w.finance_donation_a.pk}),
    "finance:donation_edit": editors(kwargs=lambda w: {"pk": w.finance_donation_a.pk}),
    "finance:donation_check": editors(kwargs=lambda w: {"pk": w.finance_donation_a.pk}),
    "finance:sources": editors(),
    "finance:source_new": editors(),
    "finance:source_edit": editors(kwargs=lambda w: {"pk": w.finance_source.pk}),
    "finance:loans": editors(),
    "finance:loan_new": editors(),
    "finance:loan": editors(kwargs=lambda w: {"pk": w.finance_loan.pk}),
    "finance:loan_edit": editors(kwargs=lambda w: {"pk": w.finance_loan.pk}),
    "finance:loan_change_new": editors(kwargs=lambda w: {"pk": w.finance_loan.pk}),
    "finance:totals": editors(),
    "finance:reports": summary(),
    "finance:report": editors(kwargs=lambda w: {"year": 2025, "quarter": 1}),
    "finance:report_groups": editors(kwargs=lambda w: {"year": 2025, "quarter": 1}),
    "finance:report_export": editors(kwargs=lambda w: {"year": 2025, "quarter": 1, "fmt": "csv"}),
    "finance:report_submit": post_only(kwargs=lambda w: {"year": 2025, "quarter": 1}),
    "finance:report_file": editors(kwargs=lambda w: {"pk": w.finance_report.pk, "fmt": "pdf"}),
    "finance:accounts": summary(),
    "finance:entries": editors(),
    "finance:entry_new": editors(),
    "finance:entry_edit": editors(kwargs=lambda w: {"pk": w.finance_entry.pk}),
    "finance:bank": summary(),
    "finance:bank_new": editors(),
    "finance:bank_edit": editors(kwargs=lambda w: {"pk": w.finance_account.pk}),
    "finance:signatory_add": post_only(kwargs=lambda w: {"pk": w.finance_account.pk}),
    "finance:signatory_remove": post_only(kwargs=lambda w: {"pk": w.finance_signatory.pk}),
    # The budget: the Treasurer and the Chair set it; CLP officers read the report against it.
    "finance:budgets": summary(),
    "finance:budget_new": editors(),
    "finance:budget": editors(kwargs=lambda w: {"year": 2026}),
    "finance:budget_line": post_only(kwargs=lambda w: {"year": 2026}),
    "finance:budget_agree": post_only(kwargs=lambda w: {"year": 2026}),
    "finance:budget_report": summary(kwargs=lambda w: {"year": 2026}),
    "finance:budget_report_pdf": summary(kwargs=lambda w: {"year": 2026}),
}
