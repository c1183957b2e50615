"""The member's home page on a slow phone connection: bytes transferred and first contentful paint.

    chibo bench member-home [--runs 3] [--rtt 400] [--down-kbps 400] [--up-kbps 400] [--rebuild]

Serves the product (`chibo runserver --insecure`, DEBUG off) against a demo database of its own,
var/bench-member-home.sqlite3 (built once with `chibo migrate` and `chibo demo`). Then, for each run,
a fresh headless Debian chromium context 360 px wide logs in as the demo member (unthrottled) and
loads /cua-toi/ cold with the network throttled through CDP (Network.emulateNetworkConditions:
400 ms round trip, 400 kbit/s down by default). Prints, per run and as the median:
  - bytes transferred by the page until the network is idle (target: under 300 KB)
  - first contentful paint (target: under 2 s)
and the size of the offline copy the service worker keeps afterwards (not part of the page load).
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import _common

ROOT = Path(__file__).resolve().parent.parent
DB = ROOT / "var" / "bench-member-home.sqlite3"
MEMBER, PASSWORD = "demo_dangvien", "chibo-demo-2025"
TARGET_KB, TARGET_FCP_MS = 300, 2000


def _env() -> dict:
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": f"sqlite:///{DB}", "SECRET_KEY": env.get("BENCH_SECRET_KEY", "bench-member-home-not-secret"),
        "DEBUG": "", "DJANGO_SETTINGS_MODULE": "chibo.settings", "ALLOWED_HOSTS": "localhost,127.0.0.1",
    })
    return env


def _chibo(*args, **kwargs):
    return subprocess.run([sys.executable, "-m", "chibo.manage", *args], env=_env(), cwd=ROOT, check=True, **kwargs)


def build(rebuild: bool, log) -> None:
    if rebuild and DB.exists():
        DB.unlink()
    if DB.exists():
        return
    DB.parent.mkdir(parents=True, exist_ok=True)
    log(f"Tạo cơ sở dữ liệu demo riêng: {DB.relative_to(ROOT)} (migrate, demo)…")
    started = time.perf_counter()
    _chibo("migrate", "--noinput", stdout=subprocess.DEVNULL)
    _chibo("demo", stdout=subprocess.DEVNULL)
    log(f"  xong trong {time.perf_counter() - started:.0f} giây")


def serve(port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "-m", "chibo.manage", "runserver", "--insecure", "--noreload", f"127.0.0.1:{port}"],
        env=_env(), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://localhost:{port}/healthz", timeout=2)
            return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit("Máy chủ thử không khởi động được (the test server did not start).")


def measure(browser, base: str, args) -> dict:
    context = browser.new_context(
        viewport={"width": 360, "height": 780}, device_scale_factor=2, is_mobile=True, has_touch=True,
        locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh",
    )
    page = context.new_page()
    page.set_default_timeout(60_000)
    # Log in to a page without the service worker: landing on /cua-toi/ would install it, and the
    # measured load would then come from its cache instead of the network.
    page.goto(f"{base}/tai-khoan/dang-nhap/?next=/healthz")
    page.fill("#id_username", MEMBER)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    page.goto("about:blank")

    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", {
        "offline": False, "latency": args.rtt,
        "downloadThroughput": args.down_kbps * 1000 / 8, "uploadThroughput": args.up_kbps * 1000 / 8,
    })
    sizes: dict[str, float] = {}
    urls: dict[str, str] = {}
    cdp.on("Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"], e["request"]["url"]))
    cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]))
    started = time.perf_counter()
    page.goto(f"{base}/cua-toi/", wait_until="networkidle")
    wall_ms = (time.perf_counter() - started) * 1000
    fcp = page.evaluate(
        "() => (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || null")
    meetings = page.locator("article.meeting").count()
    readings = page.locator("article.meeting .readings li").count()
    # The offline copy the service worker fetches after the page has loaded (background, not in the figure).
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 0, "downloadThroughput": -1,
                                                  "uploadThroughput": -1})
    offline = page.evaluate("""async () => {
        const reg = await navigator.serviceWorker.ready;
        const want = JSON.parse(document.getElementById('offline-urls').textContent);
        for (let i = 0; i < 100; i++) {
            const keys = await (await caches.open('chibo-me-v1')).keys();
            if (want.every(u => keys.some(k => new URL(k.url).pathname === u))) break;
            await new Promise(r => setTimeout(r, 100));
        }
        const cache = await caches.open('chibo-me-v1');
        let bytes = 0, n = 0;
        for (const key of await cache.keys()) { bytes += (await (await cache.match(key)).blob()).size; n++; }
        return {bytes, n, active: !!reg.active};
    }""")
    context.close()
    return {
        "bytes": sum(sizes.values()), "requests": len(sizes), "fcp_ms": fcp, "wall_ms": wall_ms,
        "meetings": meetings, "readings": readings, "offline_bytes": offline["bytes"], "offline_n": offline["n"],
        "paths": sorted({u.split("//", 1)[-1].split("/", 1)[-1] for u in urls.values()}),
    }


def run(argv) -> int:
    parser = argparse.ArgumentParser(prog="chibo bench member-home")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rtt", type=int, default=400, help="round trip, ms")
    parser.add_argument("--down-kbps", type=int, default=400)
    parser.add_argument("--up-kbps", type=int, default=400)
    parser.add_argument("--rebuild", action="store_true", help="rebuild the bench's demo database")
    args = parser.parse_args(argv)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("Cần chromium của Debian (apt-get install chromium).")
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    from playwright.sync_api import sync_playwright

    build(args.rebuild, print)
    port = _common.free_port()
    server = serve(port)
    base = f"http://localhost:{port}"
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, args=[
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"])
            results = []
            for n in range(1, args.runs + 1):
                r = measure(browser, base, args)
                results.append(r)
                print(f"  lần {n}: {r['bytes'] / 1024:.1f} KB trong {r['requests']} yêu cầu, FCP {r['fcp_ms']:.0f} ms, "
                      f"tải xong {r['wall_ms']:.0f} ms; {r['meetings']} buổi họp, {r['readings']} tài liệu")
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    first = results[0]
    print(f"Mạng giả lập: RTT {args.rtt} ms, tải xuống {args.down_kbps} kbit/s, tải lên {args.up_kbps} kbit/s")
    print(f"Yêu cầu của trang: {', '.join('/' + p for p in first['paths'])}")
    kb = statistics.median(r["bytes"] for r in results) / 1024
    fcp = statistics.median(r["fcp_ms"] for r in results)
    wall = statistics.median(r["wall_ms"] for r in results)
    offline_kb = first["offline_bytes"] / 1024
    print(f"Trang chủ đảng viên (trung vị {len(results)} lần): {kb:.1f} KB (mục tiêu < {TARGET_KB} KB), "
          f"FCP {fcp:.0f} ms (mục tiêu < {TARGET_FCP_MS} ms)")
    print(f"Bản lưu ngoại tuyến của service worker sau khi tải: {first['offline_n']} mục, {offline_kb:.1f} KB")
    ok = kb < TARGET_KB and fcp < TARGET_FCP_MS and first["meetings"] >= 1 and first["readings"] >= 1
    print(f"bytes_kb={kb:.1f} fcp_ms={fcp:.0f} load_ms={wall:.0f} requests={first['requests']} "
          f"offline_kb={offline_kb:.1f} rtt_ms={args.rtt} down_kbps={args.down_kbps} meetings={first['meetings']} "
          f"ok={int(ok)}")
    return 0 if ok else 1
