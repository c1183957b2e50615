"""Document references (trích dẫn văn bản) and implements links (văn bản thực hiện văn bản khác).

What counts as a reference: a citation that carries a full notation, Party (`11-KH/BTGTU`) or State
(`30/2020/NĐ-CP`, `1206/QĐ-UBND`, `80/2015/QH13`), with or without the type word and `số`.
A document named only by type and number (`Kế hoạch 227`, `Nghị quyết 57`) or by title has no
notation and is not a reference. One reference per document per text: mentions are merged by
`notation_key`; the first mention gives the surface, later mentions may add the date or issuer.

The date of a reference is the one attached to it (`số 11-KH/BTGTU ngày 11/01/2021`,
`17-NQ/HU, ngày 13 tháng 12 năm 2023 của ...`, `(ban hành ngày ...)`), or the date opening the
clause that issues it (`ngày 04/9/2022, Ban Tuyên giáo Tỉnh ủy đã có Hướng dẫn số 56-HD/BTGTU`).
A date that opens a following clause (`Kế hoạch số 05-KH/ĐU, ngày 10/4/2023, Chi bộ tổ chức ...`)
is an event, not the document's date. The issuing body is the `của ...` phrase, else the subject that
issues it (`Thành ủy Vũng Tàu cũng đã ban hành Kế hoạch số 38-KH/TU`).

A document implements another when the text says it was issued to carry it out:
`Thực hiện X, Y đã ban hành Z` (Z → X), `Z về cụ thể hóa / triển khai thực hiện X` (Z → X),
`X được cụ thể hóa bằng Z` (Z → X), and `Kế hoạch nhằm cụ thể hóa X` after Z was cited (Z → X).
A document with a header (`Số 25-KH/ĐU` / `An Phú, ngày ...`) carries out what its preamble says
(`Thực hiện X [và Y], Ban Thường vụ xây dựng kế hoạch như sau:`). A bare type word stands for the last
document of that type cited before (`Z thực hiện Kết luận.`, `Thực hiện Thông báo kết luận, ...`,
`Chỉ thị được Tỉnh ủy cụ thể hóa bằng Z`). A parent is never issued after its child.
`Căn cứ X` (legal basis), `thay thế X` (replaces), reports reviewing X (`Báo cáo sơ kết ...`) and plans
for studying X (`học tập, quán triệt X`) are not implements links.
"""

from __future__ import annotations

import datetime
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from ._patterns import DASH, loose, loose_any, words_before
from .dates import DATE_PATTERN, NGAY, date_from_match
from .normalize import _TONE_TABLE, Prepared, fold, fold_chars, normalize, prepare
from .notation import (
    _STATE_ISSUER_BY_KEY,
    Notation,
    _canonical_issuer,
    _code_key,
    canonical_type_code,
    format_notation,
    notation_key,
    type_name,
)

__all__ = ["Reference", "Link", "extract_references", "extract_implements", "find_mentions", "Mention", "analyse"]

# Type words (loại văn bản) and the type name each gives.
TYPE_WORDS: dict[str, str | None] = {
    "Kế hoạch": "Kế hoạch", "Nghị quyết": "Nghị quyết", "Nghị quyết liên tịch": "Nghị quyết liên tịch",
    "Quyết định": "Quyết định", "Quy định": "Quy định", "Chỉ thị": "Chỉ thị", "Kết luận": "Kết luận",
    "Quy chế": "Quy chế", "Quy chế phối hợp": "Quy chế", "Hướng dẫn": "Hướng dẫn",
    "Chương trình": "Chương trình", "Chương trình hành động": "Chương trình",
    "Chương trình phối hợp": "Chương trình", "Chương trình công tác": "Chương trình", "Đề án": "Đề án",
    "Phương án": "Phương án", "Báo cáo": "Báo cáo", "Thông báo": "Thông báo",
    "Thông báo kết luận": "Thông báo", "Tờ trình": "Tờ trình", "Công văn": "Công văn", "Thông tri": "Thông tri",
    "Nghị định": "Nghị định", "Thông tư": "Thông tư", "Thông tư liên tịch": "Thông tư liên tịch", "Luật": "Luật",
    "Pháp lệnh": "Pháp lệnh", "Công điện": "Công điện", "Biên bản": "Biên bản", "Giấy mời": "Giấy mời",
    "Đề cương": "Đề cương", "Văn bản hợp nhất": "Văn bản hợp nhất", "Văn bản": None,
}
_TYPE_BY_FOLD = {fold(k): v for k, v in TYPE_WORDS.items()}
_TYPE_ALT = loose_any(TYPE_WORDS)
_SO = loose("số")

_NOT_BEFORE = set("0123456789/.,-\u2010\u2011\u2012\u2013\u2014\u2015")
# Starts with a digit so that the scan skips other text at C speed; what precedes is checked after.
_CANDIDATE_RE = re.compile(
    rf"(?P<num>[0-9][0-9]{{0,5}})\s{{0,3}}(?:"
    rf"{DASH}\s{{0,3}}(?P<ptype>[^\W\d_]{{1,5}})\s{{0,3}}/\s{{0,3}}(?P<piss>[^\W\d_][^\W_]{{0,15}})(?![^\W_])"
    rf"|/\s{{0,2}}(?:(?P<year>(?:19|20)\d{{2}})\s{{0,2}}/\s{{0,2}})?"
    rf"(?:(?P<law>(?:UBTVQH|QH|ubtvqh|qh)\d{{1,2}})(?![^\W_])"
    rf"|(?P<stype>[^\W\d_]{{1,6}})\s{{0,2}}{DASH}\s{{0,2}}"
    rf"(?P<siss>[^\W\d_][^\W_]{{0,15}}(?:{DASH}[^\W\d_][^\W_]{{0,15}}){{0,3}})(?![^\W_])))",
)
_TYPE_BEFORE_RE = re.compile(
    rf"(?<![^\W\d_])(?:(?P<tw>{_TYPE_ALT})(?:\s*{_SO})?|(?P<so>{_SO}))\s*[:.]?\s*$"
)
# The State types that are cited with their name between the type word and `số` (`Luật Đất đai số 31/2024/QH15`).
_NAMED_TYPE_SPAN = 100
_NAMED_TYPE_RE = re.compile(rf"(?<![^\W\d_])(?:{loose_any(['Luật', 'Bộ luật', 'Pháp lệnh'])})(?=\s+[^\W\d_])")
_NAMED_TYPE_TAIL_RE = re.compile(
    rf"(?P<tw>{loose_any(['Luật', 'Pháp lệnh'])})\s+(?P<name>[^;:.()\n]{{1,{_NAMED_TYPE_SPAN}}}?)(?P<so>)\s*$"
)
_DATE_AFTER_RE = re.compile(
    rf"(?P<comma>\s*,)?\s*(?P<paren>\(\s*)?(?:{loose_any(['ban hành', 'ký ban hành', 'ký'])}\s+)?{NGAY}\s*"
    rf"{DATE_PATTERN}(?(paren)\s*\))"
)
_PLACE_DATE = rf"[^\W\d_][^\n,]{{0,40}},\s*{NGAY}\s*{DATE_PATTERN}"
_HEADER_DATE_RE = re.compile(rf"[ \t]*\n[ \t]*{_PLACE_DATE}")
# A document header: `Số 25-KH/ĐU` on its own line, the place and date (`An Phú, ngày ...`) on the same line
# after a tab or a wide gap (two columns flattened), or a few short lines below (`ĐẢNG CỘNG SẢN VIỆT NAM`,
# the national motto, the `V/v ...` summary of a letter).
_HEADER_BLOCK_RE = re.compile(
    rf"(?:[ \t]*(?:\n[^\n]{{0,200}}){{0,5}}?\n|[ \t]*\t|[ \t]{{2,}})[ \t]*{_PLACE_DATE}"
)
_HEADER_PREFIX_RE = re.compile(rf"[ \t]*(?:{loose('số')}[ \t]*:?[ \t]*)?")
_LEAD_SPACE_RE = re.compile(r"[\s,]*")
_ORG_END_RE = re.compile(rf"\s*(?:[(,.;:]|{loose('về')}(?![^\W\d_])|$)")
_AFTER_DATE_WORD_RE = re.compile(r"\s*(?P<comma>,)?\s*(?P<word>[^\W\d_]+)?")
_OF_RE = re.compile(rf"\s*,?\s*{loose('của')}\s+")
_YEAR_AFTER_RE = re.compile(rf"\s*,?\s*{loose('năm')}\s+\d{{4}}(?!\d)")
_CLAUSE_DATE_RE = re.compile(rf"{NGAY}\s*{DATE_PATTERN}\s*,?\s*$")
_AUX = loose_any(["cũng", "đã", "vừa", "mới", "đồng thời", "chính thức", "kịp thời", "tiếp tục", "khẩn trương",
                  "sớm", "cũng đã", "đã kịp thời"])
