from django import forms

from clp.core.bounds import Bounded
from finance.models import BankAccount, BudgetLine, Donation, LedgerEntry, Loan, PermissibilityCheck, Source
from finance.selectors import sources
from finance.services import AMOUNT_MESSAGE
from officers.models import Person


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _positive(value):
    if value is not None and value <= 0:
        raise forms.ValidationError(AMOUNT_MESSAGE)


def _money(label):
    return forms.DecimalField(label=label, max_digits=12, decimal_places=2, validators=[_positive])


def _post_holders():
    """Who may check a donor or sign for the CLP: people who hold or have held a post. A
    POSTed person outside these is refused."""
    return Person.objects.filter(terms__isnull=False).distinct()


def _branches_within(field, branch_ids):
    """Narrow a form's branch to `branch_ids`, the scope of the user's permission: a branch
    treasurer records for their own branch only (and must choose it); None is the whole CLP,
    with the CLP itself as the empty choice. A POSTed branch outside the scope is refused."""
    if branch_ids is None:
        field.empty_label = "The CLP itself"
        return
    field.queryset = field.queryset.filter(pk__in=branch_ids)
    field.required = True
    field.empty_label = None


class SourceForm(Bounded, forms.ModelForm):
    class Meta:
        model = Source
        fields = ["name", "category", "address", "registration_number", "electoral_number", "notes"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3}), "notes": forms.Textarea(attrs={"rows": 2})}


class DonationForm(Bounded, forms.ModelForm):
    amount = _money("Amount or value (£)")

    class Meta:
        model = Donation
        fields = [
            "source",
            "branch",
            "nature",
            "description",
            "amount",
            "received_on",
            "accepted_on",
            "notes",
        ]
        labels = {"source": "Donor", "branch": "Received by a branch"}
        widgets = {
            "received_on": DateInput(),
            "accepted_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, branch_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = sources(branch_ids=branch_ids)
        _branches_within(self.fields["branch"], branch_ids)


class CheckForm(Bounded, forms.ModelForm):
    class Meta:
        model = PermissibilityCheck
        fields = ["checked_on", "checked_by", "evidence", "outcome", "returned_on", "returned_to", "notes"]
        labels = {"checked_by": "Checked by", "returned_on": "Returned on", "returned_to": "Returned to"}
        widgets = {
            "checked_on": DateInput(),
            "returned_on": DateInput(),
            "evidence": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["checked_by"].queryset = _post_holders()


class LoanForm(Bounded, forms.ModelForm):
    amount = _money("Amount, or the limit of a credit facility (£)")
    checked_on = forms.DateField(label="Lender checked on", widget=DateInput())
    checked_by = forms.ModelChoiceField(queryset=_post_holders(), label="Lender checked by")
    evidence = forms.CharField(
        label="Evidence the lender is permissible", widget=forms.Textarea(attrs={"rows": 3})
    )

    class Meta:
        model = Loan
        fields = [
            "source",
            "branch",
            "kind",
            "amount",
            "made_on",
            "interest",
            "repayment_on",
            "security",
            "notes",
        ]
        labels = {"source": "Lender", "branch": "Made to a branch"}
        widgets = {
            "made_on": DateInput(),
            "repayment_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, branch_ids, **kwargs):
        super().__init__(*args, **kwargs)
        _branches_within(self.fields["branch"], branch_ids)


class LedgerEntryForm(Bounded, forms.ModelForm):
    amount = _money("Amount (£)")

    class Meta:
        model = LedgerEntry
        fields = ["direction", "category", "amount", "on", "description", "branch"]
        widgets = {"on": DateInput()}

    def __init__(self, *args, branch_ids, **kwargs):
        super().__init__(*args, **kwargs)
        _branches_within(self.fields["branch"], branch_ids)
        if branch_ids is not None:
            # A branch treasurer records their own branch's income only.
            self.fields["direction"].choices = [LedgerEntry.Direction.choices[0]]
            self.fields["category"].choices = [
                c for c in LedgerEntry.Category.choices if c[0] in LedgerEntry.INCOME_CATEGORIES
            ]


class BankAccountForm(Bounded, forms.ModelForm):
    class Meta:
        model = BankAccount
        fields = ["name", "bank", "account_ending", "branch"]

    def __init__(self, *args, branch_ids, **kwargs):
        super().__init__(*args, **kwargs)
        _branches_within(self.fields["branch"], branch_ids)


class SignatoryForm(Bounded, forms.Form):
    person = forms.ModelChoiceField(queryset=_post_holders())


class SubmitReportForm(Bounded, forms.Form):
    reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Reason for an amended report",
        help_text="Only needed when this quarter was already submitted.",
    )


class BudgetForm(Bounded, forms.Form):
    year = forms.IntegerField(min_value=1900, max_value=2100, label="Calendar year")
    opening_balance = forms.DecimalField(
        label="Cash at the start of the year (£)",
        max_digits=12,
        decimal_places=2,
        min_value=0,
        help_text="All bank accounts, CLP and branches, on 1 January.",
    )


class BudgetLineForm(Bounded, forms.Form):
    length_from = BudgetLine
    category = forms.ChoiceField(choices=BudgetLine._meta.get_field("category").choices)
    amount = forms.DecimalField(label="Amount for the year (£)", max_digits=12, decimal_places=2, min_value=0)
    note = forms.CharField(required=False)


class BudgetAgreeForm(Bounded, forms.Form):
    agreed_on = forms.DateField(label="Agreed by the General Meeting on", widget=DateInput())
