import datetime
from decimal import Decimal

import factory
from django.utils import timezone

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
from tests.factories.officers import PersonFactory


class ThresholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Threshold
        django_get_or_create = ("kind", "effective_from")

    kind = Threshold.Kind.FLOOR
    effective_from = datetime.date(2010, 1, 1)
    value = Decimal("500.00")


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    name = factory.Faker("name", locale="en_GB")
    category = Source.Category.INDIVIDUAL
    address = "1 High Street\nAnytown AN1 1AA"
    electoral_number = factory.Sequence(lambda n: f"AB-{n:04d}")


class DonationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Donation

    source = factory.SubFactory(SourceFactory)
    amount = Decimal("750.00")
    nature = Donation.Nature.CASH
    received_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=5))

    class Params:
        non_cash = factory.Trait(
            nature=Donation.Nature.NON_CASH,
            non_cash_kind=Donation.NonCashKind.PRINTING,
            received_how=Donation.Received.IN_KIND,
            description="Printing of 5,000 leaflets",
        )


class LoanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Loan

    source = factory.SubFactory(SourceFactory)
    amount = Decimal("2000.00")
    made_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=5))
    interest_rate = Decimal("3.00")
    repayment_on = factory.LazyAttribute(lambda o: o.made_on + datetime.timedelta(days=365))


class LoanChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LoanChange

    loan = factory.SubFactory(LoanFactory)
    changed_on = factory.LazyAttribute(lambda o: o.loan.made_on + datetime.timedelta(days=30))
    what = LoanChange.What.INTEREST
    description = "Interest rate cut to 2%"


class PermissibilityCheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PermissibilityCheck

    donation = factory.SubFactory(DonationFactory)
    checked_on = factory.LazyAttribute(lambda o: o.donation.received_on if o.donation else o.loan.made_on)
    checked_by = factory.SubFactory(PersonFactory)
    evidence = "On the electoral register of Anytown on the date received"
    outcome = PermissibilityCheck.Outcome.PERMISSIBLE
    answers = factory.LazyFunction(lambda: {"on_register": True, "register_outside_uk": False})


class QuarterlyReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuarterlyReport

    year = 2025
    quarter = 1
    version = 1
    submitted_at = factory.LazyFunction(timezone.now)
    treasurer_name = "Tess Treasurer"
    item_refs = factory.LazyFunction(list)
    total = Decimal("0.00")
    pdf = b"%PDF-1.7 test"
    csv = b"Reference\n"


class LedgerEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LedgerEntry

    direction = LedgerEntry.Direction.INCOME
    category = LedgerEntry.Category.FUNDRAISING
    amount = Decimal("120.00")
    on = factory.LazyFunction(timezone.localdate)
    description = "Raffle"


class BankAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BankAccount

    name = "Current account"
    bank = "Unity Trust Bank"
    account_ending = "1234"


class SignatoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signatory

    account = factory.SubFactory(BankAccountFactory)
    person = factory.SubFactory(PersonFactory)
    added_on = factory.LazyFunction(timezone.localdate)


class BudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Budget
        django_get_or_create = ("year",)

    year = factory.Sequence(lambda n: 2040 + n)
    opening_balance = Decimal("1200.00")


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    budget = factory.SubFactory(BudgetFactory)
    category = BudgetLine.DONATIONS
    amount = Decimal("3000.00")


class GroupedBenefitFactory(factory.django.DjangoModelFactory):
    """A kept group's row is never made by hand: it is the row that saving a donation keeps."""

    class Meta:
        model = GroupedBenefit

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        donation = DonationFactory(**kwargs)
        return model_class.objects.get(donation=donation)
