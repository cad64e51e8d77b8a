"""Forms of the development plan. A target's objective is one of the plan's."""

from django import forms

from clp.core.bounds import Bounded
from officers.forms import DateInput
from officers.models import Objective, Plan, ProgressUpdate, Target


class PlanForm(Bounded, forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["title", "starts_on", "ends_on", "agreed_on"]
        widgets = {"starts_on": DateInput, "ends_on": DateInput, "agreed_on": DateInput}
        labels = {"starts_on": "From", "ends_on": "To", "agreed_on": "Agreed by the Executive on"}

    def _post_clean(self):
        pass  # the service validates, in plain words


class ObjectiveForm(Bounded, forms.ModelForm):
    class Meta:
        model = Objective
        fields = ["function", "title"]
        labels = {"function": "Key function", "title": "Objective"}

    def _post_clean(self):
        pass


class TargetForm(Bounded, forms.ModelForm):
    target_value = forms.DecimalField(
        label="Number to reach",
        max_digits=12,
        decimal_places=2,
        required=False,
        help_text="e.g. 40, or 3000.00 for £",
    )

    class Meta:
        model = Target
        fields = ["objective", "description", "target_value", "unit", "due_on", "owner", "measure", "branch"]
        widgets = {"due_on": DateInput}
        labels = {"owner": "Owner (a post: the target follows a handover)", "measure": "How it is measured"}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objective"].queryset = Objective.objects.filter(plan=plan)
        self.fields["owner"].queryset = self.fields["owner"].queryset.select_related("branch")
        self.fields["due_on"].required = False  # the service says so in plain words

    def _post_clean(self):
        pass


class ProgressForm(Bounded, forms.ModelForm):
    value = forms.DecimalField(label="Reached so far", max_digits=12, decimal_places=2, min_value=0)

    class Meta:
        model = ProgressUpdate
        fields = ["value", "on", "note"]
        widgets = {"on": DateInput}
        labels = {"on": "As of", "note": "Note (what helped, what is in the way)"}

    def _post_clean(self):
        pass
