"""Reads for accounts: the audit history across every model django-simple-history records."""

import functools
from dataclasses import dataclass, field

from django.db import connection, models
from django.db.models import CharField, F, OuterRef, Subquery, Value
from simple_history.models import registered_models

from clp.accounts.models import User


def two_factor_paused(user) -> bool:
    """After wrong codes, django-otp refuses every code (even a right one) for a time that
    doubles with each failure: True while that pause lasts for the user's app, once it is
    long enough for a person to notice (after three wrong codes)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None or device.throttling_failure_count < 3:
        return False
    return not device.verify_is_allowed()[0]


ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}
HIDDEN_FIELDS = {"password"}


def _label(model):
    return model._meta.label_lower


def audited_models():
    """{"app.model": model} for every model whose changes are recorded, by verbose name."""
    found = [
        m
        for m in registered_models.values()
        if getattr(m._meta, "simple_history_manager_attribute", None) and not m._meta.abstract
    ]
    return {_label(m): m for m in sorted(found, key=lambda m: str(m._meta.verbose_name))}


@functools.cache
def _history(model):
    """The model's history model (simple-history's descriptor builds a manager to say it,
    which cost more than the audit page's queries, for 40 models)."""
    return getattr(model, model._meta.simple_history_manager_attribute).model


def audit_entries(*, model_label=None):
    """The change records of every audited model (or of one), newest first, as rows of
    history_id, history_date, history_type, history_user_id, label and object_pk. One
    UNION query, so a page of it is one query whatever the models."""
    chosen = audited_models()
    if model_label in chosen:
        chosen = {model_label: chosen[model_label]}
    parts = [
        _history(model)
        .objects.order_by()
        .values(
            "history_id",
            "history_date",
            "history_type",
            "history_user_id",
            label=Value(label, output_field=CharField()),
            object_pk=F(model._meta.pk.attname),
        )
        for label, model in chosen.items()
    ]
    if len(parts) == 1:
        return parts[0].order_by("-history_date", "-history_id")
    return parts[0].union(*parts[1:], all=True).order_by("-history_date", "-history_id")


COLUMNS = ["history_id", "history_date", "history_type", "history_user_id", "label", "object_pk"]


class AuditRows:
    """audit_entries() as the audit page's Paginator takes it: the UNION's SQL is built by
    Django once per choice of model and kept, then counted and sliced as it is. Django built
    the 40-part UNION twice a request (for the count and for the page), a fifth of the page's
    time. The same two queries, the same rows (dicts of COLUMNS)."""

    ordered = True

    def __init__(self, *, model_label=None):
        known = model_label if model_label in audited_models() else None  # a bounded cache
        self.sql, self.params, self.count_sql, self.count_params = _audit_sql(known)

    def count(self):
        with connection.cursor() as cursor:
            cursor.execute(self.count_sql, self.count_params)
            return cursor.fetchone()[0]

    def __getitem__(self, page):
        with connection.cursor() as cursor:
            cursor.execute(
                f"{self.sql} LIMIT %s OFFSET %s", (*self.params, page.stop - page.start, page.start)
            )
            return [dict(zip(COLUMNS, row, strict=True)) for row in cursor.fetchall()]


@functools.cache
def _audit_sql(model_label):
    """The SQL and parameters of the page's rows, then of their count (unordered, as
    Django's own count of a UNION: no sort of every row to count them)."""
    entries = audit_entries(model_label=model_label)
    unordered, params = entries.order_by().query.sql_with_params()
    # Django's own SQL for audit_entries(), its values as parameters.
    count_sql = f"SELECT COUNT(*) FROM ({unordered}) AS entries"  # noqa: S608
    return (*entries.query.sql_with_params(), count_sql, params)


@dataclass
class Entry:
    when: object
    action: str
    model: str
    object_label: str
    user: object
    changes: list = field(default_factory=list)  # (field name, old, new)


def _related_paths(history_model):
    """select_related paths two levels deep, so that str() of the recorded object is
    built without a query per row."""
    paths = []
    for f in history_model._meta.concrete_fields:
        if f.is_relation and f.name != "history_user":
            paths.append(f.name)
            paths += [f"{f.name}__{g.name}" for g in f.related_model._meta.concrete_fields if g.is_relation]
    return paths


def _object_for(record, model):
    instance = record.history_object
    for f in model._meta.concrete_fields:
        if f.is_relation and f.name in record._state.fields_cache:
            f.set_cached_value(instance, record._state.fields_cache[f.name])
    return instance


LONGEST = 200  # characters of a changed value shown; the rest is cut with an ellipsis


def _display(record, f):
    if f.is_relation:
        related = record._state.fields_cache.get(f.name)
        return str(related) if related is not None else getattr(record, f.attname)
    value = getattr(record, f.attname)
    text = "" if value is None else str(value)
    return text if len(text) <= LONGEST else text[: LONGEST - 1] + "…"


def _changes(record, previous, model):
    if previous is None:
        return []
    changes = []
    for f in model._meta.concrete_fields:
        if f.name in HIDDEN_FIELDS or not f.editable or not hasattr(record, f.attname):
            continue
        if getattr(record, f.attname) != getattr(previous, f.attname):
            changes.append((str(f.verbose_name), _display(previous, f), _display(record, f)))
    return changes


def audit_page(rows) -> list[Entry]:
    """Turn a page of audit_entries() rows into readable entries: per model on the page,
    one query for its records and one for the records before them, plus one for the users."""
    by_label = {}
    for row in rows:
        by_label.setdefault(row["label"], []).append(row["history_id"])
    models_by_label = audited_models()
    records, previous = {}, {}
    for label, ids in by_label.items():
        model = models_by_label[label]
        history = _history(model)
        pk = model._meta.pk.attname
        before = (
            history.objects.filter(**{pk: OuterRef(pk)}, history_id__lt=OuterRef("history_id"))
            .order_by("-history_id")
            .values("history_id")[:1]
        )
        related = _related_paths(history)
        found = history.objects.filter(history_id__in=ids).select_related(*related)
        found = found.annotate(previous_id=Subquery(before, output_field=models.BigIntegerField()))
        for record in found:
            records[(label, record.history_id)] = record
        prev_ids = [r.previous_id for (lbl, _), r in records.items() if lbl == label and r.previous_id]
        for record in history.objects.filter(history_id__in=prev_ids).select_related(*related):
            previous[(label, record.history_id)] = record
    user_ids = {row["history_user_id"] for row in rows if row["history_user_id"]}
    users = User.objects.select_related("person").in_bulk(user_ids)
    entries = []
    for row in rows:
        model = models_by_label[row["label"]]
        record = records.get((row["label"], row["history_id"]))
        if record is None:
            continue
        before = previous.get((row["label"], record.previous_id))
        entries.append(
            Entry(
                when=row["history_date"],
                action=ACTIONS.get(row["history_type"], row["history_type"]),
                model=str(model._meta.verbose_name).capitalize(),
                object_label=str(_object_for(record, model)),
                user=users.get(row["history_user_id"]),
                changes=_changes(record, before, model) if row["history_type"] == "~" else [],
            )
        )
    return entries
