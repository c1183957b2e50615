"""Party and State notation: parse, validate, format, key."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chibo.text import (
    PARTY_ISSUERS,
    PARTY_TYPES,
    STATE_ISSUERS,
    STATE_TYPES,
    Notation,
    format_notation,
    is_valid_notation,
    notation,
    notation_key,
    parse_notation,
    type_name,
)

TOLERANT = [
    # (as typed, canonical) — seeds first, then the tolerance the issue lists
    ("11-KH/BTGTU", "11-KH/BTGTU"),
    ("19-KH/ĐUS", "19-KH/ĐUS"),
    ("13-ĐA/TU", "13-ĐA/TU"),
    ("17-KH/BDVTW", "17-KH/BDVTW"),
    ("13-DA/TU", "13-ĐA/TU"),  # no diacritics
    ("31-QD/TW", "31-QĐ/TW"),
    ("số31-QĐ/TW", "31-QĐ/TW"),  # stray or missing spaces
    ("Số: 31-QĐ/TW", "31-QĐ/TW"),
    ("11 - KH/TU", "11-KH/TU"),
    ("04-HD / BTGTU", "04-HD/BTGTU"),
    ("11-kh/tu", "11-KH/TU"),  # lowercase
    ("07-qđi/tư", "07-QĐi/TW"),
    ("03 – CT/TƯ", "03-CT/TW"),  # en dash, TƯ
    ("125\u2011HD/BTGTW", "125-HD/BTGTW"),  # non-breaking hyphen
    ("19-kh/đus", "19-KH/ĐUS"),
    ("12-HD/BTGDVTW", "12-HD/BTGDVTW"),  # codes since 2025
    ("03-kh/btgdvtu", "03-KH/BTGDVTU"),
    ("45-CTr/TU", "45-CTr/TU"),
    ("30/2020/NĐ-CP", "30/2020/NĐ-CP"),  # State
    ("30/2020/nd-cp", "30/2020/NĐ-CP"),
    ("1206/QĐ-UBND", "1206/QĐ-UBND"),
    ("1206/qd-ubnd", "1206/QĐ-UBND"),
    ("35/2022/QD-UBND", "35/2022/QĐ-UBND"),
    ("05/2022/tt-bnv", "05/2022/TT-BNV"),
    ("12/2021/NQ-HĐND", "12/2021/NQ-HĐND"),
    ("15/CT-TTg", "15/CT-TTg"),
    ("88/KH-UBND", "88/KH-UBND"),
    ("80/2015/QH13", "80/2015/QH13"),  # a law: no type code
    ("1125/UBND-VX", "1125/UBND-VX"),  # a State letter: no type code
]


@pytest.mark.parametrize("typed, canonical", TOLERANT)
def test_tolerant_reading_gives_one_canonical_spelling(typed, canonical):
    assert format_notation(typed) == canonical
    assert str(parse_notation(typed)) == canonical
    assert is_valid_notation(typed)
    assert notation_key(typed) == notation_key(canonical)
    assert format_notation(canonical) == canonical  # canonical is a fixed point


def test_parsed_fields():
    assert parse_notation("11-KH/BTGTU") == Notation("party", "11", "KH", "BTGTU")
    assert parse_notation("03-CT/TW").number == "03"  # the number as written
    state = parse_notation("30/2020/NĐ-CP")
    assert (state.system, state.number, state.year, state.type_code, state.issuer_code) == (
        "state", "30", 2020, "NĐ", "CP")
    assert state.type_name == "Nghị định"
    law = parse_notation("80/2015/QH13")
    assert (law.type_code, law.issuer_code, law.year) == (None, "QH13", 2015)
    letter = parse_notation("1125/UBND-VX")
    assert (letter.type_code, letter.issuer_code, letter.year) == (None, "UBND-VX", None)


@pytest.mark.parametrize("text, message", [
    ("", "Chưa nhập số, ký hiệu văn bản"),
    ("Kế hoạch 227", "không phải số, ký hiệu văn bản"),
    ("Nghị quyết 57", "không phải số, ký hiệu văn bản"),
    ("0-KH/TU", "phải lớn hơn 0"),
    ("11-XYZ/TU", "Không rõ loại văn bản"),
    ("30/1800/NĐ-CP", "không hợp lệ"),
    ("80/QH13", "thiếu năm"),
    ("0214-3852-123", "không phải số, ký hiệu văn bản"),
    ("11/01/2021", "không phải số, ký hiệu văn bản"),
])
def test_invalid_notations_are_rejected_in_vietnamese(text, message):
    with pytest.raises(ValueError, match=message):
        parse_notation(text)
    assert not is_valid_notation(text)


def test_keys_ignore_spelling_but_not_the_document():
    same = ["03-CT/TW", "3-CT/TW", "3 – ct/TƯ", "số 03-CT/TW", "03-CT/TƯ", "03-ct/tw"]
    assert len({notation_key(s) for s in same}) == 1
    # same number, different issuer or type: different documents
    assert notation_key("38-KH/TU") != notation_key("38-KH/HU")
    assert notation_key("45-KH/TU") != notation_key("45-HD/TU")
    assert notation_key("12-HD/BTGDVTW") != notation_key("12-HD/BTGTW")
    assert notation_key("30/2020/NĐ-CP") == notation_key("30/2020/nd-cp")
    assert notation_key("30/2020/NĐ-CP") != notation_key("30/2021/NĐ-CP")
    assert notation_key(parse_notation("07-QĐi/TƯ")) == parse_notation("07-QĐi/TW").key == "7-qdi/tw"


@given(st.integers(1, 99999), st.sampled_from(sorted(PARTY_TYPES)), st.sampled_from(sorted(PARTY_ISSUERS)))
def test_party_round_trip(number, code, issuer):
    text = f"{number}-{code}/{issuer}"
    n = parse_notation(text)
    assert (n.system, n.number, n.type_code) == ("party", str(number), code)
    assert format_notation(n) == text.replace("TƯ", "TW")
    assert parse_notation(text.lower()).key == n.key


@given(st.integers(1, 99999), st.integers(1990, 2030), st.sampled_from(sorted(STATE_TYPES)),
       st.sampled_from(["CP", "TTg", "UBND", "BNV", "BTC", "HĐND"]))
def test_state_round_trip(number, year, code, issuer):
    text = f"{number}/{year}/{code}-{issuer}"
    n = parse_notation(text)
    assert (n.system, n.number, n.year, n.type_code, n.issuer_code) == ("state", str(number), year, code, issuer)
    assert format_notation(n) == text


def test_type_names():
    assert type_name("KH") == "Kế hoạch"
    assert type_name("QD") == "Quyết định"
    assert type_name("QĐi") == "Quy định"
    assert type_name("TT") == "Thông tri" and type_name("TT", "state") == "Thông tư"
    assert type_name("ND", "state") == "Nghị định"
    assert type_name("XYZ") is None and type_name(None) is None


def test_every_type_code_is_documented_with_its_name():
    doc = notation.__doc__
    for code, name in PARTY_TYPES.items():
        assert re.search(rf"^{re.escape(code)}\s+{re.escape(name)}\s", doc, re.M), code
    for code, name in STATE_TYPES.items():
        assert re.search(rf"\s{re.escape(code)}\s+{re.escape(name)}$", doc, re.M), code
    for code in ("TW", "TU", "HU", "ĐU", "BTGTU", "BDVTW", "BTGDVTW", "BTGDVTU"):
        assert code in PARTY_ISSUERS and code in doc
    for code in ("CP", "TTg", "QH", "UBND", "HĐND"):
        assert code in STATE_ISSUERS and code in doc
