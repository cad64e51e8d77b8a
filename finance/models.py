from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from finance import thresholds

MONEY = {"max_digits": 12, "decimal_places": 2}


class Threshold(models.Model):
    """A figure set by law, with the date it took effect (changed by statutory instrument)."""

    class Kind(models.TextChoices):
        FLOOR = thresholds.FLOOR, "Donations and loans: check and report when more than"
        AU_REPORTING = thresholds.AU_REPORTING, "Accounting unit: source reported to the EC when more than"
        ACCOUNTS_TO_EC = thresholds.ACCOUNTS_TO_EC, "Accounts to the EC when income or spending over"
        CHECK_PERIOD = thresholds.CHECK_PERIOD, "Days to check a donation (day of receipt is day 1)"

    kind = models.CharField(max_length=30, choices=Kind.choices)
    effective_from = models.DateField()
    value = models.DecimalField(**MONEY)
    source = models.CharField(max_length=200, blank=True, help_text="The law that sets it.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "effective_from"], name="threshold_one_value_per_day"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.value} from {self.effective_from:%d %B %Y}"


def check_period_on(on):
    """The check period (days) in force on `on`, from the Threshold table or as enacted."""
    rows = list(Threshold.objects.filter(kind=thresholds.CHECK_PERIOD).values_list("effective_from", "value"))
    if not rows:
        rows = [
            (start, value)
            for kind, start, value, _ in thresholds.STATUTORY
            if kind == thresholds.CHECK_PERIOD
        ]
    return thresholds.value_on(rows, on)


class Source(models.Model):
    """A donor or lender."""

    class Category(models.TextChoices):
        INDIVIDUAL = "individual", "Individual"
        COMPANY = "company", "Company"
        TRADE_UNION = "trade_union", "Trade union"
        BUILDING_SOCIETY = "building_society", "Building society"
        LLP = "llp", "Limited liability partnership"
        FRIENDLY_SOCIETY = "friendly_society", "Friendly or registered society"
        UNINCORPORATED = "unincorporated", "Unincorporated association"
        PARTY = "party", "Registered party (including the Co-operative Party)"
        LABOUR_GROUP = "labour_group", "Labour group of councillors"
        TRUST = "trust", "Trust"
        CHARITY = "charity", "Charity"
        PUBLIC_BODY = "public_body", "Publicly funded body"
        UNIDENTIFIABLE = "unidentifiable", "Unidentifiable"
        OTHER = "other", "Other"

    # PPERA s.54(2). Permissible only if the conditions hold (on the register on the day
    # received; registered and incorporated in the UK and carrying on business in the UK...).
    PERMISSIBLE = {
        Category.INDIVIDUAL: "Permissible if on a UK electoral register on the day the donation "
        "was received.",
        Category.COMPANY: "Permissible if registered under the Companies Act 2006, incorporated in the UK "
        "and carrying on business in the UK.",
        Category.TRADE_UNION: "Permissible if on the list of trade unions.",
        Category.BUILDING_SOCIETY: "Permissible (a building society under the Building Societies Act 1986).",
        Category.LLP: "Permissible if registered in the UK and carrying on business in the UK.",
        Category.FRIENDLY_SOCIETY: "Permissible if registered in the UK and carrying on business in the UK.",
        Category.UNINCORPORATED: "Permissible if it carries on business or other activities wholly or "
        "mainly in the UK and its main office is there.",
        Category.PARTY: "Permissible if on the Great Britain or Northern Ireland register of parties.",
        Category.LABOUR_GROUP: "Permissible as an unincorporated association if its activities are "
        "wholly or mainly in the UK and its main office is there (PPERA s.54(2)(h)).",
        Category.TRUST: "Permissible only for certain trusts (set up before 27 July 1999 or by a "
        "permissible donor's will): check with head office.",
    }
    NOT_PERMISSIBLE = {
        Category.CHARITY: "Not permissible in practice: charities may not make political donations.",
        Category.PUBLIC_BODY: "Not permissible: a body funded by public money.",
        Category.UNIDENTIFIABLE: "Not permissible: return it to whoever transferred it, or send it "
        "to the Electoral Commission.",
        Category.OTHER: "Not permissible: only the listed kinds of donor are.",
    }

    name = models.CharField(max_length=200)
    category = models.CharField(max_length=20, choices=Category.choices)
    address = models.TextField(blank=True, help_text="An individual's address as on the electoral register.")
    postcode = models.CharField(max_length=10, blank=True)
    registration_number = models.CharField("company or registration number", max_length=40, blank=True)
    registered_office = models.TextField(blank=True, help_text="For a company: its registered office.")
    electoral_number = models.CharField("electoral register number", max_length=40, blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def category_permissible(self):
        return self.category in self.PERMISSIBLE

    @property
    def permissibility_note(self):
        return self.PERMISSIBLE.get(self.category) or self.NOT_PERMISSIBLE.get(self.category, "")


def received_by(branch_name):
    """Who received a donation or loan, as the records and the return say: its branch, or
    the CLP itself (no branch)."""
    return branch_name or "The CLP"


class Donation(models.Model):
    """Money or a benefit in kind given to the CLP or one of its branches."""

    class Nature(models.TextChoices):
        CASH = "cash", "Cash (money)"
        NON_CASH = "non_cash", "Non-cash (goods, services, premises, sponsorship)"

    class NonCashKind(models.TextChoices):
        PRINTING = "printing", "Printing and publications"
        PREMISES = "premises", "Use of premises or office space"
        VENUE = "venue", "Use of a venue"
        GOODS = "goods", "Goods or equipment"
        SERVICES = "services", "Services (staff, professional help)"
        DISCOUNT = "discount", "A discount on the commercial rate"
        OTHER = "other", "Other"

    class Received(models.TextChoices):
        TRANSFER = "transfer", "Bank transfer"
        CHEQUE = "cheque", "Cheque (received on the day it clears)"
        CASH = "cash", "Cash"
        CARD = "card", "Card payment"
        IN_KIND = "in_kind", "In kind (a non-cash donation)"

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="donations")
    branch = models.ForeignKey(
        "branches.Branch",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="donations",
        help_text="Leave blank when the CLP itself received it.",
    )
    nature = models.CharField(max_length=10, choices=Nature.choices, default=Nature.CASH)
    non_cash_kind = models.CharField(
        "kind of non-cash donation", max_length=10, choices=NonCashKind.choices, blank=True
    )
    description = models.CharField(
        max_length=300, blank=True, help_text="For a non-cash donation: what it was."
    )
    received_how = models.CharField(
        "how it was received", max_length=10, choices=Received.choices, default=Received.TRANSFER
    )
    is_sponsorship = models.BooleanField("sponsorship", default=False)
    is_bequest = models.BooleanField("a bequest (left in a will)", default=False)
    testator = models.CharField(
        "whose will", max_length=200, blank=True, help_text="For a bequest: the person who left it."
    )
    anonymous_elector = models.BooleanField(
        "the donor is on the register anonymously",
        default=False,
        help_text="An anonymous elector: reported by electoral number, not name and address.",
    )
    amount = models.DecimalField(
        "amount or value (£)", **MONEY, help_text="For a non-cash donation, its value."
    )
    received_on = models.DateField()
    accepted_on = models.DateField(null=True, blank=True)
    deemed_accepted_on = models.DateField(
        null=True,
        editable=False,
        help_text="Day 31 from receipt (day of receipt is day 1): kept without a decision until "
        "then, the donation is deemed accepted on this day (PPERA s.56).",
    )
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="donation_amount_positive",
                violation_error_message="The amount must be more than £0.",
            ),
            models.CheckConstraint(
                condition=Q(accepted_on=None) | Q(accepted_on__gte=models.F("received_on")),
                name="donation_accepted_after_received",
                violation_error_message="A donation cannot be accepted before it was received.",
            ),
        ]
        # received_on: the register, and with the amount the dashboards' donations to check
        # since a day (the amount read from the index, not from every row of those years);
        # deemed_accepted_on: the quarter's return (returns.py); amount first: the finance
        # page's donations to check ever, counted from the index alone (with the id, for the
        # checks they lack) rather than from a scan of every donation ever recorded.
        indexes = [
            models.Index(fields=["received_on", "amount"], include=["id"], name="donation_received_amount"),
            models.Index(fields=["deemed_accepted_on"]),
            models.Index(fields=["amount", "received_on"], include=["id"], name="donation_over_floor"),
        ]

    def __str__(self):
        return f"£{self.amount} from {self.source} on {self.received_on:%d %b %Y}"

    def save(self, *args, **kwargs):
        # The day of deemed acceptance is fixed by the day received and the period in force
        # then: stored so the reports can select on it in SQL.
        if self.received_on:
            self.deemed_accepted_on = thresholds.deemed_accepted_on(
                self.received_on, check_period_on(self.received_on)
            )
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "deemed_accepted_on"}
        super().save(*args, **kwargs)

    @property
    def received_by(self):
        return received_by(self.branch.name if self.branch_id else None)


