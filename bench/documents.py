"""Benchmark of the document registry: search p95 and the cascade of a national directive.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/chibo_bench SECRET_KEY=x \\
        chibo bench documents [--docs 1000000] [--repeat 20] [--seed 7] [--rebuild]

Uses the national tree (`_national.ensure_national`: 34 provinces, 3,321 communes, ~250,000
cells) and fills the registry with `--docs` documents issued by the centre, the provinces, their
boards, the communes, grassroots units and cells, inserted with COPY, deterministic from the seed
(reused while the count matches; only the registry's own tables are written). A national
directive is carried out by every province and, below each, by seven communes in ten.

Times searches (the acceptance queries, the commonest words `kế hoạch`, `nghị quyết`,
`thực hiện`, and others) for a central staff user and for a commune's staff (scope applied), and
the cascade of the national directive under the central committee.
"""

import argparse
import datetime
import io
import random
import statistics
import time

COMMON = ["kế hoạch", "nghị quyết", "thực hiện"]
ACCEPTANCE = ["ke hoach 11 btgtu", "11-KH/BTGTU", "tu sach chi bo", "Hoa Binh", "Hoà Bình", "Hòa Bình"]
OTHERS = ["phòng chống tham nhũng", "hướng dẫn kiểm điểm 2024", "chỉ thị 05", "phát triển đảng viên",
          "38-KH/ĐU", "zzz không có"]
QUERIES = COMMON + ACCEPTANCE + OTHERS
SUBJECTS = [
    "xây dựng tủ sách chi bộ thôn, tổ dân phố", "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "nâng cao chất lượng sinh hoạt chi bộ", "công tác dân vận của hệ thống chính trị", "phòng, chống tham nhũng, lãng phí",
    "kiểm điểm, đánh giá, xếp loại chất lượng tổ chức đảng", "phát triển đảng viên", "xây dựng nông thôn mới",
    "tuyên truyền kỷ niệm ngày lễ lớn", "bảo vệ nền tảng tư tưởng của Đảng", "chuyển đổi số trong công tác đảng",
    "sắp xếp tổ chức bộ máy", "công tác kiểm tra, giám sát", "an sinh xã hội", "cải cách hành chính",
]
TYPES = [("KH", "Kế hoạch"), ("NQ", "Nghị quyết"), ("HD", "Hướng dẫn"), ("CV", "Công văn"), ("BC", "Báo cáo"),
         ("TB", "Thông báo"), ("CT", "Chỉ thị"), ("QĐ", "Quyết định")]
PLACES = ["Hoà Bình", "Lào Cai", "Cần Thơ", "Hà Giang", "Nghệ An", "Thanh Hoá", "Quảng Ninh", "Đắk Lắk", "Sơn La"]
BENCH_TAG = "đo hiệu năng"
DIRECTIVE_ABSTRACT = "Chỉ thị về tiếp tục xây dựng tủ sách chi bộ trong toàn Đảng (đo hiệu năng)"
COLUMNS = ["system", "type_code", "number", "notation", "notation_key", "issuer_id", "issuer_name", "issuer_code",
           "issuer_ref", "owner_id", "issued_on", "term", "abstract", "signer", "signer_position", "confidentiality",
           "distribution", "status", "tags", "source", "search_text", "recency", "created_at", "updated_at"]


def _bench_documents():
    from chibo.documents.models import Document

    return Document.objects.filter(tags__contains=[BENCH_TAG])


def _issuers(rng):
    """(unit, issuer code, share of the documents) for every kind of issuing unit."""
    from chibo.orgs.models import Unit, UnitKind

    def units(**filters):
        return list(Unit.objects.filter(**filters).only("id", "name", "short_name", "code", "path", "kind"))

    central = units(depth=1, kind=UnitKind.CENTRAL)
    provinces = units(depth=2, kind=UnitKind.PROVINCE)
    boards = units(kind="btgdv")
    communes = units(kind=UnitKind.COMMUNE)
    grassroots = units(kind="grassroots")
    cell_ids = list(Unit.objects.filter(kind="cell").values_list("id", flat=True))
    cells = list(Unit.objects.filter(id__in=rng.sample(cell_ids, min(20_000, len(cell_ids))))
                 .only("id", "name", "short_name", "code", "path", "kind"))
    return central[0], [(central, 0.02), (provinces, 0.10), (boards, 0.08), (communes, 0.55), (grassroots, 0.10),
                        (cells, 0.15)]


