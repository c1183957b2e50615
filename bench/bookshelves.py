"""Cell bookshelves at national scale: catalogue search and a province's shelf statistics.

    DATABASE_URL=postgres://…/chibo_bench chibo bench bookshelves [--copies 1000000] [--shelf-share 0.08]
        [--repeat 5] [--seed 1] [--province N] [--rebuild | --drop]

Uses the national tree (bench/_national.py) and adds rows to the bookshelf tables only, once and
deterministic from the seed, with COPY: shelves for a share of the cells, a catalogue drawn from a
pool of works (popular works on many shelves, as donated collections are), copies up to
`--copies`, readers, loans, donations and readings on the spot. Every shelf of the benchmark
carries MARK in its description, so `--drop` removes exactly what it added.

Then, as a province staff user (role held in memory only: nothing is written to accounts), times
  - catalogue search (selectors.search_catalogue, diacritic-insensitive, scoped): p95 of a mix
    of selective and very common queries, with and without diacritics; target under 100 ms;
  - the province's shelf statistics page (selectors.statistics: its totals and one row per
    child unit, 8 grouped queries); target under 300 ms.
"""

import argparse
import datetime
import itertools
import random
import statistics
import time

import _common
import _national

MARK = "bench:bookshelves"
TABLES = ["bookshelves_loan", "bookshelves_copy", "bookshelves_title", "bookshelves_reader", "bookshelves_donation",
          "bookshelves_onsitereading", "bookshelves_supporter", "bookshelves_stocktake", "bookshelves_shelfphoto"]

PREFIXES = ["Tìm hiểu", "Hỏi - đáp về", "Sổ tay", "Lịch sử", "Cẩm nang", "Những câu chuyện về", "Giáo trình",
            "Chuyên đề", "Tư liệu về", "Bác Hồ với", "Hướng dẫn", "Kể chuyện"]
TOPICS = ["Luật Đất đai", "Luật Hôn nhân và gia đình", "công tác dân vận", "xây dựng Đảng", "biển, đảo Việt Nam",
          "Hoàng Sa, Trường Sa", "nuôi trồng thủy sản", "trồng lúa chất lượng cao", "phòng, chống tham nhũng",
          "văn hóa đọc", "nông thôn mới", "đô thị văn minh", "bảo vệ môi trường", "phân loại rác tại nguồn",
          "chăm sóc sức khỏe người cao tuổi", "Đảng bộ tỉnh", "kháng chiến chống Pháp", "kháng chiến chống Mỹ",
          "Chủ tịch Hồ Chí Minh", "Đại tướng Võ Nguyên Giáp", "dân tộc thiểu số", "an toàn giao thông",
          "chuyển đổi số", "kinh tế hợp tác xã", "phòng cháy, chữa cháy", "hòa giải ở cơ sở", "Bộ luật Dân sự",
          "quốc phòng toàn dân", "thanh niên tình nguyện", "phụ nữ khởi nghiệp", "cây cà phê", "cây chè", "nuôi bò",
          "du lịch cộng đồng", "di tích lịch sử", "lễ hội truyền thống", "ca dao, tục ngữ", "thiếu nhi"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
          "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Minh", "Hữu", "Đức", "Thanh", "Ngọc", "Quốc", "Thu", "Xuân"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hòa", "Hùng", "Khánh", "Lan", "Linh", "Long",
         "Mai", "Nam", "Nga", "Phong", "Phúc", "Quang", "Sơn", "Tâm", "Thảo", "Thủy", "Trang", "Tuấn", "Việt", "Yến"]
PUBLISHERS = ["NXB Chính trị quốc gia Sự thật", "NXB Tư pháp", "NXB Kim Đồng", "NXB Văn học", "NXB Nông nghiệp",
              "NXB Quân đội nhân dân", "NXB Thông tin và Truyền thông", "NXB Giáo dục Việt Nam", "NXB Trẻ"]
