"""Catalogue search by word within the scope: the same titles on SQLite and PostgreSQL.

Every expected list below is written out, so the suite proves the two databases agree by passing
on both (`DATABASE_URL=postgres://… pytest src/chibo/bookshelves`).
"""

import datetime
import importlib
import types

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chibo.accounts.models import Role, RoleKind, User
from chibo.bookshelves import selectors
from chibo.bookshelves.models import (
    WORD_SEPARATORS,
    Bookshelf,
    Title,
    resync_unit_paths,
    search_words,
    title_search_words,
)
from chibo.core import testing
from chibo.orgs.models import UnitKind
from chibo.orgs.services import do_move_unit

from .factories import make_shelf

BACKFILL = importlib.import_module("chibo.bookshelves.migrations.0004_title_words_and_unit_path")

TRICKY = [
    "Hoàng Sa, Trường Sa (tái bản)", "Kế hoạch 13-KH/TU: “Văn hóa đọc”… tập 2", "Hỏi - đáp về Bộ luật Dân sự",
    "ß ø æ œ ǆ", "中文书 😀 ₫100", "ក្រុង ភ្នំពេញ", "Sách © 2020 ½ ° ¿ ¡", "C++ / C# _x_ 50% a.b.c", "...", "—",
    "Tủ sách\u2003khu phố\u00a04 • «Thanh niên» ·", "l'école d’été",
]


class Catalogue:
    """Titles in two cells of commune A and one of commune B, created in this order (ids ascending)."""

    def __init__(self, tree):
        self.a1, self.a2 = make_shelf(tree.cells_a[0]), make_shelf(tree.cells_a[1])
        self.b = make_shelf(tree.cells_b[0])
        for shelf, title, author, isbn, subject in [
            (self.a1, "Luật Đất đai", "Quốc hội", "9786040000002", "law"),
            (self.a1, "Hỏi - đáp về Luật Hôn nhân và gia đình", "", "", "law"),
            (self.a2, "Hoàng Sa, Trường Sa là của Việt Nam", "Trần Thị Lan", "", "sea_islands"),
            (self.a2, "Công tác dân vận", "Nguyễn Văn Hùng", "", "party"),
            (self.a1, "An toàn giao thông cho thiếu nhi", "", "", "children"),
            (self.b, "Luật Đất đai (tái bản)", "Quốc hội", "", "law"),
            (self.a2, "Những câu chuyện về Bác Hồ, tập 3", "", "", "history"),
        ]:
            Title.objects.create(shelf=shelf, title=title, author=author, isbn=isbn, subject=subject,
                                 added_on="2024-01-01")


@pytest.fixture
def catalogue(tree):
    return Catalogue(tree)


IN_COMMUNE_A = [  # (query, subject, titles found newest first)
    ("luat dat dai", "", ["Luật Đất đai"]),
    ("LUẬT", "", ["Hỏi - đáp về Luật Hôn nhân và gia đình", "Luật Đất đai"]),
    ("luat dat d", "", ["Luật Đất đai"]),                       # the last word as typed so far
    ("lua dat", "", []),                                       # the others whole
    ("hoàng sa trường sa", "", ["Hoàng Sa, Trường Sa là của Việt Nam"]),
    ("Tran Thi Lan", "", ["Hoàng Sa, Trường Sa là của Việt Nam"]),  # the author
    ("an", "", ["An toàn giao thông cho thiếu nhi"]),           # not "dân", "Lan", "toàn"
    ("dân", "", ["Công tác dân vận"]),
    ("hoi-dap", "", ["Hỏi - đáp về Luật Hôn nhân và gia đình"]),
    ("tập 3", "", ["Những câu chuyện về Bác Hồ, tập 3"]),
    ("9786040000002", "", ["Luật Đất đai"]),
    ("", "law", ["Hỏi - đáp về Luật Hôn nhân và gia đình", "Luật Đất đai"]),
    ("luat", "party", []),
    ("không có sách này", "", []),
    ("“ ”", "", ["Những câu chuyện về Bác Hồ, tập 3", "An toàn giao thông cho thiếu nhi", "Công tác dân vận",
                 "Hoàng Sa, Trường Sa là của Việt Nam", "Hỏi - đáp về Luật Hôn nhân và gia đình",
                 "Luật Đất đai"]),                             # no word at all: the newest titles
]


@pytest.fixture
def cells_a_secretary(tree):
    """Roles at both cells of commune A: the same titles as commune A's staff, as two subtrees."""
    user = testing.make_user(tree.cells_a[0], RoleKind.SECRETARY, username="hai_chi_bo")
    Role.objects.create(user=user, unit=tree.cells_a[1], kind=RoleKind.SECRETARY)
    return user


@pytest.mark.parametrize("who", ["commune_a_staff", "cells_a_secretary"])
def test_search_finds_titles_by_word_within_the_scope(catalogue, request, who):
    user = request.getfixturevalue(who)
    for query, subject, expected in IN_COMMUNE_A:
        found = [t.title for t in selectors.search_catalogue(user, query, subject=subject)]
        assert found == expected, (who, query, subject)


def test_search_returns_the_newest_matches_up_to_the_limit(catalogue, commune_a_staff):
    found = [t.title for t in selectors.search_catalogue(commune_a_staff, "luat", limit=1)]
    assert found == ["Hỏi - đáp về Luật Hôn nhân và gia đình"]


@pytest.mark.parametrize("who", ["superuser", "central staff"])
def test_search_over_the_whole_tree(catalogue, tree, who):
    if who == "superuser":
        user = User.objects.create_superuser("quan_tri", password="mat-khau-thu-nghiem")
    else:
        user = testing.make_user(tree.central, RoleKind.STAFF, username="trung_uong")
    found = [t.title for t in selectors.search_catalogue(user, "luật đất")]
    assert found == ["Luật Đất đai (tái bản)", "Luật Đất đai"]
    assert [t.title for t in selectors.search_catalogue(user, "luat", subject="law", limit=2)] == [
        "Luật Đất đai (tái bản)", "Hỏi - đáp về Luật Hôn nhân và gia đình"]


