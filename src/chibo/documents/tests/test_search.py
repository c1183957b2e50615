"""Search: numbers with or without leading zeros, and the stepwise PostgreSQL search finding exactly
what one query finds (SQLite answers in one query: there the comparison holds trivially)."""

import datetime
import importlib
from types import SimpleNamespace

import pytest
from django.db import connection

from chibo.core.testing import make_user
from chibo.documents import search
from chibo.documents.models import Distribution, Document
from chibo.documents.selectors import RANK_FIELDS, search_documents, visible_documents
from chibo.documents.services import do_register_document

TODAY = datetime.date(2026, 6, 10)


@pytest.fixture
def admin(db):
    return make_user(None, is_superuser=True, username="quantri")


@pytest.fixture
def numbered(tree, admin):
    reg = lambda owner, notation, **kw: do_register_document(owner=owner, actor=admin, notation=notation, **kw)  # noqa: E731
    return {
        "directive": reg(tree.central, "05-CT/TW", issued_on=datetime.date(2024, 1, 5),
                         abstract="Về tăng cường công tác tuyên truyền"),
        "plan": reg(tree.province, "8-KH/TU", issued_on=datetime.date(2024, 2, 1),
                    abstract="Thực hiện Chỉ thị số 05-CT/TW ngày 05/01/2024"),
        "guidance": reg(tree.board, "04-HD/BTGDVTU", issued_on=datetime.date(2025, 4, 1), abstract="Hướng dẫn học tập"),
        "fifty": reg(tree.province, "50-KH/TU", issued_on=datetime.date(2024, 3, 1), abstract="Kế hoạch năm 2024"),
    }


@pytest.mark.parametrize("query, expected", [
    ("chỉ thị 05", "directive"),
    ("chi thi 5", "directive"),
    ("5-CT/TW", "directive"),
    ("05-CT/TW", "directive"),
    ("Chỉ thị 005-CT/TW", "directive"),
    ("Chỉ thị số 05-CT/TW", "directive"),  # a pasted citation: its notation first
    ("ke hoach 08", "plan"),
    ("Kế hoạch 8", "plan"),
    ("08-KH/TU", "plan"),
    ("hướng dẫn 4", "guidance"),
    ("04-HD/BTGDVTU", "guidance"),
    ("4-HD/BTGDVTU", "guidance"),
])
def test_numbers_match_with_or_without_leading_zeros(numbered, admin, query, expected):
    results = search_documents(admin, query)
    assert results and results[0] == numbered[expected], [d.notation for d in results]


def test_a_number_is_a_whole_word(numbered, admin):
    assert numbered["fifty"] not in search_documents(admin, "ke hoach 5")
    assert {d.notation for d in search_documents(admin, "chi thi 5")} == {"05-CT/TW", "8-KH/TU"}  # the plan cites it
    assert search_documents(admin, "5/1/2024") == [numbered["plan"]]  # its date, written 05/01/2024


def test_the_migration_drops_leading_zeros_from_stored_search_text(tree, admin):
    document = do_register_document(owner=tree.central, actor=admin, notation="07-CT/TW", abstract="Chỉ thị số 07 năm 2020")
    rebuilt = document.search_text
    old = rebuilt.replace(" 7 ", " 07 ").replace("7 ct", "07 ct", 1)  # as the index held it before
    assert " 07 " in f" {old} " and old != rebuilt
    _store(document, old)
    assert search_documents(admin, "chi thi 7") == []

    migration = importlib.import_module("chibo.documents.migrations.0004_search_numbers_without_leading_zeros")
    migration.forward(None, SimpleNamespace(connection=connection))
    document.refresh_from_db()
    assert document.search_text == rebuilt
    assert search_documents(admin, "chi thi 7") == [document]
    assert search_documents(admin, "chỉ thị số 07")[0] == document


def _store(document: Document, text: str) -> None:
    Document.objects.filter(pk=document.pk).update(search_text=text)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("UPDATE documents_document_fts SET body = %s WHERE rowid = %s", [text, document.pk])


# --- The stepwise search (PostgreSQL) -----------------------------------------------------------------