SUBJECT_OF = {"Luật": "law", "Bộ luật": "law", "hòa giải": "law", "biển": "sea_islands", "Hoàng Sa": "sea_islands",
              "Đảng": "party", "dân vận": "party", "tham nhũng": "party", "Hồ Chí Minh": "history",
              "kháng chiến": "history", "môi trường": "environment", "rác": "environment", "thiếu nhi": "children",
              "nuôi": "economy", "trồng": "economy", "cây": "economy", "sức khỏe": "health"}
QUERIES = [
    "luat dat dai", "Luật Đất đai", "hoang sa truong sa", "Hồ Chí Minh", "ho chi minh", "lich su", "Lịch sử Đảng bộ",
    "dan van", "tìm hiểu", "so tay", "nuoi trong thuy san", "phân loại rác", "chuyen doi so", "Võ Nguyên Giáp",
    "tap 3", "cây cà phê", "ca dao tuc ngu", "NXB Kim Đồng", "thieu nhi", "hoà giải", "hòa giải ở cơ sở",
    "nguyen van hung", "Trần Thị Lan", "phong chay chua chay", "du lich cong dong", "không có sách này",
    "9786040012347", "xay dung dang", "dang", "a",
]


def _isbn13(n: int) -> str:
    body = f"978604{n % 1_000_000:06d}"
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def _works(rng, count: int) -> list[tuple]:
    """A pool of distinct works: (title, author, publisher, year, isbn, subject, kind, search_key, search_words)."""
    from chibo.bookshelves.models import title_search_key, title_search_words

    works = []
    for n in range(count):
        topic = rng.choice(TOPICS)
        title = f"{rng.choice(PREFIXES)} {topic}"
        if rng.random() < 0.5:
            title += f", tập {rng.randint(1, 12)}"
        elif rng.random() < 0.5:
            title += f" ({rng.choice(['tái bản', 'bản mới', 'song ngữ', 'có minh họa'])})"
        author = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}" if rng.random() < 0.8 else ""
        publisher = rng.choice(PUBLISHERS)
        isbn = _isbn13(n) if rng.random() < 0.6 else ""
        subject = next((s for k, s in SUBJECT_OF.items() if k in topic), "other")
        kind = rng.choices(["book", "document", "publication", "periodical", "photo"], [70, 10, 12, 5, 3])[0]
        key = title_search_key(title, author, publisher, isbn)
        works.append((title, author, publisher, rng.randint(1990, 2025), isbn, subject, kind, key,
                      title_search_words(key)))
    return works


def _next_id(cursor, table: str) -> int:
    cursor.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")
    return cursor.fetchone()[0]


def _reset_identity(cursor, table: str) -> None:
    cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")


