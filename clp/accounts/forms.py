from django import forms
from django.contrib.auth.forms import AuthenticationForm

from clp.core.bounds import Bounded
from clp.core.widgets import SharedOptionsSelect


class EmailAuthenticationForm(Bounded, AuthenticationForm):
    username = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    def clean_username(self):
        return self.cleaned_data["username"].strip().lower()


class TokenForm(Bounded, forms.Form):
    token = forms.CharField(
        label="Code",
        max_length=16,
        help_text="The 6-digit code your authenticator app shows, or one of your recovery codes.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_token(self):
        return "".join(self.cleaned_data["token"].split()).lower()


class AuditFilterForm(Bounded, forms.Form):
    # Some forty types: Django's select template wrote each option through two more (a sixth
    # of the audit page); the same select written in Python.
    type = forms.ChoiceField(label="Type of record", required=False, widget=SharedOptionsSelect)

    def __init__(self, *args, models=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", "Everything")] + [
            (label, str(model._meta.verbose_name_plural).capitalize()) for label, model in models.items()
        ]
