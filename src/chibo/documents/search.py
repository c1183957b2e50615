"""The search backend: PostgreSQL full text in production, SQLite FTS5 in the embedded default.

Both index `Document.search_text`: the folded words (no diacritics, lower case, punctuation
split off, numbers without leading zeros) of the notation, type, abstract, issuer, tags and
attachment text. A query is folded the same way and matches documents holding every one of its
words, so both backends return the same documents. Very common words match most of the
registry: the candidates are the `CANDIDATE_LIMIT` most recent matches, and only they are ranked.

SQLite answers in one query. On PostgreSQL (a GIN index without pending list, see migration
0005) the most recent matches are found step by step, each step reading at most a few thousand
rows of the table, newest first, stopping once it has enough:

0. when the caller says the queryset is narrow (one commune's own registry, one issuer) and it
   holds at most `NARROW_LIMIT` documents, those documents, each tested;
1. the newest `RECENT_WALK` documents, read down the recency index: common words end here;
2. the whole index, when the query matches at most `PROBE_LIMIT` documents (rare words,
   notations; skipped when step 1 already saw too many): one GIN scan, the matches sorted;
3. time windows (the current and previous month with the year ahead, then spans of 2, 4, 8 and
   16 months), each narrowed in the full-text index by its month words (`vbthang202511`, from the
   document's recency, is in the search text) and read whole only when it holds at most
   `WINDOW_CAP` matches; a window holding more is searched month by month, and a single month
   holding more is dense enough to be walked down the recency index;
4. what is older than the windows, read whole: only a query both common and old gets there.

Every step is exact (all the matches of its range, or the newest of a range holding enough) and
the ranges are consecutive, so the result is the one query's.
"""

import datetime

from django.db import connection
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL

from .textual import search_words

CANDIDATE_LIMIT = 200
RECENT_WALK = 2000
PROBE_LIMIT = 2000
WINDOW_CAP = 2000
NARROW_LIMIT = 5000
ATTACHMENT_TEXT_LIMIT = 200_000
MONTH_WORD = "vbthang"
# Spans of the windows after the first (the current and previous month, and the year ahead), in months.
WINDOW_SPANS = (2, 4, 8, 16)
MONTHS_AHEAD = 12
ORDERED = ("-recency", "-id")


def month_word(day: datetime.date) -> str:
    return f"{MONTH_WORD}{day.year:04d}{day.month:02d}"


def _month(index: int) -> datetime.date:
    """The first day of month number `index` (year * 12 + month - 1)."""
    return datetime.date(index // 12, index % 12 + 1, 1)


def windows(today: datetime.date) -> list[tuple[int | None, int | None]]:
    """(first month, month after the last) of each time window, as month numbers, newest first.

    The first is beyond the year ahead (a mistyped date: the recency index alone finds the few
    there are), the last is everything older than the windows; neither has month words.
    """
    now = today.year * 12 + today.month - 1
    edges = [now + MONTHS_AHEAD + 1, now - 1]
    for span in WINDOW_SPANS:
        edges.append(edges[-1] - span)
    result: list[tuple[int | None, int | None]] = [(edges[0], None)]
    result += [(older, newer) for newer, older in zip(edges, edges[1:], strict=False)]
    result.append((None, edges[-1]))
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
                         today: datetime.date | None = None, *, narrow: bool = False) -> list:
    """The `limit` most recent documents of `qs` holding every word, newest first.

    On PostgreSQL step by step (see the module's note); elsewhere one query: the same documents.
    `narrow` says `qs` may hold few documents (one unit's own registry, one issuer's documents):
    when it holds at most NARROW_LIMIT, they are read and tested one by one.
    """
    if connection.vendor != "postgresql" or not words:
        return list(matching(qs, words).order_by(*ORDERED)[:limit])
    return _Search(qs, " & ".join(words), limit).run(today or datetime.date.today(), narrow=narrow)


