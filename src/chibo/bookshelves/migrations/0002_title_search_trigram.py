"""On PostgreSQL, a trigram index makes the catalogue's substring search an index scan.

SQLite has no trigram index; there the search scans (fine at a laptop's scale).
"""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS bookshelves_title_search_trgm ON bookshelves_title USING gin (search_key gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS bookshelves_title_search_trgm"]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in CREATE:
            schema_editor.execute(sql)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in DROP:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("bookshelves", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
