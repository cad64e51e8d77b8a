from django import forms

from clp.core.bounds import Bounded
from clp.notifications.kinds import KINDS, Channel


def _time_field(label, help_text=""):
    message = "Enter a time on the 24-hour clock, such as 23:00."
    return forms.TimeField(
        label=label,
        help_text=help_text,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": message, "invalid": message},
    )


class PreferencesForm(Bounded, forms.Form):
    quiet_start = _time_field("Quiet hours start")
    quiet_end = _time_field("Quiet hours end", "The same time as the start means no quiet hours.")
    digest_at = _time_field(
        "Daily digest time", "If it falls in your quiet hours, the digest comes when they end."
    )

    def __init__(self, *args, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = choices or {}
        for code, kind in KINDS.items():
            if kind.legal:
                continue
            self.fields[f"kind_{code}"] = forms.ChoiceField(
                label=kind.label, choices=Channel.choices, initial=choices.get(code, kind.default_channel)
            )

    def kind_fields(self):
        return [self[name] for name in self.fields if name.startswith("kind_")]

    def channels(self):
        return {name[5:]: value for name, value in self.cleaned_data.items() if name.startswith("kind_")}
