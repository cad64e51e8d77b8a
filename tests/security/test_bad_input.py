"""Every form of every app, sent bad values (hypothesis), as the role that may use it: no
answer is a server error, and nothing is half-saved.

The forms are found from the URL configuration (tests/security/forms.py): every page of the
access matrix is opened as a role it lets in, and each form on it (and each link with a
query) is sent values drawn from the page's own and from a catalogue of bad ones: dates
such as 0001-01-01 and 9999-12-31, text longer than its column, numbers too big for theirs,
ids that do not exist, formset counts that do not match their rows, file names of 250
characters. Each sending runs in a transaction that is rolled back, so every one starts
from the same data.

Whatever is sent, the answer is not a server error; a form refused (errors on the page, or
a 4xx answer) leaves every table as it was; a form accepted leaves no row whose dates are
outside the years the product accepts or whose text is longer than its column (SQLite
would keep what PostgreSQL refuses).

Bounded so that the suite stays under 10 minutes on 2 cores: up to 16 chosen sendings per
form (one field at a time as bad as its kind gets), then BAD_INPUT_EXAMPLES generated ones
(4), derandomised so that every run tries the same values; set BAD_INPUT_EXAMPLES=200 and
BAD_INPUT_RANDOM=1 to search further.
"""

import copy
import datetime
import functools
import os
import re
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.messages import constants
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, models, transaction
from django.db.models import Q
from django.db.models.functions import Length
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from clp.core import bounds
from tests.factories.accounts import login_verified
from tests.security.forms import discover
from tests.security.test_access_matrix import ROWS, world  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("BAD_INPUT_EXAMPLES", "4"))
RANDOM = os.environ.get("BAD_INPUT_RANDOM") == "1"

# The apps whose tables must not be half-written; the audit trail of who opened whose
# equality data is written on every opening, refused or not, by design.
CHECKED_APPS = ["accounts", "notifications", "officers", "meetings", "branches", "finance"]
UNCHECKED = {"accounts.equalitydataview", "accounts.historicaluser"}
UNCHECKED_FIELDS = {"last_login"}

# Groups of URL namespaces, one test each (so that test workers share the work).
GROUPS = {
    "accounts_and_notifications": {"", "accounts", "notifications"},
    "officers": {"officers"},
    "meetings": {"meetings"},
    "branches": {"branches"},
    "finance": {"finance"},
}

LONG_EMAIL = "a" * 64 + "@" + "b" * 63 + "." + "c" * 63 + "." + "d" * 60 + ".org"  # 256
BAD_TEXT = [
    "",
    " ",
    "x" * 256,
    "x" * 5_000,
    "\x00",
    "nul\x00byte",
    '=HYPERLINK("http://evil.example","Click")',
    "<script>alert(1)</script>",
    "'; DROP TABLE officers_person; --",
    "🙂" * 300,
    "\u202etxt.exe",
    LONG_EMAIL,
    "a" * 300 + "@example.org",
]
BAD_DATES = [
    "0001-01-01",
    "9999-12-31",
    "1899-12-31",
    "2101-01-01",
    "2026-02-30",
    "-1",
    "99999-01-01",
    "today",
]
BAD_DATETIMES = ["9999-12-31T23:59", "0001-01-01T00:00", "2026-02-30T10:00", "2026-01-01T25:61", "x"]
BAD_TIMES = ["25:00", "23:60", "-1:00", "99999", "noon"]
BAD_NUMBERS = [
    "-1",
    "0",
    "2147483648",
    "9" * 20,
    "-" + "9" * 20,
    "1e309",
    "NaN",
    "Infinity",
    "1.5",
    "0x10",
    "",
]
BAD_IDS = ["999999999", "-1", "0", "abc", "1;1", "9" * 30]
BAD_COUNTS = ["-1", "0", "1", "1000", "1001", "999999999", "abc", ""]
FILE_NAMES = ["x" * 250 + ".pdf", "paper.pdf", "no-extension", "../../etc/passwd", "résumé.csv", ".pdf"]
FILE_BODIES = [
    b"",
    b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
    b"\x00\xff" * 64,
    b"Membership Number,First Name,Last Name,Status,Branch,Email\nM1,Ada,L,New,Alpha,"
    + LONG_EMAIL.encode()
    + b"\n",
    b"not,a,report\n=cmd,+1,-1\n",
]


