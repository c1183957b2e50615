"""References and implements links on tricky text."""

from __future__ import annotations

import datetime
import json
import unicodedata

import pytest

from chibo.core.seeds import DIR as SEEDS
from chibo.text import Link, extract, extract_implements, extract_references

from .conftest import DEV_PASSAGES


def refs(text):
    return {r.notation: r for r in extract_references(text)}


def links(text):
    return [(link.child, link.parent) for link in extract_implements(text)]


def test_seed_sentence_issuer_from_of_and_from_subject():
    text = ("Thực hiện Kế hoạch số 11-KH/BTGTU ngày 11/01/2021 của Ban Tuyên giáo Tỉnh ủy về tiếp tục thực hiện "
            "phong trào, vừa qua, Thành ủy Vũng Tàu cũng đã ban hành Kế hoạch số 38-KH/TU về tiếp tục thực hiện.")
    r = refs(text)
    assert (r["11-KH/BTGTU"].issued_on, r["11-KH/BTGTU"].issuer_name) == (
        datetime.date(2021, 1, 11), "Ban Tuyên giáo Tỉnh ủy")
    assert (r["38-KH/TU"].issued_on, r["38-KH/TU"].issuer_name) == (None, "Thành ủy Vũng Tàu")
    assert links(text) == [("38-KH/TU", "11-KH/BTGTU")]


def test_state_decree_beside_party_plan():
    text = ("Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ và Kế hoạch số 27-KH/TU ngày "
            "02/02/2021 của Tỉnh ủy, ngày 09/3/2021 Văn phòng Tỉnh ủy ban hành Hướng dẫn số 05-HD/VPTU.")
    r = refs(text)
    decree, plan = r["30/2020/NĐ-CP"], r["27-KH/TU"]
    assert (decree.system, decree.type_code, decree.type_name, decree.issuer_code, decree.number) == (
        "state", "NĐ", "Nghị định", "CP", "30")
    assert (decree.issued_on, decree.issuer_name) == (datetime.date(2020, 3, 5), "Chính phủ")
    assert (plan.system, plan.type_code, plan.issuer_code, plan.issued_on) == (
        "party", "KH", "TU", datetime.date(2021, 2, 2))
    assert r["05-HD/VPTU"].issuer_name == "Văn phòng Tỉnh ủy"
    assert links(text) == []  # "Căn cứ" is a legal basis, not "carries out"


def test_same_number_from_two_issuers_is_two_documents():
    text = ("Ngày 15/3/2024, Huyện ủy ban hành Kế hoạch số 61-KH/HU triển khai Kế hoạch số 61-KH/TU "
            "ngày 01/3/2024 của Tỉnh ủy.")
    r = refs(text)
    assert set(r) == {"61-KH/HU", "61-KH/TU"}
    assert r["61-KH/HU"].issued_on == datetime.date(2024, 3, 15)
    assert r["61-KH/TU"].issued_on == datetime.date(2024, 3, 1)
    assert r["61-KH/TU"].issuer_name == "Tỉnh ủy"
    assert links(text) == [("61-KH/HU", "61-KH/TU")]


def test_event_date_next_to_a_document_is_not_its_date():
    text = ("Thực hiện Hướng dẫn số 09-HD/BTGTU của Ban Tuyên giáo Tỉnh ủy, ngày 18/5/2024, Chi bộ thôn "
            "Đông tổ chức sinh hoạt chuyên đề.")
    assert refs(text)["09-HD/BTGTU"].issued_on is None
    assert refs(text)["09-HD/BTGTU"].issuer_name == "Ban Tuyên giáo Tỉnh ủy"
    text = "Sáng 12/3/2025, Đảng ủy xã tổ chức hội nghị quán triệt Nghị quyết số 57-NQ/TW của Bộ Chính trị."
    assert refs(text)["57-NQ/TW"].issued_on is None


def test_notation_broken_by_a_line_break():
    text = "theo Công văn số 245-CV/\nBTCTU ngày 14/02/2023 của Ban Tổ chức Tỉnh ủy"
    [ref] = extract_references(text)
    assert (ref.notation, ref.issued_on) == ("245-CV/BTCTU", datetime.date(2023, 2, 14))
    assert text[ref.start:ref.end] == ref.surface and "\n" in ref.surface
    text = "Thực hiện Kế hoạch số\n22-KH/TU ngày\n10/6/2022 của Ban Thường vụ Tỉnh ủy"
    assert refs(text)["22-KH/TU"].issued_on == datetime.date(2022, 6, 10)


