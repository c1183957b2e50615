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
`Căn cứ X` (legal basis), `thay thế X` (replaces) and reports reviewing X (`Báo cáo sơ kết ...`) are
not implements links.
"""

from __future__ import annotations

import datetime
import re
from bisect import bisect_right
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
_DATE_AFTER_RE = re.compile(
    rf"(?P<comma>\s*,)?\s*(?P<paren>\(\s*)?(?:{loose_any(['ban hành', 'ký ban hành', 'ký'])}\s+)?{NGAY}\s*"
    rf"{DATE_PATTERN}(?(paren)\s*\))"
)
_HEADER_DATE_RE = re.compile(rf"[ \t]*\n[ \t]*[^\W\d_][^\n,]{{0,40}},\s*{NGAY}\s*{DATE_PATTERN}")
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
_TRIGGER = loose_any([
    "thực hiện", "triển khai", "triển khai thực hiện", "cụ thể hóa", "thể chế hóa", "quán triệt", "thi hành",
    "hướng dẫn thực hiện", "tổ chức thực hiện", "quán triệt và triển khai", "quán triệt, triển khai",
])
_ADVERB = loose_any(["có hiệu quả", "hiệu quả", "tốt", "nghiêm túc", "nghiêm"])
_TRIGGER_TAIL_RE = re.compile(rf"(?<![^\W\d_]){_TRIGGER}(?P<tail>[^,;.()\n]{{0,25}})$")
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


def _read_org(w: str, pos: int) -> tuple[str, int] | None:
    """Read the name of an issuing body starting at `pos`; (name, end) or None.

    The name starts with a capital (`Ban Tuyên giáo Tỉnh ủy`) and goes on with capitalised words and
    the lowercase words of `_ORG_WORDS`, at most 16 words within 140 characters.

    >>> _read_org("của Ban Tuyên giáo Tỉnh ủy về việc", 4)
    ('Ban Tuyên giáo Tỉnh ủy', 26)
    """
    window = w[pos:pos + 140]
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
            ok = low in _ORG_WORDS
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
                or (word.lower() in ("và", "va") and first < len(tokens) and tokens[first][0].isupper())):
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
            got = _read_org(w, start)
            if got and got[1] >= end:
                return got[0], start
    return None


def _attach_forward(w: str, mention: Mention) -> None:
    """Read the date and the `của ...` issuer attached after the notation."""
    pos = mention.core_end
    header = _HEADER_DATE_RE.match(w, pos)
    if header:
        mention.issued_on = date_from_match(header)
        mention.end = header.end()
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
    ends = [e.end() for e in _SENTENCE_END_RE.finditer(w)]
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


def _links(a: _Analysis) -> list[tuple[str, str]]:
    w, mentions = a.w, a.mentions
    edges: list[tuple[str, str]] = []
    own: set[str] = set()

    def add(child: Mention, parent: Mention) -> None:
        if child.key != parent.key and child.notation.type_code != "BC" and (child.key, parent.key) not in edges:
            edges.append((child.key, parent.key))

    # The child says what it carries out: "Z về cụ thể hóa ... X", "Z triển khai thực hiện X".
    for i, child in enumerate(mentions):
        j = i + 1
        while j < len(mentions) and mentions[j].key == child.key:
            j += 1
        if j >= len(mentions) or mentions[j].sentence != child.sentence:
            continue
        parent = mentions[j]
        gap = w[child.end:parent.start]
        if (len(gap) > 200 or _NEW_CLAUSE_RE.match(gap) or parent.subject_name and parent.subject_start is not None
                and parent.subject_start >= child.end):
            continue
        # The trigger and its tail end the gap: look only at its last part.
        trigger = _TRIGGER_TAIL_RE.search(gap, max(0, len(gap) - 120))
        if (not trigger or _NOT_IMPLEMENTING.search(gap) or _PASSIVE_RE.search(gap)
                or not _filler(trigger["tail"])):
            continue
        add(child, parent)
        own.add(child.key)
        k = j + 1
        while k < len(mentions) and mentions[k].sentence == child.sentence and _CONNECTOR_RE.match(
            w[mentions[k - 1].end:mentions[k].start]
        ):
            add(child, mentions[k])
            k += 1

    # Passive: "X được ... cụ thể hóa bằng Z".
    for i, child in enumerate(mentions):
        window_start = max(mentions[i - 1].end if i else 0, child.start - 120)
        m = _passive_before(w, child.start, window_start)
        if not m or i == 0:
            continue
        parent = mentions[i - 1]
        if parent.sentence == child.sentence and not _NOT_IMPLEMENTING.search(w[parent.end:child.start]):
            add(child, parent)
            own.add(child.key)

    # Frame: "Thực hiện X [và Y], ..., Z đã ban hành W".
    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence, []).append(m)
    for index, group in by_sentence.items():
        s_start, s_end = _sentence_bounds(a.ends, index, len(w))
        for f in _FRAME_RE.finditer(w, s_start, group[0].start + 1):
            lead = w[s_start:f.start()]
            lead = _BOUNDARY_RE.split(lead)[-1]
            if not _FRAME_LEAD_RE.fullmatch(lead):
                continue
            after = [m for m in group if m.start >= f.end()]
            if not after or after[0].start - f.end() > 60:
                continue
            parents, children = [], []
            for m in after:
                issued_here = m.subject_start is not None and (not parents or m.subject_start >= parents[-1].end)
                if children:
                    if issued_here or _CONNECTOR_RE.match(w[children[-1].end:m.start]):
                        children.append(m)
                        continue
                    break
                if issued_here:
                    children.append(m)
                else:
                    parents.append(m)
            for child in children:
                if child.key in own:
                    continue
                for parent in parents:
                    add(child, parent)
            break

    # Anaphora: "Kế hoạch nhằm cụ thể hóa X" after the plan was cited (only sentences that cite something).
    for index in sorted({m.sentence for m in mentions}):
        s_start, s_end = _sentence_bounds(a.ends, index, len(w))
        m = _ANAPHOR_RE.match(w, s_start, s_end)
        if not m:
            continue
        tname = _TYPE_BY_FOLD.get(_key(m["tw"]))
        after = [x for x in mentions if x.sentence == index and 0 <= x.start - m.end() <= 40]
        before = [x for x in mentions if x.start < s_start and x.type_name == tname]
        if after and before and before[-1].key not in own:
            add(before[-1], after[0])
    return edges


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

