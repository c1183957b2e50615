"""The search backend: PostgreSQL full text in production, SQLite FTS5 in the embedded default.

Both index `Document.search_text`: the folded words (no diacritics, lower case, punctuation
split off) of the notation, type, abstract, issuer, tags and attachment text. A query is folded
the same way and matches documents holding every one of its words, so both backends return
the same documents. Very common words match most of the registry: the candidates are the
`CANDIDATE_LIMIT` most recent matches, and only they are ranked.

To find the most recent matches without visiting every match of a common word, the search text
also holds a month word (`vbthang202511`, from the document's recency). PostgreSQL looks in time
windows, newest first (the last two months, the four before, the eighteen before, then the rest),
each narrowed by its month words in the full-text index, and stops once it has enough: a query of
the commonest words reads a few hundred rows, a rare one a few small index scans.
"""

import datetime

from django.db import connection
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL

from .textual import search_words

CANDIDATE_LIMIT = 200
RECENT_WALK = 2000
ATTACHMENT_TEXT_LIMIT = 200_000
MONTH_WORD = "vbthang"
# Window edges, in months before the current month; the first window also takes the year ahead.
WINDOW_EDGES = (1, 5, 23)
MONTHS_AHEAD = 12


def month_word(day: datetime.date) -> str:
    return f"{MONTH_WORD}{day.year:04d}{day.month:02d}"


def _month_start(today: datetime.date, back: int) -> datetime.date:
    index = today.year * 12 + today.month - 1 - back
    return datetime.date(index // 12, index % 12 + 1, 1)


def windows(today: datetime.date) -> list[tuple[datetime.date | None, datetime.date | None, list[str]]]:
    """(from, before, month words) of each time window, newest first; the outer ones have no month words."""
    edges = [_month_start(today, -MONTHS_AHEAD - 1)] + [_month_start(today, back) for back in WINDOW_EDGES]
    # Beyond the year ahead (a mistyped date): the recency index alone finds the few there are.
    result: list[tuple[datetime.date | None, datetime.date | None, list[str]]] = [(edges[0], None, [])]
    for newer, older in zip(edges, edges[1:], strict=False):
        months, day = [], older
        while day < newer:
            months.append(month_word(day))
            day = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        result.append((older, newer, months))
    result.append((None, edges[-1], []))
    return result


def document_search_text(document, attachment_texts=()) -> str:
    parts = [
        document.notation, document.type_name, document.abstract, document.issuer_name,
        document.issuer_code, document.signer, " ".join(document.tags or []),
    ]
    if document.issuer_id:
        parts.append(document.issuer.name)
        parts.append(document.issuer.short_name)
    parts.extend(text[:ATTACHMENT_TEXT_LIMIT] for text in attachment_texts)
    words = search_words(" ".join(p for p in parts if p))
    if document.recency:
        words.append(month_word(document.recency))
    return " ".join(words)


def reindex(document) -> None:
    """Recompute a document's search text and refresh the index (inside the caller's transaction)."""
    from .models import Document

    texts = list(document.attachments.values_list("text", flat=True)) if document.pk else []
    document.search_text = document_search_text(document, texts)
    Document.objects.filter(pk=document.pk).update(search_text=document.search_text)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM documents_document_fts WHERE rowid = %s", [document.pk])
            cursor.execute(
                "INSERT INTO documents_document_fts (rowid, body) VALUES (%s, %s)", [document.pk, document.search_text]
            )


def unindex(document_ids) -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for pk in document_ids:
                cursor.execute("DELETE FROM documents_document_fts WHERE rowid = %s", [pk])


def most_recent_matching(qs: QuerySet, words: list[str], limit: int = CANDIDATE_LIMIT,
                         today: datetime.date | None = None) -> list:
    """The `limit` most recent documents of `qs` holding every word, newest first.

    On PostgreSQL, window by window (see the module's note); elsewhere one query. Both give the
    same documents: the windows are consecutive date ranges, searched newest first.
    """
    ordered = ("-recency", "-id")
    if connection.vendor != "postgresql" or not words:
        return list(matching(qs, words).order_by(*ordered)[:limit])
    query = " & ".join(words)
    # Common words: the newest RECENT_WALK documents, read down the recency index, often hold
    # `limit` matches already, and then they are exactly the most recent ones.
    recent = list(qs.filter(id__in=RawSQL(
        "SELECT r.id FROM (SELECT id, search_vector FROM documents_document ORDER BY recency DESC, id DESC "
        "LIMIT %s) r WHERE r.search_vector @@ to_tsquery('simple', %s)", [RECENT_WALK, query],
    )).order_by(*ordered)[:limit])
    if len(recent) >= limit:
        return recent
    found: list = []
    for start, before, months in windows(today or datetime.date.today()):
        window = qs
        if start is not None:
            window = window.filter(recency__gte=start)
        if before is not None:
            window = window.filter(recency__lt=before)
        narrowed = query + (" & (" + " | ".join(months) + ")" if months else "")
        window = window.filter(RawSQL(
            "documents_document.search_vector @@ to_tsquery('simple', %s)", [narrowed], output_field=BooleanField()
        ))
        found += list(window.order_by(*ordered)[: limit - len(found)])
        if len(found) >= limit:
            break
    return found


def matching(qs: QuerySet, words: list[str]) -> QuerySet:
    """Documents of `qs` whose search text holds every word of `words` (already folded)."""
    if not words:
        return qs
    if connection.vendor == "postgresql":
        query = " & ".join(words)
        return qs.filter(RawSQL(
            "documents_document.search_vector @@ to_tsquery('simple', %s)", [query], output_field=BooleanField()
        ))
    if connection.vendor == "sqlite":
        query = " ".join(f'"{w}"' for w in words)
        return qs.filter(id__in=RawSQL(
            "SELECT rowid FROM documents_document_fts WHERE documents_document_fts MATCH %s", [query]
        ))
    for word in words:  # any other database: a plain scan, same semantics
        qs = qs.filter(search_text__regex=rf"(^| ){word}( |$)")
    return qs
