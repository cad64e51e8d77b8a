"""The meetings forms. Every choice a form offers is narrowed to what the caller may use
(branches they plan for, owners within their reach, people on the meeting's list), so that a
posted id outside it is refused as an invalid choice."""

import datetime

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from clp.core.bounds import Bounded, check_count
from clp.core.widgets import SharedOptionsSelect
from meetings.models import (
    AgendaItem,
    Attendance,
    Decision,
    DiaryEvent,
    Meeting,
    MinutesAmendment,
    StandingOrder,
)
from officers.models import Person, Post, Target, Term

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
        circulated = self.instance.pk and self.instance.reached(Meeting.Status.PAPERS_CIRCULATED)
        if circulated and not self.instance.reached(Meeting.Status.HELD):
            self.fields["tell"] = forms.BooleanField(
                required=False,
                initial=True,
                label="Tell those who received the papers (they are sent the correction)",
                help_text="An agenda still waiting to be sent is rebuilt with the new details either way.",
            )


class CancelForm(Bounded, forms.Form):
    """Cancelling a meeting: why (optional) and, once its papers have gone out, whether to
    tell those who received them."""

    reason = forms.CharField(
        required=False,
        max_length=Meeting._meta.get_field("cancelled_reason").max_length,
        label="Reason (optional)",
        help_text="Given in the cancellation notice and on the meeting's page.",
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        if meeting.reached(Meeting.Status.PAPERS_CIRCULATED):
            self.fields["tell"] = forms.BooleanField(
                required=False,
                initial=True,
                label="Tell those who received the papers (they are sent a cancellation notice)",
                help_text="An agenda or reminder still waiting to be sent is cancelled either way.",
            )


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


class AgendaCommentForm(Bounded, forms.Form):
    comment = forms.CharField(
        label="Your comment to the Secretary", max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class PaperForm(Bounded, forms.Form):
    title = forms.CharField(max_length=200, required=False, help_text="Leave blank to use the file name.")
    file = forms.FileField(help_text="PDF, Word, Excel, PowerPoint, OpenDocument or an image; up to 10 MB.")


class NoteForm(Bounded, forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["note"]
        labels = {"note": "Note of the discussion"}
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


class NoteFields:
    """Each item's note field on the minutes page, as NoteForm(instance=item) writes it: the
    form is rendered once with stand-ins for the item's id and note, and filled in for each
    item (a form per item, each rendered through the form templates, cost a third of the
    time of a 60-item page). A form sent with errors is shown by the form itself."""

    _PK, _NOTE = "__pk__", "\x00note\x00"

    def __init__(self):
        self._html = str(NoteForm(initial={"note": self._NOTE}, auto_id=f"id_i{self._PK}_%s").as_div())

    def for_item(self, item):
        html = self._html.replace(self._PK, str(int(item.pk))).replace(self._NOTE, escape(item.note or ""))
        return mark_safe(html)  # noqa: S308 - the form's own HTML, with the note escaped


class DecisionForm(Bounded, forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["motion", "outcome", "votes_for", "votes_against", "abstentions"]
        widgets = {"motion": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"votes_for": "Leave the votes blank when they were not counted."}


def owner_choices(*, present, others, posts, posts_held):
    """The choices of an action's owner, grouped so the likely ones come first: the people at
    the meeting, then the posts, then the others expected; each person told apart by their
    posts and branch. Values are "person:<id>" or "post:<id>"."""

    def label(person):
        told_apart = ", ".join(x for x in (posts_held.get(person.pk, ""), str(person.branch or "")) if x)
        return f"{person} ({told_apart})" if told_apart else str(person)

    groups = [
        ("At this meeting", [(f"person:{p.pk}", label(p)) for p in present]),
        ("Posts (whoever holds it)", [(f"post:{p.pk}", str(p)) for p in posts]),
        ("Others expected at this meeting", [(f"person:{p.pk}", label(p)) for p in others]),
    ]
    return [("", "Choose the owner")] + [(name, options) for name, options in groups if options]


class ActionForm(Bounded, forms.Form):
    """An action on an item: what, who (a person or a post, from `choices`: see
    owner_choices), by when. `people` and `posts` are the owners the choices name."""

    description = forms.CharField(
        label="What", max_length=5000, widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    # One list for every action on the minutes page: its options are written once.
    owner = forms.ChoiceField(label="Who", required=False, widget=SharedOptionsSelect)
    due_on = forms.DateField(label="Due by", widget=DATE, required=False)

    def __init__(self, *args, choices, people, posts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = choices
        self.people, self.posts = people, posts

    def clean(self):
        data = super().clean()
        owner = data.get("owner") or ""
        kind, _, pk = owner.partition(":")
        data["owner_person"] = self.people.get(int(pk)) if kind == "person" else None
        data["owner_post"] = self.posts.get(int(pk)) if kind == "post" else None
        if not owner and "owner" not in self.errors:
            self.add_error("owner", "An action needs an owner: choose a person or a post.")
        if not (data.get("description") or "").strip() and "description" not in self.errors:
            self.add_error("description", "Say what is to be done.")
        if not data.get("due_on") and "due_on" not in self.errors:
            self.add_error("due_on", "An action needs a due date.")
        return data

    @classmethod
    def initial_for(cls, action):
        owner = (
            f"person:{action.owner_person_id}" if action.owner_person_id else f"post:{action.owner_post_id}"
        )
        return {"description": action.description, "owner": owner, "due_on": action.due_on}


class AttendanceRowForm(Bounded, forms.Form):
    PRESENCE = [
        ("present", "In the room"),
        ("online", "Online"),
        (Attendance.Status.APOLOGIES, "Apologies"),
        (Attendance.Status.ABSENT, "Absent"),
    ]

    person = forms.ModelChoiceField(queryset=Person.objects.all(), widget=forms.HiddenInput)
    status = forms.ChoiceField(choices=PRESENCE, widget=forms.RadioSelect)

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


class DiaryEventForm(Bounded, forms.ModelForm):
    """An event in the diary. Branches are narrowed to those the caller puts events in for;
    the organiser is a post, or a person who holds one."""

    online_link = forms.URLField(required=False, assume_scheme="https", label="Online link")

    class Meta:
        model = DiaryEvent
        fields = [
            "title", "kind", "starts_at", "ends_at", "venue", "online_link", "is_public", "branch",
            "organiser_post", "organiser_person", "description", "target",
        ]  # fmt: skip
        widgets = {
            "starts_at": DATETIME,
            "ends_at": DATETIME,
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "starts_at": "Starts",
            "ends_at": "Ends",
            "branch": "Branch (empty for the whole CLP)",
            "organiser_post": "Organiser (a post)",
            "organiser_person": "or organiser (a person)",
            "target": "Counts toward the plan's target",
        }

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, **kwargs)
        branch_ids = access.events_branch_ids
        field = self.fields["branch"]
        if branch_ids is not None:
            field.queryset = field.queryset.filter(pk__in=branch_ids)
            if not access.plans_clp_events:
                field.required = True
                field.empty_label = None
        today = timezone.localdate()
        posts = Post.objects.select_related("branch")
        people = Person.objects.filter(terms__in=Term.objects.current(today)).distinct()
        targets = Target.objects.filter(objective__plan__ends_on__gte=today).select_related("objective")
        if branch_ids is not None:
            # A branch secretary names their branch's posts and people, or the CLP's posts, as an
            # organiser (who may then edit the event): never another branch's. What the event
            # already names stays on offer.
            posts = posts.filter(
                Q(branch=None) | Q(branch_id__in=branch_ids) | Q(pk=self.instance.organiser_post_id)
            )
            people = people.filter(
                Q(branch_id__in=branch_ids) | Q(pk=access.person_id) | Q(pk=self.instance.organiser_person_id)
            )
        if not access.can_see_plan:  # only the targets their own posts own
            targets = targets.filter(Q(owner_id__in=access.post_ids) | Q(pk=self.instance.target_id))
        self.fields["organiser_post"].queryset = posts
        self.fields["organiser_person"].queryset = people
        self.fields["target"].queryset = targets
        if self.instance.pk:
            del self.fields["branch"]

    def _post_clean(self):
        pass  # the service validates, in plain words (an event ending before it starts)


class DiaryOutcomeForm(DiaryEventForm):
    """The event changed after it is in the diary, and afterwards how many came and what it raised."""

    class Meta(DiaryEventForm.Meta):
        fields = DiaryEventForm.Meta.fields + ["attendance", "raised", "cancelled"]
        labels = {**DiaryEventForm.Meta.labels, "cancelled": "Cancelled"}

    def clean_raised(self):
        raised = self.cleaned_data.get("raised")
        if raised is not None and raised < 0:
            raise forms.ValidationError("Money raised cannot be less than £0.")
        return raised
