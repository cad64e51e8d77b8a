from django import forms

from clp.core.bounds import Bounded
from finance import permissibility
from finance.models import BankAccount, Donation, LedgerEntry, Loan, LoanChange, PermissibilityCheck, Source
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


YES_NO = [("yes", "Yes"), ("no", "No")]


def _yes(value):
    return value == "yes"


def add_questions(form, category, answers=None, details=None):
    """The law's questions for this kind of donor, as yes/no fields (q_<key>), and the
    details the check records (d_<key>). Left unanswered, the service says which."""
    answers, details = answers or {}, details or {}
    for question in permissibility.questions_for(category):
        known = answers.get(question.key)
        form.fields[f"q_{question.key}"] = forms.TypedChoiceField(
            label=question.text,
            choices=YES_NO,
            widget=forms.RadioSelect,
            required=False,
            coerce=_yes,
            empty_value=None,
            initial=None if known is None else ("yes" if known else "no"),
        )
    for detail in permissibility.details_for(category):
        form.fields[f"d_{detail.key}"] = forms.CharField(
            label=detail.label, required=False, max_length=200, initial=details.get(detail.key, "")
        )


def answers_of(form, category):
    """({question key: True, False or None}, {detail key: text}) from a valid form."""
    data = form.cleaned_data
    answers = {q.key: data.get(f"q_{q.key}") for q in permissibility.questions_for(category)}
    details = {d.key: data.get(f"d_{d.key}", "") for d in permissibility.details_for(category)}
    return answers, details


def source_details(source):
    """What the donor's record already says, to start the check's details with."""
    return {
        "electoral_number": source.electoral_number,
        "company_number": source.registration_number,
        "registered_office": source.registered_office,
    }


class SourceForm(Bounded, forms.ModelForm):
    class Meta:
        model = Source
        fields = [
            "name",
            "category",
            "address",
            "postcode",
            "registration_number",
            "registered_office",
            "electoral_number",
            "notes",
        ]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
            "registered_office": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }


class DonationForm(Bounded, forms.ModelForm):
    amount = _money("Amount or value (£)")

    class Meta:
        model = Donation
        fields = [
            "source",
            "branch",
            "nature",
            "non_cash_kind",
            "description",
            "amount",
            "received_how",
            "received_on",
            "accepted_on",
            "is_sponsorship",
            "is_bequest",
            "testator",
            "anonymous_elector",
            "notes",
        ]
        labels = {"source": "Donor", "branch": "Received by a branch"}
        help_texts = {
            "received_on": "The day the CLP took ownership of it: a cheque is received the day it clears.",
            "accepted_on": "The day you decided to keep it (or used a non-cash gift). Leave blank until "
            "then: kept past 30 days without a decision, it is deemed accepted on day 31.",
        }
        widgets = {
            "received_on": DateInput(),
            "accepted_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, branch_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = sources(branch_ids=branch_ids)
        _branches_within(self.fields["branch"], branch_ids)
        self.fields["received_how"].required = False  # a bank transfer unless said otherwise

    def clean_received_how(self):
        return self.cleaned_data.get("received_how") or Donation.Received.TRANSFER


class CheckForm(Bounded, forms.ModelForm):
    class Meta:
        model = PermissibilityCheck
        fields = ["checked_on", "checked_by", "evidence", "outcome", "returned_on", "returned_to", "notes"]
        labels = {
            "checked_by": "Checked by",
            "evidence": "Other evidence",
            "returned_on": "Returned (or sent to the Electoral Commission) on",
            "returned_to": "Returned to",
        }
        widgets = {
            "checked_on": DateInput(),
            "returned_on": DateInput(),
            "evidence": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, source, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["checked_by"].queryset = _post_holders()
        existing = self.instance if self.instance.pk else None
        add_questions(
            self,
            source.category,
            existing.answers if existing else None,
            existing.details if existing and existing.details else source_details(source),
        )
        # The questions first, then the outcome they lead to.
        order = [n for n in self.fields if n.startswith(("q_", "d_"))]
        self.order_fields(["checked_on", "checked_by", *order])


LOAN_FIELDS = [
    "branch",
    "kind",
    "amount",
    "made_on",
    "interest_rate",
    "interest",
    "interest_capitalised",
    "repayment_on",
    "repayment_indefinite",
    "security",
    "notes",
]
LOAN_WIDGETS = {
    "made_on": DateInput(),
    "repayment_on": DateInput(),
    "ended_on": DateInput(),
    "notes": forms.Textarea(attrs={"rows": 2}),
}


class LenderForm(Bounded, forms.Form):
    """First step of recording a loan: who the lender is (their questions come next)."""

    source = forms.ModelChoiceField(queryset=Source.objects.none(), label="Lender")

    def __init__(self, *args, branch_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = sources(branch_ids=branch_ids)


class LoanForm(Bounded, forms.ModelForm):
    amount = _money("Amount, or the limit of a credit facility (£)")
    checked_on = forms.DateField(label="Lender checked on", widget=DateInput())
    checked_by = forms.ModelChoiceField(queryset=_post_holders(), label="Lender checked by")
    evidence = forms.CharField(
        label="Other evidence the lender is permissible",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta:
        model = Loan
        fields = LOAN_FIELDS
        labels = {"branch": "Made to a branch"}
        widgets = LOAN_WIDGETS

    def __init__(self, *args, branch_ids, source, **kwargs):
        super().__init__(*args, **kwargs)
        _branches_within(self.fields["branch"], branch_ids)
        add_questions(self, source.category, details=source_details(source))


class LoanEditForm(Bounded, forms.ModelForm):
    """Correct a loan's record (the history keeps what it was)."""

    amount = _money("Amount, or the limit of a credit facility (£)")

    class Meta:
        model = Loan
        fields = [*LOAN_FIELDS[:-1], "ended_on", "notes"]
        labels = {"branch": "Made to a branch"}
        widgets = LOAN_WIDGETS

    def __init__(self, *args, branch_ids, **kwargs):
        super().__init__(*args, **kwargs)
        _branches_within(self.fields["branch"], branch_ids)


class LoanChangeForm(Bounded, forms.ModelForm):
    class Meta:
        model = LoanChange
        fields = ["changed_on", "what", "description", "new_amount"]
        widgets = {"changed_on": DateInput()}


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
    sent_how = forms.CharField(
        max_length=120,
        label="How it was sent to head office",
        help_text='For example "email to the Governance and Legal Unit".',
    )
    sent_on = forms.DateField(label="Date sent", widget=DateInput())
    confirm = forms.BooleanField(
        label="I confirm this is the complete return for the quarter, and that it has been sent to head "
        "office. Once submitted it is frozen.",
        error_messages={"required": "Tick the box to confirm: the report is frozen once submitted."},
    )
    reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Reason for an amended report",
        help_text="Only needed when this quarter was already submitted.",
    )
