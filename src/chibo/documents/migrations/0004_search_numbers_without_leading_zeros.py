"""Search text holds numbers without their leading zeros: `05` is `5` (chibo.documents.textual).

Chỉ thị số 05-CT/TW is found by `chỉ thị 5` and 5-CT/TW by `chỉ thị 05`: queries are folded the
same way. One UPDATE of the rows that have such a number (the search vector is generated from the
text); SQLite then rebuilds its FTS table.
"""

import re

from django.db import migrations

# A word starting with zeros followed by a digit loses the zeros: 05 → 5, 007 → 7, 08h30 → 8h30, 0 stays.
PG_FORWARD = (
    r"UPDATE documents_document SET search_text = regexp_replace(search_text, '(^| )0+([0-9])', '\1\2', 'g') "
    r"WHERE search_text ~ '(^| )0[0-9]'"
)
_LEADING_ZEROS = re.compile(r"(^| )0+(?=[0-9])")


def _zero_less(text):
    return _LEADING_ZEROS.sub(r"\1", text) if text else text


def forward(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(PG_FORWARD)
        elif connection.vendor == "sqlite":
            connection.ensure_connection()
            connection.connection.create_function("chibo_zero_less", 1, _zero_less, deterministic=True)
            cursor.execute("UPDATE documents_document SET search_text = chibo_zero_less(search_text) "
                           "WHERE search_text REGEXP '(^| )0[0-9]'")
            cursor.execute("DELETE FROM documents_document_fts")
            cursor.execute("INSERT INTO documents_document_fts (rowid, body) SELECT id, search_text FROM documents_document")
        else:  # no full-text index to keep: the text alone
            Document = apps.get_model("documents", "Document")
            for document in Document.objects.filter(search_text__regex=r"(^| )0[0-9]").only("search_text").iterator():
                Document.objects.filter(pk=document.pk).update(search_text=_zero_less(document.search_text))


class Migration(migrations.Migration):
    dependencies = [("documents", "0003_search_month_words")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
