"""Indexes for searching a registry of a million documents (see chibo.documents.search).

- The full-text index no longer keeps a pending list (GIN `fastupdate`): every search scanned the
  whole list, up to 4 MB of recent rows, once per query word. Registering a document writes its
  words straight into the index instead, which a registry, read far more than written, affords.
- A notation's documents newest first, for the exact-notation match (1-KH/CB is every cell's
  first plan: thousands of documents); it also serves every lookup by notation key, so the
  single-column index on the key goes.
"""

from django.db import migrations, models

PG_FORWARD = [
    "ALTER INDEX document_search_vector SET (fastupdate = off)",
    "SELECT gin_clean_pending_list('document_search_vector'::regclass)",
]
PG_BACKWARD = ["ALTER INDEX document_search_vector RESET (fastupdate)"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("documents", "0004_search_numbers_without_leading_zeros")]

    operations = [
        migrations.RunPython(_run(PG_FORWARD), _run(PG_BACKWARD)),
        migrations.AddIndex(
            model_name="document",
            index=models.Index(fields=["notation_key", "-recency", "-id"], name="document_notation_recency"),
        ),
        migrations.AlterField(
            model_name="document",
            name="notation_key",
            field=models.CharField(editable=False, max_length=80),
        ),
    ]
