"""Titles get `search_words` (the words of `search_key`, " w1 w2 … ", see models.title_search_words)
and `unit_path` (a copy of their shelf's unit's tree path), for search by word within a subtree.

The backfill is one UPDATE. PostgreSQL cuts the key with the same regular expression as Python;
SQLite calls a copy of the Python function, registered on the migrating connection. The pattern
and the function are frozen here: the model's may change later, this migration must not.
"""

import re

from django.db import migrations, models

WORD_SEPARATORS = r"[^0-9a-z\u00c0-\u1fff\u2070-\U0010ffff]+"
_SEPARATORS_RE = re.compile(WORD_SEPARATORS)

POSTGRESQL = (
    "UPDATE bookshelves_title t SET "
    f"search_words = coalesce(' ' || nullif(btrim(regexp_replace(t.search_key, '{WORD_SEPARATORS}', ' ', 'g')), '') || ' ', ''), "
    "unit_path = u.path "
    "FROM bookshelves_bookshelf s JOIN orgs_unit u ON u.id = s.unit_id WHERE s.id = t.shelf_id"
)
SQLITE = (
    "UPDATE bookshelves_title SET search_words = chibo_title_words(search_key), unit_path = coalesce(("
    "SELECT u.path FROM bookshelves_bookshelf s JOIN orgs_unit u ON u.id = s.unit_id "
    "WHERE s.id = bookshelves_title.shelf_id), '')"
)


def title_words(search_key: str | None) -> str:
    words = " ".join(w for w in _SEPARATORS_RE.split(search_key or "") if w)
    return f" {words} " if words else ""


def backfill(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:  # no parameters: the pattern is literal
        if connection.vendor == "postgresql":
            cursor.execute(POSTGRESQL)
        else:
            connection.connection.create_function("chibo_title_words", 1, title_words, deterministic=True)
            cursor.execute(SQLITE)


class Migration(migrations.Migration):
    dependencies = [("bookshelves", "0003_drop_title_trigram"), ("orgs", "0001_initial")]
    operations = [
        migrations.AddField(
            model_name="title", name="search_words",
            field=models.CharField(default="", editable=False, max_length=802),
        ),
        migrations.AddField(
            model_name="title", name="unit_path",
            field=models.CharField(default="", editable=False, max_length=255),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