class Loan(models.Model):
    """A loan, credit facility (valued at its limit) or guarantee to the CLP or a branch."""

    class Kind(models.TextChoices):
        LOAN = "loan", "Loan"
        CREDIT = "credit_facility", "Credit facility (valued at its limit)"
        GUARANTEE = "guarantee", "Guarantee or security"

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="loans")
    branch = models.ForeignKey(
        "branches.Branch", null=True, blank=True, on_delete=models.PROTECT, related_name="loans"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.LOAN)
    amount = models.DecimalField("amount or limit (£)", **MONEY)
    made_on = models.DateField("date entered into")
    interest_rate = models.DecimalField(
        "interest rate (% a year)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Leave blank when no interest is charged.",
    )
    interest = models.CharField(
        "interest terms", max_length=120, blank=True, help_text='For example "fixed" or "variable".'
    )
    interest_capitalised = models.BooleanField("unpaid interest is added to the loan", default=False)
    repayment_on = models.DateField("repayment date", null=True, blank=True)
    repayment_indefinite = models.BooleanField("no repayment date (indefinite)", default=False)
    security = models.CharField("security given", max_length=300, blank=True)
    ended_on = models.DateField("date ended", null=True, blank=True, help_text="Repaid in full or released.")
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-made_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="loan_amount_positive",
                violation_error_message="The amount must be more than £0.",
            ),
            models.CheckConstraint(
                condition=Q(repayment_on=None) | Q(repayment_on__gte=models.F("made_on")),
                name="loan_repaid_after_made",
                violation_error_message="The repayment date cannot be before the loan is made.",
            ),
            models.CheckConstraint(
                condition=Q(ended_on=None) | Q(ended_on__gte=models.F("made_on")),
                name="loan_ended_after_made",
                violation_error_message="A loan cannot end before it was entered into.",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} of £{self.amount} from {self.source}"

    @property
    def received_by(self):
        return received_by(self.branch.name if self.branch_id else None)