def _month(index: int) -> datetime.date:
    return datetime.date(index // 12, index % 12 + 1, 1)


@pytest.fixture
def spread(tree, admin):
    """Five years of documents, one a month, and more in a few months.

    Words: `chung` in all; `vua` in every third; `hiem` in three; `cu` in a dozen crowded into
    October 2024 (inside the windows) and two in 2021; `gan` in a crowd this month. Commune B's
    documents are internal: commune A's staff do not see them.
    """
    owners = [tree.commune_a, tree.commune_b, tree.cells_a[0], tree.province]
    documents, number = [], 0

    def add(day: datetime.date, words: str):
        nonlocal number
        number += 1
        owner = owners[number % len(owners)]
        internal = owner == tree.commune_b and number % 2 == 0
        documents.append(do_register_document(
            owner=owner, actor=admin, notation=f"{number}-KH/{owner.code}", issued_on=day, abstract=f"chung {words}",
            distribution=Distribution.INTERNAL if internal else Distribution.PUBLIC,
        ))

    start = 2021 * 12
    for index in range(start, 2026 * 12 + 6):
        add(_month(index) + datetime.timedelta(days=index % 27), " ".join(
            w for w, on in (("vua", index % 3 == 0), ("hiem", index in (start + 5, start + 40, start + 62))) if on))
    for day in range(1, 13):
        add(datetime.date(2024, 10, day), "cu")
    add(datetime.date(2021, 2, 3), "cu")
    add(datetime.date(2021, 9, 3), "cu")
    for day in range(1, 7):
        add(datetime.date(2026, 6, day), "gan")
    # A mistyped date far ahead: the first window, beyond the year ahead.
    ahead = documents[3]
    Document.objects.filter(pk=ahead.pk).update(recency=datetime.date(2031, 1, 1), issued_on=datetime.date(2031, 1, 1))
    ahead.refresh_from_db()
    search.reindex(ahead)
    return documents


@pytest.mark.parametrize("registry_size, narrow_limit", [(1, 1000), (100_000, 3)])
def test_stepwise_search_finds_what_one_query_finds(spread, admin, commune_a_staff, monkeypatch, registry_size,
                                                    narrow_limit):
    # Tiny steps, so that a few dozen documents take every path: a small registry read whole, the
    # recent walk, the probe, windows read whole, crowded windows month by month and a crowded
    # month walked in order, and what is older.
    monkeypatch.setattr(search, "RECENT_WALK", 4)
    monkeypatch.setattr(search, "PROBE_LIMIT", 3)
    monkeypatch.setattr(search, "WINDOW_CAP", 3)
    monkeypatch.setattr(search, "NARROW_LIMIT", narrow_limit)
    monkeypatch.setattr(search, "_document_count", lambda: registry_size)
    paths = _record_paths(monkeypatch)
    for user, mine in ((admin, False), (commune_a_staff, False), (commune_a_staff, True)):
        light = visible_documents(user, mine=mine).select_related(None).values_list(*RANK_FIELDS, named=True)
        for words in (["chung"], ["vua"], ["hiem"], ["cu"], ["gan"], ["chung", "cu"], ["vua", "hiem"], ["khong"]):
            for limit in (1, 3, 8, 200):
                got = search.most_recent_matching(light, words, limit, today=TODAY, narrow=mine)
                want = search.matching(light, words).order_by("-recency", "-id")[:limit]
                assert [row.id for row in got] == [row.id for row in want], (user.username, mine, words, limit)
    if connection.vendor == "postgresql":
        assert paths["recent"] and paths["walked"] and paths["rest"]
        assert any(before - start == 1 for start, before in paths["months"])  # a crowded window, month by month
        assert paths["probed"] if registry_size == 1 else paths["not probed"]
        assert paths["narrow"] if narrow_limit > 100 else not paths["narrow"]


def _record_paths(monkeypatch) -> dict:
    """Count the steps the PostgreSQL search takes."""
    paths = {"recent": 0, "probed": 0, "not probed": 0, "walked": 0, "rest": 0, "months": [], "narrow": 0}
    cls = search._Search
    recent, worth, window, ids, walk = cls._recent, cls._worth_probing, cls._window, cls._ids, cls._walk
    visible = cls._visible

    def recording_visible(self, rows, need, *, tested=False):
        paths["narrow"] += tested
        return visible(self, rows, need, tested=tested)

    def recording_recent(self):
        found = recent(self)
        paths["recent"] += len(found) >= self.limit
        return found

    def recording_worth(self, count):
        worth_it = worth(self, count)
        paths["not probed"] += not worth_it
        return worth_it

    def recording_window(self, start, before, need):
        if start is None:
            paths["rest"] += 1
        elif before is not None:
            paths["months"].append((start, before))
        return window(self, start, before, need)

    def recording_ids(self, start, before, cap):
        rows = ids(self, start, before, cap)
        paths["probed"] += start is None and before is None and rows is not None
        return rows

    def recording_walk(self, start, before, need):
        paths["walked"] += 1
        return walk(self, start, before, need)

    for name, method in (("_recent", recording_recent), ("_worth_probing", recording_worth),
                         ("_window", recording_window), ("_ids", recording_ids), ("_walk", recording_walk),
                         ("_visible", recording_visible)):
        monkeypatch.setattr(cls, name, method)
    return paths


def test_windows_are_consecutive_newest_first():
    windows = search.windows(TODAY)
    now = TODAY.year * 12 + TODAY.month - 1
    assert windows[0] == (now + search.MONTHS_AHEAD + 1, None)
    assert windows[-1][0] is None
    for (start, _), (_, before) in zip(windows, windows[1:], strict=False):
        assert before == start
    spans = [before - start for start, before in windows[1:-1]]
    assert spans == [search.MONTHS_AHEAD + 2, *search.WINDOW_SPANS]


def test_own_registry_search_reads_the_small_registry(spread, tree, commune_a_staff):
    own = {tree.commune_a.pk, *(cell.pk for cell in tree.cells_a)}
    everything = [d for d in search_documents(commune_a_staff, "chung", limit=200) if d.owner_id in own]
    mine = search_documents(commune_a_staff, "chung", mine=True)
    assert mine == everything[:50] and len(mine) > 20
    assert search_documents(commune_a_staff, "hiem", mine=True) == [d for d in everything if "hiem" in d.abstract]
