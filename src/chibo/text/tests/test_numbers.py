"""Vietnamese numbers and quantities: `2.132` is two thousand, `219,2` has a decimal; values are Decimal."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chibo.text import extract_quantities, format_number, parse_number
from chibo.text.numbers import ALL_KINDS


@pytest.mark.parametrize("text, value", [
    ("2.132", "2132"),  # seed 004
    ("219,2", "219.2"),
    ("1.600.000", "1600000"),
    ("1,6 tỷ", "1600000000"),
    ("1,6 tỷ đồng", "1600000000"),
    ("16 nghìn", "16000"),
    ("16 ngàn", "16000"),
    ("2,5 triệu", "2500000"),
    ("04", "4"),
    ("98,6%", "98.6"),
    ("-1.234", "-1234"),
    ("2.5", "2.5"),  # one dot not followed by three digits: a decimal point
    ("1 600 000", "1600000"),
    ("1.600.000 VNĐ", "1600000"),
    ("0,001", "0.001"),
])
def test_parse_number(text, value):
    got = parse_number(text)
    assert isinstance(got, Decimal)
    assert got == Decimal(value)


@pytest.mark.parametrize("text, message", [
    ("", "Chưa nhập số"),
    ("hai nghìn", "không phải là số hợp lệ"),
    ("1,600,000", "dùng dấu chấm để tách hàng nghìn"),
    ("12abc", "không phải là số hợp lệ"),
])
def test_parse_number_errors_are_in_vietnamese(text, message):
    with pytest.raises(ValueError, match=message):
        parse_number(text)


@pytest.mark.parametrize("value, text", [
    (1600000, "1.600.000"), (Decimal("219.2"), "219,2"), (Decimal("2132.50"), "2.132,5"), (-1234, "-1.234"),
    (Decimal("1.6E+9"), "1.600.000.000"), ("0.5", "0,5"), (0, "0"),
])
def test_format_number(value, text):
    assert format_number(value) == text


@given(st.decimals(min_value=-10**12, max_value=10**12, places=3, allow_nan=False, allow_infinity=False))
def test_format_then_parse_gives_the_value_back(value):
    assert parse_number(format_number(value)) == value


SEED_QUANTITIES = [
    # (text around it, surface, value, unit) — the twelve quantities of the seed articles
    ("Chi bộ có 12 đảng viên, 04 cảm tình đảng", "12 đảng viên", "12", "đảng viên"),
    ("Chi bộ có 12 đảng viên, 04 cảm tình đảng", "04 cảm tình đảng", "4", "cảm tình đảng"),
    ("với sự tham dự của 03 khách mời", "03 khách mời", "3", "khách mời"),
    ("đã có 21 lượt ý kiến phát biểu", "21 lượt ý kiến", "21", "lượt ý kiến"),
    ("và 02 khách mời", "02 khách mời", "2", "khách mời"),
    ("kiện toàn 14 ban tuyên vận", "14 ban tuyên vận", "14", "ban tuyên vận"),
    ("với 188 tổ tuyên vận", "188 tổ tuyên vận", "188", "tổ tuyên vận"),
    ("thu hút trên 16 nghìn người tham gia", "16 nghìn người", "16000", "người"),
    ("thu gom 219,2m3 rác thải", "219,2m3", "219.2", "m3"),
    ("trồng hoa trên 100 km đường", "100 km", "100", "km"),
    ("đóng góp 2.132 ngày công", "2.132 ngày công", "2132", "ngày công"),
    ("trị giá 1,6 tỷ đồng", "1,6 tỷ đồng", "1600000000", "đồng"),
]


@pytest.mark.parametrize("text, surface, value, unit", SEED_QUANTITIES)
def test_seed_quantities(text, surface, value, unit):
    found = [q for q in extract_quantities(text) if q.surface == surface]
    assert len(found) == 1, extract_quantities(text)
    q = found[0]
    assert isinstance(q.value, Decimal) and q.value == Decimal(value)
    assert q.unit == unit
    assert text[q.start:q.end] == surface


def test_count_noun_and_kinds():
    [people, money, share, area] = extract_quantities(
        "Chi bộ có 04 cảm tình đảng, vận động 45 triệu đồng, đạt 98,6%, hiến 3.500 m2 đất")
    assert (people.kind, people.noun, people.value) == ("count", "cảm tình đảng", Decimal(4))
    assert (money.kind, money.unit, money.value) == ("money", "đồng", Decimal(45000000))
    assert (share.kind, share.unit, share.value) == ("percent", "%", Decimal("98.6"))
    assert (area.kind, area.unit, area.value, area.noun) == ("measure", "m2", Decimal(3500), "đất")


def test_ratios_and_changes():
    text = "xã Phú Nhuận hoàn thành 8/19 tiêu chí xã nông thôn mới; đường mở rộng từ 3m lên 7m"  # seed 004
    assert extract_quantities(text) == []  # neither is an amount
    ratio, change = extract_quantities(text, ALL_KINDS)
    assert (ratio.kind, ratio.value, ratio.total, ratio.noun, ratio.surface) == (
        "ratio", Decimal(8), Decimal(19), "tiêu chí", "8/19 tiêu chí")
    assert (change.kind, change.value, change.total, change.unit, change.surface) == (
        "change", Decimal(3), Decimal(7), "m", "3m lên 7m")


@pytest.mark.parametrize("text", [
    "Chi bộ Khu phố 4, phường Rạch Dừa",  # a name, not a count
    "năm 2023, tháng 6, ngày 25/3/2023",
    "Kế hoạch số 38-KH/TU, Nghị định 30/2020/NĐ-CP",
    "Hội nghị lần thứ 6 Ban Chấp hành Trung ương",
    "điện thoại 0214-3852-123",
])
def test_numbers_that_are_not_quantities(text):
    assert extract_quantities(text, ALL_KINDS) == []


def test_quantity_positions_survive_nfd_and_nbsp():
    import unicodedata

    text = unicodedata.normalize("NFD", "Đảng bộ có 1.250\u00a0đảng viên và 2,5\u00a0tỷ đồng")
    a, b = extract_quantities(text)
    assert (a.value, a.unit, b.value, b.unit) == (Decimal(1250), "đảng viên", Decimal(2500000000), "đồng")
    assert unicodedata.normalize("NFC", text[a.start:a.end]) == "1.250\u00a0đảng viên"


def test_designating_words_are_read_with_their_diacritics():
    # folded, `tăng` (increase) and `tầng` (floor), `đó` and `độ` would be the same word
    found = extract_quantities("có 37 hợp tác xã, tăng 6 hợp tác xã; trong đó 12 đảng viên nữ; mức 5 triệu đồng")
    assert [q.surface for q in found] == ["37 hợp tác xã", "6 hợp tác xã", "12 đảng viên", "5 triệu đồng"]
    assert extract_quantities("họp tại tầng 6 nhà A, Tổ 5 người, khu pho 4 nguoi") == []


# --- Rules added with dev_074–dev_124 ---


def test_no_unit_across_a_line_break_and_no_figure_inside_a_time():
    assert extract_quantities("Thứ Sáu, 18/08/2023 - 09:42\n\nTỉnh ủy sơ kết\nLượt xem: 1.532\nTin liên quan") == []


def test_units_typed_without_diacritics_only_in_text_typed_so():
    found = extract_quantities("toan huyen ket nap 450 dang vien moi; kinh phi 15,5 trieu dong; ho tro 320 ho ngheo")
    assert [(q.value, q.unit) for q in found] == [
        (Decimal(450), "đảng viên"), (Decimal(15500000), "đồng"), (Decimal(320), "hộ nghèo")]
    # in text with diacritics, `ho` is not `hộ`
    assert extract_quantities("Chi bộ có 3 ho và nhiều ý kiến") == []


def test_verbs_ending_in_a_designating_word():
    found = extract_quantities("nâng cấp 86,4 km đường; cung cấp 500 đầu sách; đạt cấp 3")
    assert [q.surface for q in found] == ["86,4 km", "500 đầu sách"]


@pytest.mark.parametrize("text, surface, unit", [
    ("gồm 20 xã, thị trấn với", "20 xã, thị trấn", "xã, thị trấn"),
    ("thuộc 32 xã, phường, thị trấn.", "32 xã, phường, thị trấn", "xã, phường, thị trấn"),
    ("khen thưởng 2.150 tập thể, cá nhân", "2.150 tập thể, cá nhân", "tập thể, cá nhân"),
    ("xác định 6 nhóm nhiệm vụ, giải pháp;", "6 nhóm nhiệm vụ, giải pháp", "nhóm nhiệm vụ, giải pháp"),
    ("phục vụ trên 3 nghìn lượt bạn đọc", "3 nghìn lượt bạn đọc", "lượt bạn đọc"),
    # not a second noun: a verb, a capitalised name, another figure
    ("có 19 chi bộ, tổ chức 1.245 hội nghị", "19 chi bộ", "chi bộ"),
    ("và 02 khách mời, Chi bộ Quản lý nhà", "02 khách mời", "khách mời"),
    ("có 27 đảng viên, 04 cảm tình đảng", "27 đảng viên", "đảng viên"),
])
def test_counted_nouns_joined_by_commas_and_after_luot(text, surface, unit):
    q = extract_quantities(text)[0]
    assert (q.surface, q.unit) == (surface, unit)