class GroupedBenefit(models.Model):
    """The grouping of finance.returns kept in step (issue 18): one row per donation or loan
    that counts, with the group it falls in, recomputed for its source and year whenever a
    donation, its check, or a loan of that source is saved or deleted (finance.signals).

    Kept as if every donation still awaiting a decision were deemed accepted on its day 31:
    a donation whose day (`on`) is after today does not count yet, and finance.returns
    regroups just the few sources holding one at read time, so the rows never go stale as
    time passes. Never edited by hand: `manage.py finance_groups_rebuild` rebuilds them."""

    class Kind(models.TextChoices):
        DONATION = "donation", "Donation"
        LOAN = "loan", "Loan"

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=8, choices=Kind.choices)
    donation = models.ForeignKey(
        "Donation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    loan = models.ForeignKey("Loan", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    ref = models.CharField(max_length=24)
    on = models.DateField(help_text="Accepted (or deemed accepted), or entered into for a loan.")
    amount = models.DecimalField(**MONEY)
    position = models.PositiveIntegerField(help_text="Its place in the source's year, in the order accepted.")
    group_seq = models.PositiveIntegerField(help_text="The source's first, second... group of the year.")
    first_in_group = models.BooleanField(default=False)
    number = models.PositiveIntegerField(
        null=True, blank=True, help_text="The reportable group's number; empty while open."
    )
    group_total = models.DecimalField(**MONEY)
    group_threshold = models.DecimalField(**MONEY)
    group_reportable_on = models.DateField(null=True, blank=True)
    group_mixed = models.BooleanField(default=False)

    class Meta:
        ordering = ["source_id", "year", "position"]
        constraints = [models.UniqueConstraint(fields=["ref"], name="grouped_benefit_ref_unique")]
        indexes = [
            models.Index(fields=["year", "group_reportable_on"]),
            models.Index(fields=["year", "source"]),
            models.Index(fields=["year", "kind", "on"]),
        ]

    def __str__(self):
        return f"{self.ref} in group {self.group_seq} of {self.year}"


class LoanChange(models.Model):
    """A later change to a loan (its terms, its value, its end), reported as a change in the
    quarter it happened, not as a new loan."""

    class What(models.TextChoices):
        AMOUNT = "amount", "The amount or limit changed"
        REPAYMENT = "repayment", "The repayment date changed"
        INTEREST = "interest", "The interest changed"
        SECURITY = "security", "The security changed"
        LENDER = "lender", "Another lender took it over"
        ENDED = "ended", "Repaid in full or released"
        OTHER = "other", "Another change to its terms"

    loan = models.ForeignKey(Loan, on_delete=models.CASCADE, related_name="changes")
    changed_on = models.DateField("date of the change")
    what = models.CharField("what changed", max_length=10, choices=What.choices)
    description = models.CharField(max_length=300)
    new_amount = models.DecimalField("new amount or limit (£)", null=True, blank=True, **MONEY)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["changed_on", "pk"]

    def __str__(self):
        return f"{self.get_what_display()} on {self.changed_on:%d %b %Y}"


class PermissibilityCheck(models.Model):
    """The record that a donor or lender was checked, and what was done (PPERA s.56)."""

    class Outcome(models.TextChoices):
        PERMISSIBLE = "permissible", "Permissible: accepted"
        RETURNED = "returned", "Impermissible: returned"
        FORFEITED = "forfeited", "Forfeited (sent to the Electoral Commission or ordered by a court)"

    donation = models.OneToOneField(
        Donation, null=True, blank=True, on_delete=models.CASCADE, related_name="permissibility"
    )
    loan = models.OneToOneField(
        Loan, null=True, blank=True, on_delete=models.CASCADE, related_name="permissibility"
    )
    checked_on = models.DateField()
    checked_by = models.ForeignKey("officers.Person", on_delete=models.PROTECT, related_name="+")
    evidence = models.TextField(
        blank=True,
        help_text='Anything else you checked, for example "Companies House record seen on 3 May".',
    )
    answers = models.JSONField(
        default=dict, blank=True, help_text="The law's questions for this kind of donor, as answered."
    )
    details = models.JSONField(default=dict, blank=True, help_text="Register, numbers, office, as recorded.")
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    returned_on = models.DateField(null=True, blank=True)
    returned_to = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(donation=None) & ~Q(loan=None)) | (~Q(donation=None) & Q(loan=None)),
                name="check_of_one_donation_or_loan",
            ),
            models.CheckConstraint(
                condition=~Q(outcome="returned") | (~Q(returned_on=None) & ~Q(returned_to="")),
                name="check_returned_says_when_and_to_whom",
                violation_error_message="Say when the donation was returned and to whom.",
            ),
        ]

    def __str__(self):
        return f"{self.get_outcome_display()} ({self.checked_on:%d %b %Y})"

    @property
    def answered(self):
        """[(question, "Yes"/"No"/"Not answered")] and [(detail, text)]: the evidence kept."""
        from finance import permissibility

        source = (self.donation or self.loan).source
        questions = [
            (q.text, {True: "Yes", False: "No"}.get(self.answers.get(q.key), "Not answered"))
            for q in permissibility.questions_for(source.category)
        ]
        details = [
            (d.label, self.details.get(d.key, "")) for d in permissibility.details_for(source.category)
        ]
        return questions + details


