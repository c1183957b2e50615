"""The development set (tests/data/dev_passages.jsonl) is big enough, well formed, and has every trap."""

from __future__ import annotations

import datetime
import json
import re
from collections import Counter

import pytest

from chibo.text import find_dates, format_notation, is_valid_notation, parse_notation

from .conftest import DEV_PASSAGES

REFERENCE_FIELDS = {"surface", "system", "notation", "number", "type_code", "type_name", "issuer_code",
                    "issued_on", "issuer_name"}


@pytest.fixture(scope="module")
def passages():
    return [json.loads(line) for line in DEV_PASSAGES.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_size_and_schema(passages):
    assert len(passages) >= 40
    ids = [p["id"] for p in passages]
    assert len(set(ids)) == len(ids)
    for p in passages:
        assert set(p) >= {"id", "text", "references", "implements", "quantities"}, p["id"]
        notations = {r["notation"] for r in p["references"]}
        assert len(notations) == len(p["references"]), f"{p['id']}: one entry per document"
        for r in p["references"]:
            assert set(r) == REFERENCE_FIELDS, p["id"]
            assert r["surface"] in p["text"], (p["id"], r["surface"])
            assert format_notation(r["notation"]) == r["notation"], (p["id"], r["notation"])
            n = parse_notation(r["notation"])
            assert (n.system, n.number, n.type_code, n.issuer_code) == (
                r["system"], r["number"], r["type_code"], r["issuer_code"]), (p["id"], r["notation"])
            if r["issued_on"] is not None:
                datetime.date.fromisoformat(r["issued_on"])
        for link in p["implements"]:
            assert {link["child"], link["parent"]} <= notations, (p["id"], link)
        for q in p["quantities"]:
            assert q["surface"] in p["text"] and isinstance(q["value"], int | float) and q["unit"], (p["id"], q)


def test_every_pattern_varies(passages):
    texts = [p["text"] for p in passages]
    refs = [r for p in passages for r in p["references"]]
    assert Counter(r["system"] for r in refs)["state"] >= 10
    assert len({r["type_code"] for r in refs}) >= 15
    # notations typed loosely: no `số`, lowercase, no diacritics, stray spaces, other dashes
    assert any(re.search(r"(?i)kế hoạch \d+-", t) for t in texts)
    assert any(re.search(r"\d+-[a-zđ]+/[a-zđ]+", t) for t in texts)
    assert any(re.search(r"\d+-(QD|DA|KH)/[A-Z]", t) and "Thuc hien" in t for t in texts)
    assert any(re.search(r"số\d", t) for t in texts) and any(re.search(r"\d+ - [A-Z]+/", t) for t in texts)
    assert any(c in t for t in texts for c in "\u2013\u2011") and any("\u00a0" in t for t in texts)
    assert any("\u200b" in t for t in texts)
    assert any("uỷ" in t for t in texts)
    # dates in every shape, and references without a date
    shapes = [r"\d{1,2}/\d{1,2}/\d{4}", r"\d{2}-\d{2}-\d{4}", r"\d{1,2}\.\d{1,2}\.\d{4}",
              r"ngày \d{1,2} tháng \d{1,2} năm \d{4}", r"tháng \d{1,2} năm \d{4}"]
    for shape in shapes:
        assert any(re.search(shape, t) for t in texts), shape
    assert sum(r["issued_on"] is None for r in refs) >= 5
    # implements phrased every way
    for phrase in ("Thực hiện", "cụ thể hóa", "triển khai thực hiện", "Triển khai", "được Tỉnh ủy cụ thể hóa bằng"):
        assert any(phrase in p["text"] and p["implements"] for p in passages), phrase
    # quantities of every kind
    units = Counter(q["unit"] for p in passages for q in p["quantities"])
    assert units["%"] >= 3 and units["đồng"] >= 3 and units["m2"] >= 1
    assert any(re.search(r"\b0\d \S", q["surface"]) for p in passages for q in p["quantities"])
    assert any(re.search(r"\d\.\d{3}", q["surface"]) for p in passages for q in p["quantities"])
    assert any(re.search(r"\d,\d", q["surface"]) for p in passages for q in p["quantities"])
    assert any(re.search(r"nghìn|tỷ|triệu", q["surface"]) for p in passages for q in p["quantities"])


def test_traps(passages):
    # a State document beside a Party one
    assert sum({r["system"] for r in p["references"]} == {"party", "state"} for p in passages) >= 3
    # two documents with the same number from different issuers
    def same_number(p):
        numbers = Counter(r["number"].lstrip("0") for r in p["references"])
        return any(n > 1 for n in numbers.values())
    assert sum(same_number(p) for p in passages) >= 3
    # an event date right next to a document that has no date of its own
    def event_date(p):
        for r in p["references"]:
            at = p["text"].find(r["surface"])
            near = p["text"][max(0, at - 40):at + len(r["surface"]) + 25]
            if r["issued_on"] is None and find_dates(near):
                return True
        return False
    assert sum(event_date(p) for p in passages) >= 3
    # a notation broken by a line break
    assert sum(any("\n" in r["surface"] for r in p["references"]) for p in passages) >= 2
    # a plan named only by its number is not a reference
    named_only = [p for p in passages if re.search(r"Kế hoạch 227\b", p["text"])]
    assert named_only and all("227" not in r["notation"] for p in named_only for r in p["references"])
    assert not is_valid_notation("Kế hoạch 227")
    # issuer codes before and after the 2025 merger of the propaganda and mass mobilisation boards
    codes = {r["issuer_code"] for p in passages for r in p["references"]}
    assert {"BTGDVTW", "BTGDVTU"} <= codes and {"BTGTW", "BTGTU", "BDVTU"} <= codes
    # numbers that are not amounts: phone numbers, names, ratios, changes
    texts = " ".join(p["text"] for p in passages)
    assert re.search(r"\d{4}-\d{4}-\d{3}", texts) and "Khu phố 3" in texts
    assert re.search(r"\d+/\d+ tiêu chí", texts) and re.search(r"từ \S+ lên \S+", texts)
