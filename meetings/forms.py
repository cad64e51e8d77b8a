"""The meetings forms. Every choice a form offers is narrowed to what the caller may use
(branches they plan for, owners within their reach, people on the meeting's list), so that a
posted id outside it is refused as an invalid choice."""

import datetime

from django import forms
from django.db.models import Q

from clp.core.bounds import Bounded, check_count
from meetings.models import Action, AgendaItem, Attendance, Decision, Meeting, MinutesAmendment, StandingOrder
from officers.models import Person, Post

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _limit_to_access(form, access):
    """A branch secretary plans only their branch's meetings; the Secretary plans CLP ones too."""
    branch_ids = access.plans_for_branch_ids
    if branch_ids is None:
        return
    form.fields["branch"].queryset = form.fields["branch"].queryset.filter(pk__in=branch_ids)
    form.fields["branch"].required = True
    form.fields["kind"].choices = [(Meeting.Kind.BRANCH, Meeting.Kind.BRANCH.label)]


class MeetingForm(Bounded, forms.ModelForm):
    online_link = forms.URLField(required=False, assume_scheme="https", label="Online link")

    class Meta:
        model = Meeting
        fields = ["kind", "branch", "title", "starts_at", "venue", "online_link"]
        widgets = {"starts_at": DATETIME}
        labels = {
            "starts_at": "Date and time",
            "online_link": "Online link",
            "branch": "Branch (branch meetings only)",
        }

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, **kwargs)
        _limit_to_access(self, access)
        if self.instance.pk:
            del self.fields["kind"], self.fields["branch"]


class PlanYearForm(Bounded, forms.Form):
    NTH = [(1, "First"), (2, "Second"), (3, "Third"), (4, "Fourth"), (-1, "Last")]
    WEEKDAYS = [
        (0, "Monday"),
        (1, "Tuesday"),
        (2, "Wednesday"),
        (3, "Thursday"),
        (4, "Friday"),
        (5, "Saturday"),
        (6, "Sunday"),
    ]

    kind = forms.ChoiceField(choices=Meeting.Kind.choices)
    branch = Meeting._meta.get_field("branch").formfield(
        required=False, label="Branch (branch meetings only)"
    )
    nth = forms.TypedChoiceField(choices=NTH, coerce=int, label="Which week")
    weekday = forms.TypedChoiceField(choices=WEEKDAYS, coerce=int, label="Day")
    start_time = forms.TimeField(
        initial=datetime.time(19, 30), widget=forms.TimeInput(attrs={"type": "time"})
    )
    first_month = forms.DateField(widget=DATE, label="Starting from the month of")
    months = forms.IntegerField(min_value=1, max_value=24, initial=12, label="For how many months")
    skip_august = forms.BooleanField(required=False, initial=True, label="No meeting in August")
    venue = forms.CharField(max_length=300, required=False)
    online_link = forms.URLField(required=False, assume_scheme="https", label="Online link")

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, **kwargs)
        _limit_to_access(self, access)

    def clean(self):
        data = super().clean()
        if data.get("kind") == Meeting.Kind.BRANCH and not data.get("branch"):
            self.add_error("branch", "Choose the branch for branch meetings.")
        if data.get("kind") and data["kind"] != Meeting.Kind.BRANCH and data.get("branch"):
            self.add_error("branch", "Only branch meetings belong to a branch.")
        return data


ITEM_MAX_MINUTES = 180


class ItemForm(Bounded, forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "kind", "presenter", "minutes_allowed", "description"]
        labels = {"minutes_allowed": "Minutes allowed", "kind": "Kind of item"}
        help_texts = {"minutes_allowed": "Items for information take no meeting time."}
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def clean_minutes_allowed(self):
        minutes = self.cleaned_data["minutes_allowed"]
        if minutes is not None and minutes > ITEM_MAX_MINUTES:
            raise forms.ValidationError(
                f"An item can have at most {ITEM_MAX_MINUTES} minutes; a whole meeting should last two hours."
            )
        return minutes


class PaperForm(Bounded, forms.Form):
    title = forms.CharField(max_length=200, required=False, help_text="Leave blank to use the file name.")
    file = forms.FileField(help_text="PDF, Word, Excel, PowerPoint, OpenDocument or an image; up to 10 MB.")


