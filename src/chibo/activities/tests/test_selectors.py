"""Roll-ups are single grouped queries over the subtree and agree with the attendance rows."""

import datetime

import pytest

from chibo.activities import selectors, services
from chibo.activities.models import AttendanceStatus
from chibo.activities.reporting import attendance_rate, regular_meetings
from chibo.reporting import computed

from .factories import regular_meeting


@pytest.fixture
def held(tree, province_staff):
    """March 2025: cells_a[0] and cells_b[0] met (2 of 3 and 3 of 3 present); the others did not."""
    out = []
    for cell, present in ((tree.cells_a[0], 2), (tree.cells_b[0], 3)):
        activity = regular_meeting(province_staff, cell, on=datetime.date(2025, 3, 5))
        rows = list(activity.attendance.order_by("id"))
        services.do_record_roll_call(province_staff, activity, {
            r.pk: (AttendanceStatus.PRESENT if i < present else AttendanceStatus.EXCUSED, 1 if i < present else 0)
            for i, r in enumerate(rows)})
        services.do_record_minutes(province_staff, activity, contents="Nội dung.")
        out.append(activity)
    regular_meeting(province_staff, tree.cells_a[1], on=datetime.date(2025, 3, 9))  # planned, never held
    return out


def test_cells_without_a_meeting_is_one_query(tree, held, province_staff, django_assert_num_queries):
    selectors.cells_without_regular_meeting(province_staff, tree.province, 2025, 3).count()  # warm the role cache
    with django_assert_num_queries(1):
        missing = [c.pk for c in selectors.cells_without_regular_meeting(province_staff, tree.province, 2025, 3)]
    assert missing == [tree.cells_a[1].pk, tree.cells_b[1].pk]
    assert len(selectors.cells_without_regular_meeting(province_staff, tree.province, 2025, 4)) == 4


def test_attendance_rate_by_province_cell_and_member(tree, held, province_staff, django_assert_num_queries):
    selectors.attendance_rate(province_staff, tree.province, 2025)
    with django_assert_num_queries(1):
        total = selectors.attendance_rate(province_staff, tree.province, 2025)
    assert (total["meetings"], total["expected"], total["present"], total["rate"]) == (2, 6, 5, round(5 / 6, 4))
    with django_assert_num_queries(1):
        cells = selectors.attendance_by_cell(province_staff, tree.province, 2025)
    assert [(c["unit_id"], c["rate"]) for c in cells] == [(tree.cells_a[0].pk, round(2 / 3, 4)), (tree.cells_b[0].pk, 1.0)]
    members = selectors.attendance_by_member(province_staff, tree.cells_a[0], 2025)
    assert sorted(m["present"] for m in members) == [0, 1, 1] and all(m["invited"] == 1 for m in members)
    assert selectors.attendance_rate(province_staff, tree.province, 2024)["rate"] is None


def test_computed_indicators_for_reporting(tree, held, django_assert_num_queries):
    class Period:
        start, end = datetime.date(2025, 1, 1), datetime.date(2025, 3, 31)

    units = [tree.province, tree.commune_a, tree.commune_b, tree.cells_a[1]]
    with django_assert_num_queries(1):
        rates = attendance_rate(units, Period)
    # A unit whose cells held no meeting has no rate (the reporting module counts it as missing, not 0 %).
    assert {k: str(v) for k, v in rates.items()} == {tree.province.pk: "83.3", tree.commune_a.pk: "66.7",
                                                    tree.commune_b.pk: "100.0"}
    assert regular_meetings(units, Period) == {tree.province.pk: 2, tree.commune_a.pk: 1, tree.commune_b.pk: 1,
                                               tree.cells_a[1].pk: 0}
    assert "activities.attendance_rate" in computed.registered()


def test_scope_limits_roll_ups(tree, held, commune_a_staff):
    total = selectors.attendance_rate(commune_a_staff, tree.province, 2025)
    assert (total["meetings"], total["present"]) == (1, 2)