def _code_for(unit, issued: datetime.date) -> str:
    if unit.kind == "btgdv" and issued < datetime.date(2025, 3, 1):
        return "BTGTU"  # the old board's code, kept as history
    return unit.code or "ĐU"


def build(n_docs: int, seed: int, log=print):
    """Fill the registry (COPY) and the national directive's cascade; return (central, directive)."""
    from django.db import connection, transaction

    from chibo.documents.issuers import code_key, committee_term
    from chibo.documents.models import Document, DocumentRelation
    from chibo.documents.search import document_search_text, month_word
    from chibo.documents.textual import notation_key, search_words

    rng = random.Random(seed)
    central, groups = _issuers(rng)
    existing = _bench_documents().count()
    directive = _bench_documents().filter(owner=central, type_code="CT", abstract=DIRECTIVE_ABSTRACT).first()
    if existing >= n_docs and directive is not None:
        log(f"reusing {existing:,} documents")
        return central, directive
    if existing:
        log(f"removing {existing:,} earlier benchmark documents")
        with transaction.atomic():
            DocumentRelation.objects.filter(source__tags__contains=[BENCH_TAG]).delete()
            _bench_documents().delete()

    owners, weights = [], []
    for units, share in groups:
        for unit in units:
            owners.append(unit)
            weights.append(share / len(units))
    cumulative = list(_accumulate(weights))
    counters: dict[tuple[int, str, str], int] = {}
    rest_words: dict[tuple, str] = {}
    now = datetime.datetime.now(datetime.UTC).isoformat()
    today = datetime.date.today()
    start = today - datetime.timedelta(days=5800)  # 16 years up to today
    t0 = time.perf_counter()
    batch = 100_000
    for offset in range(0, n_docs, batch):
        buf = io.StringIO()
        for _ in range(offset, min(n_docs, offset + batch)):
            owner = owners[_pick(cumulative, rng.random())]
            type_code, type_name = TYPES[rng.randrange(len(TYPES))]
            issued = start + datetime.timedelta(days=rng.randrange(5800))
            code = _code_for(owner, issued)
            term = committee_term(issued, code)
            number = counters.get((owner.pk, code, term), 0) + 1
            counters[(owner.pk, code, term)] = number
            notation = f"{number}-{type_code}/{code}"
            subject = SUBJECTS[rng.randrange(len(SUBJECTS))]
            lead = "thực hiện " if rng.random() < 0.6 else ""
            place = f" trên địa bàn tỉnh {PLACES[rng.randrange(len(PLACES))]}" if rng.random() < 0.05 else ""
            roll = rng.random()
            graded = roll < 0.01
            abstract = "" if graded else f"{type_name} {lead}về {subject}{place} năm {issued.year}"
            distribution = "internal" if graded or roll < 0.15 else "public"
            key = (owner.pk, type_name, abstract)
            if key not in rest_words:
                rest_words[key] = " ".join(search_words(
                    f"{type_name} {abstract} {owner.name} {code} {BENCH_TAG} {owner.name} {owner.short_name}"))
            text = f"{' '.join(search_words(notation))} {rest_words[key]} {month_word(issued)}"
            row = ["party", type_code, str(number), notation, notation_key(notation), str(owner.pk), owner.name,
                   code_key(code), f"unit:{owner.pk}", str(owner.pk), issued.isoformat(), term, abstract, "", "",
                   "confidential" if graded else "normal", distribution, "issued", f'["{BENCH_TAG}"]', "demo", text,
                   issued.isoformat(), now, now]
            buf.write("\t".join(row) + "\n")
        with connection.cursor() as cursor, cursor.copy(
            f"COPY documents_document ({', '.join(COLUMNS)}) FROM STDIN"
        ) as copy:
            copy.write(buf.getvalue())
        log(f"  {min(n_docs, offset + batch):,} documents ({time.perf_counter() - t0:.0f}s)")

    # The national directive, each province's plan, and the plans of seven communes in ten.
    from chibo.orgs.models import Unit, UnitKind

    def new(owner, type_code, issued, abstract):
        code = owner.code or "ĐU"
        term = committee_term(issued, code)
        number = counters.get((owner.pk, code, term), 0) + 1
        counters[(owner.pk, code, term)] = number
        notation = f"{number}-{type_code}/{code}"
        document = Document(
            system="party", type_code=type_code, number=str(number), notation=notation,
            notation_key=notation_key(notation), issuer=owner, issuer_name=owner.name, issuer_code=code_key(code),
            issuer_ref=f"unit:{owner.pk}", owner=owner, issued_on=issued, term=term, abstract=abstract,
            tags=[BENCH_TAG], source="demo", recency=issued,
        )
        document.search_text = document_search_text(document)
        return document

    with transaction.atomic():
        directive = new(central, "CT", today - datetime.timedelta(days=300), DIRECTIVE_ABSTRACT)
        directive.save()
        provinces = list(Unit.objects.filter(depth=2, kind=UnitKind.PROVINCE).order_by("path"))
        plans = [new(p, "KH", today - datetime.timedelta(days=270), "Kế hoạch thực hiện Chỉ thị về tủ sách chi bộ")
                 for p in provinces]
        Document.objects.bulk_create(plans, batch_size=1000)
        relations = [DocumentRelation(source=plan, target=directive, kind="implements") for plan in plans]
        children = []
        for province, plan in zip(provinces, plans, strict=True):
            communes = Unit.objects.filter(path__startswith=province.path, depth=3, kind=UnitKind.COMMUNE)
            for index, commune in enumerate(communes.order_by("path")):
                if index % 10 < 7:
                    children.append((new(commune, "KH", today - datetime.timedelta(days=240),
                                         "Kế hoạch thực hiện Kế hoạch của Tỉnh ủy về tủ sách chi bộ"), plan))
        Document.objects.bulk_create([child for child, _ in children], batch_size=1000)
        relations += [DocumentRelation(source=child, target=plan, kind="implements") for child, plan in children]
        DocumentRelation.objects.bulk_create(relations, batch_size=1000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE documents_document")
        cursor.execute("ANALYZE documents_documentrelation")
    log(f"built {n_docs:,} documents and a cascade of {len(relations):,} in {time.perf_counter() - t0:.0f}s")
    return central, directive


def _accumulate(weights):
    total = 0.0
    for w in weights:
        total += w
        yield total


def _pick(cumulative, x):
    import bisect

    return min(bisect.bisect_left(cumulative, x * cumulative[-1]), len(cumulative) - 1)



def _time_searches(user, repeat):
    from chibo.documents.selectors import search_documents

    timings: dict[str, list[float]] = {q: [] for q in QUERIES}
    hits = {}
    for _ in range(repeat):
        for query in QUERIES:
            t = time.perf_counter()
            found = search_documents(user, query)
            timings[query].append((time.perf_counter() - t) * 1000)
            hits[query] = found
    return timings, hits


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="chibo bench documents")
    parser.add_argument("--docs", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    import _common
    import _national
    from chibo.documents.models import Document
    from chibo.documents.selectors import cascade
    from chibo.orgs.models import Unit, UnitKind

    _national.require_postgres()
    _national.ensure_national()
    central, directive = build(args.docs, args.seed)
    commune = Unit.objects.filter(kind=UnitKind.COMMUNE).order_by("path").first()
    users = {
        "trung ương": _national.staff_user("bench_vanban_tw", central),
        "xã": _national.staff_user("bench_vanban_xa", commune),
    }

    all_times, common_times = [], []
    for label, user in users.items():
        timings, hits = _time_searches(user, args.repeat)
        print(f"\nsearch as {label} staff ({user.__dict__['_chibo_role_units'][None][0].name})")
        print(f"{'query':28} {'hits':>5} {'first':>16} {'p50 ms':>8} {'p95 ms':>8}")
        for query in QUERIES:
            first = hits[query][0].notation if hits[query] else "-"
            print(f"{query:28} {len(hits[query]):>5} {first:>16} {statistics.median(timings[query]):8.1f} "
                  f"{_common.p95(timings[query]):8.1f}")
            all_times += timings[query]
            if query in COMMON:
                common_times += timings[query]

    cascade(users["trung ương"], directive)  # one untimed warm-up: the first call also pays for cold caches
    cascade_times = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        result = cascade(users["trung ương"], directive)
        cascade_times.append((time.perf_counter() - t) * 1000)
    print(f"\ncascade of {directive.notation} under {result.under.name}: {result.size:,} documents on "
          f"{len(result.levels)} levels, {len(result.units)} units, {result.issued_count} issued; "
          f"p50 {statistics.median(cascade_times):.1f} ms, p95 {_common.p95(cascade_times):.1f} ms")
    total = Document.objects.count()
    print(f"documents={total} search_p95_ms={_common.p95(all_times):.1f} common_words_p95_ms={_common.p95(common_times):.1f} "
          f"cascade_p95_ms={_common.p95(cascade_times):.1f} cascade_documents={result.size}")
    return 0