def build(args, log) -> None:
    from django.db import connection, transaction

    from chibo.orgs.models import CELL_KINDS
    from chibo.text import fold

    rng = random.Random(args.seed)
    today = datetime.date.today()
    works = _works(rng, args.works)
    cum_weights = list(itertools.accumulate(1 / (i + 1) ** 0.8 for i in range(len(works))))  # a few works are everywhere
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT id, path FROM orgs_unit WHERE kind = ANY(%s) AND valid_to IS NULL ORDER BY path",
                       [list(CELL_KINDS)])
        path_of = dict(cursor.fetchall())
        cells = list(path_of)
        chosen = sorted(rng.sample(cells, min(len(cells), max(1, int(len(cells) * args.shelf_share)))))
        copies_per_shelf = args.copies / len(chosen)
        log(f"  {len(chosen):,} tủ sách trên {len(cells):,} chi bộ, khoảng {copies_per_shelf:.0f} bản mỗi tủ")
        started = time.perf_counter()
        now = datetime.datetime.now(datetime.UTC)
        shelf_id = _next_id(cursor, "bookshelves_bookshelf")
        shelves = []
        for cell in chosen:
            year = rng.randint(2015, today.year)
            opened = min(today, datetime.date(year, rng.randint(1, 12), rng.randint(1, 28)))
            status = "active" if rng.random() < 0.9 else rng.choice(["paused", "planned", "closed"])
            shelves.append((shelf_id, cell, f"Tủ sách chi bộ {shelf_id}", f"Nhà văn hóa thôn {rng.randint(1, 30)}",
                            "Tối thứ Bảy", "", opened, status, year, True, MARK, now))
            shelf_id += 1
        _common.copy_rows(cursor, "bookshelves_bookshelf", ["id", "unit_id", "name", "place", "opening_hours", "custodian_name",
                                                "opened_on", "status", "campaign_year", "is_public", "description",
                                                "created_at"], shelves)
        _reset_identity(cursor, "bookshelves_bookshelf")

        title_id, copy_id = _next_id(cursor, "bookshelves_title"), _next_id(cursor, "bookshelves_copy")
        titles, copies, open_copies = [], [], {}
        remaining = args.copies
        for index, shelf in enumerate(shelves):
            sid, opened = shelf[0], shelf[6]
            left = len(shelves) - index
            budget = remaining if left == 1 else max(1, min(remaining - (left - 1),
                                                            int(rng.gauss(copies_per_shelf, copies_per_shelf / 3))))
            remaining -= budget
            number = 0
            picked = set()
            while number < budget:
                work = rng.choices(range(len(works)), cum_weights=cum_weights)[0] if rng.random() < 0.5 else rng.randrange(len(works))
                if work in picked:
                    continue
                picked.add(work)
                title, author, publisher, year, isbn, subject, kind, key, words = works[work]
                added = opened + datetime.timedelta(days=rng.randint(0, max(0, (today - opened).days)))
                titles.append((title_id, sid, kind, title, author, publisher, year, isbn, subject, key, words,
                               path_of[shelf[1]], added))
                for _ in range(min(budget - number, rng.choice([1, 1, 2, 2, 3]))):
                    number += 1
                    status = "available" if rng.random() < 0.97 else rng.choice(["missing", "damaged"])
                    copies.append((copy_id, sid, title_id, number, status, added))
                    if status == "available":
                        open_copies.setdefault(sid, []).append(copy_id)
                    copy_id += 1
                title_id += 1
        n_titles = _common.copy_rows(cursor, "bookshelves_title", ["id", "shelf_id", "kind", "title", "author", "publisher", "year",
                                                       "isbn", "subject", "search_key", "search_words", "unit_path",
                                                       "added_on"],
                                     titles)
        _reset_identity(cursor, "bookshelves_title")
        log(f"  đầu sách: {n_titles:,} trong {time.perf_counter() - started:.1f} giây")

        # Readers, loans (some open, some overdue), a donation per shelf, readings on the spot.
        reader_id, loan_id = _next_id(cursor, "bookshelves_reader"), _next_id(cursor, "bookshelves_loan")
        readers, loans, donations, readings, on_loan = [], [], [], [], set()
        for shelf in shelves:
            sid, opened = shelf[0], shelf[6]
            free = open_copies.get(sid, [])
            for _ in range(rng.randint(2, 12)):
                name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
                readers.append((reader_id, sid, "citizen", name, fold(name), "", opened))
                for _ in range(rng.randint(0, 3)):
                    if not free:
                        break
                    copy = free.pop()
                    borrowed = today - datetime.timedelta(days=rng.randint(0, 365))
                    returned = borrowed + datetime.timedelta(days=rng.randint(1, 20)) if rng.random() < 0.85 else None
                    if returned is not None and returned > today:
                        returned = None
                    if returned is None:
                        on_loan.add(copy)
                    loans.append((loan_id, sid, copy, reader_id, borrowed, borrowed + datetime.timedelta(days=14),
                                  returned))
                    loan_id += 1
                reader_id += 1
            donations.append((sid, "organisation", "Hội Cựu chiến binh xã", opened, "", 1))
            for week in range(rng.randint(0, 6)):
                readings.append((sid, today - datetime.timedelta(days=7 * week + 1), rng.randint(1, 20), ""))
        copies = [c if c[0] not in on_loan else c[:4] + ("on_loan",) + c[5:] for c in copies]
        n_copies = _common.copy_rows(cursor, "bookshelves_copy", ["id", "shelf_id", "title_id", "number", "status", "added_on"],
                         copies)
        _reset_identity(cursor, "bookshelves_copy")
        log(f"  bản sách: {n_copies:,} trong {time.perf_counter() - started:.1f} giây")
        _common.copy_rows(cursor, "bookshelves_reader", ["id", "shelf_id", "kind", "name", "name_folded", "contact", "registered_on"],
              readers)
        _reset_identity(cursor, "bookshelves_reader")
        _common.copy_rows(cursor, "bookshelves_loan", ["id", "shelf_id", "copy_id", "reader_id", "borrowed_on", "due_on",
                                           "returned_on"], loans)
        _reset_identity(cursor, "bookshelves_loan")
        _common.copy_rows(cursor, "bookshelves_donation", ["shelf_id", "donor_kind", "donor_name", "received_on", "note",
                                               "receipt_number"], donations)
        _common.copy_rows(cursor, "bookshelves_onsitereading", ["shelf_id", '"on"', "readers", "note"], readings)
        log(f"  bạn đọc {len(readers):,}, lượt mượn {len(loans):,}, lượt tặng {len(donations):,}, "
            f"buổi đọc tại chỗ {len(readings):,} trong {time.perf_counter() - started:.1f} giây")
        for table in ["bookshelves_bookshelf", *TABLES[:5], "bookshelves_onsitereading"]:
            cursor.execute(f"ANALYZE {table}")