_ISSUE_VERBS = ["ban hành", "ký ban hành", "có", "ký", "ra", "xây dựng", "phát hành", "trình", "gửi",
                "ban hành kèm theo"]
_ISSUE_VERB = loose_any(_ISSUE_VERBS)
_VERB_LAST_WORDS = {fold(v).split()[-1] for v in _ISSUE_VERBS}
_VERB_BEFORE_RE = re.compile(rf"(?<![^\W\d_])(?P<verb>(?:{_AUX}\s+)*{_ISSUE_VERB})\s+$")
_BOUNDARY_RE = re.compile(r"[,;:()\n\"“”]|\.(?=\s)")
# A sentence ends at `.`, `!`, `?` or `;` before white space, or at a line break before a blank line.
# (One character class first, so that the scan jumps from candidate to candidate.)
_SENTENCE_END_RE = re.compile(r"[.!?;\n](?:(?<=[.!?;])(?=\s)|(?<=\n)(?=\s*\n))")
_MAX_QUOTE = 600
_TRIGGER = loose_any([
    "thực hiện", "triển khai", "triển khai thực hiện", "cụ thể hóa", "thể chế hóa", "quán triệt", "thi hành",
    "hướng dẫn thực hiện", "tổ chức thực hiện", "quán triệt và triển khai", "quán triệt, triển khai",
])
_ADVERB = loose_any(["có hiệu quả", "hiệu quả", "tốt", "nghiêm túc", "nghiêm"])
_TRIGGER_TAIL_RE = re.compile(rf"(?<![^\W\d_])(?P<trig>{_TRIGGER})(?P<tail>[^,;.()\n]{{0,25}})$")
_NOT_IMPLEMENTING = re.compile(loose_any([
    "sơ kết", "tổng kết", "kết quả", "đánh giá", "báo cáo", "kiểm tra", "giám sát", "thay thế", "bãi bỏ",
    "sửa đổi", "hết hiệu lực",
]))
_FRAME_RE = re.compile(rf"(?<![^\W\d_])(?P<trig>{_TRIGGER})(?:\s+{_ADVERB})?(?![^\W\d_])")
_FRAME_LEAD_RE = re.compile(
    rf"\s*(?:(?:{loose_any(['để', 'nhằm', 'tiếp tục', 'vừa qua', 'đồng thời', 'trên cơ sở đó'])})\s*)*$"
)
_ANAPHOR_RE = re.compile(
    rf"\s*(?:{loose_any(['theo đó', 'đồng thời', 'bên cạnh đó'])}\s*,?\s*)?(?P<tw>{_TYPE_ALT})"
    rf"(?:\s+{loose_any(['này', 'trên'])})?\s+(?:{loose_any(['nhằm', 'để', 'được ban hành nhằm', 'được ban hành để', 'là'])}\s+)?"
    rf"(?:{loose('tiếp tục')}\s+)?(?P<trig>{_TRIGGER})"
)
_PASSIVE_TAIL_RE = re.compile(rf"(?<![^\W\d_]){loose_any(['bằng', 'qua', 'tại', 'trong'])}\s+$")
_PASSIVE_RE = re.compile(
    rf"(?<![^\W\d_]){loose('được')}\s+(?P<mid>[^,;.\n]{{0,60}}?)\s*(?:{_TRIGGER})\s+"
    rf"(?:{loose_any(['bằng', 'qua', 'tại', 'thông qua', 'trong'])})\s+$"
)
_NEW_CLAUSE_RE = re.compile(rf"\s*(?:,|{loose_any(['và', 'đồng thời', 'sau đó', 'rồi'])}(?![^\W\d_]))")
_CONNECTOR_RE = re.compile(rf"\s*(?:,|{loose('và')}|{loose('cùng')}|;)?\s*(?:{loose('các')}\s+)?$")
# `X về <title> và Y`: Y is a second object beside X (Y being a full citation), not part of X's title.
_TITLE_AND_RE = re.compile(
    rf"\s*,?\s*{loose('về')}\s[^;:()\n]{{0,160}}?(?:,\s*|\s+)(?:{loose('và')}|{loose('cùng')})\s+(?:{loose('các')}\s+)?"
)
# One more item of a list: `X;` then a line `- Y` (the item may end with a title `về ...`).
_LIST_ITEM_RE = re.compile(rf"\s*(?:,?\s*{loose('về')}\s[^;:()\n]{{0,160}}?)?[;,]?[ \t]*\n\s*[-+•*]\s*")
# A bare type word standing for a document cited before (`thực hiện Kết luận.`, `Thực hiện Thông báo kết luận,`).
# The type words are one compiled alternation, matched where the small patterns around them leave off.
_TYPE_WORD_RE = re.compile(_TYPE_ALT)
_BARE_TAIL_RE = re.compile(rf"(?:\s+{loose_any(['này', 'trên', 'nói trên', 'đó'])})?(?=\s*(?:[,.;:)\n]|$))")
_SUBJECT_TAIL_RE = re.compile(rf"(?:\s+{loose_any(['này', 'trên', 'nói trên'])})?\s*")
_BEFORE_TRIGGER_RE = re.compile(
    rf"\s*,?\s*(?:{loose_any(['về', 'nhằm', 'để'])}\s+)?(?:{loose('việc')}\s+)?(?:{loose('tiếp tục')}\s+)?"
)
_SUBJECT_LEAD_RE = re.compile(rf"\s*(?:{loose_any(['theo đó', 'đồng thời', 'bên cạnh đó', 'sau đó'])}\s*,?\s*)?")
_PURPOSE_RE = re.compile(rf"(?:{loose_any(['để', 'nhằm'])}\s+)?")
_SPACES_RE = re.compile(r"\s+")
# Between the trigger of a preamble and its first document: nothing, `:` and a list item, or a first object
# without a notation (`Thực hiện ý kiến chỉ đạo của Thường trực Tỉnh ủy và Công văn số ...`).
_PREAMBLE_GAP_RE = re.compile(
    rf"[ \t]*:?\s*(?:[-+•*]\s*)?|\s+[^;:.()\n]{{1,80}}?\s(?:{loose('và')}|{loose('cùng')})\s+"
)
_PREAMBLE_MAX = 1500
_FRAME_REACH = 16  # documents a frame may govern: its parents, then its children
_SECTION_START_RE = re.compile(
    rf"(?:(?:[IVX]{{1,4}}|\d{{1,2}}|[a-zđ])[.)][ \t]|{loose('Điều')}[ \t]+\d|{loose('Nơi nhận')})"
)
_CLAUSE_START_RE = re.compile(r"\n[ \t]*|[.;:][ \t]+")
_LINE_SPACE_RE = re.compile(r"[ \t]*")
# The last word before a document that a preamble clause can end with: a trigger's, or `và` after a first
# object; or the text before ends with `:` or a list mark.
_PREAMBLE_LAST_WORDS = {"hien", "khai", "hoa", "triet", "hanh", "va", "cung", "tot", "qua", "tuc", "nghiem"}