@pytest.mark.parametrize("window", [1, 2, 4, 100])
def test_search_over_the_country_finds_the_newest_whether_or_not_among_the_recent(catalogue, monkeypatch, window):
    monkeypatch.setattr(selectors, "RECENT_TITLES", window)
    admin = User.objects.create_superuser("quan_tri", password="mat-khau-thu-nghiem")
    newest = ["Luật Đất đai (tái bản)", "Hỏi - đáp về Luật Hôn nhân và gia đình", "Luật Đất đai"]
    for limit in (1, 2, 3, 50):
        assert [t.title for t in selectors.search_catalogue(admin, "luat", limit=limit)] == newest[:limit], limit
    assert [t.title for t in selectors.search_catalogue(admin, "", limit=2)] == [
        "Những câu chuyện về Bác Hồ, tập 3", "Luật Đất đai (tái bản)"]


def test_search_in_another_tree_does_not_cover_every_tree(catalogue, tree):
    other = testing.make_unit(None, "Cây khác", UnitKind.CENTRAL)
    user = testing.make_user(other, RoleKind.STAFF, username="cay_khac")
    assert list(selectors.search_catalogue(user, "luat")) == []


def test_public_search_sees_public_shelves_only(catalogue):
    catalogue.a1.is_public = False
    catalogue.a1.save()
    found = [t.title for t in selectors.search_catalogue(None, "luat dat", public=True)]
    assert found == ["Luật Đất đai (tái bản)"]


def test_titles_follow_their_cell_when_it_moves(catalogue, tree, commune_a_staff, commune_b_staff):
    do_move_unit(tree.cells_a[0], tree.commune_b, on=datetime.date(2025, 7, 1))
    tree.cells_a[0].refresh_from_db()
    assert set(Title.objects.filter(shelf=catalogue.a1).values_list("unit_path", flat=True)) == {tree.cells_a[0].path}
    assert [t.title for t in selectors.search_catalogue(commune_b_staff, "luat dat")] == [
        "Luật Đất đai (tái bản)", "Luật Đất đai"]
    assert list(selectors.search_catalogue(commune_a_staff, "luat dat")) == []


def test_a_stale_unit_path_never_shows_a_title_out_of_scope(catalogue, tree, commune_a_staff):
    Title.objects.filter(shelf=catalogue.b).update(unit_path=tree.cells_a[0].path)
    assert [t.title for t in selectors.search_catalogue(commune_a_staff, "luat dat")] == ["Luật Đất đai"]
    assert resync_unit_paths() == 1
    assert Title.objects.get(shelf=catalogue.b).unit_path == tree.cells_b[0].path


def test_a_shelf_given_to_another_cell_takes_its_titles_along(catalogue, tree):
    shelf = Bookshelf.objects.get(pk=catalogue.b.pk)
    shelf.unit = tree.cells_a[1]
    shelf.save()
    assert Title.objects.get(shelf=shelf).unit_path == tree.cells_a[1].path


def test_search_in_one_shelf_is_in_catalogue_order(catalogue, commune_a_staff):
    found = [t.title for t in selectors.search_catalogue(commune_a_staff, "luat", shelf=catalogue.a1)]
    assert found == ["Hỏi - đáp về Luật Hôn nhân và gia đình", "Luật Đất đai"]
    assert list(selectors.search_catalogue(commune_a_staff, "luat", shelf=catalogue.b)) == []  # not theirs


def test_words_are_cut_at_punctuation_and_kept_once():
    assert search_words("hoa giai, o co-so (hoa)") == ["hoa", "giai", "o", "co", "so"]
    assert title_search_words("hoa giai, o co-so (hoa)") == " hoa giai o co so hoa "
    assert title_search_words("") == "" and title_search_words("...") == ""


def test_migration_cuts_words_with_the_models_pattern():
    assert BACKFILL.WORD_SEPARATORS == WORD_SEPARATORS
    for text in TRICKY:
        assert BACKFILL.title_words(text) == title_search_words(text), text


def test_backfill_gives_what_saving_gives(tree):
    """0004's single UPDATE (SQL on PostgreSQL, the Python function on SQLite) agrees with Title.save."""
    shelf = make_shelf(tree.cells_a[0])
    for text in TRICKY:
        Title.objects.create(shelf=shelf, title=text, added_on="2024-01-01")
    saved = {t[0]: t[1:] for t in Title.objects.values_list("id", "search_words", "unit_path")}
    for key, words, path in Title.objects.values_list("search_key", "search_words", "unit_path"):
        assert (words, path) == (title_search_words(key), tree.cells_a[0].path)
    Title.objects.update(search_words="-", unit_path="-")
    BACKFILL.backfill(None, types.SimpleNamespace(connection=connection))
    assert {t[0]: t[1:] for t in Title.objects.values_list("id", "search_words", "unit_path")} == saved


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN index of words is PostgreSQL's")
def test_search_in_a_scope_uses_the_words_index(catalogue, commune_a_staff):
    """The query spells the indexed expression of migration 0005 exactly (else no index would do)."""
    with CaptureQueriesContext(connection) as queries:
        list(selectors.search_catalogue(commune_a_staff, "luat dat"))
    sql = next(q["sql"] for q in queries if "array_to_tsvector" in q["sql"])
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")  # nor the primary key walked backwards
        cursor.execute("EXPLAIN " + sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Bitmap Index Scan on bookshelves_title_words" in plan, plan
