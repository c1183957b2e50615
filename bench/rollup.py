"""`chibo bench rollup [--scale national|province] [--seed N] [--scratch] [--keep] [--no-naive-national]`

Roll-up of one period of a 20-indicator form over the reporting cells of the nation (~250,000
cells, ~5,000,000 values) or of one province (~7,500 cells). Measures, in one run:

- the full roll-up of the root (totals, completeness, timeliness, and its children) and of one
  province (totals and its ~100 communes), read from the aggregates the services maintain;
- the same numbers by a naive per-node recursive ORM traversal (`get_children()` node by node,
  one query per cell for its report), checked equal, and the ratio;
- one cell's submission (the write that keeps every ancestor's aggregate current), rolled back.

Where the data comes from:

- On PostgreSQL whose database already holds the national tree (`chibo bench generate`, see
  bench/_national.py), the bench uses that tree as it is and writes only the reporting tables:
  one form `BENCH-ROLLUP`, its submissions, values and aggregates, removed at the end unless
  `--keep` (a kept load is reused by the next run with the same scale and seed).
- Otherwise (SQLite, an empty PostgreSQL database, or `--scratch`) it builds a tree of the same
  shape in a database of its own (a file under var/bench/ on SQLite, `chibo_bench_rollup_<scale>`
  on PostgreSQL), created without migrations and dropped at the end unless `--keep`.

Deterministic from the seed. Ends with one line of name=value pairs.
"""

import argparse
import datetime
import random
import statistics
import time
from decimal import Decimal
from pathlib import Path

INDICATORS = 20
REPEAT = 5
FORM_CODE = "BENCH-ROLLUP"
NATIONAL_PROVINCES = 34


class _System:
    """The bench acts as the system: superuser rights, no user row, no audit actor."""

    pk = None
    is_authenticated = False
    is_superuser = True
    is_active = True


def _path(parent: str, n: int) -> str:
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    digits = ""
    for _ in range(4):
        n, r = divmod(n, 36)
        digits = alphabet[r] + digits
    return parent + digits


def _shape(scale: str, rng: random.Random):
    """Communes per province and cells per commune: 34 × ~98 × ~75 ≈ 250,000 nationally."""
    if scale == "national":
        provinces = NATIONAL_PROVINCES
        communes = [3321 // 34 + (1 if i < 3321 % 34 else 0) for i in range(provinces)]
    else:
        provinces, communes = 1, [100]
    total_communes = sum(communes)
    target = 250_000 if scale == "national" else 7_500
    cells = [rng.randint(50, 100) for _ in range(total_communes)]
    scale_by = target / sum(cells)
    cells = [max(1, round(c * scale_by)) for c in cells]
    cells[-1] += target - sum(cells)
    return provinces, communes, cells


def _insert(connection, table: str, columns: list[str], rows, batch: int = 20_000) -> int:
    """Bulk insert: COPY on PostgreSQL, executemany on SQLite."""
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
        chunk = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= batch:
                cursor.executemany(sql, chunk)
                count += len(chunk)
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)
            count += len(chunk)
    return count


def _has_national_tree() -> bool:
    from django.db import DatabaseError

    from chibo.orgs.models import Unit, UnitKind

    try:
        return Unit.objects.filter(kind=UnitKind.PROVINCE, depth=2).count() >= NATIONAL_PROVINCES
    except DatabaseError:
        return False


