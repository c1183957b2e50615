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


# --- Rules added with dev_074–dev_124 (whole pages, document headers, preambles) ---


def test_header_date_after_the_lines_a_header_puts_between():
    text = ("TỈNH ỦY QUẢNG NAM\nBAN TUYÊN GIÁO\n*\nSố 412-CV/BTGTU\nV/v tuyên truyền kỷ niệm 95 năm Ngày thành lập "
            "Đảng\nĐẢNG CỘNG SẢN VIỆT NAM\nTam Kỳ, ngày 06 tháng 01 năm 2025\n\nKính gửi: các huyện ủy.")
    assert refs(text)["412-CV/BTGTU"].issued_on == datetime.date(2025, 1, 6)
    # two columns flattened: the place and date on the same line after a tab
    same_line = "HUYỆN ỦY LONG THÀNH\n*\nSố 45-KH/HU\t\tLong Thành, ngày 08 tháng 3 năm 2024\nKẾ HOẠCH"
    assert refs(same_line)["45-KH/HU"].issued_on == datetime.date(2024, 3, 8)
    # a notation ending a line in running text takes no date from lines further down
    running = "Các chi bộ học tập Kế hoạch số 12-KH/TU\nvà đăng ký làm theo.\nHà Nội, ngày 05 tháng 3 năm 2024"
    assert refs(running)["12-KH/TU"].issued_on is None


@pytest.mark.parametrize("text, expected", [
    # "Thực hiện X, Ban Thường vụ xây dựng kế hoạch như sau": the document of the header carries out X
    ("ĐẢNG ỦY XÃ AN BÌNH\nSố 25-KH/ĐU\nAn Bình, ngày 20 tháng 6 năm 2024\nKẾ HOẠCH\nCăn cứ Quy định số 24-QĐ/TW "
     "ngày 30/7/2021 của Ban Chấp hành Trung ương;\nThực hiện Kế hoạch số 112-KH/HU ngày 05/6/2024 của Ban "
     "Thường vụ Huyện ủy, Ban Thường vụ Đảng ủy xã xây dựng kế hoạch thực hiện như sau:\nI. MỤC ĐÍCH",
     [("25-KH/ĐU", "112-KH/HU")]),
    # "Thực hiện:" and a list; a first object without a notation ("ý kiến chỉ đạo ... và")
    ("HUYỆN ỦY GIA LÂM\nSố 88-KH/HU\nGia Lâm, ngày 11/01/2021\nKẾ HOẠCH\nThực hiện:\n- Hướng dẫn số 135-HD/BTGTW "
     "ngày 30/11/2020 của Ban Tuyên giáo Trung ương;\n- Kế hoạch số 162-KH/TU ngày 28/12/2020 của Thành ủy,\n"
     "Ban Thường vụ Huyện ủy xây dựng kế hoạch như sau:\n1. Tổ chức lễ kỷ niệm.",
     [("88-KH/HU", "135-HD/BTGTW"), ("88-KH/HU", "162-KH/TU")]),
    ("VĂN PHÒNG TỈNH ỦY\nSố 1025-CV/VPTU\t\tQuy Nhơn, ngày 21 tháng 10 năm 2024\nThực hiện ý kiến chỉ đạo của "
     "Thường trực Tỉnh ủy và Công văn số 512-CV/BTCTW ngày 15/10/2024 của Ban Tổ chức Trung ương, Văn phòng "
     "Tỉnh ủy đề nghị các đơn vị báo cáo.", [("1025-CV/VPTU", "512-CV/BTCTW")]),
    # not from the preamble: a legal basis, a review being prepared, a report
    ("HUYỆN ỦY ĐỨC LINH\nSố 560-CV/HU\nĐức Linh, ngày 02 tháng 6 năm 2025\nĐể chuẩn bị sơ kết 5 năm thực hiện "
     "Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị, Ban Thường vụ Huyện ủy đề nghị các cơ sở báo cáo.", []),
    # in a header block without blank lines, a line opening with "Thực hiện" is a frame of its own
    ("ĐẢNG ỦY XÃ TÂN AN\nSố 12-BC/ĐU\nTân An, ngày 05 tháng 12 năm 2024\nBÁO CÁO\nkết quả thực hiện Nghị quyết số "
     "05-NQ/ĐU\nThực hiện Nghị quyết số 05-NQ/ĐU, Ban Thường vụ Đảng ủy đã ban hành Kế hoạch số 18-KH/ĐU ngày "
     "20/01/2024.", [("18-KH/ĐU", "05-NQ/ĐU")]),
])
def test_the_document_of_a_header_and_its_preamble(text, expected):
    assert links(text) == expected


