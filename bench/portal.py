"""Benchmark of the public portal: an article page under load on two app server processes.

    SECRET_KEY=x chibo bench portal [--duration 10] [--connections 8] [--threads 4]
                                    [--database-url URL | --sqlite] [--fresh]

Sets up (once; reused afterwards) a scratch database of its own — PostgreSQL `t_portal_bench`
on 127.0.0.1 by default (created when missing; SQLite under var/bench-portal/ with --sqlite or
when PostgreSQL cannot be reached) — with a committee's site and the five seed articles imported. Starts two gunicorn processes (one
worker each, gthread) listening on the same loopback port with SO_REUSEPORT, so the kernel
shares connections between them as a load balancer would share them between two servers. The
page cache is the product's default (the database cache) and is shared by both.

Load comes from wrk (Debian package `wrk`; `apt-get install wrk`), bounded in time (--duration
seconds per measurement, after a short warm-up) on 127.0.0.1 only. Measured the same way:
  article  — an article page read anonymously (served from the shared page cache),
  minimal  — a Django view that answers "ok" through the same middleware, no template, no database.
Then --beacons view-count beacons are sent across both servers and the stored count is checked.
Targets (issue 10): article >= 300 requests/s, no errors, p95 < 50 ms.
"""

import argparse
import datetime
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import _common

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
SEEDS = ROOT / "src" / "chibo" / "core" / "seeds"
TARGET_RPS, TARGET_P95_MS = 300, 50.0
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/t_portal_bench"

WRK_SCRIPT = r"""
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %d, "seconds": %.3f, "non2xx": %d, "connect": %d, "read": %d, "write": %d, ' ..
    '"timeout": %d, "p50": %.3f, "p95": %.3f, "p99": %.3f, "max": %.3f}\n',
    summary.requests, summary.duration / 1e6, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000))
end
"""


# --- Set-up, run in a child process with the bench's own settings and database -------------------

def setup_data() -> dict:
    """Migrate, then the site and its five articles (once); the paths to measure."""
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from chibo.core.testing import make_unit
    from chibo.documents.services import do_register_document
    from chibo.orgs.models import Unit, UnitKind
    from chibo.portal import importing, services
    from chibo.portal.models import ArticlePage, HomePage, PortalIndexPage

    home = HomePage.objects.filter(unit__name="Thành ủy Vũng Tàu (đo)").first()
    if home is None:
        central = make_unit(None, "Trung ương (đo cổng)", UnitKind.CENTRAL, code="TW")
        province = make_unit(central, "Tỉnh ủy Bà Rịa - Vũng Tàu (đo)", UnitKind.PROVINCE, code="TU")
        board = make_unit(province, "Ban Tuyên giáo Tỉnh ủy (đo)", UnitKind.PROPAGANDA_BOARD, code="BTGTU")
        city = make_unit(province, "Thành ủy Vũng Tàu (đo)", UnitKind.DISTRICT, code="TU")
        do_register_document(owner=board, notation="11-KH/BTGTU", abstract="Về tủ sách chi bộ năm 2021",
                             issued_on=datetime.date(2021, 1, 11))
        do_register_document(owner=Unit.objects.get(pk=city.pk), notation="38-KH/TU",
                             abstract="Về tủ sách chi bộ năm 2021")
        home = services.do_create_site(Unit.objects.get(pk=city.pk), tagline="Trang tin (đo hiệu năng)")
        paths = sorted(SEEDS.glob("*.txt"))
        if not paths:
            raise SystemExit(f"Không thấy bài mẫu trong {SEEDS} (no seed articles found).")
        for path in paths:
            services.do_import_article(home, importing.parse_article(path.read_text(encoding="utf-8")))
    # Paths on the default site ("/" is the portal index); each site also answers on its own host.
    index_path = PortalIndexPage.objects.get().url_path
    article = ArticlePage.objects.live().descendant_of(home).get(title__startswith="Tiếp tục thực hiện phong trào")
    return {"article": article.url_path[len(index_path) - 1:], "article_id": article.pk,
            "home": home.url_path[len(index_path) - 1:], "views": article.view_count()}