def _build_tree(scale: str, rng: random.Random, log) -> None:
    """A tree of the national (or one province's) shape, written straight into an empty database."""
    from django.db import connection, transaction

    from chibo.orgs.models import Unit, UnitKind

    provinces, communes_per_province, cells_per_commune = _shape(scale, rng)
    started = time.perf_counter()
    units = []
    next_id = [1]

    def add(path, depth, numchild, name, kind):
        pk = next_id[0]
        next_id[0] += 1
        units.append((pk, path, depth, numchild, name, "", "", kind, "", None, None, None, name.lower()))
        return pk

    root = _path("", 1)
    add(root, 1, provinces, "Trung ương", UnitKind.CENTRAL)
    commune_index = 0
    for p in range(provinces):
        ppath = _path(root, p + 1)
        add(ppath, 2, communes_per_province[p], f"Tỉnh ủy {p + 1}", UnitKind.PROVINCE)
        for c in range(communes_per_province[p]):
            cpath = _path(ppath, c + 1)
            n_cells = cells_per_commune[commune_index]
            commune_index += 1
            nested = n_cells // 3 if n_cells >= 6 else 0  # a third of the cells sit under a grassroots committee
            direct = n_cells - nested
            add(cpath, 3, direct + (1 if nested else 0), f"Đảng ủy xã {p + 1}.{c + 1}", UnitKind.COMMUNE)
            for k in range(direct):
                add(_path(cpath, k + 1), 4, 0, f"Chi bộ {p + 1}.{c + 1}.{k + 1}", UnitKind.CELL)
            if nested:
                gpath = _path(cpath, direct + 1)
                add(gpath, 4, nested, f"Đảng bộ cơ sở {p + 1}.{c + 1}", UnitKind.GRASSROOTS)
                for k in range(nested):
                    add(_path(gpath, k + 1), 5, 0, f"Chi bộ {p + 1}.{c + 1}.g{k + 1}", UnitKind.CELL)
    with transaction.atomic():
        _insert(connection, Unit._meta.db_table,
                ["id", "path", "depth", "numchild", "name", "short_name", "code", "kind", "place", "valid_from",
                 "valid_to", "successor_id", "name_folded"], units)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT setval(pg_get_serial_sequence('orgs_unit', 'id'), %s)", [next_id[0]])
    log(f"  cây (dựng riêng): {len(units):,} tổ chức ({time.perf_counter() - started:.1f} s)")


def _period():
    from chibo.reporting import services
    from chibo.reporting.models import PeriodKind

    return services.get_period(PeriodKind.MONTH, datetime.date(2025, 9, 1))


def _stamp(scale: str, seed: int) -> str:
    return f"bench rollup: scale={scale} seed={seed}"


def _drop_form(form, log) -> None:
    """Remove the bench form and every row hanging on it (reporting tables only)."""
    from django.db import connection, transaction

    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for sql in (
            "DELETE FROM reporting_aggregate WHERE indicator_id IN (SELECT id FROM reporting_indicator WHERE form_id = %s)",
            "DELETE FROM reporting_tally WHERE form_id = %s",
            "DELETE FROM reporting_value WHERE submission_id IN (SELECT id FROM reporting_submission WHERE form_id = %s)",
            "DELETE FROM reporting_submissionevent WHERE submission_id IN "
            "(SELECT id FROM reporting_submission WHERE form_id = %s)",
            "DELETE FROM reporting_submission WHERE form_id = %s",
            "DELETE FROM reporting_indicatorrule WHERE form_id = %s",
            "DELETE FROM reporting_indicator WHERE form_id = %s",
            "DELETE FROM reporting_reportform WHERE id = %s",
        ):
            cursor.execute(sql, [form.pk])
    log(f"  đã xóa biểu {FORM_CODE} và số liệu của nó ({time.perf_counter() - started:.1f} s)")