@pytest.mark.parametrize("text, expected", [
    # "Z thực hiện Kết luận." — the bare type word stands for the conclusion cited before
    ("Ban Thường vụ quán triệt Kết luận số 01-KL/TW ngày 18-5-2021 của Bộ Chính trị và ban hành Chương trình số "
     "06-CTr/TU ngày 02-7-2021 thực hiện Kết luận.", [("06-CTr/TU", "01-KL/TW")]),
    # "Thực hiện Thông báo kết luận, Y đã ban hành Z"
    ("Thông báo kết luận số 156-TB/TU ngày 14/7/2023 của Thường trực Tỉnh ủy nêu rõ: huyện cần tập trung thực hiện "
     "Nghị quyết số 05-NQ/TU ngày 18/10/2021 của Tỉnh ủy. Thực hiện Thông báo kết luận, Huyện ủy đã ban hành "
     "Công văn số 1245-CV/HU ngày 25/7/2023.", [("1245-CV/HU", "156-TB/TU")]),
    # "Chỉ thị được Tỉnh ủy cụ thể hóa bằng Z" in the next sentence
    ("Ngày 14/6/2024, Bộ Chính trị ban hành Chỉ thị số 35-CT/TW về đại hội đảng bộ các cấp. Chỉ thị được Tỉnh "
     "ủy cụ thể hóa bằng Kế hoạch số 201-KH/TU ngày 12/7/2024.", [("201-KH/TU", "35-CT/TW")]),
    # "Thực hiện Luật, ..." after a law cited by its name
    ("Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15/6/2022 có hiệu lực từ ngày 01/01/2024. Thực hiện Luật, "
     "UBND tỉnh ban hành Quyết định số 25/2024/QĐ-UBND ngày 20/5/2024.", [("25/2024/QĐ-UBND", "06/2022/QH15")]),
    # a type word followed by a name is not a bare mention
    ("Tỉnh ủy ban hành Chương trình hành động số 15-CTr/TU ngày 03/3/2021 thực hiện Nghị quyết Đại hội XIII "
     "của Đảng; trước đó có Nghị quyết số 09-NQ/TU.", []),
])
def test_a_bare_type_word_stands_for_the_document_cited_before(text, expected):
    assert links(text) == expected


@pytest.mark.parametrize("text, expected", [
    # a semicolon inside a quoted title does not end the frame
    ("Thực hiện Kết luận số 21-KL/TW ngày 25/10/2021 “về đẩy mạnh xây dựng, chỉnh đốn Đảng; kiên quyết ngăn "
     "chặn “tự diễn biến”, “tự chuyển hóa”” (gọi tắt là Kết luận 21), Ban Thường vụ Thị ủy đã ban hành Kế hoạch "
     "số 47-KH/TU.", [("47-KH/TU", "21-KL/TW")]),
    # nor does one between parents
    ("Thực hiện Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị; Kế hoạch số 96-KH/TU ngày 08/7/2021 của "
     "Ban Thường vụ Tỉnh ủy, Đảng ủy xã đã ban hành Kế hoạch số 21-KH/ĐU ngày 20/7/2021.",
     [("21-KH/ĐU", "01-KL/TW"), ("21-KH/ĐU", "96-KH/TU")]),
    # but a clause after it that cites without issuing leaves the frame without a child
    ("Thực hiện Chỉ thị số 21-CT/TW của Ban Bí thư, Hội Phụ nữ tỉnh tổ chức 45 hội nghị; Kế hoạch số 112-KH/TU "
     "của Tỉnh ủy cũng được triển khai. Ban Thường vụ Hội ban hành Kế hoạch số 08-KH/HPN.", []),
])
def test_frames_across_semicolons(text, expected):
    assert links(text) == expected


def test_a_parent_mentioned_again_in_the_childs_title_and_a_document_issued_with_the_child():
    text = ("Thực hiện Kết luận số 01-KL/TW, Ban Thường vụ Tỉnh ủy đã ban hành Kế hoạch số 45-KH/TU ngày 02/8/2021 "
            "về thực hiện Kết luận số 01-KL/TW và Quy định số 09-QĐ/TU ngày 10/9/2021 về trách nhiệm nêu gương.")
    # 09-QĐ/TU, issued after the plan, is not its parent: it is a second document issued under the frame
    assert links(text) == [("45-KH/TU", "01-KL/TW"), ("09-QĐ/TU", "01-KL/TW")]


def test_a_parent_is_never_issued_after_its_child():
    assert links("Kế hoạch số 10-KH/HU ngày 05/01/2024 về thực hiện Nghị quyết số 12-NQ/TU ngày 20/3/2024.") == []
    assert links("Ngày 15/3/2024, Tỉnh ủy ban hành Nghị quyết số 12-NQ/TU và Kế hoạch số 160-KH/TU thực hiện "
                 "Nghị quyết.") == [("160-KH/TU", "12-NQ/TU")]  # the same day is fine