def drop() -> int:
    """Delete the benchmark's shelves and everything on them (rows it added, nothing else)."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        ours = "SELECT id FROM bookshelves_bookshelf WHERE description = %s"
        cursor.execute("DELETE FROM bookshelves_stocktakefinding WHERE stocktake_id IN "
                       f"(SELECT id FROM bookshelves_stocktake WHERE shelf_id IN ({ours}))", [MARK])
        cursor.execute("DELETE FROM bookshelves_followup WHERE inspection_id IN "
                       f"(SELECT id FROM bookshelves_inspection WHERE shelf_id IN ({ours}))", [MARK])
        for table in [*TABLES, "bookshelves_inspection"]:
            cursor.execute(f"DELETE FROM {table} WHERE shelf_id IN ({ours})", [MARK])
        cursor.execute("DELETE FROM bookshelves_bookshelf WHERE description = %s", [MARK])
        return cursor.rowcount



def _timings(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        out.append(time.perf_counter() - started)
    return out


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="chibo bench bookshelves")
    parser.add_argument("--copies", type=int, default=1_000_000)
    parser.add_argument("--shelf-share", type=float, default=0.08, help="phần chi bộ có tủ sách")
    parser.add_argument("--works", type=int, default=40_000, help="số tác phẩm khác nhau trong kho đầu sách")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--province", type=int, default=0, help="số thứ tự tỉnh (mặc định: tỉnh nhiều tủ sách nhất)")
    parser.add_argument("--rebuild", action="store_true", help="xóa và sinh lại dữ liệu tủ sách của phép đo")
    parser.add_argument("--drop", action="store_true", help="chỉ xóa dữ liệu tủ sách của phép đo rồi thoát")
    args = parser.parse_args(argv)

    from django.db import connection

    from chibo.bookshelves import selectors
    from chibo.bookshelves.models import Bookshelf, Copy, Title
    from chibo.orgs.models import Unit, UnitKind

    _national.ensure_national()
    if args.drop or args.rebuild:
        print(f"Đã xóa {drop():,} tủ sách của phép đo.")
        if args.drop:
            return 0
    ours = Bookshelf.objects.filter(description=MARK)
    if not ours.exists():
        print("Sinh tủ sách, danh mục và " + f"{args.copies:,}".replace(",", ".") + " bản sách…")
        build(args, print)
    provinces = list(Unit.objects.filter(kind=UnitKind.PROVINCE, depth=2).order_by("path"))
    if args.province:
        province = provinces[args.province - 1]
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT substr(u.path, 1, %s) FROM bookshelves_bookshelf s JOIN orgs_unit u ON u.id = s.unit_id "
                           "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1", [len(provinces[0].path)])
            biggest = cursor.fetchone()[0]
        province = next(p for p in provinces if p.path == biggest)
    copies, titles = Copy.objects.count(), Title.objects.count()
    province_shelves = Bookshelf.objects.filter(unit__path__startswith=province.path).count()
    print(f"Dữ liệu: {Bookshelf.objects.count():,} tủ sách, {titles:,} đầu sách, {copies:,} bản sách; "
          f"đo tại {province.name} ({province_shelves:,} tủ sách)")
    user = _national.staff_user("bench_tusach_tinh", province)
    superuser = type("Admin", (), {"is_superuser": True, "is_active": True, "is_authenticated": True})()

    # Catalogue search: warm once, then every query `repeat` times, as the province and nationally.
    samples, national, found = [], [], {}
    for query in QUERIES:
        list(selectors.search_catalogue(user, query))
    for _ in range(args.repeat):
        for query in QUERIES:
            started = time.perf_counter()
            rows = list(selectors.search_catalogue(user, query))
            samples.append(time.perf_counter() - started)
            found[query] = len(rows)
            started = time.perf_counter()
            list(selectors.search_catalogue(superuser, query))
            national.append(time.perf_counter() - started)
    search_p95, search_p50 = _common.p95(samples), statistics.median(samples)
    national_p95 = _common.p95(national)
    print(f"  tìm sách ({len(QUERIES)} câu hỏi × {args.repeat}, tối đa {selectors.SEARCH_LIMIT} kết quả): "
          f"p50 {search_p50 * 1000:.1f} ms, p95 {search_p95 * 1000:.1f} ms trong tỉnh; "
          f"p95 {national_p95 * 1000:.1f} ms toàn quốc")
    slow = sorted(zip(samples, QUERIES * args.repeat, strict=True), reverse=True)[:3]
    print("    chậm nhất: " + "; ".join(f"“{q}” {s * 1000:.1f} ms ({found[q]} kết quả)" for s, q in slow))

    # One shelf's public catalogue page query.
    shelf = ours.filter(unit__path__startswith=province.path).order_by("id").first()
    shelf_times = _timings(lambda: list(selectors.with_copy_counts(
        selectors.search_catalogue(None, "lich su", shelf=shelf, limit=100, public=True))), args.repeat * 4)
    print(f"  danh mục công khai một tủ sách: p95 {_common.p95(shelf_times) * 1000:.1f} ms")

    # The province's statistics page: its totals and one row per commune.
    def statistics_page():
        return selectors.statistics(user, province)

    statistics_page()
    stats_times = _timings(statistics_page, args.repeat)
    totals, rows = statistics_page()
    stats_ms = statistics.median(stats_times) * 1000
    print(f"  thống kê tủ sách của tỉnh ({len(rows):,} đơn vị trực thuộc): trung vị {stats_ms:.0f} ms, "
          f"chậm nhất {max(stats_times) * 1000:.0f} ms; {totals['shelves']:,} tủ sách, {totals['copies']:,} bản sách, "
          f"{totals['loans']:,} lượt mượn, {totals['overdue_loans']:,} quá hạn")
    ok = search_p95 < 0.100 and stats_ms < 300
    print(f"copies={copies} titles={titles} province_shelves={province_shelves} search_p95_ms={search_p95 * 1000:.1f} "
          f"search_p50_ms={search_p50 * 1000:.1f} national_search_p95_ms={national_p95 * 1000:.1f} "
          f"stats_ms={stats_ms:.0f} stats_max_ms={max(stats_times) * 1000:.0f} ok={int(ok)}")
    return 0 if ok else 1