def _load(scope_unit, scale: str, seed: int, log):
    """The bench form, and one period's reports from the cells under `scope_unit` (all but one)."""
    from django.db import connection, transaction

    from chibo.orgs.models import CELL_KINDS, Unit
    from chibo.reporting import services
    from chibo.reporting.models import (
        Aggregation,
        Indicator,
        PeriodKind,
        ReportForm,
        Submission,
        Value,
        ValueType,
        to_stored,
    )

    rng = random.Random(seed)
    root = Unit.objects.get(depth=1, path=scope_unit.path[:Unit.steplen])
    period = _period()
    with transaction.atomic():
        # Written directly (not through do_create_form) so that nothing lands in the audit log.
        form = ReportForm.objects.create(
            owner=root, code=FORM_CODE, name="Biểu đo hiệu năng tổng hợp", period_kind=PeriodKind.MONTH,
            reporting_kinds=list(CELL_KINDS), description=_stamp(scale, seed),
        )
        aggregations = [Aggregation.SUM] * 14 + [Aggregation.AVERAGE] * 2 + [Aggregation.MIN, Aggregation.MAX] * 2
        types = [ValueType.INTEGER, ValueType.DECIMAL, ValueType.MONEY, ValueType.INTEGER] * 5
        Indicator.objects.bulk_create([
            Indicator(form=form, code=f"CT{i + 1:02d}", name=f"Chỉ tiêu {i + 1}", value_type=types[i],
                      aggregation=aggregations[i], order=i + 1)
            for i in range(INDICATORS)
        ])
    indicators = list(form.indicators.order_by("order"))
    cells = list(
        Unit.objects.subtree_of(scope_unit).filter(kind__in=CELL_KINDS)
        .filter(_in_force(period)).order_by("path").values_list("pk", flat=True)
    )
    cells.pop()  # one cell is left unreported so the bench can time a submission
    started = time.perf_counter()
    submitted_at = connection.ops.adapt_datetimefield_value(datetime.datetime(2025, 10, 3, 2, tzinfo=datetime.UTC))
    late_at = connection.ops.adapt_datetimefield_value(datetime.datetime(2025, 10, 9, 2, tzinfo=datetime.UTC))
    subs = []
    for unit_id in cells:
        if rng.random() >= 0.95:
            continue  # not reported: shows in completeness
        on_time = rng.random() < 0.9
        at = submitted_at if on_time else late_at
        subs.append((form.pk, period.pk, unit_id, "own", "approved" if rng.random() < 0.7 else "submitted",
                     at, at, on_time, "", 1, at))

    def values(ids):
        for unit_id in (s[2] for s in subs):
            sid = ids[unit_id]
            for ind in indicators:
                if ind.value_type == ValueType.MONEY:
                    number = Decimal(rng.randint(0, 2_000_000)) * 1000
                elif ind.value_type == ValueType.DECIMAL:
                    number = Decimal(rng.randint(0, 99_999)) / 10
                else:
                    number = Decimal(rng.randint(0, 500))
                yield (sid, ind.pk, to_stored(number), "", False)

    with transaction.atomic():
        _insert(connection, Submission._meta.db_table,
                ["form_id", "period_id", "unit_id", "kind", "status", "submitted_at", "first_submitted_at",
                 "on_time", "note", "version", "updated_at"], subs)
        ids = dict(Submission.objects.filter(form=form, period=period).values_list("unit_id", "pk"))
        n_values = _insert(connection, Value._meta.db_table, ["submission_id", "indicator_id", "number", "text", "is_outlier"],
                           values(ids))
    log(f"  báo cáo: {len(subs):,}/{len(cells) + 1:,} chi bộ đã báo cáo, {n_values:,} giá trị "
        f"({time.perf_counter() - started:.1f} s)")
    started = time.perf_counter()
    written = services.rebuild_aggregates(form, period)
    rebuild_s = time.perf_counter() - started
    _analyze(connection)
    log(f"  số tổng hợp dựng lại: {written:,} dòng ({rebuild_s:.1f} s)")
    return form, period, rebuild_s


def _analyze(connection) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in ("reporting_submission", "reporting_value", "reporting_aggregate", "reporting_tally"):
                cursor.execute(f"ANALYZE {table}")
        else:
            cursor.execute("ANALYZE")


def _in_force(period):
    from django.db.models import Q

    return (Q(valid_from__isnull=True) | Q(valid_from__lte=period.end)) & (Q(valid_to__isnull=True) | Q(valid_to__gt=period.start))


def _naive(unit, form, period, indicators):
    """The roll-up as one would write it without a design: recurse node by node through the ORM."""
    from chibo.orgs.models import CELL_KINDS
    from chibo.reporting.models import COUNTED_STATUSES, Submission, Value

    totals = {ind.pk: Decimal(0) for ind in indicators}
    counts = {ind.pk: 0 for ind in indicators}
    mins, maxs = {}, {}
    expected = reported = on_time = 0
    in_force = ((unit.valid_from is None or unit.valid_from <= period.end)
                and (unit.valid_to is None or unit.valid_to > period.start))
    if unit.kind in form.reporting_kinds and in_force:
        expected = 1
        sub = Submission.objects.filter(form=form, period=period, unit=unit, kind="own", status__in=COUNTED_STATUSES).first()
        if sub is not None:
            reported, on_time = 1, int(bool(sub.on_time))
            for v in Value.objects.filter(submission=sub):
                if v.number is None:
                    continue
                totals[v.indicator_id] += v.number
                counts[v.indicator_id] += 1
                mins[v.indicator_id] = min(mins.get(v.indicator_id, v.number), v.number)
                maxs[v.indicator_id] = max(maxs.get(v.indicator_id, v.number), v.number)
    if unit.kind not in CELL_KINDS:
        for child in unit.get_children():
            t, c, lo, hi, e, r, o = _naive(child, form, period, indicators)
            for k in totals:
                totals[k] += t[k]
                counts[k] += c[k]
                if k in lo:
                    mins[k] = min(mins.get(k, lo[k]), lo[k])
                    maxs[k] = max(maxs.get(k, hi[k]), hi[k])
            expected, reported, on_time = expected + e, reported + r, on_time + o
    return totals, counts, mins, maxs, expected, reported, on_time