@pytest.mark.parametrize("text, expected", [
    # "X về <title> và Y": Y is a second parent
    ("Ban Tổ chức Huyện ủy có Công văn số 318-CV/BTCHU về việc thực hiện Quy định số 08-QĐi/TW của Ban Chấp hành "
     "Trung ương ngày 25/10/2018 về trách nhiệm nêu gương của cán bộ, đảng viên và Quy định số 101-QĐ/TW ngày "
     "07/6/2012 của Ban Bí thư.", [("318-CV/BTCHU", "08-QĐi/TW"), ("318-CV/BTCHU", "101-QĐ/TW")]),
    # "Công văn nhằm cụ thể hóa X và Y" after the letter was cited
    ("Ngày 06/8/2025, Ban Tuyên giáo và Dân vận Tỉnh ủy ban hành Công văn số 25-CV/BTGDVTU về tuyên truyền. Công "
     "văn nhằm cụ thể hóa Hướng dẫn số 04-HD/BTGDVTW ngày 15/5/2025 của Ban Tuyên giáo và Dân vận Trung ương và "
     "Kế hoạch số 12-KH/TU ngày 20/7/2025 của Ban Thường vụ Tỉnh ủy.",
     [("25-CV/BTGDVTU", "04-HD/BTGDVTW"), ("25-CV/BTGDVTU", "12-KH/TU")]),
])
def test_coordinated_parents(text, expected):
    assert links(text) == expected


@pytest.mark.parametrize("text", [
    # after a colon the trigger opens reported content, not the notice's own purpose
    "Thông báo kết luận số 156-TB/TU ngày 14/7/2023 của Thường trực Tỉnh ủy nêu rõ: huyện cần tập trung thực "
    "hiện Nghị quyết số 05-NQ/TU ngày 18/10/2021 của Tỉnh ủy.",
    # a trigger opening a new line in capitals starts a clause of its own
    "Số 31-KH/ĐU\nLai Uyên, ngày 05 tháng 4 năm 2024\nKẾ HOẠCH\ntổ chức hội nghị học tập, quán triệt Quy định số "
    "37-QĐ/TW\nThực hiện Kế hoạch số 215-KH/HU ngày 25/3/2024 của Ban Thường vụ Huyện ủy, Đảng ủy xây dựng kế "
    "hoạch như sau:",
])
def test_a_trigger_opening_its_own_clause_does_not_link_the_document_before(text):
    assert all(child not in ("156-TB/TU", "37-QĐ/TW") for child, _ in links(text))


def test_studying_a_document_is_not_carrying_it_out():
    # "học tập, quán triệt X": a plan for studying X; "quán triệt và triển khai X" still carries it out
    assert links("Đảng ủy ban hành Kế hoạch số 31-KH/ĐU về tổ chức hội nghị học tập, quán triệt Kết luận số "
                 "21-KL/TW.") == []
    assert links("Đảng ủy ban hành Kế hoạch số 31-KH/ĐU về quán triệt và triển khai Kết luận số 21-KL/TW.") == [
        ("31-KH/ĐU", "21-KL/TW")]


def test_issuing_subject_with_proper_name_syllables():
    text = ("Thực hiện Hướng dẫn số 09-HD/ĐUK ngày 12/01/2024 của Ban Thường vụ Đảng ủy Khối, Chi bộ Sở Tư pháp "
            "đã ban hành Kế hoạch số 02-KH/CB ngày 15/01/2024.")
    assert refs(text)["02-KH/CB"].issuer_name == "Chi bộ Sở Tư pháp"
    assert links(text) == [("02-KH/CB", "09-HD/ĐUK")]


def test_a_law_named_before_its_number():
    r = refs("Căn cứ Luật Tổ chức chính quyền địa phương số 77/2015/QH13 ngày 19 tháng 6 năm 2015;")["77/2015/QH13"]
    assert (r.surface, r.type_name, r.issued_on) == (
        "Luật Tổ chức chính quyền địa phương số 77/2015/QH13 ngày 19 tháng 6 năm 2015", "Luật",
        datetime.date(2015, 6, 19))


def test_one_document_cited_thousands_of_times_stays_linear():
    import time

    # each mention used to look ahead over all later mentions of the same document (17 s for this text)
    texts = ["Số 1-KH/TU\n" * 20000, "Kế hoạch số 5-KH/TU thực hiện Kết luận. " * 10000]
    started = time.process_time()
    for text in texts:
        assert [r.notation for r in extract_references(text)] == [extract_references(text[:40])[0].notation]
        extract_implements(text)
    assert time.process_time() - started < 8
