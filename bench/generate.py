"""`chibo bench generate [--scale national] [--seed N] [--reset]`: national generation into PostgreSQL.

Targets: under 15 minutes and under 1 GiB peak memory (resident set of this process).
DATABASE_URL must name a scratch PostgreSQL database; a non-empty tree is refused unless
--reset, which truncates the tree, members and everything referring to them (CASCADE).
"""

import argparse
import resource
import sys
import time

import _national

TARGET_SECONDS = 900
TARGET_RSS_MB = 1024


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="chibo bench generate")
    parser.add_argument("--scale", default="national", choices=("tiny", "demo", "province", "national"))
    parser.add_argument("--seed", type=int, default=_national.SEED)
    parser.add_argument("--reset", action="store_true", help="xóa cây tổ chức hiện có / truncate the tree first")
    args = parser.parse_args(argv)

    from chibo.orgs.generate import StderrProgress, generate

    _national.require_postgres()
    _national.migrate()
    existing = _national.tree_size()
    if existing and not args.reset:
        print(f"Cây tổ chức đã có {existing} tổ chức: dùng --reset trên cơ sở dữ liệu nháp để xóa trước.")
        return 2
    if args.reset:
        _national.reset()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    stats = generate(args.scale, args.seed, progress=StderrProgress(force=sys.stderr.isatty()))
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"quy mô {stats.scale}, hạt giống {stats.seed}")
    print(f"  tỉnh {stats.provinces}, xã/phường/đặc khu {stats.communes}, đảng bộ cơ sở {stats.committees}, "
          f"chi bộ {stats.cells}, tổ đảng {stats.groups}, tổng tổ chức {stats.units}")
    print(f"  đảng viên {stats.members}, chức vụ {stats.positions}")
    print(f"  thời gian {seconds:.1f} s (mục tiêu < {TARGET_SECONDS} s), "
          f"bộ nhớ đỉnh {peak:.0f} MB (trước khi sinh {rss_before:.0f} MB; mục tiêu < {TARGET_RSS_MB} MB)")
    print(f"scale={stats.scale} provinces={stats.provinces} communes={stats.communes} cells={stats.cells} "
          f"units={stats.units} members={stats.members} positions={stats.positions} seconds={seconds:.1f} "
          f"peak_rss_mb={peak:.0f} target_seconds={TARGET_SECONDS} target_rss_mb={TARGET_RSS_MB}")
    return 0