def _new_style(word: str) -> str:
    """The word with tone marks placed new-style (`ủy` → `uỷ`), for matching either spelling."""
    for new, traditional in _TONE_TABLE.items():
        word = word.replace(traditional, new)
    return word


@lru_cache(maxsize=8192)
def _key(text: str) -> str:
    """Cheap fold for NFC snippets: lowercase, no diacritics, single spaces."""
    return " ".join(fold_chars(text).split())


# Words allowed inside the name of an issuing body when written in lowercase.
_ORG_WORDS = set(normalize(
    "ủy bộ đảng ban chấp hành thường vụ tuyên giáo dân vận kiểm tra văn phòng chính trị phủ bí thư "
    "huyện tỉnh thành phố xã phường thị trấn quận khối khóa lần thứ nhất hai ba tư năm sáu bảy tám chín mười "
    "nhân cơ sở quan trung ương cán sự đoàn hội đồng nghị trực các doanh nghiệp công an quân đội chỉ đạo "
    "thanh niên mặt trận quốc khu ấp thôn bản liên hiệp phụ nữ nông dân cựu chiến binh lao động học tướng "
    "viện kinh tế nội ngoại vũ trang biên phòng cảnh sát lâm mầm non tiểu chức"
).split())
_ORG_WORDS_ASCII = {fold(w) for w in _ORG_WORDS} - {"so", "ve", "va", "da", "de", "co", "ra", "tu"}
_ORG_WORDS |= {_new_style(w) for w in _ORG_WORDS} | _ORG_WORDS_ASCII
_ORG_HEADS = {fold(w) for w in (
    "ban bộ tỉnh thành huyện quận đảng chi ủy ubnd hđnd hội văn sở thường chính thủ quốc mặt đoàn công liên "
    "trung tổ thị xã phường mttq btv bch đại hội thường trực thành ủy"
).split()}
_TRIM_END = {"năm", "các", "lần", "thứ", "và", "của", "khóa", "khoá", "nam", "cac", "lan", "thu", "va", "cua", "khoa"}
_TYPE_FIRST_WORDS = {fold(k.split()[0]) for k in TYPE_WORDS}
_TYPE_FIRST_ANY = _TYPE_FIRST_WORDS | {k.split()[0].lower() for k in TYPE_WORDS}
_PUNCT_TAIL = ",.;:)!?\"'”»…"
_PUNCT_HEAD = "(\"'“«"


@dataclass
class Mention:
    """One citation of a document in a text (positions in the prepared text).

    >>> m = find_mentions("kế hoạch 19-KH/ĐUS ngày 23/9/2011 của Đảng ủy khối")[1][0]
    >>> m.key, m.type_name, m.type_word, str(m.issued_on), m.issuer_name
    ('19-kh/dus', 'Kế hoạch', True, '2011-09-23', 'Đảng ủy khối')
    """

    notation: Notation
    key: str
    start: int
    end: int
    core_start: int
    core_end: int
    type_name: str | None
    type_word: bool
    issued_on: datetime.date | None = None
    issuer_name: str | None = None
    subject_name: str | None = None
    subject_start: int | None = None
    clause_date: datetime.date | None = None
    sentence: int = 0
    header: bool = False


@dataclass(frozen=True, slots=True)
class Reference:
    """A document cited in a text (one per document), with its first mention's span.

    >>> r = extract_references("Đề án số 13-ĐA/TU của Ban Thường vụ Tỉnh ủy")[0]
    >>> r.surface, r.system, r.type_code, r.type_name, r.issuer_code, r.issuer_name
    ('Đề án số 13-ĐA/TU của Ban Thường vụ Tỉnh ủy', 'party', 'ĐA', 'Đề án', 'TU', 'Ban Thường vụ Tỉnh ủy')
    """

    surface: str
    start: int
    end: int
    system: str
    notation: str
    number: str
    type_code: str | None
    type_name: str | None
    issuer_code: str
    issued_on: datetime.date | None
    issuer_name: str | None

    def as_dict(self) -> dict:
        """JSON-ready dict with the date in ISO form.

        >>> extract_references("Kế hoạch số 38-KH/TU")[0].as_dict()["notation"]
        '38-KH/TU'
        """
        return {
            "surface": self.surface, "start": self.start, "end": self.end, "system": self.system,
            "notation": self.notation, "number": self.number, "type_code": self.type_code,
            "type_name": self.type_name, "issuer_code": self.issuer_code,
            "issued_on": self.issued_on.isoformat() if self.issued_on else None, "issuer_name": self.issuer_name,
        }


@dataclass(frozen=True, slots=True)
class Link:
    """`child` was issued to carry out `parent` (notations).

    >>> extract_implements("công văn số 201-CV/TU ngày 10/10/2011 về cụ thể hóa một số nội dung thực hiện "
    ...                    "kế hoạch số 13-KH/TU của Thành ủy")
    [Link(child='201-CV/TU', parent='13-KH/TU')]
    """

    child: str
    parent: str

    def as_dict(self) -> dict:
        """JSON-ready dict.

        >>> Link("38-KH/TU", "11-KH/BTGTU").as_dict()
        {'child': '38-KH/TU', 'parent': '11-KH/BTGTU'}
        """
        return {"child": self.child, "parent": self.parent}


def _looks_like_code(code: str) -> bool:
    return code.isupper() or (code[:-1].isupper() and code[-1] in "ir")


