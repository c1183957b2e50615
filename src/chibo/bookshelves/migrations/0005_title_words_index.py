"""On PostgreSQL, a GIN index of each title's words and of its unit's path ("@" + path): a search
finds the titles having every word under a subtree inside the index, whatever the size of the
scope, and reads only those.

The indexed expression is spelt exactly as `selectors._WordsMatch` writes it, or the planner
would not use the index. ANALYZE gathers the statistics of the expression (word frequencies),
which CREATE INDEX does not, so the planner knows a common word from a rare one at once.
"""

from django.db import migrations

CREATE = [
    "CREATE INDEX IF NOT EXISTS bookshelves_title_words ON bookshelves_title "
    "USING gin (array_to_tsvector(string_to_array(btrim(search_words), ' ') || ('@' || unit_path)))",
    "ANALYZE bookshelves_title",
]
DROP = ["DROP INDEX IF EXISTS bookshelves_title_words"]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in CREATE:
            schema_editor.execute(sql)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in DROP:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("bookshelves", "0004_title_words_and_unit_path")]
    operations = [migrations.RunPython(forward, backward)]
