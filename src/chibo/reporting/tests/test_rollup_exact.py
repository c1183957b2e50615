"""Roll-up totals equal an independent recomputation over random trees and values."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chibo.accounts.models import User
from chibo.core.testing import make_unit
from chibo.orgs.models import UnitKind
from chibo.reporting import selectors, services
from chibo.reporting.models import Aggregation, ValueType

from .factories import CELL

INDICATORS = [
    dict(code="SUM_INT", name="Số người", value_type=ValueType.INTEGER, aggregation=Aggregation.SUM),
    dict(code="SUM_MONEY", name="Tiền đóng góp", value_type=ValueType.MONEY, aggregation=Aggregation.SUM),
    dict(code="SUM_QTY", name="Rác thu gom", value_type=ValueType.DECIMAL, aggregation=Aggregation.SUM),
    dict(code="AVG", name="Tiêu chí bình quân", value_type=ValueType.DECIMAL, aggregation=Aggregation.AVERAGE),
    dict(code="MIN", name="Nhỏ nhất", value_type=ValueType.DECIMAL, aggregation=Aggregation.MIN),
    dict(code="MAX", name="Lớn nhất", value_type=ValueType.DECIMAL, aggregation=Aggregation.MAX),
]

amounts = st.decimals(min_value=Decimal("0"), max_value=Decimal("999999999999"), places=4, allow_nan=False, allow_infinity=False)
integers = st.integers(min_value=0, max_value=10**9).map(Decimal)
statuses = st.sampled_from(["draft", "submitted", "approved", "returned", "resubmitted"])

# A tree shape: for each commune, a list of cells; some cells sit one level lower (under a grassroots body).
cell_spec = st.fixed_dictionaries({
    "nested": st.booleans(),
    "status": statuses,
    "SUM_INT": integers, "SUM_MONEY": amounts, "SUM_QTY": amounts, "AVG": amounts, "MIN": amounts, "MAX": amounts,
})
tree_spec = st.lists(st.lists(cell_spec, min_size=0, max_size=4), min_size=1, max_size=3)


@pytest.fixture
def admin(db):
    return User.objects.create_superuser("quantri", password="mat-khau-thu-nghiem")


def expected_figures(cells, units_under):
    """Independent recomputation: plain Python over the values that count."""
    counted = [c for c in cells if c["status"] in ("submitted", "approved", "resubmitted")]
    result = {}
    for unit_key, members in units_under.items():
        rows = [c for c in counted if c["key"] in members]
        figures = {}
        for spec in INDICATORS:
            code = spec["code"]
            vals = [r[code] for r in rows]
            if not vals:
                figures[code] = None
            elif spec["aggregation"] == Aggregation.SUM:
                figures[code] = sum(vals, Decimal(0))
            elif spec["aggregation"] == Aggregation.AVERAGE:
                figures[code] = (sum(vals, Decimal(0)) / len(vals)).quantize(Decimal("0.01"))
            elif spec["aggregation"] == Aggregation.MIN:
                figures[code] = min(vals)
            else:
                figures[code] = max(vals)
        result[unit_key] = (figures, len(rows))
    return result


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(spec=tree_spec)
def test_rollup_equals_independent_recomputation_over_random_trees(admin, spec):
    with transaction.atomic():
        root = make_unit(None, "Tỉnh ủy Ngẫu Nhiên", UnitKind.PROVINCE)
        form = services.do_create_form(admin, root, code="X", name="Biểu thử", reporting_kinds=CELL, indicators=INDICATORS)
        period = services.get_period("month", datetime.date(2024, 1, 1))
        when = timezone.make_aware(datetime.datetime(2024, 2, 1))
        units = {"root": root}
        under = {"root": set()}
        cells = []
        for ci, commune_cells in enumerate(spec):
            commune = make_unit(root, f"Đảng ủy xã {ci}", UnitKind.COMMUNE)
            units[f"c{ci}"] = commune
            under[f"c{ci}"] = set()
            grassroots = None
            for k, cell in enumerate(commune_cells):
                parent = commune
                if cell["nested"]:
                    if grassroots is None:
                        grassroots = make_unit(commune, f"Đảng bộ cơ sở {ci}", UnitKind.GRASSROOTS)
                        units[f"g{ci}"] = grassroots
                        under[f"g{ci}"] = set()
                    parent = grassroots
                    under[f"g{ci}"].add(f"{ci}.{k}")
                unit = make_unit(parent, f"Chi bộ {ci}.{k}", UnitKind.CELL)
                key = f"{ci}.{k}"
                units[key] = unit
                under[key] = {key}
                under["root"].add(key)
                under[f"c{ci}"].add(key)
                cells.append(dict(cell, key=key))
                raw = {code: cell[code] for code in ("SUM_INT", "SUM_MONEY", "SUM_QTY", "AVG", "MIN", "MAX")}
                sub = services.do_save_report(admin, unit, form, period, raw)
                if cell["status"] != "draft":
                    sub = services.do_submit_report(admin, sub, now=when)
                if cell["status"] == "approved":
                    services.do_approve_report(admin, sub)
                if cell["status"] in ("returned", "resubmitted"):
                    services.do_return_report(admin, sub, "Kiểm tra lại")
                if cell["status"] == "resubmitted":
                    services.do_submit_report(admin, sub, now=when)
        expected = expected_figures(cells, under)

        def check():
            for key, (figures, reported) in expected.items():
                row = selectors.unit_totals(units[key], form, period)
                got = {code: f.value for code, f in row.figures.items()}
                assert got == figures, key
                assert row.reported == reported
                assert row.expected == len(under[key])
            for c in selectors.children_rows(root, form, period):
                key = next(k for k, u in units.items() if u.pk == c.unit.pk)
                assert {code: f.value for code, f in c.figures.items()} == expected[key][0], key

        check()  # kept current by each submit and return, in the same transaction
        services.rebuild_aggregates(form, period)
        check()  # and the set-based rebuild gives the same rows
        transaction.set_rollback(True)
