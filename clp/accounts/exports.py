"""Everything the CLP holds about one person (UK GDPR art. 15, the right of access),
as JSON or CSV. Records in any app that point at the person or their login are included,
so a new app's records appear without a change here."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from clp.core.exports import Exported, csv_export

# Secrets that are about the person but must never leave the database.
SECRET_FIELDS = {"password", "key", "token", "throttling_failure_timestamp", "throttling_failure_count"}


def _row(obj):
    return {
        f.attname: getattr(obj, f.attname)
        for f in obj._meta.concrete_fields
        if f.attname not in SECRET_FIELDS and f.name not in SECRET_FIELDS
    }


def _related(instance, skip=()):
    """{section title: [rows]} for every record that points at `instance` by a foreign key
    or a one-to-one key (preferences, directory choices), but the models in `skip`."""
    sections = {}
    for rel in instance._meta.get_fields(include_hidden=True):
        if not (rel.auto_created and not rel.concrete and rel.is_relation) or rel.many_to_many:
            continue
        model = rel.related_model
        if model._meta.label_lower in skip or hasattr(model, "instance_type"):  # change-history rows
            continue
        found = model._default_manager.filter(**{rel.field.name: instance})
        if rel.hidden:
            # A record that names the person only as who did something (uploaded_by,
            # recorded_by): that they did it is theirs; the record's contents, which may be
            # about other people (an uploaded membership report), are not.
            rows = [{"id": obj.pk, rel.field.attname: instance.pk, "record": str(obj)} for obj in found]
        else:
            rows = [_row(obj) for obj in found]
        if rows:
            title = f"{model._meta.verbose_name_plural} ({rel.field.verbose_name})"
            sections[title] = rows
    return sections


def personal_data(user) -> dict:
    """Every record held about `user` and their person: {section: [rows]}."""
    data = {"login": [_row(user)]}
    data.update({f"login: {k}": v for k, v in _related(user, skip={"officers.person"}).items()})
    person = getattr(user, "person", None)
    if person is not None:
        data["person"] = [_row(person)]
        data["person: change history"] = [_row(h) for h in person.history.all()]
        data.update(_related(person))
    return data


def _filename(extension):
    return f"my-data-{timezone.localdate():%Y-%m-%d}.{extension}"


def personal_data_json(user) -> Exported:
    body = json.dumps(personal_data(user), cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
    return Exported(_filename("json"), "application/json", body.encode())


def personal_data_csv(user) -> Exported:
    """One line per value: section, record number, field, value."""
    rows = (
        [section, number, field, value]
        for section, records in personal_data(user).items()
        for number, record in enumerate(records, start=1)
        for field, value in record.items()
    )
    return csv_export(_filename("csv"), ["section", "record", "field", "value"], rows)
