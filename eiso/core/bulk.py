"""Writing many rows at once, for the services that change hundreds of rows in one transaction
(dossier ingest and its replay). Django's `bulk_update` builds one `CASE WHEN` per field and row,
whose size grows with rows × fields; PostgreSQL takes the new values as one array per column
instead (`UPDATE … FROM unnest(…)`): one short statement, whatever the number of rows."""

from django.db import connection, models

CHUNK = 5000


def update(model: type[models.Model], objects: list[models.Model], fields: list[str]) -> None:
    """Write `fields` of saved `objects` (their current attribute values) in as few statements as
    the database allows."""
    if not objects:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_update(objects, fields, batch_size=500)
        return
    meta = model._meta
    columns = [meta.pk, *(meta.get_field(name) for name in fields)]
    assignments = ", ".join(f'"{field.column}" = v."{field.column}"' for field in columns[1:])
    arrays = ", ".join(f"%s::{field.db_type(connection)}[]" for field in columns)
    names = ", ".join(f'"{field.column}"' for field in columns)
    sql = (
        f'UPDATE "{meta.db_table}" AS t SET {assignments} FROM unnest({arrays}) AS v({names}) '
        f'WHERE t."{meta.pk.column}" = v."{meta.pk.column}"'
    )
    with connection.cursor() as cursor:
        for start in range(0, len(objects), CHUNK):
            chunk = objects[start : start + CHUNK]
            cursor.execute(
                sql,
                [
                    [field.get_db_prep_save(getattr(obj, field.attname), connection) for obj in chunk]
                    for field in columns
                ],
            )
