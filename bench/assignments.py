"""Assignments at national scale: fan-out to every commune and to every cell, and a province's dashboard.

    DATABASE_URL=postgres://…/chibo_bench chibo bench assignments [--province N] [--repeat 5] [--keep]
        [--drop]

Works on the national tree of `bench/_national.py` (34 provinces, 3,321 communes, ~250,000 cells),
generating it first if the database is empty, and writes only to the assignments tables. Times:
  1. one assignment from the centre to every commune, through services.do_fan_out_assignment
     (target under 5 s);
  2. one assignment from the centre to every cell (target under 60 s);
  3. one province's dashboard, the issuer's page `assignments:detail` rendered in full (summary,
     completion tree, counts by level, overdue and to-review lists) for an assignment the province
     handed to all its communes and cells, seen the day after the deadline with a realistic mix of
     states (target under 300 ms, median of --repeat runs after one warm-up);
  and, for information, the national all-cells assignment opened at the province's node (what the
  completion API returns for `node=<province>`). Before timing the dashboard the tasks table gets
  VACUUM ANALYZE (what autovacuum does after such a bulk write), so the counts can be read from
  the assignee_task_progress index. The last figures are the load average and a fixed pure-Python
  sum (cpu_ref_ms): on a shared machine every time above grows with them.

The issuing staff are held in memory (a user that may manage everywhere for the centre; a staff
role of the province for its dashboard): nothing is written outside the assignments tables, so the
fan-out's one audit row is not written here. Every row the bench makes carries the title prefix
below and is deleted at the end (and at the start, if an earlier run was interrupted), unless
--keep. Ends with one line of name=value pairs.
"""

import argparse
import datetime
import os
import statistics
import time
from unittest import mock

import _common
import _national

MARK = "[phép đo nhiệm vụ]"
"""Title prefix of the bench's assignments (how cleaning finds exactly its rows)."""

TARGETS = {"communes_s": 5.0, "cells_s": 60.0, "dashboard_ms": 300.0}


class CentralOffice:
    """The issuing office's staff, in memory: may manage every unit; not a saved user (created_by stays empty)."""

    is_superuser = True
    is_active = True
    is_authenticated = False
    pk = None

    def __str__(self) -> str:
        return "bench"



def drop() -> int:
    """Delete every row of the bench's assignments (set-based: hundreds of thousands of tasks)."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT id FROM assignments_assignment WHERE title LIKE %s", [MARK + "%"])
        ids = [r[0] for r in cursor.fetchall()]
        if not ids:
            return 0
        tasks = "SELECT id FROM assignments_assigneetask WHERE assignment_id = ANY(%s)"
        for table in ("assignments_taskevent", "assignments_notification", "assignments_extensionrequest"):
            cursor.execute(f"DELETE FROM {table} WHERE task_id IN ({tasks})", [ids])
        cursor.execute("DELETE FROM assignments_assigneetask WHERE assignment_id = ANY(%s)", [ids])
        count = cursor.rowcount
        cursor.execute("DELETE FROM assignments_assignment WHERE id = ANY(%s)", [ids])
    return count


def play(assignment, deadline: datetime.date) -> dict:
    """Move the tasks to a realistic mix of states, set-based (by id modulo 100): 40 % submitted on
    time, 25 % accepted, 5 % submitted late, 3 % returned with a later resubmission date, 7 % in
    progress, the rest untouched (so overdue once the deadline has passed)."""
    from django.db import connection, transaction

    on_time = datetime.datetime.combine(deadline - datetime.timedelta(days=2), datetime.time(9), datetime.UTC)
    late = datetime.datetime.combine(deadline + datetime.timedelta(days=1), datetime.time(9), datetime.UTC)
    steps = [
        (0, 40, "submitted", on_time, True, deadline),
        (40, 65, "accepted", on_time, True, deadline),
        (65, 70, "submitted", late, False, deadline),
        (70, 73, "returned", on_time, True, deadline + datetime.timedelta(days=14)),
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        for low, high, state, at, timely, due in steps:
            cursor.execute(
                "UPDATE assignments_assigneetask SET state = %s, submitted_at = %s, submitted_on_time = %s, "
                "due_on = %s, submission_note = 'Đã thực hiện', version = version + 1 "
                "WHERE assignment_id = %s AND id %% 100 >= %s AND id %% 100 < %s",
                [state, at, timely, due, assignment.pk, low, high])
        cursor.execute("UPDATE assignments_assigneetask SET state = 'in_progress' "
                       "WHERE assignment_id = %s AND id %% 100 >= 73 AND id %% 100 < 80", [assignment.pk])
        cursor.execute("UPDATE assignments_assigneetask SET reviewed_at = submitted_at "
                       "WHERE assignment_id = %s AND state IN ('accepted', 'returned')", [assignment.pk])
    from chibo.assignments.selectors import summary

    return summary(assignment, deadline + datetime.timedelta(days=1))


def cpu_reference_ms() -> float:
    """Median time of a fixed pure-Python sum, to read the other figures against the machine's load."""
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        sum(range(1_000_000))
        timings.append(time.perf_counter() - started)
    return statistics.median(timings) * 1000