def _naive_figures(unit, form, period):
    from chibo.reporting.selectors import aggregate_value

    indicators = list(form.indicators.all())
    totals, counts, mins, maxs, expected, reported, on_time = _naive(unit, form, period, indicators)
    figures = {ind.code: aggregate_value(ind.aggregation, totals[ind.pk], counts[ind.pk], mins.get(ind.pk), maxs.get(ind.pk))
               for ind in indicators}
    return figures, expected, reported, on_time


def _timed(fn, repeat=REPEAT):
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def _measure(unit, form, period, label, log, naive: bool):
    from chibo.reporting import selectors

    fast_s, rollup = _timed(lambda: selectors.rollup(unit, form, period))
    fast = ({c: f.value for c, f in rollup.total.figures.items()}, rollup.total.expected, rollup.total.reported, rollup.total.on_time)
    log(f"  {label} ({unit.name}): tổng hợp {fast_s * 1000:.1f} ms ({len(rollup.children)} đơn vị trực thuộc, "
        f"{rollup.total.reported:,}/{rollup.total.expected:,} đã báo cáo, {rollup.total.on_time:,} đúng hạn)")
    if not naive:
        return fast_s, None
    started = time.perf_counter()
    slow = _naive_figures(unit, form, period)
    naive_s = time.perf_counter() - started
    same = slow == fast
    log(f"  {label}: duyệt từng nút {naive_s:.2f} s → nhanh hơn {naive_s / fast_s:,.0f} lần; kết quả {'trùng khớp' if same else 'KHÁC'}")
    if not same:
        raise SystemExit(f"roll-up mismatch for {label}: {fast} != {slow}")
    return fast_s, naive_s


def _time_submission(form, period, spare, log) -> float:
    """One cell submits: every ancestor's aggregate changes in the same transaction (rolled back here)."""
    from django.db import transaction

    from chibo.reporting import services

    actor = _System()
    raw = {ind.code: "1.234,5" if ind.value_type != "integer" else "1.234" for ind in form.indicators.all()}
    with transaction.atomic():
        started = time.perf_counter()
        sub = services.do_save_report(actor, spare, form, period, raw)
        services.do_submit_report(actor, sub)
        submit_ms = (time.perf_counter() - started) * 1000
        transaction.set_rollback(True)
    log(f"  gửi một báo cáo (cập nhật mọi cấp trên trong cùng giao dịch): {submit_ms:.1f} ms")
    return submit_ms


