"""Widgets that write what Django's write, faster where a page shows many of them."""

import functools

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe


@functools.lru_cache(maxsize=16)
def _options_html(choices):
    """The <option>s (and <optgroup>s) of `choices`, none selected, written once for every
    select on a page that offers the same list."""
    parts = []
    for value, label in choices:
        if isinstance(label, tuple):
            parts.append(format_html('<optgroup label="{}">', value))
            parts += [format_html('<option value="{}">{}</option>', v, text) for v, text in label]
            parts.append("</optgroup>")
        else:
            parts.append(format_html('<option value="{}">{}</option>', value, label))
    return "".join(parts)


def _frozen(choices):
    return tuple(
        (v, tuple(map(tuple, label)) if isinstance(label, list | tuple) else str(label))
        for v, label in choices
    )


class SharedOptionsSelect(forms.Select):
    """Django's <select>, its options written once per list instead of through a template
    for each option of each select. For a long list repeated many times on one page: the
    minutes of a 60-item meeting offer an action's owner (about 170 people and posts) in 74
    forms, 13,000 options that took half the page's time. The HTML is Django's
    (tests/core/test_widgets.py compares the two)."""

    def render(self, name, value, attrs=None, renderer=None):
        options = _options_html(_frozen(self.choices))
        for chosen in self.format_value(value)[:1]:  # a single select marks its first match
            plain = format_html('<option value="{}">', chosen)
            options = options.replace(plain, plain[:-1] + " selected>", 1)
        start = format_html('<select name="{}"{}>', name, flatatt(self.build_attrs(self.attrs, attrs)))
        return mark_safe(start + options + "</select>")  # noqa: S308 - every part escaped by format_html