class _Search:
    """One PostgreSQL search for the most recent matches of `query` (a tsquery) in `qs`."""

    def __init__(self, qs: QuerySet, query: str, limit: int):
        self.qs, self.query, self.limit = qs, query, limit

    def run(self, today: datetime.date, *, narrow: bool = False) -> list:
        # 0. A small registry: its documents, newest first, each tested (the full-text index and
        # the newest documents would be the whole registry's, nearly all of them out of it).
        if narrow:
            rows = list(self.qs.order_by().values_list("recency", "id")[: NARROW_LIMIT + 1])
            if len(rows) <= NARROW_LIMIT:
                return self._visible(rows, self.limit, tested=True)
        # 1. Common words: the newest RECENT_WALK documents often hold `limit` matches, and then
        # they are exactly the most recent ones.
        recent = self._recent()
        if len(recent) >= self.limit:
            return recent
        # 2. Rare words: all the matches, unless the recent ones say there are too many to read.
        if self._worth_probing(len(recent)):
            rows = self._ids(None, None, PROBE_LIMIT)
            if rows is not None:
                return self._visible(rows, self.limit)
        # 3, 4. Time windows, newest first.
        found: list = []
        for start, before in windows(today):
            found += self._window(start, before, self.limit - len(found))
            if len(found) >= self.limit:
                break
        return found

    def _recent(self) -> list:
        return list(self.qs.filter(id__in=RawSQL(
            "SELECT r.id FROM (SELECT id, search_vector FROM documents_document ORDER BY recency DESC, id DESC "
            "LIMIT %s) r WHERE r.search_vector @@ to_tsquery('simple', %s)", [RECENT_WALK, self.query],
        )).order_by(*ORDERED)[: self.limit])

    def _worth_probing(self, recent: int) -> bool:
        """Whether the whole registry likely holds at most PROBE_LIMIT matches, judging by the
        `recent` ones among the newest RECENT_WALK documents."""
        return recent * _document_count() <= PROBE_LIMIT * RECENT_WALK

    def _window(self, start: int | None, before: int | None, need: int) -> list:
        """The `need` most recent visible matches of months [start, before)."""
        if start is None or before is None:  # beyond the windows: read it whole
            return list(self._in_window(self.qs, start, before).order_by(*ORDERED)[:need])
        rows = self._ids(start, before, WINDOW_CAP)
        if rows is not None:
            return self._visible(rows, need)
        if before - start == 1:  # one month holding more than WINDOW_CAP matches: dense, walk it
            return self._walk(start, before, need)
        # More than WINDOW_CAP matches: month by month, newest first (each month's words scanned once).
        found: list = []
        for month in range(before - 1, start - 1, -1):
            found += self._window(month, month + 1, need - len(found))
            if len(found) >= need:
                break
        return found

    def _in_window(self, qs: QuerySet, start: int | None, before: int | None) -> QuerySet:
        """`qs` narrowed to the matches of months [start, before): by their month words alone when
        bounded (a document's month word is its recency's, see `reindex`, and a range on the recency
        index besides would only add a bitmap to build), else by recency."""
        if start is not None and before is not None:
            months = " | ".join(month_word(_month(m)) for m in range(start, before))
            return qs.filter(_matches(f"{self.query} & ({months})"))
        if start is not None:
            qs = qs.filter(recency__gte=_month(start))
        if before is not None:
            qs = qs.filter(recency__lt=_month(before))
        return qs.filter(_matches(self.query))

    def _ids(self, start: int | None, before: int | None, cap: int) -> list[tuple] | None:
        """(recency, id) of every match of months [start, before) in any scope, or None when there
        are more than `cap` (the full-text index is scanned whole, the table read at most cap + 1 times)."""
        from .models import Document

        window = self._in_window(Document.objects.order_by(), start, before)
        rows = list(window.values_list("recency", "id")[: cap + 1])
        return rows if len(rows) <= cap else None

    def _visible(self, rows: list[tuple], need: int, *, tested: bool = False) -> list:
        """The `need` most recent of these (recency, id) that `qs` keeps, read newest first in
        growing batches; `tested`: rows not yet known to match, each tested."""
        rows = sorted(rows, reverse=True)
        found: list = []
        at, size = 0, max(2 * need, 100)
        while at < len(rows) and len(found) < need:
            batch = [pk for _, pk in rows[at: at + size]]
            among = self.qs.filter(RawSQL("documents_document.id = ANY(%s)", [batch], output_field=BooleanField()))
            if tested:
                among = among.filter(self._tested())
            found += among.order_by(*ORDERED)[: need - len(found)]
            at, size = at + size, size * 2
        return found

    def _walk(self, start: int, before: int, need: int) -> list:
        """Down the recency index through months [start, before), testing each document: for
        windows dense with matches."""
        window = self.qs.filter(recency__gte=_month(start), recency__lt=_month(before)).filter(self._tested())
        return list(window.order_by(*ORDERED)[:need])

    def _tested(self) -> RawSQL:
        """The match, tested on each document's vector: hidden from the planner, which then never
        scans the whole full-text index for it."""
        return RawSQL("COALESCE(documents_document.search_vector @@ to_tsquery('simple', %s), FALSE)",
                      [self.query], output_field=BooleanField())


def _matches(query: str) -> RawSQL:
    return RawSQL("documents_document.search_vector @@ to_tsquery('simple', %s)", [query], output_field=BooleanField())


def _document_count() -> int:
    """The planner's estimate of the registry's size (no scan), at least 1."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = 'documents_document'::regclass")
        row = cursor.fetchone()
    return max(1, row[0] if row else 1)


def matching(qs: QuerySet, words: list[str]) -> QuerySet:
    """Documents of `qs` whose search text holds every word of `words` (already folded)."""
    if not words:
        return qs
    if connection.vendor == "postgresql":
        return qs.filter(_matches(" & ".join(words)))
    if connection.vendor == "sqlite":
        query = " ".join(f'"{w}"' for w in words)
        return qs.filter(id__in=RawSQL(
            "SELECT rowid FROM documents_document_fts WHERE documents_document_fts MATCH %s", [query]
        ))
    for word in words:  # any other database: a plain scan, same semantics
        qs = qs.filter(search_text__regex=rf"(^| ){word}( |$)")
    return qs