def current_views(article_id: int) -> int:
    import django

    django.setup()
    from chibo.portal import viewcounts
    from chibo.portal.models import ArticlePage

    viewcounts.flush_all()
    return ArticlePage.objects.get(pk=article_id).view_count()


# --- The parent: servers, load, figures ------------------------------------------------------------

def _child_env(database_url: str | None, var_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CACHE_URL", "DEBUG")}
    env.update({
        "DJANGO_SETTINGS_MODULE": "_portal_site", "PYTHONPATH": os.pathsep.join([str(BENCH_DIR), str(ROOT / "src")]),
        "SECRET_KEY": "bench-portal-scratch-key", "ALLOWED_HOSTS": "127.0.0.1,localhost", "CHIBO_VAR_DIR": str(var_dir),
        "LOG_LEVEL": "ERROR",
    })
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _child(call: str, env: dict) -> dict | int:
    code = f"import json, portal; print('RESULT', json.dumps(portal.{call}))"
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=BENCH_DIR, capture_output=True, text=True,
                         timeout=900)
    if out.returncode:
        raise SystemExit(f"set-up failed:\n{out.stderr[-3000:]}")
    line = next(line for line in out.stdout.splitlines() if line.startswith("RESULT "))
    return json.loads(line[len("RESULT "):])


def _ensure_postgres_database(url: str, fresh: bool = False) -> None:
    """Create the bench's own scratch database when missing (drop it first with --fresh)."""
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1].split("?")[0]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True, connect_timeout=3) as conn:
        if fresh:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _start_servers(env: dict, port: int, threads: int, log_dir: Path) -> list[subprocess.Popen]:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    if not gunicorn.exists():
        gunicorn = shutil.which("gunicorn")
    servers = []
    for n in (1, 2):
        log = open(log_dir / f"server{n}.log", "w")  # noqa: SIM115 (closed with the process)
        servers.append(subprocess.Popen(
            [str(gunicorn), "chibo.wsgi", "--bind", f"127.0.0.1:{port}", "--reuse-port", "--workers", "1",
             "--worker-class", "gthread", "--threads", str(threads), "--keep-alive", "5", "--backlog", "512",
             "--log-level", "warning"],
            env=env, cwd=BENCH_DIR, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        ))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                if r.status == 200:
                    time.sleep(2)  # let the second server finish booting too
                    break
        except OSError:
            time.sleep(0.3)
    else:
        _stop(servers)
        raise SystemExit(f"the app servers did not start: see {log_dir}")
    return servers


def _stop(servers: list[subprocess.Popen]) -> None:
    for proc in servers:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
    for proc in servers:
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def _wrk(url: str, duration: int, connections: int, script: Path) -> dict:
    out = subprocess.run(["wrk", "-t", "1", "-c", str(connections), "-d", f"{duration}s", "--timeout", "5s",
                          "-s", str(script), url], capture_output=True, text=True, timeout=duration + 60)
    line = next((x for x in out.stdout.splitlines() if x.startswith("WRKJSON ")), None)
    if line is None:
        raise SystemExit(f"wrk failed: {out.stdout}\n{out.stderr}")
    data = json.loads(line[len("WRKJSON "):])
    data["errors"] = sum(data[k] for k in ("non2xx", "connect", "read", "write", "timeout"))
    data["rps"] = data["requests"] / data["seconds"] if data["seconds"] else 0.0
    return data


def _beacons(port: int, article_id: int, count: int) -> int:
    def one(_):
        req = urllib.request.Request(f"http://127.0.0.1:{port}/luot-xem/{article_id}/", data=b"", method="POST")
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status == 200

    with ThreadPoolExecutor(max_workers=8) as pool:
        return sum(pool.map(one, range(count)))