class QuarterlyReport(models.Model):
    """A submitted quarterly donation and loan report. Frozen: it never changes once saved;
    a correction is a new version with its reason."""

    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    version = models.PositiveSmallIntegerField(default=1)
    reason = models.TextField(blank=True, help_text="Why an amended version was needed.")
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    treasurer_name = models.CharField(max_length=200)
    sent_how = models.CharField(
        "how it was sent to head office", max_length=120, blank=True, help_text='For example "email to GLU".'
    )
    sent_on = models.DateField("date sent to head office", null=True, blank=True)
    item_refs = models.JSONField(default=list, blank=True, help_text="The donations and loans it lists.")
    total = models.DecimalField(**MONEY)
    pdf = models.BinaryField()
    csv = models.BinaryField()

    history = HistoricalRecords(excluded_fields=["pdf", "csv"])

    class Meta:
        ordering = ["-year", "-quarter", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["year", "quarter", "version"], name="report_version_unique"),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="report_quarter_1_to_4"),
        ]

    def __str__(self):
        return f"Q{self.quarter} {self.year} report, version {self.version}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("A submitted report never changes: submit an amended version instead.")
        super().save(*args, **kwargs)

    @property
    def is_nil(self):
        return not self.item_refs


class LedgerEntry(models.Model):
    """Income or expenditure for the annual statement of accounts."""

    class Direction(models.TextChoices):
        INCOME = "income", "Income"
        EXPENDITURE = "expenditure", "Expenditure"

    class Category(models.TextChoices):
        MEMBERSHIP = "membership", "Membership subscriptions and the party's allocation"
        AFFILIATIONS_IN = "affiliations_in", "Affiliation fees received"
        FUNDRAISING = "fundraising", "Fundraising and events"
        OTHER_INCOME = "other_income", "Other income"
        CAMPAIGNING = "campaigning", "Campaigning and printing"
        VENUES = "venues", "Venue hire"
        AFFILIATIONS_OUT = "affiliations_out", "Affiliation fees paid"
        ADMIN = "admin", "Administration and bank charges"
        ELECTIONS = "elections", "Election expenses"
        OTHER_SPENDING = "other_spending", "Other expenditure"

    INCOME_CATEGORIES = {
        Category.MEMBERSHIP,
        Category.AFFILIATIONS_IN,
        Category.FUNDRAISING,
        Category.OTHER_INCOME,
    }

    direction = models.CharField(max_length=12, choices=Direction.choices)
    category = models.CharField(max_length=20, choices=Category.choices)
    amount = models.DecimalField("amount (£)", **MONEY)
    on = models.DateField("date")
    branch = models.ForeignKey(
        "branches.Branch", null=True, blank=True, on_delete=models.PROTECT, related_name="ledger_entries"
    )
    description = models.CharField(max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-on", "-pk"]
        verbose_name_plural = "ledger entries"
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="ledger_amount_positive",
                violation_error_message="The amount must be more than £0.",
            ),
        ]

    def __str__(self):
        return f"{self.get_direction_display()}: £{self.amount} {self.description}"


