from django import forms

from branches.models import Branch
from finance.models import BankAccount, Donation, LedgerEntry, Loan, PermissibilityCheck, Source
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


class SourceForm(forms.ModelForm):
    class Meta:
        model = Source
        fields = ["name", "category", "address", "registration_number", "electoral_number", "notes"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3}), "notes": forms.Textarea(attrs={"rows": 2})}


class DonationForm(forms.ModelForm):
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

    def __init__(self, *args, branch_ids=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = Source.objects.order_by("name")
        if branch_ids is not None:
            # A branch treasurer records their own branch's donations only.
            self.fields["branch"].queryset = Branch.objects.filter(pk__in=branch_ids)
            self.fields["branch"].required = True
            self.fields["branch"].empty_label = None
        else:
            self.fields["branch"].empty_label = "The CLP itself"


class CheckForm(forms.ModelForm):
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
        self.fields["checked_by"].queryset = Person.objects.filter(terms__isnull=False).distinct()


class LoanForm(forms.ModelForm):
    amount = _money("Amount, or the limit of a credit facility (£)")
    checked_on = forms.DateField(label="Lender checked on", widget=DateInput())
    checked_by = forms.ModelChoiceField(queryset=Person.objects.none(), label="Lender checked by")
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["checked_by"].queryset = Person.objects.filter(terms__isnull=False).distinct()
        self.fields["branch"].empty_label = "The CLP itself"


class LedgerEntryForm(forms.ModelForm):
    amount = _money("Amount (£)")

    class Meta:
        model = LedgerEntry
        fields = ["direction", "category", "amount", "on", "description", "branch"]
        widgets = {"on": DateInput()}

    def __init__(self, *args, branch_ids=None, **kwargs):
        super().__init__(*args, **kwargs)
        if branch_ids is not None:
            # A branch treasurer records their own branch's income only.
            self.fields["branch"].queryset = Branch.objects.filter(pk__in=branch_ids)
            self.fields["branch"].required = True
            self.fields["branch"].empty_label = None
            self.fields["direction"].choices = [LedgerEntry.Direction.choices[0]]
            self.fields["category"].choices = [
                c for c in LedgerEntry.Category.choices if c[0] in LedgerEntry.INCOME_CATEGORIES
            ]
        else:
            self.fields["branch"].empty_label = "The CLP itself"


class BankAccountForm(forms.ModelForm):
    class Meta:
        model = BankAccount
        fields = ["name", "bank", "account_ending", "branch"]


class SignatoryForm(forms.Form):
    person = forms.ModelChoiceField(queryset=Person.objects.filter(terms__isnull=False).distinct())


class SubmitReportForm(forms.Form):
    reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Reason for an amended report",
        help_text="Only needed when this quarter was already submitted.",
    )
