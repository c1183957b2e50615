"""Document notation (số, ký hiệu văn bản) of the Party and of the State.

Party: `11-KH/BTGTU` — number, type code, issuer code (Hướng dẫn 36-HD/VPTW).
State: `30/2020/NĐ-CP`, `1206/QĐ-UBND` — number, optional year, type code, issuer code
(Nghị định 30/2020/NĐ-CP); laws carry no type code (`80/2015/QH13`), nor do most State letters
(`1125/UBND-VX`).

Reading is tolerant: missing diacritics (`QD`, `DA`), lowercase, stray spaces (`11 - KH/TU`), any
dash, `TƯ` for `TW`. Formatting gives one canonical spelling; `notation_key` gives one key that
ignores case, diacritics, spaces, dash variants, leading zeros of the number and `TƯ`/`TW`.

Type codes (loại văn bản), `PARTY_TYPES` (Party) and `STATE_TYPES` (State):

======  =====================  ======  =====================
Party   Vietnamese name        State   Vietnamese name
======  =====================  ======  =====================
NQ      Nghị quyết             NQ      Nghị quyết
QĐ      Quyết định             QĐ      Quyết định
QĐi     Quy định               QyĐ     Quy định
CT      Chỉ thị                CT      Chỉ thị
KL      Kết luận               KL      Kết luận
QC      Quy chế                QC      Quy chế
TT      Thông tri              TT      Thông tư
HD      Hướng dẫn              HD      Hướng dẫn
KH      Kế hoạch               KH      Kế hoạch
CTr     Chương trình           CTr     Chương trình
ĐA      Đề án                  ĐA      Đề án
PA      Phương án              PA      Phương án
BC      Báo cáo                BC      Báo cáo
TB      Thông báo              TB      Thông báo
TTr     Tờ trình               TTr     Tờ trình
CV      Công văn               NĐ      Nghị định
BB      Biên bản               BB      Biên bản
GM      Giấy mời               GM      Giấy mời
CĐ      Công điện              CĐ      Công điện
GGT     Giấy giới thiệu        TTLT    Thông tư liên tịch
—       —                      NQLT    Nghị quyết liên tịch
—       —                      VBHN    Văn bản hợp nhất
—       —                      HĐ      Hợp đồng
======  =====================  ======  =====================

A Party `QĐ` is read as Quyết định; Quy định of the Party is `QĐi` (older texts also wrote Quy định
with `QĐ`: `Quy định số 24-QĐ/TW`, where the type word says which). State letters carry no type
code: `1125/UBND-VX`.

Issuer codes (cơ quan ban hành) are an open set; the common ones are in `PARTY_ISSUERS` and
`STATE_ISSUERS` (TW/TƯ, TU, HU, QU, ĐU, ĐUK, BTGTU, BDVTW, VPTU, CB, and since 2025 BTGDVTW,
BTGDVTU; CP, TTg, QH, UBND, HĐND, ministries).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .normalize import DASHES, fold_chars

__all__ = [
    "PARTY_TYPES", "STATE_TYPES", "PARTY_ISSUERS", "STATE_ISSUERS", "Notation", "parse_notation",
    "format_notation", "notation_key", "is_valid_notation", "type_name", "canonical_type_code",
]

PARTY_TYPES: dict[str, str] = {
    "NQ": "Nghị quyết", "QĐ": "Quyết định", "QĐi": "Quy định", "CT": "Chỉ thị", "KL": "Kết luận",
    "QC": "Quy chế", "TT": "Thông tri", "HD": "Hướng dẫn", "KH": "Kế hoạch", "CTr": "Chương trình",
    "ĐA": "Đề án", "PA": "Phương án", "BC": "Báo cáo", "TB": "Thông báo", "TTr": "Tờ trình",
    "CV": "Công văn", "BB": "Biên bản", "GM": "Giấy mời", "CĐ": "Công điện", "GGT": "Giấy giới thiệu",
}
STATE_TYPES: dict[str, str] = {
    "NQ": "Nghị quyết", "NĐ": "Nghị định", "QĐ": "Quyết định", "QyĐ": "Quy định", "CT": "Chỉ thị",
    "TT": "Thông tư", "TTLT": "Thông tư liên tịch", "NQLT": "Nghị quyết liên tịch", "KH": "Kế hoạch",
    "HD": "Hướng dẫn", "CTr": "Chương trình", "ĐA": "Đề án", "PA": "Phương án", "BC": "Báo cáo",
    "TB": "Thông báo", "TTr": "Tờ trình", "CĐ": "Công điện", "QC": "Quy chế", "VBHN": "Văn bản hợp nhất",
    "HĐ": "Hợp đồng", "BB": "Biên bản", "GM": "Giấy mời", "KL": "Kết luận",
}
PARTY_ISSUERS: dict[str, str] = {
    "TW": "Trung ương (Ban Chấp hành Trung ương, Bộ Chính trị, Ban Bí thư)",
    "TU": "Tỉnh ủy, Thành ủy", "HU": "Huyện ủy", "QU": "Quận ủy", "ĐU": "Đảng ủy",
    "ĐUK": "Đảng ủy Khối", "ĐH": "Đại hội", "CB": "Chi bộ", "BCĐ": "Ban Chỉ đạo", "ĐĐ": "Đảng đoàn",
    "BCS": "Ban cán sự đảng", "BTGTW": "Ban Tuyên giáo Trung ương", "BTGTU": "Ban Tuyên giáo Tỉnh ủy",
    "BTGHU": "Ban Tuyên giáo Huyện ủy", "BDVTW": "Ban Dân vận Trung ương", "BDVTU": "Ban Dân vận Tỉnh ủy",
    "BDVHU": "Ban Dân vận Huyện ủy", "BTCTW": "Ban Tổ chức Trung ương", "BTCTU": "Ban Tổ chức Tỉnh ủy",
    "BTCHU": "Ban Tổ chức Huyện ủy", "UBKTTW": "Ủy ban Kiểm tra Trung ương",
    "UBKTTU": "Ủy ban Kiểm tra Tỉnh ủy", "UBKTHU": "Ủy ban Kiểm tra Huyện ủy",
    "VPTW": "Văn phòng Trung ương Đảng", "VPTU": "Văn phòng Tỉnh ủy", "VPHU": "Văn phòng Huyện ủy",
    "BNCTW": "Ban Nội chính Trung ương", "BNCTU": "Ban Nội chính Tỉnh ủy", "BKTTW": "Ban Kinh tế Trung ương",
    "BĐNTW": "Ban Đối ngoại Trung ương", "BTGDVTW": "Ban Tuyên giáo và Dân vận Trung ương (từ 2025)",
    "BTGDVTU": "Ban Tuyên giáo và Dân vận Tỉnh ủy (từ 2025)", "ĐUCA": "Đảng ủy Công an",
    "ĐUQS": "Đảng ủy Quân sự", "QUTW": "Quân ủy Trung ương", "ĐUCQĐTW": "Đảng ủy các cơ quan Đảng Trung ương",
    "ĐUCP": "Đảng ủy Chính phủ", "ĐUQH": "Đảng ủy Quốc hội",
}
STATE_ISSUERS: dict[str, str] = {
    "CP": "Chính phủ", "TTg": "Thủ tướng Chính phủ", "QH": "Quốc hội", "UBTVQH": "Ủy ban Thường vụ Quốc hội",
    "UBND": "Ủy ban nhân dân", "HĐND": "Hội đồng nhân dân", "VPCP": "Văn phòng Chính phủ", "BNV": "Bộ Nội vụ",
    "BTC": "Bộ Tài chính", "BTP": "Bộ Tư pháp", "BCA": "Bộ Công an", "BQP": "Bộ Quốc phòng", "BYT": "Bộ Y tế",
    "BGDĐT": "Bộ Giáo dục và Đào tạo", "BTTTT": "Bộ Thông tin và Truyền thông",
    "BVHTTDL": "Bộ Văn hóa, Thể thao và Du lịch", "BKHĐT": "Bộ Kế hoạch và Đầu tư",
    "BNNPTNT": "Bộ Nông nghiệp và Phát triển nông thôn", "BLĐTBXH": "Bộ Lao động - Thương binh và Xã hội",
    "MTTQ": "Mặt trận Tổ quốc", "TANDTC": "Tòa án nhân dân tối cao", "VKSNDTC": "Viện kiểm sát nhân dân tối cao",
}


def _code_key(code: str) -> str:
    """Compare codes without case or diacritics; Ư is W (TƯ = TW)."""
    return fold_chars(unicodedata.normalize("NFC", code).replace("Ư", "W").replace("ư", "w"))


_PARTY_TYPE_BY_KEY = {_code_key(c): c for c in PARTY_TYPES}
_STATE_TYPE_BY_KEY = {_code_key(c): c for c in STATE_TYPES}
_PARTY_ISSUER_BY_KEY = {_code_key(c): c for c in PARTY_ISSUERS}
_STATE_ISSUER_BY_KEY = {_code_key(c): c for c in STATE_ISSUERS}


@lru_cache(maxsize=1024)
def canonical_type_code(code: str, system: str = "party") -> str | None:
    """The table spelling of a type code, or None when the code is not in the table.

    >>> canonical_type_code("QD"), canonical_type_code("qđi"), canonical_type_code("DA")
    ('QĐ', 'QĐi', 'ĐA')
    >>> canonical_type_code("nd", "state"), canonical_type_code("XYZ")
    ('NĐ', None)
    """
    code = unicodedata.normalize("NFC", code)
    table = PARTY_TYPES if system == "party" else STATE_TYPES
    if code in table:
        return code
    return (_PARTY_TYPE_BY_KEY if system == "party" else _STATE_TYPE_BY_KEY).get(_code_key(code))


@lru_cache(maxsize=1024)
def type_name(code: str | None, system: str = "party") -> str | None:
    """Vietnamese name of a type code (`KH` → `Kế hoạch`); a Party `QĐ` reads as `Quyết định`.

    >>> type_name("KH"), type_name("QĐi"), type_name("TT"), type_name("TT", "state")
    ('Kế hoạch', 'Quy định', 'Thông tri', 'Thông tư')
    """
    if not code:
        return None
    canonical = canonical_type_code(code, system)
    table = PARTY_TYPES if system == "party" else STATE_TYPES
    return table.get(canonical) if canonical else None


@lru_cache(maxsize=4096)
def _canonical_issuer(code: str, system: str) -> str:
    code = "".join(unicodedata.normalize("NFC", code).split())
    by_key = _PARTY_ISSUER_BY_KEY if system == "party" else _STATE_ISSUER_BY_KEY
    parts = re.split(f"[-{DASHES}]", code)
    out = []
    for part in parts:
        known = by_key.get(_code_key(part))
        if known is None and system == "state":
            known = _STATE_ISSUER_BY_KEY.get(_code_key(re.sub(r"\d+$", "", part)))
            if known is not None:
                known += re.search(r"\d*$", part).group(0)
        if known is None:
            known = part.upper().replace("TƯ", "TW")
            if system == "party" and known.startswith("DU"):
                known = "Đ" + known[1:]
        out.append(known)
    return "-".join(out)


@dataclass(frozen=True, slots=True)
class Notation:
    """A parsed notation: `system` is "party" or "state"; `number` as written (`03`).

    >>> n = parse_notation("03-CT/TW")
    >>> n.number, n.type_code, n.issuer_code, str(n)
    ('03', 'CT', 'TW', '03-CT/TW')
    """

    system: str
    number: str
    type_code: str | None
    issuer_code: str
    year: int | None = None

    def __str__(self) -> str:
        return format_notation(self)

    @property
    def type_name(self) -> str | None:
        """Vietnamese name of the type code.

        >>> parse_notation("30/2020/NĐ-CP").type_name
        'Nghị định'
        """
        return type_name(self.type_code, self.system)

    @property
    def key(self) -> str:
        """The comparison key (see `notation_key`).

        >>> parse_notation("07-QĐi/TƯ").key
        '7-qdi/tw'
        """
        return _key_of(self)


_D = f"[-{DASHES}]"
_PARTY_RE = re.compile(
    rf"(?P<num>\d{{1,5}})\s*{_D}\s*(?P<type>[^\W\d_]{{1,5}})\s*/\s*(?P<iss>[^\W\d_][^\W_]{{0,15}})", re.S
)
_STATE_RE = re.compile(
    rf"(?P<num>\d{{1,6}})\s*/\s*(?:(?P<year>\d{{4}})\s*/\s*)?"
    rf"(?:(?P<type>[^\W\d_]{{1,6}})\s*{_D}\s*(?P<iss>[^\W\d_][^\W_]{{0,15}}(?:\s*{_D}\s*[^\W_]{{1,15}}){{0,3}})"
    rf"|(?P<law>(?:UBTVQH|QH)\d{{1,2}}))",
    re.S | re.I,
)
_PREFIX_RE = re.compile(r"^\s*(?:s[ốoóồổỗộ]\s*[:.]?\s*)?", re.I)


def _make(system: str, num: str, type_raw: str | None, issuer_raw: str, year: str | None) -> Notation:
    if system == "party":
        type_code = canonical_type_code(type_raw or "", "party")
        if type_code is None:
            raise ValueError(f"Không rõ loại văn bản “{type_raw}” trong ký hiệu (ví dụ hợp lệ: KH, NQ, QĐ, CT).")
        return Notation("party", num, type_code, _canonical_issuer(issuer_raw, "party"))
    type_code = canonical_type_code(type_raw, "state") if type_raw else None
    issuer = issuer_raw
    if type_raw and type_code is None:
        if _STATE_ISSUER_BY_KEY.get(_code_key(type_raw)) is None:
            raise ValueError(f"Không rõ loại văn bản “{type_raw}” trong ký hiệu (ví dụ hợp lệ: NĐ, QĐ, TT).")
        issuer = f"{type_raw}-{issuer_raw}"
    year_value = int(year) if year else None
    if year_value is not None and not 1945 <= year_value <= 2100:
        raise ValueError(f"Năm “{year}” trong ký hiệu không hợp lệ.")
    return Notation("state", num, type_code, _canonical_issuer(issuer, "state"), year_value)


def parse_notation(text: str) -> Notation:
    """Read a notation; raise ValueError (message in Vietnamese) when it is not one.

    >>> parse_notation("11-KH/BTGTU")
    Notation(system='party', number='11', type_code='KH', issuer_code='BTGTU', year=None)
    >>> str(parse_notation("số31 - qd/TƯ")), str(parse_notation("30/2020/NĐ-CP"))
    ('31-QĐ/TW', '30/2020/NĐ-CP')
    >>> str(parse_notation("1206/QĐ-UBND")), str(parse_notation("80/2015/QH13"))
    ('1206/QĐ-UBND', '80/2015/QH13')
    """
    s = unicodedata.normalize("NFC", text or "")
    s = _PREFIX_RE.sub("", s, count=1).strip()
    if not s:
        raise ValueError("Chưa nhập số, ký hiệu văn bản.")
    m = _PARTY_RE.fullmatch(s)
    if m:
        if int(m["num"]) == 0:
            raise ValueError(f"Số văn bản trong “{text}” phải lớn hơn 0.")
        return _make("party", m["num"], m["type"], m["iss"], None)
    m = _STATE_RE.fullmatch(s)
    if m:
        if int(m["num"]) == 0:
            raise ValueError(f"Số văn bản trong “{text}” phải lớn hơn 0.")
        if m["law"]:
            if not m["year"]:
                raise ValueError(f"Ký hiệu luật “{text}” thiếu năm (ví dụ: 80/2015/QH13).")
            return _make("state", m["num"], None, m["law"], m["year"])
        return _make("state", m["num"], m["type"], m["iss"], m["year"])
    raise ValueError(
        f"“{text}” không phải số, ký hiệu văn bản. Ví dụ: 11-KH/BTGTU (văn bản của Đảng), "
        "30/2020/NĐ-CP hoặc 1206/QĐ-UBND (văn bản nhà nước)."
    )


def is_valid_notation(text: str) -> bool:
    """Whether `parse_notation` accepts the text.

    >>> is_valid_notation("17-NQ/HU"), is_valid_notation("Kế hoạch 227")
    (True, False)
    """
    try:
        parse_notation(text)
    except ValueError:
        return False
    return True


def format_notation(notation: Notation | str) -> str:
    """Canonical spelling of a notation.

    >>> format_notation("60 - qd/tu"), format_notation("13-DA/TU"), format_notation("05/2022/tt-bnv")
    ('60-QĐ/TU', '13-ĐA/TU', '05/2022/TT-BNV')
    """
    n = parse_notation(notation) if isinstance(notation, str) else notation
    if n.system == "party":
        return f"{n.number}-{n.type_code}/{n.issuer_code}"
    head = f"{n.number}/{n.year}/" if n.year else f"{n.number}/"
    return f"{head}{n.type_code}-{n.issuer_code}" if n.type_code else f"{head}{n.issuer_code}"


_SCORER_DASHES = dict.fromkeys(map(ord, DASHES), "-")


def _plain_key(text: str) -> str:
    s = unicodedata.normalize("NFC", text).translate(_SCORER_DASHES).replace("Ư", "W").replace("ư", "w")
    s = "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))
    return "".join(s.replace("Đ", "D").replace("đ", "d").split()).casefold()


@lru_cache(maxsize=8192)
def _key_of(n: Notation) -> str:
    number = n.number.lstrip("0") or "0"
    return _code_key(format_notation(Notation(n.system, number, n.type_code, n.issuer_code, n.year)))


def notation_key(text: str | Notation) -> str:
    """One key per document notation: case, diacritics, spaces, dashes, `TƯ`/`TW`, leading zeros aside.

    Text that is not a notation gets the same treatment without parsing.

    >>> notation_key("03-CT/TW") == notation_key("3 – ct/TƯ") == notation_key("số 03-CT/TW")
    True
    >>> notation_key("19-KH/ĐUS")
    '19-kh/dus'
    """
    if isinstance(text, Notation):
        return _key_of(text)
    try:
        return _key_of(parse_notation(text))
    except ValueError:
        return _plain_key(text or "")