class NoteForm(Bounded, forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["note"]
        labels = {"note": "Note of the discussion"}
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


class DecisionForm(Bounded, forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["motion", "outcome", "votes_for", "votes_against", "abstentions"]
        widgets = {"motion": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"votes_for": "Leave the votes blank when they were not counted."}


class ActionForm(Bounded, forms.ModelForm):
    class Meta:
        model = Action
        fields = ["description", "owner_person", "owner_post", "due_on"]
        labels = {
            "description": "What",
            "owner_person": "Owner (a person)",
            "owner_post": "or owner (a post)",
            "due_on": "Due by",
        }
        widgets = {"due_on": DATE, "description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, **kwargs)
        people = Person.objects.exclude(membership_status__in=[Person.Status.LAPSED, Person.Status.RESIGNED])
        posts = Post.objects.select_related("branch")
        # Owners within the caller's reach: a branch secretary gives actions to their branch's
        # people (or themselves) and to their branch's or the CLP's posts.
        branch_ids = access.plans_for_branch_ids
        if branch_ids is not None:
            people = people.filter(Q(branch_id__in=branch_ids) | Q(pk=access.person_id))
            posts = posts.filter(Q(branch=None) | Q(branch_id__in=branch_ids))
        self.fields["owner_person"].queryset = people
        self.fields["owner_post"].queryset = posts
        self.fields["due_on"].required = False  # the service says so in plain words

    def clean(self):
        data = super().clean()
        if not data.get("owner_person") and not data.get("owner_post"):
            self.add_error("owner_person", "An action needs an owner: choose a person or a post.")
        if not data.get("due_on") and "due_on" not in self.errors:
            self.add_error("due_on", "An action needs a due date.")
        return data

    def _post_clean(self):
        pass  # the service validates the model (and reports an action without owner plainly)


class AttendanceRowForm(Bounded, forms.Form):
    person = forms.ModelChoiceField(queryset=Person.objects.all(), widget=forms.HiddenInput)
    status = forms.ChoiceField(choices=Attendance.Status.choices)
    voting = forms.BooleanField(required=False)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = people  # the ids on this meeting's list: those expected, those recorded

    def clean_person(self):
        person = self.cleaned_data["person"]
        if person.pk not in self.people:
            raise forms.ValidationError("This person is not on this meeting's list.")
        return person


class BaseAttendanceFormSet(forms.BaseFormSet):
    """At most one row per person on the meeting's list, and every row counted must be
    there: a count larger than the rows sent (forged, or cut short) is refused, not read as
    rows of nothing."""

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "empty_permitted": False}

    def clean(self):
        most = len(self.form_kwargs.get("people", ()))
        try:
            check_count(self.total_form_count(), most=most, what="attendance rows")
        except forms.ValidationError as error:
            raise forms.ValidationError(error.messages) from None


AttendanceFormSet = forms.formset_factory(
    AttendanceRowForm, formset=BaseAttendanceFormSet, extra=0, max_num=1000, absolute_max=1000
)


class VisitorForm(Bounded, forms.Form):
    name = forms.CharField(
        label="Visitor's name",
        max_length=120,
        error_messages={"required": "Give the visitor's name."},
    )
    visitor_from = forms.CharField(
        label="From (optional)", max_length=120, required=False, help_text="e.g. the regional office"
    )


class AmendmentForm(Bounded, forms.ModelForm):
    class Meta:
        model = MinutesAmendment
        fields = ["item", "correction", "reason"]
        labels = {"item": "Item (optional)", "correction": "The correction", "reason": "Why"}
        widgets = {
            "correction": forms.Textarea(attrs={"rows": 3}),
            "reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = meeting.items.all()
        self.fields["item"].required = False

    def _post_clean(self):
        pass


class StandingOrderForm(Bounded, forms.ModelForm):
    class Meta:
        model = StandingOrder
        fields = [
            "kind",
            "effective_from",
            "quorum_number",
            "quorum_fraction",
            "notice_days",
            "branch_notice_days",
            "reminder_days",
            "action_reminder_days",
            "max_minutes",
            "motion_deadline_days",
            "motion_word_limit",
            "members_may_submit",
            "source",
        ]
        widgets = {"effective_from": DATE}
        labels = {
            "kind": "Kind of meeting",
            "quorum_number": "Quorum (a number of voting members)",
            "quorum_fraction": "or quorum (a fraction of those entitled to vote)",
            "max_minutes": "Longest meeting (minutes)",
            "motion_deadline_days": "Motions due (days before the meeting)",
            "motion_word_limit": "Most words in a motion",
            "members_may_submit": "Members may submit motions",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["motion_deadline_days"].required = False  # blank: as it was, or the default

    def _post_clean(self):
        pass  # the service validates, so a rule for an existing date updates it
