"""The full-text index over Document.search_text, one per database vendor.

PostgreSQL: a generated tsvector column (config 'simple') with a GIN index.
SQLite: an FTS5 table keyed by the document id, kept up to date by chibo.documents.search.
Both index the same folded, punctuation-free text, so both find the same documents.
"""

from django.db import migrations

PG_FORWARD = [
    "ALTER TABLE documents_document ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED",
    "CREATE INDEX document_search_vector ON documents_document USING GIN (search_vector)",
]
PG_BACKWARD = [
    "DROP INDEX IF EXISTS document_search_vector",
    "ALTER TABLE documents_document DROP COLUMN IF EXISTS search_vector",
]
SQLITE_FORWARD = ["CREATE VIRTUAL TABLE documents_document_fts USING fts5(body, tokenize='unicode61')"]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS documents_document_fts"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_registry")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
    ]
