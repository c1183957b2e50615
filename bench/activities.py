"""Activities at national scale: a year of monthly cell meetings, then the two roll-ups a superior reads.

    DATABASE_URL=postgres://…/chibo_bench chibo bench activities [--year 2025] [--month 10] [--seed 1]
        [--province N] [--repeat 5] [--rebuild] [--drop]

Works on the national tree of `bench/_national.py` (34 provinces, 3,321 communes, ~250,000 cells,
5.6 million members), generating it first if the database is empty, and writes only to the
activities table: one regular meeting a month for every cell of the year (about 5 % of months
missed), with the counts as the check-in leaves them (members expected = the cell's members).
The rows carry the check-in code `BENCH`, so `--rebuild`/`--drop` remove exactly them.

Then times, through the scope helper as a staff user of one province (by default the province with
the most cells; the role is held in memory so nothing is written outside activities):
  - the province's attendance rate over the year (selectors.attendance_rate)
  - its cells without a regular meeting in one month (selectors.cells_without_regular_meeting)
Each target: under 1 s. Ends with one line of name=value pairs.
"""

import argparse
import datetime
import random
import time

import _common
import _national

MARK = "BENCH"
"""Check-in code of the generated meetings (a real code has six digits, so it never collides)."""


def build(year: int, seed: int, log) -> int:
    """A year of regular meetings for every current cell, with COPY; returns the number of meetings."""
    from django.db import connection, transaction

    from chibo.members.models import MEMBER_STATUSES
    from chibo.orgs.models import CELL_KINDS, Unit

    rng = random.Random(seed)
    started = time.perf_counter()
    cells = list(Unit.objects.filter(kind__in=CELL_KINDS).current().order_by("path").values_list("pk", flat=True))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT unit_id, count(*) FROM members_person WHERE status = ANY(%s) GROUP BY unit_id",
            [list(MEMBER_STATUSES)],
        )
        sizes = dict(cursor.fetchall())
    log(f"  {len(cells):,} chi bộ, {sum(sizes.values()):,} đảng viên đọc trong {time.perf_counter() - started:.1f} s")
    now = datetime.datetime.now(datetime.UTC)
    columns = ["unit_id", "kind", "topic", "on", "starts_at", "ends_at", "place", "status", "agenda", "carries_out",
               "next_meeting_topic", "checkin_code", "contents", "conclusions", "members_expected", "members_present",
               "members_absent_excused", "members_absent_unexcused", "sympathisers_present", "guests_present",
               "contributions", "created_at", "updated_at"]

    def meetings():
        for unit_id in cells:
            size = sizes.get(unit_id, 0)
            day = rng.choice((3, 5, 10, 15))
            for month in range(1, 13):
                if rng.random() < 0.05:
                    continue
                present = min(size, round(size * rng.uniform(0.75, 1.0)))
                excused = (size - present + 1) // 2
                yield (unit_id, "regular", "Sinh hoạt chi bộ thường kỳ", datetime.date(year, month, day),
                       datetime.time(14), datetime.time(16), "", "held", "", "", "", MARK,
                       "Đánh giá kết quả tháng, triển khai nhiệm vụ tháng tới.", "", size, present, excused,
                       size - present - excused, rng.randint(0, 3), 0, rng.randint(3, 15), now, now)

    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        made = _common.copy_rows(cursor, '"activities_activity"', [f'"{c}"' for c in columns], meetings())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE activities_activity")
    log(f"  {made:,} buổi sinh hoạt năm {year} ghi trong {time.perf_counter() - started:.1f} s")
    return made


def drop() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM activities_activity WHERE checkin_code = %s", [MARK])
        return cursor.rowcount


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="chibo bench activities")
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--month", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--province", type=int, default=0, help="số thứ tự tỉnh (1–34); 0: tỉnh nhiều chi bộ nhất")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true", help="xóa và sinh lại các buổi sinh hoạt của phép đo")
    parser.add_argument("--drop", action="store_true", help="chỉ xóa các buổi sinh hoạt của phép đo rồi thoát")
    args = parser.parse_args(argv)

    from django.db import connection
    from django.db.models import Count

    from chibo.activities import selectors
    from chibo.activities.models import Activity
    from chibo.orgs.models import CELL_KINDS, Unit, UnitKind

    _national.ensure_national()
    if args.drop or args.rebuild:
        print(f"Đã xóa {drop():,} buổi sinh hoạt của phép đo.")
        if args.drop:
            return 0
    ours = Activity.objects.filter(checkin_code=MARK)
    if not ours.filter(on__year=args.year).exists():
        print(f"Sinh một năm sinh hoạt chi bộ thường kỳ ({args.year})…")
        build(args.year, args.seed, print)
    provinces = list(Unit.objects.filter(kind=UnitKind.PROVINCE, depth=2).order_by("path"))
    if args.province:
        province = provinces[args.province - 1]
    else:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT substr(path, 1, %s), count(*) FROM orgs_unit WHERE kind = ANY(%s) GROUP BY 1 ORDER BY 2 DESC, 1 "
                "LIMIT 1", [len(provinces[0].path), list(CELL_KINDS)])
            biggest = cursor.fetchone()[0]
        province = next(p for p in provinces if p.path == biggest)
    province_cells = Unit.objects.filter(path__startswith=province.path, kind__in=CELL_KINDS).count()
    totals = ours.filter(on__year=args.year).aggregate(n=Count("id"))
    print(f"Dữ liệu: {Unit.objects.filter(kind__in=CELL_KINDS).count():,} chi bộ, {totals['n']:,} buổi sinh hoạt "
          f"năm {args.year}; đo tại {province.name} ({province_cells:,} chi bộ)")
    user = _national.staff_user("bench_hoatdong_tinh", province)

    rate_s, rate_max, rate = _common.timed(lambda: selectors.attendance_rate(user, province, args.year), args.repeat)
    print(f"  tỷ lệ dự sinh hoạt năm {args.year}: {rate['rate']:.4f} ({rate['present']:,}/{rate['expected']:,} lượt, "
          f"{rate['meetings']:,} buổi): trung vị {rate_s * 1000:.0f} ms, chậm nhất {rate_max * 1000:.0f} ms")
    missing_s, missing_max, missing = _common.timed(
        lambda: list(selectors.cells_without_regular_meeting(user, province, args.year, args.month)), args.repeat)
    print(f"  chi bộ chưa sinh hoạt tháng {args.month:02d}/{args.year}: {len(missing):,}: "
          f"trung vị {missing_s * 1000:.0f} ms, chậm nhất {missing_max * 1000:.0f} ms")
    by_cell_s, _max, by_cell = _common.timed(lambda: selectors.attendance_by_cell(user, province, args.year), 1)
    print(f"  tỷ lệ theo chi bộ: {len(by_cell):,} dòng: {by_cell_s * 1000:.0f} ms")
    ok = rate_s < 1 and missing_s < 1
    print(f"cells={province_cells} meetings={totals['n']} rate_ms={rate_s * 1000:.0f} missing_ms={missing_s * 1000:.0f} "
          f"missing_cells={len(missing)} by_cell_ms={by_cell_s * 1000:.0f} ok={int(ok)}")
    return 0 if ok else 1
