"""The search text of registered documents gains its month word (see chibo.documents.search)."""

from django.db import migrations

FORWARD = {
    "postgresql": [
        "UPDATE documents_document SET search_text = "
        "trim(search_text || ' vbthang' || to_char(recency, 'YYYYMM')) WHERE search_text NOT LIKE '%vbthang%'",
    ],
    "sqlite": [
        "UPDATE documents_document SET search_text = "
        "trim(search_text || ' vbthang' || strftime('%Y%m', recency)) WHERE search_text NOT LIKE '%vbthang%'",
        "DELETE FROM documents_document_fts",
        "INSERT INTO documents_document_fts (rowid, body) SELECT id, search_text FROM documents_document",
    ],
}


def forward(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:  # no parameters: the % signs are literal
        for sql in FORWARD.get(schema_editor.connection.vendor, []):
            cursor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("documents", "0002_search_index")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
