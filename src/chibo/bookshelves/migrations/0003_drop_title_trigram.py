"""The catalogue no longer searches substrings: drop the trigram index of 0002 (PostgreSQL).

Titles are matched by word since 0004/0005; the trigram index only slowed every write (and the
backfill of 0004). The pg_trgm extension stays: other code may use it.
"""

from django.db import migrations


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS bookshelves_title_search_trgm")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute("CREATE INDEX IF NOT EXISTS bookshelves_title_search_trgm "
                              "ON bookshelves_title USING gin (search_key gin_trgm_ops)")


class Migration(migrations.Migration):
    dependencies = [("bookshelves", "0002_title_search_trigram")]
    operations = [migrations.RunPython(forward, backward)]
