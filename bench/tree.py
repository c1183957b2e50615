"""`chibo bench tree [--province NAME] [--runs N]`: subtree and ancestor queries on national data.

Targets: list one province's subtree in under 50 ms, one cell's ancestors in under 5 ms.
Uses bench/_national.py (generates national data into an empty PostgreSQL database first).
Reports the count, the id list and the full rows of the subtree, median and p95 of N runs,
and whether PostgreSQL answered from an index (EXPLAIN).
"""

import argparse
import statistics
import time

import _national

TARGET_SUBTREE_MS = 50
TARGET_ANCESTORS_MS = 5


def measure(fn, runs: int) -> tuple[float, float, object]:
    result = None
    for _ in range(3):  # warm the cache and the connection
        result = fn()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, int(round(0.95 * len(times))) - 1)], result


def index_used(plan: str) -> str:
    for kind in ("Index Only Scan", "Bitmap Index Scan", "Index Scan"):
        if kind in plan:
            return kind
    return "no index (Seq Scan)"


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="chibo bench tree")
    parser.add_argument("--province", default="Lào Cai", help="tên tỉnh / province name (default Lào Cai)")
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args(argv)

    from chibo.orgs.models import CELL_KINDS, Unit, UnitKind
    from chibo.text import fold

    _national.ensure_national()
    province = Unit.objects.filter(kind=UnitKind.PROVINCE, depth=2, name_folded__contains=fold(args.province)).first()
    if province is None:
        print(f"Không tìm thấy tỉnh “{args.province}”.")
        return 2
    # The deepest cell of the province: a chi bộ under a grassroots committee.
    cell = Unit.objects.subtree_of(province).filter(kind__in=CELL_KINDS).order_by("-depth", "path").first()
    print(f"Tổng số tổ chức: {Unit.objects.count()}; tỉnh: {province.name} (path {province.path})")
    print(f"Chi bộ: {cell.name} (depth {cell.depth})")

    subtree = Unit.objects.subtree_of(province)
    variants = {
        "count": lambda: subtree.count(),
        "ids": lambda: list(subtree.values_list("id", flat=True)),
        "rows": lambda: list(subtree.values_list("id", "path", "name")),
    }
    figures = {}
    for label, fn in variants.items():
        median, p95, result = measure(fn, args.runs)
        size = result if isinstance(result, int) else len(result)
        figures[label] = median
        print(f"  cây con của tỉnh, {label:5}: {size} tổ chức, trung vị {median:.2f} ms, p95 {p95:.2f} ms")
    plan = subtree.values_list("id", "path", "name").explain()
    print(f"  EXPLAIN cây con: {index_used(plan)}")
    print("    " + plan.replace("\n", "\n    "))

    median_anc, p95_anc, ancestors = measure(lambda: list(cell.ancestors()), args.runs)
    print(f"  tổ chức cấp trên của chi bộ: {len(ancestors)}, trung vị {median_anc:.3f} ms, p95 {p95_anc:.3f} ms")
    plan_anc = cell.ancestors().explain()
    print(f"  EXPLAIN cấp trên: {index_used(plan_anc)}")
    print("    " + plan_anc.replace("\n", "\n    "))
    assert [a.path for a in ancestors] == cell.ancestor_paths()

    print(f"province_subtree_ms={figures['rows']:.2f} province_subtree_count_ms={figures['count']:.2f} "
          f"province_subtree_ids_ms={figures['ids']:.2f} province_units={len(variants['ids']())} "
          f"cell_ancestors_ms={median_anc:.3f} cell_ancestors_p95_ms={p95_anc:.3f} "
          f"subtree_index=\"{index_used(plan)}\" target_subtree_ms={TARGET_SUBTREE_MS} "
          f"target_ancestors_ms={TARGET_ANCESTORS_MS}")
    return 0