# The candidate's groups after the number: the notation's shape, which repeats far more than the numbers do.
_CANDIDATE_GROUPS = ("ptype", "piss", "year", "law", "stype", "siss")


def _notation_and_key(num: str, groups: tuple, has_type_word: bool) -> tuple[Notation, str] | None:
    """The notation read from the candidate's number and groups and its `notation_key`; None when it is not one.

    >>> _notation_and_key("03", ("CT", "TW", None, None, None, None), False)
    (Notation(system='party', number='03', type_code='CT', issuer_code='TW', year=None), '3-ct/tw')
    """
    if int(num) == 0:
        return None
    shape = _shape_of(*groups, has_type_word)
    if shape is None:
        return None
    system, type_code, issuer_code, year, key_tail = shape
    # The key is the number without leading zeros, then the key of the rest (from the `-` or `/` on).
    return Notation(system, num, type_code, issuer_code, year), (num.lstrip("0") or "0") + key_tail


@lru_cache(maxsize=4096)
def _shape_of(*groups) -> tuple[str, str | None, str, int | None, str] | None:
    """The notation numbered `0` for these groups, without its number, and the key after the number."""
    n = _notation_of("0", *groups)
    return None if n is None else (n.system, n.type_code, n.issuer_code, n.year, notation_key(n)[1:])


def _notation_of(num, ptype, piss, year, law, stype, siss, has_type_word: bool) -> Notation | None:
    if ptype:
        raw_type, raw_issuer = ptype, piss
        code = canonical_type_code(raw_type, "party")
        if code is None:
            if not (has_type_word and _looks_like_code(raw_type) and raw_issuer.isupper()):
                return None
            code = raw_type
        if not raw_issuer.isupper() and not has_type_word and not raw_issuer.islower():
            return None
        if raw_issuer.islower() and not (raw_type.islower() or has_type_word):
            return None
        return Notation("party", num, code, _canonical_issuer(raw_issuer, "party"))
    year = int(year) if year else None
    if law:
        if year is None:
            return None
        return Notation("state", num, None, _canonical_issuer(law, "state"), year)
    raw_type, raw_issuer = stype, "".join(siss.split())
    code = canonical_type_code(raw_type, "state")
    if code is None:
        if _STATE_ISSUER_BY_KEY.get(_code_key(raw_type)) is None and not (
            has_type_word and raw_type.isupper() and raw_issuer.isupper()
        ):
            return None
        return Notation("state", num, None, _canonical_issuer(f"{raw_type}-{raw_issuer}", "state"), year)
    if not (raw_issuer[0].isupper() or has_type_word):
        return None
    return Notation("state", num, code, _canonical_issuer(raw_issuer, "state"), year)


@lru_cache(maxsize=4096)
def _name(words: str) -> str:
    """Normalised name of an issuing body (names repeat across a text and across texts)."""
    return normalize(words)


def _read_org(w: str, pos: int, limit: int | None = None) -> tuple[str, int] | None:
    """Read the name of an issuing body starting at `pos`; (name, end) or None.

    The name starts with a capital (`Ban Tuyên giáo Tỉnh ủy`) and goes on with capitalised words and
    the lowercase words of `_ORG_WORDS`, at most 16 words within 140 characters. With a `limit` (the
    subject reader's: where the verb starts), the name stops there and any lowercase word right after a
    capitalised one is read too, as the second syllable of a proper name (`Sở Tư pháp`, `Trường Tiểu học`).

    >>> _read_org("Chi bộ Sở Tư pháp đã ban hành", 0, limit=17)
    ('Chi bộ Sở Tư pháp', 17)

    >>> _read_org("của Ban Tuyên giáo Tỉnh ủy về việc", 4)
    ('Ban Tuyên giáo Tỉnh ủy', 26)
    """
    window = w[pos:pos + 140 if limit is None else min(pos + 140, limit)]
    syllables = limit is not None
    tokens = window.split()
    if not tokens or not tokens[0][0].isupper():
        return None
    count = len(tokens)
    names: list[str] = []
    for i in range(min(16, count)):
        raw = tokens[i]
        core = raw.rstrip(_PUNCT_TAIL)
        stop_after = len(core) < len(raw)
        if not core or not core[0].isalnum():
            break
        low = core.lower()
        nxt = tokens[i + 1] if i + 1 < count else ""
        if low == "ban" and names and nxt.rstrip(_PUNCT_TAIL).lower() in ("hành", "hanh"):
            break
        if low in ("và", "va"):
            ok = bool(names) and not stop_after and nxt[:1].isupper() and _key(nxt) not in _TYPE_FIRST_WORDS
        elif core[0].isupper():
            ok = not (names and low in _TYPE_FIRST_ANY and _key(f"{core} {nxt}") in _TYPE_BY_FOLD)
        elif core.isdigit():
            ok = len(core) <= 2 and bool(names) and _key(names[-1]) in ("uong", "thu")
        else:
            ok = low in _ORG_WORDS or (syllables and bool(names) and names[-1][0].isupper() and core.isalpha())
        if not ok:
            break
        names.append(core)
        if stop_after or not nxt or nxt[0] in _PUNCT_HEAD:
            break
    while names and names[-1].lower() in _TRIM_END:
        names.pop()
    if not names:
        return None
    # The words read are the first tokens of the window: find where the last one kept starts.
    start = end = 0
    for token in tokens[:len(names)]:
        start = window.index(token, end)
        end = start + len(token)
    return _name(" ".join(names)), pos + start + len(names[-1])


def _subject_before(w: str, verb_start: int, floor: int) -> tuple[str, int] | None:
    """The issuing body written as the subject that ends right before `verb_start`."""
    segment_start = floor
    for b in _BOUNDARY_RE.finditer(w, floor, verb_start):
        segment_start = b.end()
    segment = w[segment_start:verb_start]
    tokens = segment.split()
    if not tokens:
        return None
    first = len(tokens)
    while first > 0:
        word = tokens[first - 1]
        if not (word[0].isupper() or word.lower() in _ORG_WORDS
                or (word.lower() in ("và", "va") and first < len(tokens) and tokens[first][0].isupper())
                or (first >= 2 and tokens[first - 2][0].isupper() and word.isalpha())):
            break
        first -= 1
    end = segment_start + len(segment.rstrip())
    # Where the tokens from `first` on start, found from the end (only whitespace lies between tokens).
    starts = []
    bound = end - segment_start
    for token in reversed(tokens[first:]):
        bound = segment.rindex(token, 0, bound)
        starts.append(segment_start + bound)
    starts.reverse()
    for i in range(first, len(tokens)):
        if tokens[i][0].isupper() and _key(tokens[i]) in _ORG_HEADS:
            start = starts[i - first]
            got = _read_org(w, start, limit=end)
            if got and got[1] >= end:
                return got[0], start
    return None


