"""Shelf figures reach reporting as computed indicators, one query for any number of units."""

import datetime
from types import SimpleNamespace

from django.utils import timezone

from chibo.bookshelves import reporting as shelf_reporting  # noqa: F401  (registers the indicators)
from chibo.reporting import computed

SINCE_2024 = SimpleNamespace(start=datetime.date(2024, 1, 1), end=timezone.localdate())


def test_computed_indicators_roll_up_the_subtree_in_one_query(tree, shelves, django_assert_num_queries):
    units = [tree.province, tree.commune_a, tree.commune_b, tree.cells_a[1]]
    with django_assert_num_queries(1):
        copies = computed.compute("bookshelves.copies", units, SINCE_2024)
    assert copies == {tree.province.pk: 8, tree.commune_a.pk: 4, tree.commune_b.pk: 4, tree.cells_a[1].pk: 0}
    assert computed.compute("bookshelves.loans", units, SINCE_2024)[tree.province.pk] == 2
    earlier = SimpleNamespace(start=datetime.date(2020, 1, 1), end=datetime.date(2020, 12, 31))
    assert computed.compute("bookshelves.loans", units, earlier)[tree.province.pk] == 0
    assert computed.compute("bookshelves.shelves", units, SINCE_2024)[tree.commune_a.pk] == 1
    before = SimpleNamespace(start=datetime.date(2023, 1, 1), end=datetime.date(2023, 12, 31))
    assert computed.compute("bookshelves.copies", units, before)[tree.province.pk] == 0  # catalogued later
    assert "bookshelves.supporters" in computed.registered()