def fan_out(issuer, kinds, today, title):
    from chibo.assignments import services

    started = time.perf_counter()
    assignment = services.do_fan_out_assignment(
        CentralOffice(), issuer=issuer, under=issuer, kinds=kinds, today=today,
        deadline=today + datetime.timedelta(days=30), title=f"{MARK} {title}",
    )
    return assignment, time.perf_counter() - started


def biggest_province(provinces):
    from django.db import connection

    from chibo.orgs.models import CELL_KINDS

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT substr(path, 1, %s), count(*) FROM orgs_unit WHERE kind = ANY(%s) GROUP BY 1 ORDER BY 2 DESC, 1 "
            "LIMIT 1", [len(provinces[0].path), list(CELL_KINDS)])
        biggest = cursor.fetchone()[0]
    return next(p for p in provinces if p.path == biggest)


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="chibo bench assignments")
    parser.add_argument("--province", type=int, default=0, help="số thứ tự tỉnh (1–34); 0: tỉnh nhiều chi bộ nhất")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="giữ lại các nhiệm vụ của phép đo")
    parser.add_argument("--drop", action="store_true", help="chỉ xóa các nhiệm vụ của phép đo rồi thoát")
    args = parser.parse_args(argv)

    from django.db import connection
    from django.test import RequestFactory
    from django.utils import timezone

    from chibo.assignments import selectors, services, views
    from chibo.orgs.models import CELL_KINDS, Unit, UnitKind

    central = _national.ensure_national()
    left = drop()
    if left:
        print(f"Đã xóa {left:,} việc còn lại của lần đo trước.")
    if args.drop:
        return 0
    today = timezone.localdate()
    provinces = list(Unit.objects.filter(kind=UnitKind.PROVINCE, depth=2).order_by("path"))
    province = provinces[args.province - 1] if args.province else biggest_province(provinces)
    print(f"Dữ liệu: {Unit.objects.filter(kind=UnitKind.COMMUNE).count():,} xã, phường; "
          f"{Unit.objects.filter(kind__in=CELL_KINDS).count():,} chi bộ")
    try:
        with mock.patch.object(services, "record", lambda *a, **k: None):  # no audit row: see the docstring
            communes, communes_s = fan_out(central, [UnitKind.COMMUNE], today,
                                           "Xây dựng kế hoạch thực hiện của cấp ủy xã, phường")
            print(f"  giao cho mọi xã, phường: {communes.assignee_count:,} việc trong {communes_s:.2f} s "
                  f"(mục tiêu < {TARGETS['communes_s']:.0f} s)")
            cells, cells_s = fan_out(central, list(CELL_KINDS), today, "Rà soát tủ sách chi bộ")
            print(f"  giao cho mọi chi bộ: {cells.assignee_count:,} việc trong {cells_s:.1f} s "
                  f"({cells.assignee_count / cells_s:,.0f} việc/s; mục tiêu < {TARGETS['cells_s']:.0f} s)")
            own, own_s = fan_out(province, [UnitKind.COMMUNE, *CELL_KINDS], today,
                                 "Sơ kết thực hiện nghị quyết của Tỉnh ủy")
        print(f"  {province.name} giao cho mọi xã và chi bộ của tỉnh: {own.assignee_count:,} việc "
              f"trong {own_s:.2f} s")

        # A day after the deadline, with most units done and the rest overdue.
        play(cells, cells.deadline)
        counts = play(own, own.deadline)
        started = time.perf_counter()
        with connection.cursor() as cursor:  # what autovacuum does after a bulk write, done now
            cursor.execute("VACUUM ANALYZE assignments_assigneetask")
        print(f"  VACUUM ANALYZE bảng việc được giao: {time.perf_counter() - started:.1f} s")
        seen_on = own.deadline + datetime.timedelta(days=1)
        print(f"  trạng thái ngày {seen_on:%d/%m/%Y}: {counts['done']:,} đã nộp/duyệt, {counts['returned']:,} "
              f"bị trả lại, {counts['overdue']:,} quá hạn; đúng hạn {counts['on_time_rate']}%")

        staff = _national.staff_user("bench_nhiemvu_tinh", province)
        request = RequestFactory().get(f"/nhiem-vu/{own.pk}/")
        request.user = staff
        request._messages = []  # the base template reads messages; none here
        with mock.patch("chibo.assignments.clock.today", lambda: seen_on):
            def dashboard():
                response = views.detail(request, own.pk)
                assert response.status_code == 200, response.status_code
                return response.content

            page_s, page_max, page = _common.timed(dashboard, args.repeat)
            expected = f'data-count="overdue">{counts["overdue"]:,}'.replace(",", ".")
            assert expected in page.decode(), "the dashboard does not show the overdue count"
            print(f"  bảng theo dõi của {province.name} ({len(page) // 1024} KB HTML): trung vị {page_s * 1000:.0f} ms, "
                  f"chậm nhất {page_max * 1000:.0f} ms (mục tiêu < {TARGETS['dashboard_ms']:.0f} ms)")

            node_s, node_max, node = _common.timed(lambda: selectors.completion(cells, seen_on, province), args.repeat)
            print(f"  nhiệm vụ toàn quốc mở tại {province.name}: {node['summary']['total']:,} việc, "
                  f"{len(node['children'])} đơn vị "
                  f"con: trung vị {node_s * 1000:.0f} ms, chậm nhất {node_max * 1000:.0f} ms")
    finally:
        if not args.keep:
            started = time.perf_counter()
            print(f"Đã xóa {drop():,} việc của phép đo trong {time.perf_counter() - started:.1f} s.")

    load, cpu_ms = os.getloadavg()[0], cpu_reference_ms()
    print(f"Máy đo: tải trung bình {load:.1f} trên {os.cpu_count()} lõi; phép tính mẫu {cpu_ms:.0f} ms "
          "(máy càng bận, số này càng lớn: đọc các thời gian trên cùng với nó).")
    figures = {"communes": communes.assignee_count, "communes_s": round(communes_s, 2),
               "cells": cells.assignee_count, "cells_s": round(cells_s, 1),
               "province_tasks": own.assignee_count, "dashboard_ms": round(page_s * 1000),
               "national_node_ms": round(node_s * 1000), "load": round(load, 1), "cpu_ref_ms": round(cpu_ms)}
    ok = all(figures[k] < limit for k, limit in TARGETS.items())
    print(" ".join(f"{k}={v}" for k, v in figures.items()) + f" ok={int(ok)}")
    return 0 if ok else 1