def _attach_forward(w: str, mention: Mention) -> None:
    """Read the date and the `của ...` issuer attached after the notation."""
    pos = mention.core_end
    header = None
    if w.startswith(("\n", "\t", "  ", " \n", " \t"), pos):  # the line ends, or a wide gap follows
        line_start = w.rfind("\n", 0, mention.start) + 1
        own_line = _HEADER_PREFIX_RE.fullmatch(w, line_start, mention.start) is not None
        header = (_HEADER_BLOCK_RE if own_line else _HEADER_DATE_RE).match(w, pos)
    if header:
        mention.issued_on = date_from_match(header)
        mention.end = header.end()
        mention.header = own_line
        return
    for _ in range(3):
        progressed = False
        if mention.issued_on is None:
            m = _DATE_AFTER_RE.match(w, pos)
            if m and _date_belongs(w, m):
                mention.issued_on = date_from_match(m)
                pos = mention.end = m.end()
                progressed = True
                bare = _bare_org_after(w, pos) if mention.issuer_name is None else None
                if bare:
                    mention.issuer_name, pos = bare
                    mention.end = pos
        m = _YEAR_AFTER_RE.match(w, pos)
        if m and mention.issued_on is None:
            pos = m.end()
        if mention.issuer_name is None:
            m = _OF_RE.match(w, pos)
            if m:
                got = _read_org(w, m.end())
                if got:
                    mention.issuer_name, pos = got
                    mention.end = pos
                    progressed = True
        if not progressed:
            break


def _date_belongs(w: str, m: re.Match[str]) -> bool:
    """A date after `, ` belongs to the document unless it opens the next clause or line."""
    if m["paren"]:
        return True
    lead = _LEAD_SPACE_RE.match(w, m.start()).group(0)
    if "\n" in lead and w[m.start() + len(lead):][:1].isupper():
        return False
    if not m["comma"]:
        return True
    after = _AFTER_DATE_WORD_RE.match(w, m.end())
    word = after["word"] if after else None
    if not word:
        return True
    key = _key(word)
    if after["comma"]:
        return key in ("cua", "ve", "ban", "do")
    return not word[0].isupper() or _bare_org_after(w, m.end()) is not None


def _bare_org_after(w: str, pos: int) -> tuple[str, int] | None:
    """An issuing body written right after the date without `của` (`ngày 16/01/2012 Hội nghị ... (khóa XI)`)."""
    space = _LEAD_SPACE_RE.match(w, pos)
    start = space.end()
    if "," in space.group(0) or _key((w[start:start + 12].split(None, 1) or [""])[0]) not in _ORG_HEADS:
        return None
    got = _read_org(w, start)
    if got and _ORG_END_RE.match(w, got[1]):
        return got
    return None


def _passive_before(w: str, start: int, floor: int) -> re.Match[str] | None:
    """`được [body] cụ thể hóa bằng` right before `start`."""
    if not _PASSIVE_TAIL_RE.search(w, max(floor, start - 14), start):
        return None
    return _PASSIVE_RE.search(w, max(floor, start - 110), start)


def _word_before(w: str, end: int) -> str:
    """Folded last word of `w[:end]` when whitespace separates it from `end`; else ''."""
    last = words_before(w, end, 44)[1]
    return _key(last) if last else ""


def _attach_subject(w: str, mention: Mention, floor: int) -> None:
    """Issuer and date from the clause that issues the document (`ngày X, Y đã ban hành Z`)."""
    m = None
    if _word_before(w, mention.start) in _VERB_LAST_WORDS:
        m = _VERB_BEFORE_RE.search(w, max(floor, mention.start - 44), mention.start)
    if m:
        verb_start = m.start("verb")
        got = _subject_before(w, verb_start, max(floor, verb_start - 160))
        if got:
            mention.subject_name, mention.subject_start = got
            before = w[max(floor, got[1] - 3):got[1]].rstrip().rstrip(",").rstrip()
            if before[-1:].isdigit():
                d = _CLAUSE_DATE_RE.search(w, max(floor, got[1] - 60), got[1])
                if d:
                    mention.clause_date = date_from_match(d)
        return
    m = _passive_before(w, mention.start, floor)
    if m and m["mid"].strip():
        got = _read_org(w, m.start("mid"))
        if got:
            mention.subject_name = got[0]


def find_mentions(text: str) -> tuple[str, list[Mention], list[int]]:
    """All citations with a notation: (prepared text, mentions, sentence end positions).

    >>> w, ms, _ = find_mentions("Thực hiện Kế hoạch số 11-KH/BTGTU ngày 11/01/2021 của Ban Tuyên giáo Tỉnh ủy")
    >>> [(m.key, str(m.issued_on), m.issuer_name) for m in ms]
    [('11-kh/btgtu', '2021-01-11', 'Ban Tuyên giáo Tỉnh ủy')]
    """
    p = prepare(text)
    return (p.text, *_mentions(p.text))


def _mentions(w: str) -> tuple[list[Mention], list[int]]:
    if "/" not in w:
        return [], []
    mentions: list[Mention] = []
    for m in _CANDIDATE_RE.finditer(w):
        if m.start() and w[m.start() - 1] in _NOT_BEFORE:
            continue
        before = _TYPE_BEFORE_RE.search(w, max(0, m.start() - 34), m.start())
        if before is not None and before["tw"] is None and m["ptype"] is None:
            before = _named_type_before(w, before.start()) or before
        has_type_word = bool(before and before["tw"])
        found = _notation_and_key(m["num"], m.group(*_CANDIDATE_GROUPS), has_type_word or bool(before and before["so"]))
        if found is None:
            continue
        notation, key = found
        start = before.start("tw") if has_type_word else m.start()
        tname = _TYPE_BY_FOLD.get(_key(before["tw"])) if has_type_word else None
        if tname is None or (notation.system == "party" and tname == "Luật"):
            tname = type_name(notation.type_code, notation.system)
        mentions.append(Mention(notation, key, start, m.end(), m.start(), m.end(), tname, has_type_word))
    if not mentions:
        return [], []
    ends = _sentence_ends(w)
    previous_end = 0
    previous: Mention | None = None
    for mention in mentions:
        _attach_forward(w, mention)
        mention.sentence = bisect_right(ends, mention.start)
        if previous is not None and previous.subject_name and _CONNECTOR_RE.match(w, previous_end, mention.start):
            mention.subject_name, mention.subject_start = previous.subject_name, previous.subject_start
            mention.clause_date = previous.clause_date
        else:
            _attach_subject(w, mention, previous_end)
        previous_end, previous = mention.end, mention
    return mentions, ends


def _in_quotes(w: str, pos: int) -> bool:
    """Whether `pos` lies inside quotation marks opened at most `_MAX_QUOTE` characters before
    (`“...”`, nested ones counted, or `"..."`).

    >>> w = 'Kết luận “về A; biểu hiện “tự diễn biến”; C” và "B; C"; D'
    >>> [_in_quotes(w, i) for i, c in enumerate(w) if c == ";"]
    [True, True, True, False]
    """
    lo = max(0, pos - _MAX_QUOTE)
    return w.count("“", lo, pos) > w.count("”", lo, pos) or w.count('"', lo, pos) % 2 == 1


