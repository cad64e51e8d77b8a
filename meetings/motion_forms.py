"""The motions forms. Choices are narrowed to what the caller may use (the branches they
submit for, the branch decisions they may cite, the meeting's open motions), so that a
posted id outside them is refused as an invalid choice. Services validate the rest."""

from django import forms

from clp.core.bounds import Bounded
from meetings import motion_selectors as selectors
from meetings.forms import DATE
from meetings.models import Decision, Motion, MotionAmendment, MotionSending, OnwardBody


class MotionForm(Bounded, forms.ModelForm):
    class Meta:
        model = Motion
        fields = [
            "title",
            "text",
            "submitted_from",
            "branch",
            "affiliate",
            "source_decision",
            "proposer",
            "seconder",
        ]
        labels = {
            "text": "The motion's text",
            "submitted_from": "Submitted by",
            "branch": "Branch (a branch's motion)",
            "affiliate": "Affiliated organisation (an affiliate's motion)",
            "source_decision": "The branch meeting's decision that carried it (optional)",
        }
        help_texts = {
            "text": "One paragraph per line: the motion is shown with numbered lines for amendments.",
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 10})}

    def __init__(self, *args, access, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        branch_ids = access.motion_branch_ids
        if branch_ids is not None:  # branches sit above meetings: narrowed without importing them
            self.fields["branch"].queryset = self.fields["branch"].queryset.filter(pk__in=branch_ids)
        self.fields["source_decision"].queryset = selectors.branch_decisions(branch_ids)
        self.fields["source_decision"].label_from_instance = lambda d: (
            f"{d.item.meeting.branch}, {d.item.meeting.starts_at:%d %b %Y}: {d.motion[:80]}"
        )
        choices = []
        if branch_ids is None or branch_ids:
            choices.append(Motion.From.BRANCH)
        if access.can_submit_for_affiliates:
            choices.append(Motion.From.AFFILIATE)
        else:
            del self.fields["affiliate"]
        if getattr(meeting, "members_may_submit", False):
            choices.append(Motion.From.MEMBERS)
        self.fields["submitted_from"].choices = [(c.value, c.label) for c in choices]

    def _post_clean(self):
        pass  # the service validates (the deadline, the word limit, a second identical submission)


class MotionEditForm(Bounded, forms.ModelForm):
    reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="After the deadline every change is recorded with its reason.",
        label="Reason for the change",
    )

    class Meta:
        model = Motion
        fields = ["title", "text", "proposer", "seconder"]
        labels = {"text": "The motion's text"}
        widgets = {"text": forms.Textarea(attrs={"rows": 10})}

    def _post_clean(self):
        pass


class MotionAmendmentForm(Bounded, forms.ModelForm):
    class Meta:
        model = MotionAmendment
        fields = ["op", "first_line", "last_line", "text", "mover", "branch"]
        labels = {
            "op": "The change",
            "first_line": "From line (insert: after line; 0 for the start)",
            "last_line": "To line (delete or replace; blank for one line)",
            "text": "The new words (insert or replace)",
            "branch": "Branch moving it (optional)",
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, **kwargs)
        branch_ids = access.motion_branch_ids
        if branch_ids is not None:
            self.fields["branch"].queryset = self.fields["branch"].queryset.filter(pk__in=branch_ids)

    def _post_clean(self):
        pass  # the service checks the lines exist


class VoteForm(Bounded, forms.Form):
    outcome = forms.ChoiceField(choices=Decision.Outcome.choices)
    votes_for = forms.IntegerField(min_value=0, max_value=100_000, required=False)
    votes_against = forms.IntegerField(min_value=0, max_value=100_000, required=False)
    abstentions = forms.IntegerField(min_value=0, max_value=100_000, required=False)


class SendForm(Bounded, forms.ModelForm):
    class Meta:
        model = MotionSending
        fields = ["body", "sent_on"]
        labels = {"body": "Send it to", "sent_on": "Sent on"}
        widgets = {"sent_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = OnwardBody.choices

    def _post_clean(self):
        pass


class ReplyForm(Bounded, forms.ModelForm):
    class Meta:
        model = MotionSending
        fields = ["reply", "replied_on"]
        labels = {"reply": "The reply, or what happened", "replied_on": "On"}
        widgets = {"replied_on": DATE, "reply": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["replied_on"].required = True

    def _post_clean(self):
        pass


class CompositeForm(Bounded, forms.ModelForm):
    motions = forms.ModelMultipleChoiceField(
        queryset=Motion.objects.none(), widget=forms.CheckboxSelectMultiple, label="Motions to composite"
    )
    movers_agreed = forms.BooleanField(
        required=False, label="The movers of these motions agree to the composite"
    )

    class Meta:
        model = Motion
        fields = ["title", "text", "proposer", "seconder"]
        labels = {"text": "The composite's text"}
        widgets = {"text": forms.Textarea(attrs={"rows": 10})}

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["motions"].queryset = meeting.motions.filter(status=Motion.Status.SUBMITTED)
        self.fields["motions"].label_from_instance = lambda m: f"Motion {m.number}: {m.title} ({m.submitter})"

    def _post_clean(self):
        pass


class RegisterForm(Bounded, forms.Form):
    year = forms.IntegerField(required=False)
    q = forms.CharField(required=False, max_length=200, label="Search")