def test_a_plan_named_only_by_number_is_not_a_reference():
    text = ("Ban Thường vụ Quận ủy vừa ban hành Kế hoạch 227 về kỷ niệm ngày thành lập Đảng (03/02/1930 - "
            "03/02/2025). Theo Kế hoạch 227 và Nghị quyết 57, các chi bộ sinh hoạt chuyên đề.")
    assert extract_references(text) == []
    assert extract(text).implements == []


def test_old_and_new_issuer_codes_after_2025():
    text = ("Trước khi hợp nhất, Ban Tuyên giáo Trung ương có Hướng dẫn số 125-HD/BTGTW ngày 22/12/2023; "
            "nay Ban Tuyên giáo và Dân vận Trung ương ban hành Hướng dẫn số 12-HD/BTGDVTW ngày 10/7/2025 "
            "và Ban Tuyên giáo và Dân vận Tỉnh ủy có Công văn số 15-CV/BTGDVTU.")
    r = refs(text)
    assert {n: x.issuer_code for n, x in r.items()} == {
        "125-HD/BTGTW": "BTGTW", "12-HD/BTGDVTW": "BTGDVTW", "15-CV/BTGDVTU": "BTGDVTU"}
    assert r["12-HD/BTGDVTW"].issuer_name == "Ban Tuyên giáo và Dân vận Trung ương"
    assert r["15-CV/BTGDVTU"].issuer_name == "Ban Tuyên giáo và Dân vận Tỉnh ủy"


def test_mentions_of_one_document_merge_and_a_later_one_adds_the_date():
    text = ("Đảng ủy phường ban hành Kế hoạch số 12-KH/ĐU triển khai Chỉ thị số 27-CT/TW của Bộ Chính trị.\n\n"
            "Chỉ thị 27-CT/TƯ ngày 11/01/2024 nhấn mạnh trách nhiệm người đứng đầu. Chỉ thị 27 được quán triệt.")
    found = extract_references(text)
    assert [r.notation for r in found] == ["12-KH/ĐU", "27-CT/TW"]
    directive = found[1]
    assert directive.issued_on == datetime.date(2024, 1, 11)
    assert directive.surface == "Chỉ thị số 27-CT/TW của Bộ Chính trị"  # the first mention's span


def test_tolerant_spellings_in_running_text():
    text = ("Căn cứ Quy định số31-QĐ/TW ngày 26/6/2021 của Ban Bí thư, Kế hoach số 04 - KH/CB của Chi bộ và "
            "kế hoạch 19-KH/ĐUS ngày 23/9/2011 của Đảng ủy khối, theo quy định 69-qđ/tw của Bộ Chính trị.")
    r = refs(text)
    assert set(r) == {"31-QĐ/TW", "04-KH/CB", "19-KH/ĐUS", "69-QĐ/TW"}
    assert r["31-QĐ/TW"].type_name == "Quy định"  # the type word decides, QĐ alone reads Quyết định
    assert r["04-KH/CB"].type_name == "Kế hoạch"
    assert r["19-KH/ĐUS"].issued_on == datetime.date(2011, 9, 23)


def test_dates_in_three_shapes():
    text = ("Nghị quyết số 17-NQ/HU, ngày 13 tháng 12 năm 2023 của Ban Chấp hành Đảng bộ huyện; Chỉ thị số "
            "20-CT/TW, ngày 01-10-1997 của Bộ Chính trị; Báo cáo số 245-BC/HU ngày 05.6.2023.")
    r = refs(text)
    assert r["17-NQ/HU"].issued_on == datetime.date(2023, 12, 13)
    assert r["17-NQ/HU"].issuer_name == "Ban Chấp hành Đảng bộ huyện"
    assert r["20-CT/TW"].issued_on == datetime.date(1997, 10, 1)
    assert r["245-BC/HU"].issued_on == datetime.date(2023, 6, 5)


def test_things_that_look_like_notations_but_are_not():
    text = ("Điện thoại 0214-3852-123; từ ngày 01/02 đến 05/02/2024; tỷ lệ 8/19 tiêu chí; "
            "kỷ niệm (03/02/1930 - 03/02/2025); mã số 2023/12.")
    assert extract_references(text) == []