def _sentence_ends(w: str) -> list[int]:
    """Where sentences end; a `;` inside quotation marks (a quoted title: `“về ...; kiên quyết ...”`) does not.

    >>> w = 'Thực hiện Kết luận “về A; kiên quyết B”, Tỉnh ủy ban hành Kế hoạch. Hết; xong.'
    >>> [w[:e].split()[-1] for e in _sentence_ends(w)]
    ['hoạch.', 'Hết;']
    """
    ends = [e.end() for e in _SENTENCE_END_RE.finditer(w)]
    if ";" not in w or ("“" not in w and '"' not in w):
        return ends
    return [e for e in ends if w[e - 1] != ";" or not _in_quotes(w, e - 1)]


def _named_type_before(w: str, pos: int) -> re.Match[str] | None:
    """A law named before its `số` (`Luật Thi đua, khen thưởng số 06/2022/QH15`): the match of the type
    word and the name, ending at `pos` (where `số` starts); None when there is none.

    >>> w = "Luật sửa đổi Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương số 47/2019/QH14"
    >>> _named_type_before(w, w.index("số 47")).group()
    'Luật Tổ chức chính quyền địa phương '
    """
    lo = max(0, pos - _NAMED_TYPE_SPAN)
    found = None
    for m in _NAMED_TYPE_RE.finditer(w, lo, pos):
        found = m
    if found is None:
        return None
    m = _NAMED_TYPE_TAIL_RE.match(w, found.start(), pos)
    return m if m and m["name"][0].isupper() else None


def _merge(text: str, w: str, mentions: list[Mention], origin) -> dict[str, Reference]:
    refs: dict[str, Reference] = {}
    for m in mentions:
        date = m.issued_on or m.clause_date
        issuer = m.issuer_name or m.subject_name
        ref = refs.get(m.key)
        if ref is None:
            start, end = origin(m.start), origin(m.end)
            n = m.notation
            refs[m.key] = Reference(
                text[start:end], start, end, n.system, format_notation(n), n.number, n.type_code, m.type_name,
                n.issuer_code, date, issuer,
            )
            continue
        updates = {}
        if ref.issued_on is None and date is not None:
            updates["issued_on"] = date
        if ref.issuer_name is None and issuer:
            updates["issuer_name"] = issuer
        if ref.type_name is None and m.type_name:
            updates["type_name"] = m.type_name
        if updates:
            refs[m.key] = _replace(ref, **updates)
    return refs


def _replace(ref: Reference, **changes) -> Reference:
    values = {f: getattr(ref, f) for f in Reference.__slots__}
    values.update(changes)
    return Reference(**values)


def extract_references(text: str) -> list[Reference]:
    """Every document cited in the text, one per document, in order of first mention.

    >>> refs = extract_references(
    ...     "Thực hiện Kế hoạch số 11-KH/BTGTU ngày 11/01/2021 của Ban Tuyên giáo Tỉnh ủy về tiếp tục thực "
    ...     "hiện phong trào, vừa qua, Thành ủy Vũng Tàu cũng đã ban hành Kế hoạch số 38-KH/TU về tiếp tục")
    >>> [(r.notation, str(r.issued_on), r.issuer_name) for r in refs]
    [('11-KH/BTGTU', '2021-01-11', 'Ban Tuyên giáo Tỉnh ủy'), ('38-KH/TU', 'None', 'Thành ủy Vũng Tàu')]
    """
    p = prepare(text)
    mentions, _ = _mentions(p.text)
    return list(_merge(text, p.text, mentions, p.origin).values())


@dataclass
class _Analysis:
    w: str
    mentions: list[Mention]
    ends: list[int]
    refs: dict[str, Reference] = field(default_factory=dict)


def _sentence_bounds(ends: list[int], index: int, length: int) -> tuple[int, int]:
    return (ends[index - 1] if index > 0 else 0), (ends[index] if index < len(ends) else length)


def _filler(words: str) -> bool:
    """Words between a trigger and the document it governs: lowercase, no second object (`và`)."""
    return all(word[0].islower() and _key(word) != "va" for word in words.split())


def _coordinated(w: str, prev: Mention, nxt: Mention) -> bool:
    """Whether `nxt` is cited alongside `prev` as one more object of the same verb or trigger.

    `X và Y`, `X, Y`; `X về <title> và Y` when Y is a full citation (type word and notation); list items
    `X;` / `- Y`. Not when Y is issued by a subject of its own written after X.
    """
    gap = w[prev.end:nxt.start]
    if _CONNECTOR_RE.match(gap):
        return True
    if len(gap) > 220 or (nxt.subject_start is not None and nxt.subject_start >= prev.end):
        return False
    return bool(_LIST_ITEM_RE.fullmatch(gap) or (nxt.type_word and _TITLE_AND_RE.fullmatch(gap)))


def _chain(w: str, mentions: list[Mention], j: int, stop: int | None = None) -> list[Mention]:
    """`mentions[j]` and the mentions coordinated with it that follow (re-mentions of one document skipped)."""
    out = [mentions[j]]
    last = mentions[j]
    for m in mentions[j + 1:]:
        if stop is not None and m.start >= stop:
            break
        if m.key == last.key:
            last = m
            continue
        if not _coordinated(w, last, m):
            break
        out.append(m)
        last = m
    return out


def _bare_type_at(w: str, pos: int) -> str | None:
    """The type word written alone after white space at `pos` (`Kết luận.`, `Thông báo kết luận,`,
    `Nghị quyết này;`), not followed by a number or a name; None when there is none.

    >>> _bare_type_at(" Kết luận.", 0), _bare_type_at(" Thông báo kết luận, Huyện ủy", 0)
    ('Kết luận', 'Thông báo kết luận')
    >>> _bare_type_at(" Nghị quyết Đại hội XIII", 0) is None, _bare_type_at(" Kế hoạch số 12-KH/TU", 0) is None
    (True, True)
    """
    space = _SPACES_RE.match(w, pos)
    m = _TYPE_WORD_RE.match(w, space.end()) if space else None
    if m is None or not _BARE_TAIL_RE.match(w, m.end()):
        return None
    return m.group()


def _bare_subject(w: str, start: int, end: int) -> str | None:
    """The type word that is all of `w[start:end]` but for a lead (`Theo đó,`) and `này`: the subject of a
    sentence such as `Chỉ thị được Tỉnh ủy cụ thể hóa bằng ...`; None otherwise."""
    if start > end:
        return None
    m = _TYPE_WORD_RE.match(w, _SUBJECT_LEAD_RE.match(w, start, end).end(), end)
    if m is None or not _SUBJECT_TAIL_RE.fullmatch(w, m.end(), end):
        return None
    return m.group()


class _TypeIndex:
    """The mentions of each type name in order, to find the last one before a position in log time."""

    REACH = 50  # how many earlier mentions of one type to pass over (the same document cited again)

    def __init__(self, mentions: list[Mention]) -> None:
        self.mentions = mentions
        self.by_type: dict[str | None, list[int]] = {}
        for i, m in enumerate(mentions):
            self.by_type.setdefault(m.type_name, []).append(i)
        self.starts = {t: [mentions[i].start for i in idx] for t, idx in self.by_type.items()}

    def last(self, tname: str | None, before: int, exclude: str | None = None) -> Mention | None:
        """The last mention of type `tname` that starts before `before` and is not of document `exclude`."""
        idx = self.by_type.get(tname)
        if not idx:
            return None
        k = bisect_left(self.starts[tname], before) - 1
        stop = max(-1, k - self.REACH)
        while k > stop:
            m = self.mentions[idx[k]]
            if m.key != exclude:
                return m
            k -= 1
        return None