def _bench(scope_unit, scale: str, seed: int, naive_root: bool, reuse: bool, log) -> tuple[dict, object]:
    from chibo.orgs.models import CELL_KINDS, Unit, UnitKind
    from chibo.reporting.models import ReportForm

    root = Unit.objects.get(depth=1, path=scope_unit.path[:Unit.steplen])
    rebuild_s = None
    form = ReportForm.objects.filter(owner=root, code=FORM_CODE).first()
    if form is not None and not (reuse and form.description == _stamp(scale, seed)):
        _drop_form(form, log)
        form = None
    if form is None:
        form, period, rebuild_s = _load(scope_unit, scale, seed, log)
    else:
        period = _period()
        log(f"  dùng lại số liệu đã nạp ({form.description})")
    province = scope_unit if scope_unit.kind == UnitKind.PROVINCE else (
        Unit.objects.filter(depth=2, kind=UnitKind.PROVINCE).filter(_in_force(period)).order_by("path").first())
    national_s, national_naive_s = _measure(root, form, period, "toàn quốc" if scale == "national" else "gốc", log,
                                            naive=naive_root)
    province_s, province_naive_s = _measure(province, form, period, "một tỉnh", log, naive=True)
    spare = (Unit.objects.subtree_of(scope_unit).filter(kind__in=CELL_KINDS).filter(_in_force(period))
             .exclude(pk__in=form.submissions.values("unit_id")).order_by("-path").first())
    submit_ms = _time_submission(form, period, spare, log) if spare is not None else None
    return {
        "national_ms": f"{national_s * 1000:.1f}", "province_ms": f"{province_s * 1000:.1f}",
        "naive_national_s": f"{national_naive_s:.2f}" if national_naive_s else "skipped",
        "naive_province_s": f"{province_naive_s:.2f}",
        "ratio_national": f"{national_naive_s / national_s:.0f}" if national_naive_s else "skipped",
        "ratio_province": f"{province_naive_s / province_s:.0f}",
        "submit_ms": f"{submit_ms:.1f}" if submit_ms is not None else "skipped",
        "rebuild_s": f"{rebuild_s:.1f}" if rebuild_s is not None else "reused",
    }, form


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="chibo bench rollup")
    parser.add_argument("--scale", choices=["national", "province"], default="national")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--scratch", action="store_true",
                        help="build a tree in a database of the bench's own even if national data exists")
    parser.add_argument("--keep", action="store_true", help="keep the bench data (reused by the next run)")
    parser.add_argument("--naive-national", action=argparse.BooleanOptionalAction, default=True,
                        help="also time the naive traversal of the whole nation (slow by design)")
    args = parser.parse_args(argv)

    from django.conf import settings
    from django.db import connection

    vendor = connection.vendor
    total_started = time.perf_counter()
    log = print
    existing = vendor == "postgresql" and not args.scratch and _has_national_tree()
    log(f"rollup: {vendor}, quy mô {args.scale}, seed {args.seed}, "
        f"{'cây toàn quốc có sẵn trong ' + connection.settings_dict['NAME'] if existing else 'cơ sở dữ liệu riêng'}")
    if existing:
        from chibo.orgs.models import CELL_KINDS, Unit, UnitKind

        root = Unit.objects.get(depth=1, kind=UnitKind.CENTRAL)
        if args.scale == "national":
            scope_unit = root
        else:
            scope_unit = next(p for p in Unit.objects.filter(depth=2, kind=UnitKind.PROVINCE).order_by("path")
                              if Unit.objects.subtree_of(p).filter(kind__in=CELL_KINDS).exists())
        log(f"  cây: {Unit.objects.count():,} tổ chức, "
            f"{Unit.objects.subtree_of(scope_unit).filter(kind__in=CELL_KINDS).count():,} chi bộ trong {scope_unit.name}")
        # At province scale only that province holds reports: the root's naive walk would visit the nation.
        naive_root = args.naive_national and args.scale == "national"
        figures, form = _bench(scope_unit, args.scale, args.seed, naive_root, reuse=True, log=log)
        if not args.keep:
            _drop_form(form, log)
    else:
        test = connection.settings_dict.setdefault("TEST", {})
        test["MIGRATE"] = False  # tables straight from the models: seconds, not minutes
        if vendor == "sqlite":
            target = Path(settings.BASE_DIR) / "var" / "bench" / f"rollup-{args.scale}.sqlite3"
            target.parent.mkdir(parents=True, exist_ok=True)
            test["NAME"] = str(target)
        else:
            test["NAME"] = f"chibo_bench_rollup_{args.scale}"
        old_name = connection.settings_dict["NAME"]
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=False)
        try:
            from chibo.orgs.models import Unit

            _build_tree(args.scale, random.Random(args.seed), log)
            scope_unit = Unit.objects.get(depth=1)
            # At province scale the root's subtree is the province's: one naive walk is enough.
            naive_root = args.naive_national and args.scale == "national"
            figures, _form = _bench(scope_unit, args.scale, args.seed, naive_root, reuse=False, log=log)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=args.keep)
    figures = {"db": vendor, "scale": args.scale, "tree": "existing" if existing else "scratch", **figures,
               "total_s": f"{time.perf_counter() - total_started:.0f}"}
    print(" ".join(f"{k}={v}" for k, v in figures.items()))
    return 0