@pytest.mark.parametrize("text, expected", [
    # Thực hiện X, Y đã ban hành Z
    ("Thực hiện Chỉ thị số 35-CT/TW ngày 14/6/2024 của Bộ Chính trị, Ban Thường vụ Huyện ủy đã ban hành Kế "
     "hoạch số 112-KH/HU ngày 02/8/2024.", [("112-KH/HU", "35-CT/TW")]),
    # cụ thể hóa (seed 001)
    ("Đảng ủy ban hành công văn số 201-CV/TU ngày 10/10/2011 về cụ thể hóa một số nội dung thực hiện kế "
     "hoạch số 13-KH/TU của Thành ủy.", [("201-CV/TU", "13-KH/TU")]),
    # triển khai thực hiện
    ("Ban Dân vận Huyện ủy ban hành Kế hoạch số 35-KH/BDVHU về triển khai thực hiện Quy định số 120-QĐ/TW "
     "của Ban Bí thư.", [("35-KH/BDVHU", "120-QĐ/TW")]),
    # one child, two parents
    ("Để cụ thể hóa Nghị quyết số 29-NQ/TW và Nghị quyết số 06-NQ/TW của Bộ Chính trị, Tỉnh ủy đã ban hành "
     "Chương trình hành động số 45-CTr/TU.", [("45-CTr/TU", "29-NQ/TW"), ("45-CTr/TU", "06-NQ/TW")]),
    # two children, one parent
    ("Thực hiện Kết luận số 21-KL/TW của Hội nghị Trung ương 4 khóa XIII, Tỉnh ủy đã ban hành Kế hoạch số "
     "52-KH/TU và Hướng dẫn số 08-HD/TU.", [("52-KH/TU", "21-KL/TW"), ("08-HD/TU", "21-KL/TW")]),
    # passive: X được ... cụ thể hóa bằng Z
    ("Thông báo kết luận số 108-TB/TW của Ban Bí thư được Tỉnh ủy cụ thể hóa bằng Kế hoạch số 188-KH/TU.",
     [("188-KH/TU", "108-TB/TW")]),
    # the plan is named again: "Kế hoạch nhằm cụ thể hóa X"
    ("Ngày 20/02/2023, Huyện ủy ban hành Kế hoạch số 38-KH/HU về học tập nghị quyết. Kế hoạch nhằm cụ thể "
     "hóa Kế hoạch số 38-KH/TU ngày 06/02/2023 của Tỉnh ủy.", [("38-KH/HU", "38-KH/TU")]),
    # not implements: legal basis, replacement, review reports, a plain mention
    ("Căn cứ Quy định số 24-QĐ/TW của Ban Chấp hành Trung ương, Ban Thường vụ Huyện ủy đã ban hành Quyết "
     "định số 845-QĐ/HU chuẩn y kết quả bầu cử.", []),
    ("Văn phòng Tỉnh ủy trình Tờ trình số 56-TTr/VPTU đề nghị ban hành Quy chế mới thay thế Quy chế số "
     "03-QC/TU.", []),
    ("Sau 25 năm thực hiện Nghị quyết số 03-NQ/TW, Huyện ủy đã ban hành Báo cáo số 245-BC/HU tổng kết.", []),
    ("Các chi bộ học tập Kế hoạch số 12-KH/TU và Hướng dẫn số 05-HD/BTGTU của Ban Tuyên giáo Tỉnh ủy.", []),
])
def test_implements(text, expected):
    assert links(text) == expected


def test_link_is_child_to_parent_notations():
    [link] = extract_implements(
        "Thực hiện Đề án số 13-ĐA/TU của Ban Thường vụ Tỉnh ủy, ngày 04/9/2022, Ban Tuyên giáo Tỉnh ủy đã có "
        "Hướng dẫn số 56-HD/BTGTU về công tác tuyên truyền.")
    assert link == Link("56-HD/BTGTU", "13-ĐA/TU")


def dev_and_seed_texts():
    texts = [json.loads(line)["text"] for line in DEV_PASSAGES.read_text(encoding="utf-8").splitlines() if line]
    # The seed articles as published (kept in the repository with the demo).
    texts += [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    return texts


def test_spans_point_into_the_original_text_whatever_its_form():
    for text in dev_and_seed_texts():
        plain = extract(text)
        for variant in (unicodedata.normalize("NFD", text), text.replace(" ", "\u00a0", 3), text):
            got = extract(variant)
            assert [(r.notation, r.issued_on) for r in got.references] == [
                (r.notation, r.issued_on) for r in plain.references]
            assert [q.value for q in got.quantities] == [q.value for q in plain.quantities]
            pairs = [*zip(got.references, plain.references, strict=True),
                     *zip(got.quantities, plain.quantities, strict=True)]
            for item, same in pairs:
                assert variant[item.start:item.end] == item.surface
                assert same_text(item.surface, text[same.start:same.end])


def same_text(a, b):
    def plain(s):
        return unicodedata.normalize("NFC", s).replace("\u00a0", " ")

    return plain(a) == plain(b)
