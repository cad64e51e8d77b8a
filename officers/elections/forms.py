from django import forms

from clp.core.bounds import Bounded
from officers.elections.count import STV
from officers.elections.models import Contest
from officers.forms import DateInput, PersonChoiceField


class AgmForm(Bounded, forms.Form):
    name = forms.CharField(max_length=120, initial="Annual General Meeting")
    held_on = forms.DateField(label="Date of the AGM", widget=DateInput)
    nominations_close_on = forms.DateField(label="Nominations close on", widget=DateInput)
    qualifying_weeks = forms.IntegerField(
        label="Qualifying period (weeks of membership on the AGM's date)",
        min_value=0,
        max_value=104,
        initial=8,
    )
    terms_end_on = forms.DateField(
        label="Last day in office of those elected (optional)", required=False, widget=DateInput
    )
    posts = forms.ModelMultipleChoiceField(
        queryset=None, widget=forms.CheckboxSelectMultiple, label="Posts to elect, in order"
    )

    def __init__(self, *args, posts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["posts"].queryset = posts

    def clean(self):
        data = super().clean()
        if (
            data.get("held_on")
            and data.get("nominations_close_on")
            and data["nominations_close_on"] > data["held_on"]
        ):
            self.add_error("nominations_close_on", "Nominations must close on or before the day of the AGM.")
        return data


class ContestForm(Bounded, forms.ModelForm):
    class Meta:
        model = Contest
        fields = [
            "method",
            "places",
            "closes_on",
            "from_members",
            "from_branches",
            "from_affiliates",
            "seconder_required",
        ]
        widgets = {"closes_on": DateInput}
        labels = {"closes_on": "Nominations close on", "method": "How it is elected"}


class NominationForm(Bounded, forms.Form):
    nominee = PersonChoiceField(queryset=None)
    by_member = PersonChoiceField(queryset=None, required=False, label="Nominated by a member")
    by_branch = forms.ModelChoiceField(queryset=None, required=False, label="Nominated by a branch")
    by_affiliate = forms.ModelChoiceField(queryset=None, required=False, label="Nominated by an affiliate")
    seconder = PersonChoiceField(queryset=None, required=False, label="Seconded by")
    received_on = forms.DateField(label="Received on", widget=DateInput)

    def __init__(self, *args, people, branches, affiliates, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("nominee", "by_member", "seconder"):
            self.fields[name].queryset = people
        self.fields["by_branch"].queryset = branches
        self.fields["by_affiliate"].queryset = affiliates


class ConsentForm(Bounded, forms.Form):
    consent_on = forms.DateField(label="Consented on", widget=DateInput)
    group_confirmed = forms.BooleanField(
        required=False, label="Confirms they belong to the group the post requires"
    )


class OverrideForm(Bounded, forms.Form):
    reason = forms.CharField(
        max_length=2000, label="Why they may stand", widget=forms.Textarea(attrs={"rows": 2})
    )


class PresentForm(forms.Form):
    present = forms.ModelMultipleChoiceField(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple, label="Present"
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = people


class RoundForm(Bounded, forms.Form):
    """The tellers' count for the next round: votes per candidate, or for STV the ballot
    papers, one a line, as the candidates' numbers in order of preference ("2 1 3")."""

    present = forms.IntegerField(min_value=0, max_value=100000, label="Voters present for this ballot")

    def __init__(self, *args, contest, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.contest, self.candidates = contest, candidates
        if contest.method == STV:
            numbers = "; ".join(f"{n} {c.nomination.nominee.full_name}" for n, c in enumerate(candidates, 1))
            self.fields["ballots"] = forms.CharField(
                widget=forms.Textarea(attrs={"rows": 8}),
                max_length=200000,
                label="Ballot papers, one a line, candidates' numbers in order of preference",
                help_text=f"Numbers: {numbers}.",
            )
        else:
            for c in candidates:
                self.fields[f"votes_{c.nomination.pk}"] = forms.IntegerField(
                    min_value=0, max_value=100000, label=f"Votes for {c.nomination.nominee.full_name}"
                )

    def clean_ballots(self):
        by_number = {str(n): c.nomination.pk for n, c in enumerate(self.candidates, 1)}
        ballots = []
        for line_no, line in enumerate(self.cleaned_data["ballots"].splitlines(), 1):
            marks = line.replace(",", " ").split()
            if not marks:
                continue
            if any(m not in by_number for m in marks):
                raise forms.ValidationError(
                    f"Line {line_no}: use the candidates' numbers, 1 to {len(by_number)}."
                )
            ballots.append([by_number[m] for m in marks])
        return ballots

    def votes(self):
        return {c.nomination.pk: self.cleaned_data[f"votes_{c.nomination.pk}"] for c in self.candidates}


class LotForm(forms.Form):
    chosen = forms.ChoiceField(label="Drawn by lot")

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chosen"].choices = choices


class IntoOfficeForm(Bounded, forms.Form):
    override_reason = forms.CharField(
        max_length=2000,
        required=False,
        label="Override reason (only if the results break a hard rule and stand anyway)",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
