"""Roll-up reads: completeness and timeliness per child, trend, missing units, a fixed number of queries."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from chibo.accounts.models import RoleKind
from chibo.core import testing
from chibo.core.testing import make_unit
from chibo.orgs.models import UnitKind
from chibo.reporting import selectors, services

from .factories import make_form, march_2023

ON_TIME = timezone.make_aware(datetime.datetime(2023, 4, 3, 9))
LATE = timezone.make_aware(datetime.datetime(2023, 4, 20, 9))


@pytest.fixture
def form(tree, province_staff):
    return make_form(province_staff, tree.province)


def submit(unit, form, period, raw, when=ON_TIME):
    actor = testing.make_user(unit, RoleKind.SECRETARY)
    sub = services.do_save_report(actor, unit, form, period, raw)
    return services.do_submit_report(actor, sub, now=when)


def test_children_rows_give_each_childs_completeness_and_timeliness(tree, form):
    period = march_2023()
    submit(tree.cells_a[0], form, period, {"NGUOI": "10"})
    submit(tree.cells_a[1], form, period, {"NGUOI": "5"}, when=LATE)
    r = selectors.rollup(tree.province, form, period)
    rows = {row.unit.pk: row for row in r.children}
    a, b = rows[tree.commune_a.pk], rows[tree.commune_b.pk]
    assert tree.board.pk not in rows, "a board with nothing to report is left out of the comparison"
    board = next(row for row in selectors.children_rows(tree.province, form, period) if row.unit.pk == tree.board.pk)
    assert (a.expected, a.reported, a.on_time) == (2, 2, 1)
    assert (a.completeness, a.timeliness) == (Decimal("100.0"), Decimal("50.0"))
    assert (b.expected, b.reported, b.completeness) == (2, 0, Decimal("0.0"))
    assert board.expected == 0 and board.completeness is None, "a board does not report this form"
    assert a.figures["NGUOI"].value == 15 and b.figures["NGUOI"].value is None
    assert (r.total.expected, r.total.reported, r.total.on_time) == (4, 2, 1)
    assert r.total.completeness == Decimal("50.0") and r.total.timeliness == Decimal("25.0")
    assert [u.pk for u in selectors.missing_reports(tree.province, form, period)] == [c.pk for c in tree.cells_b]


def test_a_dissolved_cell_is_not_expected_after_it_ended(tree, form):
    gone = make_unit(tree.commune_b, "Chi bộ đã giải thể", UnitKind.CELL, valid_to=datetime.date(2023, 1, 1))
    period = march_2023()
    assert selectors.unit_totals(tree.commune_b, form, period).expected == 2
    earlier = services.get_period("month", datetime.date(2022, 12, 10))
    assert selectors.unit_totals(tree.commune_b, form, earlier).expected == 3
    assert gone not in selectors.missing_reports(tree.commune_b, form, period)


def test_trend_gives_each_period_its_figure_and_gaps_as_none(tree, form):
    periods = [services.get_period("month", datetime.date(2023, m, 1)) for m in (1, 2, 3)]
    submit(tree.cells_a[0], form, periods[0], {"NGUOI": "10", "TIEUCHI": "6"})
    submit(tree.cells_a[0], form, periods[2], {"NGUOI": "2.132", "TIEUCHI": "8"}, when=LATE)
    submit(tree.cells_b[0], form, periods[2], {"NGUOI": "8", "TIEUCHI": "11"}, when=LATE)
    assert selectors.recent_periods(form, periods[2]) == periods
    series = selectors.trend(tree.province, form, periods)
    assert series["NGUOI"] == [10, None, 2140]
    assert series["TIEUCHI"] == [6, None, Decimal("9.5")]


def test_rollup_reads_a_fixed_number_of_queries_whatever_the_tree_size(tree, form):
    period = march_2023()
    submit(tree.cells_a[0], form, period, {"NGUOI": "1"})

    def count():
        with CaptureQueriesContext(connection) as ctx:
            selectors.rollup(tree.province, form, period)
        return len(ctx.captured_queries)

    small = count()
    for i in range(6):
        commune = make_unit(tree.province, f"Đảng ủy xã Mới {i}", UnitKind.COMMUNE)
        for k in range(3):
            submit(make_unit(commune, f"Chi bộ {i}.{k}", UnitKind.CELL), form, period, {"NGUOI": "2", "RAC": "0,5"})
    tree.province.refresh_from_db()
    assert count() == small <= 7
    assert selectors.unit_totals(tree.province, form, period).figures["NGUOI"].value == 37