def _bad_values(field):
    """A strategy for one field: mostly what the page offers, often something bad."""
    kind = field.kind
    offered = [field.value] if field.value else []
    if kind in {"select", "select-multiple", "radio"}:
        offered = list(field.options) or offered
        bad = BAD_IDS
    elif kind == "checkbox":
        offered = list(field.options)
        bad = ["", "maybe"]
    elif kind == "date":
        bad = BAD_DATES
    elif kind == "datetime-local":
        bad = BAD_DATETIMES
    elif kind == "time":
        bad = BAD_TIMES
    elif kind == "number":
        bad = BAD_NUMBERS
    elif field.name.endswith(("-TOTAL_FORMS", "-INITIAL_FORMS", "-MIN_NUM_FORMS", "-MAX_NUM_FORMS")):
        bad = BAD_COUNTS
    elif kind == "file":
        return st.builds(
            lambda name, body: SimpleUploadedFile(name, body),
            st.sampled_from(FILE_NAMES),
            st.sampled_from(FILE_BODIES),
        )
    else:
        bad = BAD_TEXT
        if field.maxlength:
            bad = [*bad, "x" * (field.maxlength + 1)]
    good = st.sampled_from(offered) if offered else st.just("")
    choices = [good, st.sampled_from(bad)]
    if kind in {"text", "textarea", "search", "email", "hidden", "url", "tel", "password"}:
        # Any character but a lone surrogate (which no request can carry): the set Hypothesis's
        # default text() draws, named here by category, so that it is not worked out again by
        # encoding every code point in each fresh checkout (8 s on each test worker).
        choices.append(st.text(st.characters(exclude_categories=["Cs"]), max_size=300))
    value = st.one_of(*choices)
    if kind == "select-multiple" or (kind == "checkbox" and len(field.options) > 1):
        return st.lists(value, max_size=4)
    return value


# The worst of each kind, each tried alone in an otherwise ordinary sending of every form.
WORST = {
    "date": ["0001-01-01", "9999-12-31"],
    "datetime-local": ["9999-12-31T23:59", "0001-01-01T00:00"],
    "time": ["25:00"],
    "number": ["9" * 20, "-1"],
    "select": ["999999999"],
    "select-multiple": ["999999999"],
    "count": ["1000", "-1"],
    "text": ["x" * 5_000, LONG_EMAIL],
}
MOST_EXPLICIT = 16


def _ordinary(form):
    return {f.name: f.value for f in form.fields if f.name != "csrfmiddlewaretoken" and f.kind != "file"}


def _explicit_examples(form):
    """The page's own values with one field at a time made as bad as its kind gets."""
    found = []
    for f in form.fields:
        if f.name == "csrfmiddlewaretoken" or f.kind in {"checkbox", "radio", "button", "file"}:
            continue
        if f.name.endswith(("-TOTAL_FORMS", "-INITIAL_FORMS")):
            worst = WORST["count"]
        elif f.kind == "hidden":
            continue
        else:
            worst = WORST.get(f.kind, WORST["text"])
            if f.maxlength:
                worst = [*worst, "x" * (f.maxlength + 1)]
        found += [{**_ordinary(form), f.name: value} for value in worst]
    files = [f for f in form.fields if f.kind == "file"]
    if files:
        found.append({**_ordinary(form), files[0].name: SimpleUploadedFile(FILE_NAMES[0], FILE_BODIES[1])})
    return found[:MOST_EXPLICIT]


def _data_for(form):
    fields = {f.name: _bad_values(f) for f in form.fields if f.name != "csrfmiddlewaretoken"}
    # Sometimes fields are left out altogether, as a forged or truncated post would.
    return st.one_of(st.fixed_dictionaries(fields), st.fixed_dictionaries({}, optional=fields))


def _checked_models():
    for label in CHECKED_APPS:
        for model in apps.get_app_config(label).get_models():
            if model._meta.label_lower not in UNCHECKED:
                yield model


def _columns(model):
    return [f.column for f in model._meta.concrete_fields if f.name not in UNCHECKED_FIELDS]


@functools.cache
def _fingerprint_sql():
    """One query for a fingerprint of every checked table (PostgreSQL)."""
    quote = connection.ops.quote_name
    parts = []
    for model in _checked_models():
        row = ", ".join(f"t.{quote(c)}" for c in _columns(model))
        pk = quote(model._meta.pk.column)
        # Names from the models, never from input.
        parts.append(
            f"SELECT '{model._meta.label_lower}', count(*), "  # noqa: S608
            f"md5(coalesce(string_agg(ROW({row})::text, '|' ORDER BY t.{pk}), '')) "
            f"FROM {quote(model._meta.db_table)} t"
        )
    return " UNION ALL ".join(parts)


