"""Change history (django-simple-history) for rows written in bulk.

`simple_history.utils.bulk_create_with_history` and `bulk_history_create` build one historical
model instance per row in Python, and then Django prepares every value of every one for the
INSERT: most of the time a 10,000-row import takes. `history_of` writes the same historical
rows with one `INSERT ... SELECT` per 10,000 rows, copying each tracked column from the row as
it now stands in the database (the values bulk_history_create would have read from the saved
instances), with the same user, change reason and type.
"""

from django.conf import settings
from django.db import connection
from django.utils import timezone

CHUNK = 10_000

CREATED, CHANGED = "+", "~"


def history_of(
    objs, model, *, history_type=CREATED, default_user=None, default_change_reason=None, when=None
):
    """Record the change history of `objs` (saved instances of `model`, pks set): one
    historical row each, as simple-history's bulk_history_create would. Returns how many."""
    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True) or not objs:
        return 0
    history = model.history.model
    # As bulk_history_create: the given user, else the one simple-history would find (the
    # request's, through its middleware), asked once instead of per row.
    user = default_user or history.get_default_history_user(objs[0])
    qn = connection.ops.quote_name
    tracked = [(history._meta.get_field(f.name).column, f.column) for f in history.tracked_fields]
    columns = [to for to, _ in tracked] + [
        "history_date",
        "history_change_reason",
        "history_type",
        "history_user_id",
    ]
    sql = (
        f"INSERT INTO {qn(history._meta.db_table)} ({', '.join(qn(c) for c in columns)}) "  # noqa: S608
        f"SELECT {', '.join(qn(frm) for _, frm in tracked)}, %s, %s, %s, %s "
        f"FROM {qn(model._meta.db_table)} WHERE {qn(model._meta.pk.column)} = ANY(%s) "
        f"ORDER BY {qn(model._meta.pk.column)}"
    )
    when = when or timezone.now()
    user_id = getattr(user, "pk", None)
    pks = [obj.pk for obj in objs]
    with connection.cursor() as cursor:
        for start in range(0, len(pks), CHUNK):
            cursor.execute(
                sql, [when, default_change_reason, history_type, user_id, pks[start : start + CHUNK]]
            )
    return len(pks)
