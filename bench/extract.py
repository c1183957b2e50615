"""Benchmark of `chibo.text.extract` on one core: `chibo bench extract` or `python bench/extract.py`.

Builds two deterministic corpora (default 50 MB of UTF-8 each) by recombining and varying the
annotated passages in tests/data/dev_passages.jsonl and the seed articles (tests/data/seed_gold.jsonl),
with plain paragraphs in between as in real news pages:
  news   — as many citations per kB as the five real seed articles have (about 0.5): the figure
           checked against the target;
  dense  — the passages with few paragraphs between them (over four times the citations per kB
           of real articles): a stress figure, printed beside it.
Prints figures and, last, one line of `name=value` pairs.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from chibo.text import extract  # noqa: E402

TARGET_MB_PER_S = 10
FILLER = [
    "Hội nghị đã thảo luận, thống nhất các giải pháp nâng cao chất lượng sinh hoạt chi bộ, gắn với việc học "
    "tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.",
    "Các đồng chí đảng viên phát huy tinh thần trách nhiệm, tính tiền phong, gương mẫu, tích cực tham gia các "
    "phong trào thi đua yêu nước ở khu dân cư.",
    "Ban Thường vụ Đảng ủy yêu cầu các chi bộ trực thuộc quán triệt sâu sắc nội dung, xây dựng kế hoạch cụ thể "
    "và thường xuyên kiểm tra, đôn đốc việc thực hiện.",
    "Công tác tuyên truyền được đẩy mạnh trên hệ thống thông tin cơ sở, trang thông tin điện tử và mạng xã hội, "
    "tạo sự đồng thuận trong cán bộ, đảng viên và Nhân dân.",
    "Thời gian tới, cấp ủy tiếp tục đổi mới nội dung, phương thức lãnh đạo, nâng cao năng lực lãnh đạo và sức "
    "chiến đấu của tổ chức đảng.",
]
_NOTATION_NUMBER = re.compile(r"(?<![\d/.,])\d{1,4}(?=\s?[-\u2013\u2011]\s?[A-ZĐa-zđ]{1,5}\s?/)")
_DAY = re.compile(r"(?<![\d/])(\d{1,2})(?=/\d{1,2}/\d{4})")


DATA = ROOT / "tests" / "data"


def _annotated(name: str) -> list[dict]:
    with (DATA / name).open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _sources() -> list[tuple[str, int]]:
    """(text, number of documents it cites) of every annotated passage and seed article."""
    return [(d["text"], len(d["references"])) for d in _annotated("dev_passages.jsonl") + _annotated("seed_gold.jsonl")]


def seed_density() -> float:
    """Citations per kB of UTF-8 in the five real seed articles."""
    seeds = _annotated("seed_gold.jsonl")
    return sum(len(d["references"]) for d in seeds) / (sum(len(d["text"].encode("utf-8")) for d in seeds) / 1000)


def _vary(text: str, rng: random.Random) -> str:
    text = _NOTATION_NUMBER.sub(lambda m: f"{rng.randint(1, 999):02d}", text)
    text = _DAY.sub(lambda m: str(rng.randint(1, 28)), text)
    if rng.random() < 0.05:
        text = unicodedata.normalize("NFD", text)
    return text


def build_corpus(megabytes: float, seed: int = 2025, density: float | None = None) -> list[str]:
    """Articles of 2–8 passages with plain paragraphs between them, up to `megabytes` of UTF-8.

    With `density` (citations per kB), each article gets plain paragraphs until it cites no more
    than that; without, one to three between passages.
    """
    rng = random.Random(seed)
    sources = _sources()
    articles, size, limit = [], 0, int(megabytes * 1_000_000)
    while size < limit:
        parts, cited = [], 0
        for _ in range(rng.randint(2, 8)):
            text, references = rng.choice(sources)
            parts.append(_vary(text, rng))
            cited += references
            parts.extend(rng.sample(FILLER, rng.randint(1, 3)))
        article = "\n\n".join(parts)
        while density and cited / (len(article.encode("utf-8")) / 1000) > density:
            article += "\n\n" + " ".join(rng.sample(FILLER, 3))
        articles.append(article)
        size += len(article.encode("utf-8"))
    return articles


def measure(corpus: list[str]) -> dict:
    """CPU and wall seconds of extracting every article, and what was found."""
    found = {"references": 0, "implements": 0, "quantities": 0}
    cpu, wall = time.process_time(), time.perf_counter()
    for article in corpus:
        result = extract(article)
        found["references"] += len(result.references)
        found["implements"] += len(result.implements)
        found["quantities"] += len(result.quantities)
    # One process, one thread: its CPU time is the time on one core. Wall time also counts the time
    # spent waiting for a core, which on a shared machine says more about the neighbours.
    return found | {"cpu": time.process_time() - cpu, "wall": time.perf_counter() - wall,
                    "mb": sum(len(a.encode("utf-8")) for a in corpus) / 1_000_000, "articles": len(corpus)}


def run(argv: list[str]) -> int:
    """Build the corpus, time extraction over it, print figures; 0 when the target is met."""
    parser = argparse.ArgumentParser(prog="chibo bench extract", description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=50.0, help="corpus size in MB (default 50)")
    parser.add_argument("--seed", type=int, default=2025, help="corpus random seed")
    args = parser.parse_args(argv)

    density = seed_density()
    figures = {}
    for name, corpus_density in (("news", density), ("dense", None)):
        t0 = time.perf_counter()
        corpus = build_corpus(args.mb, args.seed, corpus_density)
        built = time.perf_counter() - t0
        f = figures[name] = measure(corpus)
        f["rate"], f["wall_rate"] = f["mb"] / f["cpu"], f["mb"] / f["wall"]
        print(f"{name}: {f['articles']} articles, {f['mb']:.1f} MB UTF-8 (built in {built:.1f} s), "
              f"{f['references'] / (f['mb'] * 1000):.2f} citations per kB")
        print(f"  found {f['references']} references, {f['implements']} implements links, {f['quantities']} quantities")
        print(f"  extraction: {f['cpu']:.2f} s CPU on one core = {f['rate']:.1f} MB/s; "
              f"{f['wall']:.2f} s wall = {f['wall_rate']:.1f} MB/s")
    news, dense = figures["news"], figures["dense"]
    rate = news["rate"]
    print(f"target {TARGET_MB_PER_S} MB/s on the news corpus (the seed articles cite {density:.2f} documents per kB)")
    print(f"corpus_mb={news['mb']:.1f} cpu_seconds={news['cpu']:.2f} mb_per_s={rate:.1f} "
          f"wall_mb_per_s={news['wall_rate']:.1f} dense_mb_per_s={dense['rate']:.1f} "
          f"dense_citations_per_kb={dense['references'] / (dense['mb'] * 1000):.2f} "
          f"seed_citations_per_kb={density:.2f} target_mb_per_s={TARGET_MB_PER_S}")
    return 0 if rate >= TARGET_MB_PER_S else 1


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
