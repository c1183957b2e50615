"""Benchmark of `chibo.text.extract` on one core: `chibo bench extract` or `python bench/extract.py`.

Builds a deterministic corpus (default 50 MB of UTF-8) by recombining and varying the annotated
passages in tests/data/dev_passages.jsonl and, when present, the seed articles in ../shared/seeds,
with plain paragraphs in between as in real news pages. Prints figures and, last, one line of
`name=value` pairs.
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


def _sources() -> list[str]:
    texts = []
    dev = ROOT / "tests" / "data" / "dev_passages.jsonl"
    with dev.open(encoding="utf-8") as f:
        texts += [json.loads(line)["text"] for line in f if line.strip()]
    seeds = ROOT.parent / "shared" / "seeds"
    if seeds.is_dir():
        texts += [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))]
    return texts


def _vary(text: str, rng: random.Random) -> str:
    text = _NOTATION_NUMBER.sub(lambda m: f"{rng.randint(1, 999):02d}", text)
    text = _DAY.sub(lambda m: str(rng.randint(1, 28)), text)
    if rng.random() < 0.05:
        text = unicodedata.normalize("NFD", text)
    return text


def build_corpus(megabytes: float, seed: int = 2025) -> list[str]:
    """Articles of 2–8 passages with plain paragraphs between them, up to `megabytes` of UTF-8."""
    rng = random.Random(seed)
    sources = _sources()
    articles, size, limit = [], 0, int(megabytes * 1_000_000)
    while size < limit:
        parts = []
        for _ in range(rng.randint(2, 8)):
            parts.append(_vary(rng.choice(sources), rng))
            parts.extend(rng.sample(FILLER, rng.randint(1, 3)))
        article = "\n\n".join(parts)
        articles.append(article)
        size += len(article.encode("utf-8"))
    return articles


def run(argv: list[str]) -> int:
    """Build the corpus, time extraction over it, print figures; 0 when the target is met."""
    parser = argparse.ArgumentParser(prog="chibo bench extract", description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=50.0, help="corpus size in MB (default 50)")
    parser.add_argument("--seed", type=int, default=2025, help="corpus random seed")
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    corpus = build_corpus(args.mb, args.seed)
    built = time.perf_counter() - t0
    corpus_mb = sum(len(a.encode("utf-8")) for a in corpus) / 1_000_000

    references = links = quantities = 0
    t0 = time.process_time()
    start = time.perf_counter()
    for article in corpus:
        result = extract(article)
        references += len(result.references)
        links += len(result.implements)
        quantities += len(result.quantities)
    seconds = time.perf_counter() - start
    cpu = time.process_time() - t0
    # One process, one thread: its CPU time is the time on one core. Wall time also counts the time
    # spent waiting for a core, which on a shared machine says more about the neighbours.
    rate = corpus_mb / cpu if cpu else float("inf")
    wall_rate = corpus_mb / seconds if seconds else float("inf")
    per_kb = references / (corpus_mb * 1000) if corpus_mb else 0.0

    print(f"corpus: {len(corpus)} articles, {corpus_mb:.1f} MB UTF-8, built in {built:.1f} s")
    print(f"found: {references} references ({per_kb:.2f} per kB), {links} implements links, "
          f"{quantities} quantities")
    print(f"extraction: {cpu:.2f} s CPU on one core = {rate:.1f} MB/s (target {TARGET_MB_PER_S} MB/s); "
          f"{seconds:.2f} s wall = {wall_rate:.1f} MB/s")
    print(f"corpus_mb={corpus_mb:.1f} cpu_seconds={cpu:.2f} mb_per_s={rate:.1f} wall_seconds={seconds:.2f} "
          f"wall_mb_per_s={wall_rate:.1f} target_mb_per_s={TARGET_MB_PER_S}")
    return 0 if rate >= TARGET_MB_PER_S else 1


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