def run(argv) -> int:
    parser = argparse.ArgumentParser(prog="chibo bench portal")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per measurement")
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8, help="open connections kept busy by wrk")
    parser.add_argument("--threads", type=int, default=4, help="threads per app server")
    parser.add_argument("--beacons", type=int, default=200)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL,
                        help=f"a scratch PostgreSQL database of the bench's own (default {DEFAULT_DATABASE_URL})")
    parser.add_argument("--sqlite", action="store_true", help="use a scratch SQLite database under var/ instead")
    parser.add_argument("--fresh", action="store_true", help="start from an empty scratch database")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        print("wrk không có trên máy: cài bằng `apt-get install wrk` (wrk is required: apt-get install wrk)")
        return 2

    var_dir = ROOT / "var" / "bench-portal"
    if args.sqlite:
        args.database_url = None
    else:
        try:
            _ensure_postgres_database(args.database_url, fresh=args.fresh)
        except Exception as exc:  # noqa: BLE001 (any failure to reach PostgreSQL: fall back, say so)
            print(f"PostgreSQL unreachable ({exc.__class__.__name__}): using SQLite under {var_dir}")
            args.database_url = None
    if args.fresh and var_dir.exists() and not args.database_url:
        shutil.rmtree(var_dir)
    var_dir.mkdir(parents=True, exist_ok=True)
    env = _child_env(args.database_url, var_dir)
    t0 = time.perf_counter()
    info = _child("setup_data()", env)
    database = "postgresql" if args.database_url else "sqlite"
    print(f"set-up: {database}, site {info['home']}, article {info['article']} ({time.perf_counter() - t0:.1f} s)")

    port = _common.free_port()
    servers = _start_servers(env, port, args.threads, var_dir)
    results = {}
    try:
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
            f.write(WRK_SCRIPT)
            script = Path(f.name)
        base = f"http://127.0.0.1:{port}"
        for name, path in (("article", info["article"]), ("minimal", "/_bench/minimal/")):
            with urllib.request.urlopen(base + path, timeout=10) as r:
                assert r.status == 200, (name, r.status)
            _wrk(base + path, args.warmup, args.connections, script)
            results[name] = _wrk(base + path, args.duration, args.connections, script)
            r = results[name]
            print(f"{name:8} {r['rps']:8.1f} req/s  p50 {r['p50']:6.2f} ms  p95 {r['p95']:6.2f} ms  "
                  f"p99 {r['p99']:6.2f} ms  max {r['max']:7.2f} ms  errors {r['errors']}  "
                  f"({r['requests']} requests in {r['seconds']:.1f} s, {args.connections} connections)")
        alive = sum(proc.poll() is None for proc in servers)
        sent = _beacons(port, info["article_id"], args.beacons)
    finally:
        _stop(servers)
        script.unlink(missing_ok=True)
    views_after = _child(f"current_views({info['article_id']})", env)
    views_ok = views_after == info["views"] + sent == info["views"] + args.beacons
    article, minimal = results["article"], results["minimal"]
    ratio = article["rps"] / minimal["rps"] if minimal["rps"] else 0.0
    ok = (article["rps"] >= TARGET_RPS and article["errors"] == 0 and article["p95"] < TARGET_P95_MS
          and alive == 2 and views_ok)
    print(f"article/minimal: {ratio:.2f} of a minimal Django view's throughput")
    print(f"view counts: {sent} beacons over 2 servers, {info['views']} → {views_after} "
          f"({'correct' if views_ok else 'WRONG'})")
    print(f"targets: >= {TARGET_RPS} req/s, 0 errors, p95 < {TARGET_P95_MS:.0f} ms → {'met' if ok else 'NOT met'}")
    print(
        f"servers=2 alive={alive} db={database} connections={args.connections} duration_s={args.duration} "
        f"article_rps={article['rps']:.1f} article_p95_ms={article['p95']:.2f} article_p99_ms={article['p99']:.2f} "
        f"article_errors={article['errors']} minimal_rps={minimal['rps']:.1f} minimal_p95_ms={minimal['p95']:.2f} "
        f"minimal_errors={minimal['errors']} ratio={ratio:.2f} views_ok={int(views_ok)} ok={int(ok)}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
