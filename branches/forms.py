from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from branches.models import Affiliate, DirectoryChoice, FollowUp, FollowUpContact, Mailing
from clp.core.bounds import Bounded

MAX_REPORT_BYTES = 20 * 1024 * 1024


class DirectoryChoiceForm(Bounded, forms.ModelForm):
    class Meta:
        model = DirectoryChoice
        fields = ["show_email", "show_phone", "show_address"]


class AffiliateForm(Bounded, forms.ModelForm):
    class Meta:
        model = Affiliate
        fields = ["name", "kind", "contact_email", "delegates_allowed"]
        error_messages = {
            "name": {
                "unique": "An organisation of that name is already affiliated: add its delegates there."
            },
            "kind": {"required": "Choose what kind of organisation it is."},
        }


class DelegateForm(Bounded, forms.Form):
    """The delegate an organisation has nominated: found by membership number or email if the
    CLP knows them, otherwise recorded as a new person."""

    membership_number = forms.CharField(
        max_length=20, required=False, help_text="If they are a party member. Leave blank if not."
    )
    first_name = forms.CharField(max_length=80)
    last_name = forms.CharField(max_length=80)
    email = forms.EmailField(required=False)
    phone = forms.CharField(max_length=40, required=False)
    starts_on = forms.DateField(
        label="Delegate from",
        initial=timezone.localdate,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),  # a date input reads ISO
    )


class ReportUploadForm(Bounded, forms.Form):
    report = forms.FileField(
        label="Membership Action Report (CSV)",
        help_text="The CSV file exported from the membership system. Nothing changes until you have "
        "seen what it will do and confirmed.",
    )

    def clean_report(self):
        upload = self.cleaned_data["report"]
        if upload.size > MAX_REPORT_BYTES:
            raise ValidationError(
                f"“{upload.name}” is {filesizeformat(upload.size)}; the largest report accepted is "
                f"{filesizeformat(MAX_REPORT_BYTES)}."
            )
        if not upload.name.lower().endswith(".csv"):
            raise ValidationError(
                f"“{upload.name}” is not a CSV file. Export the report as CSV and try again."
            )
        raw = upload.read()
        if b"\x00" in raw:
            raise ValidationError(f"“{upload.name}” is not a text CSV file (it looks like a spreadsheet).")
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                self.cleaned_data["text"] = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ValidationError(f"“{upload.name}” is not in a text encoding we can read; save it as UTF-8.")
        return upload


class MailingForm(Bounded, forms.ModelForm):
    audiences = forms.MultipleChoiceField(
        label="Send it to",
        choices=Mailing.Audience.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose who the mailing goes to."},
    )

    class Meta:
        model = Mailing
        fields = ["subject", "body", "audiences", "attach_agenda", "send_at"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 16}),
            "send_at": forms.DateTimeInput(format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"}),
        }


class MailingAttachmentForm(Bounded, forms.Form):
    file = forms.FileField(label="Attach a file", help_text="PDF, Word, spreadsheet or image, up to 10 MB.")
    title = forms.CharField(max_length=200, required=False, help_text="Leave blank to use the file's name.")


# Follow-ups ------------------------------------------------------------------------------

DATE_INPUT = {"format": "%Y-%m-%d", "attrs": {"type": "date"}}  # a date input reads ISO


class FollowUpOpenForm(Bounded, forms.Form):
    membership_number = forms.CharField(max_length=20, help_text="The member's number in the party's system.")
    reason = forms.ChoiceField(choices=FollowUp.Reason.choices)


class FollowUpAssignForm(Bounded, forms.Form):
    """Who contacts the member: one of the branch's officers, or a buddy by membership number."""

    officer = forms.TypedChoiceField(label="A branch officer", coerce=int, required=False, empty_value=None)
    buddy_number = forms.CharField(
        label="Or a buddy's membership number",
        max_length=20,
        required=False,
        help_text="Any member of the branch who has agreed to make the contact.",
    )
    contact_on = forms.DateField(
        label="Contact them by", required=False, widget=forms.DateInput(**DATE_INPUT)
    )
    method = forms.ChoiceField(
        label="How", choices=[("", "Not decided yet"), *FollowUp.Method.choices], required=False
    )

    def __init__(self, *args, officers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].choices = [("", "Nobody yet"), *((p.pk, p.full_name) for p in officers)]


class FollowUpContactForm(Bounded, forms.ModelForm):
    class Meta:
        model = FollowUpContact
        fields = ["contacted_on", "method", "outcome", "note"]
        widgets = {"contacted_on": forms.DateInput(**DATE_INPUT)}
        labels = {"note": "Note (optional)"}