class BankAccount(models.Model):
    name = models.CharField(max_length=120, help_text='For example "Current account".')
    bank = models.CharField(max_length=120)
    account_ending = models.CharField("last 4 digits of the account number", max_length=4, blank=True)
    branch = models.ForeignKey(
        "branches.Branch", null=True, blank=True, on_delete=models.PROTECT, related_name="bank_accounts"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.bank})"


class Signatory(models.Model):
    account = models.ForeignKey(BankAccount, on_delete=models.CASCADE, related_name="signatories")
    person = models.ForeignKey("officers.Person", on_delete=models.PROTECT, related_name="+")
    added_on = models.DateField()
    removed_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["person__last_name"]
        verbose_name_plural = "signatories"

    def __str__(self):
        return f"{self.person} on {self.account}"


# The budget ----------------------------------------------------------------------------------


class Budget(models.Model):
    """The budget for a calendar year (the financial year), agreed by the General Meeting."""

    year = models.PositiveSmallIntegerField(unique=True)
    opening_balance = models.DecimalField(
        "cash at the start of the year (£)", help_text="All bank accounts, CLP and branches.", **MONEY
    )
    agreed_on = models.DateField(null=True, blank=True, help_text="The day the General Meeting agreed it.")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]

    def __str__(self):
        return f"Budget {self.year}"


class BudgetLine(models.Model):
    """What the budget sets for one category of the ledger for the year. Besides the
    ledger's categories: donations (income), and an election contingency (money held back
    for an election nobody planned: it is budgeted, and counted against when spent on
    election expenses beyond the elections line)."""

    DONATIONS = "donations"
    CONTINGENCY = "contingency"
    EXTRA = [
        (DONATIONS, "Donations (cash and non-cash)"),
        (CONTINGENCY, "Election contingency"),
    ]
    INCOME = LedgerEntry.INCOME_CATEGORIES | {DONATIONS}

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="lines")
    category = models.CharField(max_length=20, choices=LedgerEntry.Category.choices + EXTRA)
    amount = models.DecimalField("amount for the year (£)", **MONEY)
    note = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["budget", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "category"],
                name="budget_one_line_per_category",
                violation_error_message="The budget already has a line for this category.",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="budget_line_not_negative",
                violation_error_message="A budget line cannot be less than £0.",
            ),
        ]

    def __str__(self):
        return f"{self.get_category_display()}: £{self.amount}"

    @property
    def is_income(self):
        return self.category in self.INCOME