def _state():
    """A fingerprint of every row of every checked table, by model."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_fingerprint_sql())
            return {label: (count, digest) for label, count, digest in cursor.fetchall()}
    rows = {m: m._default_manager.order_by("pk").values_list(*_columns(m)) for m in _checked_models()}
    return {model._meta.label_lower: hash(tuple(values)) for model, values in rows.items()}


def _changed_tables(before, after):
    return sorted(label for label in after if before.get(label) != after[label])


def _invalid_rows(labels):
    """Rows of these tables with a date outside the accepted years or text too long for its
    column (the world they start from has none)."""
    low, high = bounds.first_day(), bounds.last_day()
    zone = timezone.get_current_timezone()
    problems = []
    for label in labels:
        model = apps.get_model(label)
        rows = model._default_manager.all()
        for f in model._meta.concrete_fields:
            if isinstance(f, models.DateTimeField):
                start = datetime.datetime.combine(low, datetime.time.min, zone)
                end = datetime.datetime.combine(high, datetime.time.max, zone)
                bad = rows.filter(Q(**{f"{f.name}__lt": start}) | Q(**{f"{f.name}__gt": end}))
            elif isinstance(f, models.DateField):
                bad = rows.filter(Q(**{f"{f.name}__lt": low}) | Q(**{f"{f.name}__gt": high}))
            elif isinstance(f, models.CharField) and f.max_length:
                bad = rows.annotate(_length=Length(f.name)).filter(_length__gt=f.max_length)
            else:
                continue
            found = bad.values_list("pk", f.name)
            problems += [f"{label} {pk}: {f.name} is {value!r:.60}" for pk, value in found]
    return problems


ERRORS_SHOWN = re.compile(r'class="errorlist|role="alert"|message-error', re.IGNORECASE)


def _refused(response):
    if 400 <= response.status_code < 500:
        return True
    if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
        return bool(ERRORS_SHOWN.search(response.content.decode(errors="replace")))
    queued = getattr(getattr(response, "wsgi_request", None), "_messages", None)
    return any(m.level >= constants.ERROR for m in getattr(queued, "_queued_messages", []))


def _send(client, form, data):
    if form.method == "get":
        return client.get(form.action, {k: v for k, v in data.items() if not hasattr(v, "read")})
    return client.post(form.action, data)


def _clients(world):  # noqa: F811
    made = {}

    def client_for(role):
        if role not in made:
            client = Client()
            if role != "anonymous":
                login_verified(client, getattr(world, role).user)
            made[role] = client
        return made[role]

    return client_for


def _try(form, client):
    def sending(data):
        cookies = copy.deepcopy(client.cookies)  # a sending may log the client out
        cache.clear()  # no rate limit or one-time token carried over from another sending
        try:
            with transaction.atomic():
                before = _state()
                response = _send(client, form, data)
                assert response.status_code < 500, f"{form}: {response.status_code} for {data!r}"
                changed = _changed_tables(before, _state())
                if _refused(response):
                    assert not changed, f"{form} refused {data!r} but changed {changed}"
                else:
                    problems = _invalid_rows(changed)
                    assert not problems, f"{form} accepted {data!r}: " + "; ".join(problems)
                transaction.set_rollback(True)
        finally:
            client.cookies = cookies

    test = given(data=_data_for(form))(sending)
    for data in _explicit_examples(form):
        test = example(data=data)(test)
    hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=not RANDOM,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )(test)()


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_no_form_breaks_or_half_saves_whatever_it_is_sent(group, world, settings):  # noqa: F811
    settings.RATELIMIT_TWO_FACTOR = "1000/m"  # the limit itself is tested in test_rate_limits
    client_for = _clients(world)
    strays = []
    forms = discover(client_for, world, ROWS, only=GROUPS[group], strays=strays)
    assert forms, f"no form found for {group}"
    assert not strays, (
        "Forms on a page of one app that post to another are not tried by the other's group "
        "(its pages are not opened there): open this page's namespace in that group too.\n"
        + "\n".join(strays)
    )
    broken = []
    for form in forms:
        try:
            _try(form, client_for(form.role))
        except Exception as error:  # every form is tried; all that break are reported
            broken.append(f"{form}: {type(error).__name__}: {str(error)[:2000]}")
    assert not broken, f"{len(broken)} of {len(forms)} forms broke:\n" + "\n\n".join(broken)


def test_every_namespace_is_in_a_group():
    namespaces = {name.rpartition(":")[0] for name in ROWS}
    assert namespaces <= set().union(*GROUPS.values()), namespaces - set().union(*GROUPS.values())


def test_the_refusal_check_sees_form_errors_and_error_answers():
    page = SimpleNamespace(status_code=200, content=b'<ul class="errorlist"><li>x</li></ul>')
    page.get = lambda key, default="": "text/html; charset=utf-8"
    assert _refused(page)
    assert _refused(SimpleNamespace(status_code=404, get=page.get))
    fine = SimpleNamespace(status_code=200, content=b"<p>Saved</p>", get=page.get)
    assert not _refused(fine)


def test_the_row_check_sees_a_date_outside_the_years(db):
    from tests.factories.officers import PersonFactory

    person = PersonFactory(date_of_birth=datetime.date(1, 1, 1))
    problems = _invalid_rows(["officers.person"])
    assert problems == [f"officers.person {person.pk}: date_of_birth is datetime.date(1, 1, 1)"]


def test_the_fingerprint_sees_a_change_to_any_row(db):
    from tests.factories.officers import PersonFactory

    person = PersonFactory()
    before = _state()
    person.first_name = "Somebody-Else"
    person.save()
    assert "officers.person" in _changed_tables(before, _state())