def _antecedent(types: _TypeIndex, before: int, bare: str, exclude: str | None = None) -> Mention | None:
    """The document a bare type word (`Kết luận`, `Thông báo kết luận`) stands for: the last one of that
    type cited before `before`."""
    tname = _TYPE_BY_FOLD.get(_key(bare))
    return None if tname is None else types.last(tname, before, exclude)


def _preamble_end(w: str, start: int) -> int:
    """Where the preamble of a document whose header ends at `start` ends: at its first numbered section,
    its first article (`Điều 1`), its list of recipients (`Nơi nhận`), or `_PREAMBLE_MAX` on.

    >>> w = "Số 25-KH/ĐU\\nCăn cứ A;\\nThực hiện B, ...:\\nI. MỤC ĐÍCH"
    >>> w[_preamble_end(w, 11):]
    'I. MỤC ĐÍCH'
    """
    stop = min(len(w), start + _PREAMBLE_MAX)
    line = w.find("\n", start, stop)
    while line >= 0:
        if _SECTION_START_RE.match(w, line + 1):
            return line + 1
        line = w.find("\n", line + 1, stop)
    return stop


def _opens_preamble_clause(w: str, pos: int) -> bool:
    """Whether the document cited at `pos` is the first object of a clause that opens with a trigger:
    `Thực hiện X`, `Để triển khai thực hiện X`, `Thực hiện:` / `- X` (a line or a sentence beginning there).

    >>> w = "Căn cứ A;\\nThực hiện:\\n- Kế hoạch số 1-KH/TU; về thực hiện Kế hoạch số 2-KH/TU"
    >>> [_opens_preamble_clause(w, w.index(k)) for k in ("Kế hoạch số 1", "Kế hoạch số 2")]
    [True, False]
    """
    if _word_before(w, pos) not in _PREAMBLE_LAST_WORDS and w[max(0, pos - 4):pos].rstrip()[-1:] not in (
            ":", "-", "+", "•", "*"):
        return False
    lo = max(0, pos - 140)
    starts = [b.end() for b in _CLAUSE_START_RE.finditer(w, lo, pos)] + ([0] if lo == 0 else [])
    for start in starts:
        f = _FRAME_RE.match(w, _PURPOSE_RE.match(w, start, pos).end(), pos)
        if f and not _bare_study(f["trig"]) and _PREAMBLE_GAP_RE.fullmatch(w, f.end(), pos):
            return True
    return False


def _links(a: _Analysis) -> list[tuple[str, str]]:
    w, mentions = a.w, a.mentions
    edges: list[tuple[str, str]] = []
    own: set[str] = set()
    index_of_types: list[_TypeIndex] = []

    def types() -> _TypeIndex:
        if not index_of_types:
            index_of_types.append(_TypeIndex(mentions))
        return index_of_types[0]

    # The next mention of another document, for each mention (one pass: a document may be cited many times).
    next_other = [len(mentions)] * len(mentions)
    for i in range(len(mentions) - 2, -1, -1):
        next_other[i] = i + 1 if mentions[i + 1].key != mentions[i].key else next_other[i + 1]

    def add(child: Mention, parent: Mention) -> bool:
        """Add child → parent; not a report, not itself, not a parent issued after the child."""
        if child.key == parent.key or child.notation.type_code == "BC":
            return False
        c, p = a.refs.get(child.key), a.refs.get(parent.key)
        if c and p and c.issued_on and p.issued_on and p.issued_on > c.issued_on:
            return False
        if (child.key, parent.key) not in edges:
            edges.append((child.key, parent.key))
        return True

    # The child says what it carries out: "Z về cụ thể hóa ... X", "Z triển khai thực hiện X".
    for i, child in enumerate(mentions):
        j = next_other[i]
        if j >= len(mentions) or mentions[j].sentence != child.sentence:
            # Last in its sentence: "Z thực hiện Kết luận." — the bare word points back to a document already
            # cited (often the frame's own parent), so the child is not thereby owned: a frame still applies.
            f = _FRAME_RE.match(w, _BEFORE_TRIGGER_RE.match(w, child.end).end())
            bare = _bare_type_at(w, f.end()) if f and not _bare_study(f["trig"]) else None
            parent = _antecedent(types(), child.start, bare, child.key) if bare else None
            if parent is not None:
                add(child, parent)
            continue
        parent = mentions[j]
        gap = w[child.end:parent.start]
        if (len(gap) > 200 or _NEW_CLAUSE_RE.match(gap) or parent.subject_name and parent.subject_start is not None
                and parent.subject_start >= child.end):
            continue
        # The trigger and its tail end the gap: look only at its last part.
        trigger = _TRIGGER_TAIL_RE.search(gap, max(0, len(gap) - 120))
        if (not trigger or _NOT_IMPLEMENTING.search(gap) or _PASSIVE_RE.search(gap)
                or not _filler(trigger["tail"]) or _bare_study(trigger["trig"])
                or _new_clause_before(gap, trigger.start())):
            continue
        if add(child, parent):
            own.add(child.key)
        for other in _chain(w, mentions, j)[1:]:
            add(child, other)

    # Passive: "X được ... cụ thể hóa bằng Z"; X may be a bare type word opening the sentence
    # ("Chỉ thị được Tỉnh ủy cụ thể hóa bằng Z" after the directive was cited).
    for i, child in enumerate(mentions):
        if i == 0:
            continue
        window_start = max(mentions[i - 1].end, child.start - 120)
        m = _passive_before(w, child.start, window_start)
        if not m:
            continue
        parent = mentions[i - 1]
        if parent.sentence != child.sentence:
            s_start, _ = _sentence_bounds(a.ends, child.sentence, len(w))
            subject = _bare_subject(w, s_start, m.start())
            parent = _antecedent(types(), s_start, subject, child.key) if subject else None
            if parent is None:
                continue
        elif _NOT_IMPLEMENTING.search(w[parent.end:child.start]):
            continue
        if add(child, parent):
            own.add(child.key)

    # Frame: "Thực hiện X [và Y], ..., Z đã ban hành W"; "Thực hiện Thông báo kết luận, Z đã ban hành W"
    # after the notice was cited. A `;` inside the title of X (`về ...; kiên quyết ...`) does not end the frame.
    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence, []).append(m)
    def frame(f: re.Match[str], index: int, s_start: int, s_end: int, group: list[Mention]) -> bool:
        """Apply the frame opened by trigger `f`; False when no document follows it closely."""
        k = bisect_left(group, f.end(), key=_start)
        after = group[k:k + _FRAME_REACH]
        if not after or after[0].start - f.end() > 60:
            return False
        scope, next_index = s_end, index + 1
        while True:
            parents, children = _frame_roles(w, after)
            if children or not parents or next_index not in by_sentence or w[scope - 1:scope] != ";":
                break
            # The next part goes on with the frame: it starts in lowercase (`...; kiên quyết ...`) or with
            # one more document cited (`Thực hiện X; Y, Z đã ban hành W`, `- Y`).
            nxt = _LEAD_SPACE_RE.match(w, scope).end()
            if w[nxt:nxt + 1] in ("-", "+", "•", "*"):
                nxt = _LEAD_SPACE_RE.match(w, nxt + 1).end()
            if not (w[nxt:nxt + 1].islower() or by_sentence[next_index][0].start == nxt):
                break
            after = (after + by_sentence[next_index])[:_FRAME_REACH]
            scope = _sentence_bounds(a.ends, next_index, len(w))[1]
            next_index += 1
        if children and not parents:
            bare = _bare_type_at(w, f.end())
            parent = _antecedent(types(), s_start, bare) if bare else None
            parents = [parent] if parent is not None else []
        for child in children:
            if child.key in own:
                continue
            for parent in parents:
                add(child, parent)
        return True

    for index, group in by_sentence.items():
        s_start, s_end = _sentence_bounds(a.ends, index, len(w))
        for f in _FRAME_RE.finditer(w, s_start, group[0].start + 1):
            lead = w[s_start:f.start()]
            lead = _BOUNDARY_RE.split(lead)[-1]
            if _FRAME_LEAD_RE.fullmatch(lead) and frame(f, index, s_start, s_end, group):
                break
        # Lines of a header block run on without a sentence mark: a trigger opening a later line in capitals
        # (`Số 12-BC/ĐU` / ... / `Thực hiện X, Ban Thường vụ đã ban hành Z`) opens a frame of its own.
        if len(group) > 1:
            line = w.find("\n", group[0].start, group[-1].start)
            while line >= 0:
                pos = _LINE_SPACE_RE.match(w, line + 1).end()
                f = _FRAME_RE.match(w, pos) if w[pos:pos + 1].isupper() else None
                if f:
                    frame(f, index, s_start, s_end, group)
                line = w.find("\n", line + 1, group[-1].start)

    # Anaphora: "Kế hoạch nhằm cụ thể hóa X [và Y]" after the plan was cited (only sentences that cite something).
    for index in sorted({m.sentence for m in mentions}):
        s_start, s_end = _sentence_bounds(a.ends, index, len(w))
        m = _ANAPHOR_RE.match(w, s_start, s_end)
        if not m:
            continue
        tname = _TYPE_BY_FOLD.get(_key(m["tw"]))
        k = bisect_left(mentions, m.end(), key=_start)
        child = types().last(tname, s_start)
        if (k < len(mentions) and mentions[k].sentence == index and mentions[k].start - m.end() <= 40
                and child is not None and child.key not in own):
            for parent in _chain(w, mentions, k):
                add(child, parent)

    # A document with a header (`Số 25-KH/ĐU` / `An Phú, ngày ...`) carries out what its preamble says it
    # carries out: "Thực hiện X [và Y], Ban Thường vụ xây dựng kế hoạch như sau", "Thực hiện:\n- X;\n- Y,".
    header = next((m for m in mentions if m.header), None)
    if header is not None and header.key not in own:
        stop = _preamble_end(w, header.end)
        j = bisect_left([m.start for m in mentions], header.end)
        while j < len(mentions) and mentions[j].start < stop:
            if not _opens_preamble_clause(w, mentions[j].start):
                j += 1
                continue
            chain = _chain(w, mentions, j, stop)
            if not _issued_in_clause(mentions, j, chain[-1]):
                for parent in chain:
                    if parent.key != header.key:
                        add(header, parent)
            j += 1
    return edges


