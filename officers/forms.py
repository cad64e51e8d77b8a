from django import forms
from django.utils import timezone

from clp.core.bounds import Bounded
from officers.models import BalanceRule, Person, Post, Term


class DateInput(forms.DateInput):
    """A browser date picker: it needs ISO dates whatever the locale's display format."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):  # noqa: A002 - Django's own argument name
        super().__init__(attrs, format=format)


def person_label(person):
    details = [d for d in (person.branch.name if person.branch_id else "", person.membership_number) if d]
    return f"{person.full_name} ({', '.join(details)})" if details else person.full_name


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return person_label(obj)


class TermForm(Bounded, forms.Form):
    person = PersonChoiceField(queryset=Person.objects.none())
    starts_on = forms.DateField(label="First day in office", widget=DateInput)
    ends_on = forms.DateField(
        label="Last day in office (leave blank if open)", required=False, widget=DateInput
    )
    how = forms.ChoiceField(choices=Term.How.choices, label="How they came to hold it")
    override_reason = forms.CharField(
        label="Override reason (only if this appointment breaks a rule and stands anyway)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "A term cannot end before it starts.")
        return data


class TermEndForm(Bounded, forms.Form):
    ends_on = forms.DateField(label="Last day in office", widget=DateInput)


class AgmResultsForm(Bounded, forms.Form):
    """One field per post: who was elected. Left at “No change”, the post is not touched."""

    NO_CHANGE, VACANT = "", "vacant"
    held_on = forms.DateField(label="Date of the AGM (first day in office)", widget=DateInput)
    ends_on = forms.DateField(
        label="Last day in office of those elected (usually the day before next year's AGM; optional)",
        required=False,
        widget=DateInput,
    )
    override_reason = forms.CharField(
        label="Override reason (only if a result breaks a rule and stands anyway)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, posts, people, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.posts = posts
        self.people = {str(p.pk): p for p in people}
        choices = [(pk, person_label(p)) for pk, p in self.people.items()]
        for post in posts:
            name = f"post_{post.pk}"
            if post.max_holders > 1:
                self.fields[name] = forms.MultipleChoiceField(
                    label=f"{post.name} (up to {post.max_holders}; none selected: no change)",
                    choices=choices,
                    required=False,
                )
            else:
                self.fields[name] = forms.ChoiceField(
                    label=post.name,
                    choices=[(self.NO_CHANGE, "No change"), (self.VACANT, "Left vacant"), *choices],
                    required=False,
                )

    def post_fields(self):
        return [self[f"post_{post.pk}"] for post in self.posts]

    def results(self):
        results = []
        for post in self.posts:
            value = self.cleaned_data.get(f"post_{post.pk}")
            if not value:
                continue
            if value == self.VACANT:
                results.append((post, []))
            else:
                values = value if isinstance(value, list) else [value]
                results.append((post, [self.people[v] for v in values]))
        return results

    def clean(self):
        data = super().clean()
        if data.get("held_on") and data.get("ends_on") and data["ends_on"] < data["held_on"]:
            self.add_error("ends_on", "A term cannot end before it starts.")
        if not self.errors and not self.results():
            raise forms.ValidationError("Choose at least one result to record.")
        return data


class WhatIfForm(Bounded, forms.Form):
    """Up to three proposed appointments, judged together (a slate, or a reshuffle)."""

    ROWS = 3
    on = forms.DateField(label="From", widget=DateInput, initial=timezone.localdate)

    def __init__(self, *args, posts, people, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, self.ROWS + 1):
            suffix = "" if n == 1 else f"_{n}"
            self.fields[f"post{suffix}"] = forms.ModelChoiceField(
                queryset=posts, label=f"Post ({n})" if n > 1 else "Post", required=n == 1
            )
            self.fields[f"person{suffix}"] = PersonChoiceField(
                queryset=people,
                label=f"Elected ({n})" if n > 1 else "Elected",
                required=False,
                empty_label="Nobody (left vacant)",
            )
        self.order_fields([*(f for f in self.fields if f != "on"), "on"])

    def appointments(self):
        """[(post, person or None)] in the order given."""
        rows = []
        for n in range(1, self.ROWS + 1):
            suffix = "" if n == 1 else f"_{n}"
            post = self.cleaned_data.get(f"post{suffix}")
            if post:
                rows.append((post, self.cleaned_data.get(f"person{suffix}")))
        return rows

    def clean(self):
        data = super().clean()
        for n in range(2, self.ROWS + 1):
            if data.get(f"person_{n}") and not data.get(f"post_{n}"):
                self.add_error(f"post_{n}", "Choose the post this person would be elected to.")
        if self.errors:
            return data
        by_post = {}
        for post, person in self.appointments():
            by_post.setdefault(post, []).append(person)
        for post, people in by_post.items():
            named = [p for p in people if p]
            if len({p.pk for p in named}) != len(named):
                raise forms.ValidationError(f"{post}: the same person is named twice.")
            if len(people) > 1 and (post.max_holders == 1 or None in people):
                raise forms.ValidationError(
                    f"{post} is named more than once: name it once, with the person who would hold it."
                    if post.max_holders == 1
                    else f"{post} is named more than once with nobody elected: leave the extra rows empty."
                )
        return data


class BalanceRuleForm(Bounded, forms.ModelForm):
    posts = forms.ModelMultipleChoiceField(
        queryset=Post.objects.select_related("branch"),
        widget=forms.CheckboxSelectMultiple,
        required=False,  # the service says so in plain English
        label="The posts it judges",
    )

    class Meta:
        model = BalanceRule
        fields = ["name", "kind", "posts", "minimum", "counts", "age", "maximum", "hard", "source", "active"]
        labels = {"hard": "A hard rule (blocks an election result unless overridden)", "active": "In force"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["counts"].required = False  # only “at least N women” uses it

    def clean_counts(self):
        return self.cleaned_data.get("counts") or BalanceRule.Counts.PEOPLE


class PostForm(Bounded, forms.ModelForm):
    class Meta:
        model = Post
        fields = [
            "name",
            "slug",
            "scope",
            "branch",
            "kind",
            "role",
            "ec_membership",
            "duties",
            "max_holders",
            "order",
            "union_members_only",
            "must_belong_to",
            "party_name",
            "lapsed_may_hold",
        ]
        labels = {
            "ec_membership": "On the Executive Committee",
            "max_holders": "How many may hold it at once",
        }
        help_texts = {"slug": "A short name for links, e.g. treasurer."}

    def clean(self):
        data = super().clean()
        scope, branch = data.get("scope"), data.get("branch")
        if scope == Post.Scope.BRANCH and not branch:
            self.add_error("branch", "A branch post needs its branch.")
        if scope == Post.Scope.CLP and branch:
            self.add_error("branch", "A CLP post belongs to no branch: leave the branch empty.")
        return data


class PersonForm(Bounded, forms.ModelForm):
    """The Secretary edits everything; a person edits their own details but not their
    branch or membership; equality fields only for those allowed to see them."""

    OFFICE_FIELDS = ["branch", "membership_number", "membership_status", "joined_on", "left_on"]
    EQUALITY_FIELDS = ["disability", "ethnicity", "lgbt"]
    counts_as_woman = forms.NullBooleanField(
        label="Counts as a woman for the balance rules",
        widget=forms.NullBooleanSelect,
        required=False,
    )

    class Meta:
        model = Person
        fields = [
            "first_name",
            "last_name",
            "email",
            "phone",
            "address",
            "postcode",
            "branch",
            "membership_number",
            "membership_status",
            "joined_on",
            "left_on",
            "gender",
            "counts_as_woman",
            "date_of_birth",
            "trade_union",
            "disability",
            "ethnicity",
            "lgbt",
        ]
        widgets = {
            "date_of_birth": DateInput,
            "joined_on": DateInput,
            "left_on": DateInput,
            "address": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"gender": "Gender (as they describe it)"}

    def __init__(self, *args, office=True, equality=True, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ([] if office else self.OFFICE_FIELDS) + ([] if equality else self.EQUALITY_FIELDS):
            del self.fields[name]
