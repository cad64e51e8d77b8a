from django import forms

from clp.notifications.kinds import KINDS, Channel


class PreferencesForm(forms.Form):
    quiet_start = forms.TimeField(
        label="Quiet hours start", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    quiet_end = forms.TimeField(
        label="Quiet hours end", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    digest_at = forms.TimeField(
        label="Daily digest time", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
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