def _start(m: Mention) -> int:
    return m.start


def _issued_in_clause(mentions: list[Mention], j: int, last: Mention) -> bool:
    """Whether a document from `mentions[j]` to the end of the sentence of `last` is issued by a subject."""
    for m in mentions[j:]:
        if m.start > last.start and m.sentence != last.sentence:
            return False
        if m.subject_start is not None:
            return True
    return False


def _frame_roles(w: str, after: list[Mention]) -> tuple[list[Mention], list[Mention]]:
    """Parents (cited after the trigger) and children (issued by a subject, or coordinated with one) of a frame.

    A later mention of a parent inside a child's title (`W về thực hiện X và V`) is skipped over.
    """
    parents: list[Mention] = []
    children: list[Mention] = []
    last: Mention | None = None
    keys: set[str] = set()
    for m in after:
        issued_here = m.subject_start is not None and (not parents or m.subject_start >= parents[-1].end)
        if children:
            if m.key in keys and not issued_here:
                last = m
                continue
            if issued_here or _CONNECTOR_RE.match(w[last.end:m.start]):
                children.append(m)
                last = m
                continue
            break
        if issued_here:
            children.append(m)
            last = m
        else:
            parents.append(m)
            keys.add(m.key)
    return parents, children


def _new_clause_before(gap: str, pos: int) -> bool:
    """Whether the trigger at `gap[pos]` opens a clause of its own rather than saying what the document
    before carries out: a colon or semicolon comes first (`... nêu rõ: huyện cần thực hiện X`), or the
    trigger begins a new line with a capital (`Thực hiện X` under a heading)."""
    before = gap[:pos]
    return ":" in before or ";" in before or (gap[pos:pos + 1].isupper() and before.rstrip(" \t").endswith("\n"))


def _bare_study(trigger: str) -> bool:
    """`quán triệt` alone (study a document) says nothing of carrying it out."""
    return _key(trigger) == "quan triet"


def analyse(p: Prepared, text: str) -> tuple[list[Reference], list[Link]]:
    """References and implements links of `text`, already prepared (`prepare(text)`).

    >>> text = "Thực hiện Kế hoạch số 17-KH/BDVTW ngày 02/6/2020 của Ban Dân vận Trung ương"
    >>> refs, links = analyse(prepare(text), text)
    >>> [(r.notation, str(r.issued_on)) for r in refs], links
    ([('17-KH/BDVTW', '2020-06-02')], [])
    """
    mentions, ends = _mentions(p.text)
    if not mentions:
        return [], []
    refs = _merge(text, p.text, mentions, p.origin)
    a = _Analysis(p.text, mentions, ends, refs)
    links = [Link(refs[c].notation, refs[q].notation) for c, q in _links(a)]
    return list(refs.values()), links


def extract_implements(text: str) -> list[Link]:
    """Implements links child → parent stated in the text.

    >>> extract_implements(
    ...     "Thực hiện Đề án số 13-ĐA/TU của Ban Thường vụ Tỉnh ủy, ngày 04/9/2022, Ban Tuyên giáo Tỉnh ủy "
    ...     "đã có Hướng dẫn số 56-HD/BTGTU về công tác tuyên truyền, phổ biến Đề án.")
    [Link(child='56-HD/BTGTU', parent='13-ĐA/TU')]
    """
    return analyse(prepare(text), text)[1]

