"""Vietnamese numbers (số) and quantities (số liệu).

Vietnamese style: `.` groups thousands (`2.132`, `1.600.000`), `,` is the decimal mark (`219,2`);
scale words `nghìn`/`ngàn`, `triệu`, `tỷ`/`tỉ`. Values are `Decimal`, never float.

A quantity is a number with what it counts or measures: `12 đảng viên`, `16 nghìn người`,
`219,2m3`, `1,6 tỷ đồng`, `98,6%`. Ratios (`8/19 tiêu chí`) and changes or ranges
(`từ 3m lên 7m`) are read too, with the second figure in `total`; they are not amounts, so
`extract_quantities` leaves them out unless asked for (see tests/data/README.md for the rules).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache, lru_cache

from ._patterns import cased_any, loose, loose_any, words_before
from .normalize import _TONE_TABLE, Prepared, fold, fold_chars, normalize, prepare

__all__ = [
    "parse_number", "format_number", "Quantity", "extract_quantities", "quantities_in", "AMOUNT_KINDS",
    "ALL_KINDS", "decimal_text",
]

SCALES: dict[str, Decimal] = {
    "nghin ty": Decimal(10) ** 12, "ngan ty": Decimal(10) ** 12, "nghin": Decimal(1000), "ngan": Decimal(1000),
    "trieu": Decimal(10) ** 6, "ty": Decimal(10) ** 9, "ti": Decimal(10) ** 9,
}
_SCALE_WORDS = ["nghìn tỷ", "ngàn tỷ", "nghìn", "ngàn", "triệu", "tỷ", "tỉ"]

_FORM_NUMBER_RE = re.compile(
    r"(?P<sign>[-+])?\s*(?:(?P<grouped>\d{1,3}(?:[. ]\d{3})+)(?:,(?P<gfrac>\d+))?"
    r"|(?P<plain>\d+)(?:[,.](?P<frac>\d+))?)"
    r"(?:\s*(?P<scale>nghin ty|ngan ty|nghin|ngan|trieu|ty|ti))?"
    r"(?:\s*(?:dong|vnd|d|%))?"
)
_EXAMPLES = "Viết theo kiểu Việt Nam, ví dụ: 2.132; 219,2; 1,6 tỷ; 1.600.000."


def parse_number(text: str) -> Decimal:
    """Read a number typed in a form, Vietnamese style; raise ValueError (Vietnamese message) on garbage.

    A trailing `đồng`, `đ`, `VNĐ` or `%` is allowed. A single `.` not followed by three digits is
    read as a decimal point (`2.5`).

    >>> parse_number("2.132"), parse_number("219,2"), parse_number("1.600.000")
    (Decimal('2132'), Decimal('219.2'), Decimal('1600000'))
    >>> parse_number("1,6 tỷ"), parse_number("16 nghìn")
    (Decimal('1600000000'), Decimal('16000'))
    >>> parse_number("hai nghìn")
    Traceback (most recent call last):
    ...
    ValueError: “hai nghìn” không phải là số hợp lệ. Viết theo kiểu Việt Nam, ví dụ: 2.132; 219,2; 1,6 tỷ; 1.600.000.
    """
    if text is None or not str(text).strip():
        raise ValueError("Chưa nhập số. " + _EXAMPLES)
    key = fold(str(text))
    m = _FORM_NUMBER_RE.fullmatch(key)
    if not m:
        if re.fullmatch(r"\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?", key):
            raise ValueError(f"“{text}”: dùng dấu chấm để tách hàng nghìn và dấu phẩy cho phần thập phân "
                             "(1.600.000; 219,2).")
        raise ValueError(f"“{text}” không phải là số hợp lệ. " + _EXAMPLES)
    if m["grouped"]:
        digits = m["grouped"].replace(".", "").replace(" ", "") + ("." + m["gfrac"] if m["gfrac"] else "")
    else:
        digits = m["plain"] + ("." + m["frac"] if m["frac"] else "")
    value = Decimal(digits)
    if m["scale"]:
        value *= SCALES[m["scale"]]
    if m["sign"] == "-":
        value = -value
    return _tidy(value)


def _tidy(value: Decimal) -> Decimal:
    """Drop trailing fractional zeros without switching to exponent notation."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def decimal_text(value: Decimal) -> str:
    """Plain decimal text for JSON (`float()` reads it): no exponent, no trailing zeros.

    >>> decimal_text(Decimal("1.6E+9")), decimal_text(Decimal("219.20"))
    ('1600000000', '219.2')
    """
    return format(_tidy(Decimal(value)), "f")


def format_number(value: Decimal | int | float | str, decimals: int | None = None) -> str:
    """Vietnamese style: `.` between thousands, `,` before decimals (1.600.000 and 219,2).

    >>> format_number(1600000), format_number(Decimal("219.2")), format_number(Decimal("2132.50"))
    ('1.600.000', '219,2', '2.132,5')
    >>> format_number(Decimal("1.6E+9")), format_number(2.5, decimals=2), format_number(-1234)
    ('1.600.000.000', '2,50', '-1.234')
    """
    try:
        d = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except InvalidOperation as exc:
        raise ValueError(f"“{value}” không phải là số.") from exc
    if decimals is None:
        d = _tidy(d)
    else:
        d = d.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = format(d, "f")
    sign = "-" if text.startswith("-") else ""
    whole, _, frac = text.lstrip("-").partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + ".".join(groups) + ("," + frac if frac else "")


# Units and counted nouns. Longest match wins; matching ignores case.
MONEY_UNITS = ["đồng", "VNĐ", "VND", "USD", "đô la"]
MEASURE_UNITS = [
    "m", "m2", "m3", "m²", "m³", "km", "km2", "km²", "cm", "mm", "ha", "héc-ta", "hecta", "kg", "tấn", "tạ",
    "lít", "ml", "kW", "kWh", "MW", "MWh", "GB", "mét", "mét vuông", "mét khối", "ki-lô-mét",
]
COUNT_NOUNS = [
    # people
    "đảng viên", "đảng viên chính thức", "đảng viên dự bị", "cảm tình đảng", "quần chúng ưu tú", "quần chúng",
    "khách mời", "đại biểu", "đồng chí", "cán bộ", "công chức", "viên chức", "cán bộ, đảng viên",
    "cán bộ, công chức", "cán bộ, công chức, viên chức", "người", "người dân", "lượt người", "lượt",
    "lượt ý kiến", "ý kiến", "hội viên", "đoàn viên", "đội viên", "thanh niên", "học sinh", "sinh viên",
    "giáo viên", "học viên", "báo cáo viên", "tuyên truyền viên", "cộng tác viên", "thành viên", "hộ",
    "hộ gia đình", "hộ dân", "hộ nghèo", "hộ cận nghèo", "nhân khẩu", "gia đình", "cháu", "em", "thí sinh",
    "bài dự thi", "tác phẩm", "tình nguyện viên", "nhân sự", "cựu chiến binh", "chiến sĩ", "công nhân", "nông dân",
    "lượt cán bộ, đảng viên", "lượt đảng viên", "lượt truy cập", "lượt xem", "lượt tuyên truyền",
    "bạn đọc", "độc giả", "người lao động", "lao động", "trẻ em", "người cao tuổi", "bác sĩ", "y, bác sĩ",
    "bệnh nhân", "cử tri", "thương binh", "liệt sĩ", "gia đình chính sách", "đối tượng", "nạn nhân",
    "cấp ủy viên", "ủy viên", "chi ủy viên", "bí thư chi bộ", "bí thư", "phó bí thư", "cán bộ chủ chốt",
    "doanh nhân", "nhà khoa học", "trí thức", "văn nghệ sĩ", "phóng viên", "chức sắc", "tín đồ", "già làng",
    "người có uy tín", "hội viên nông dân", "hội viên phụ nữ", "đoàn viên thanh niên", "đoàn viên công đoàn",
    "quân nhân", "cán bộ, chiến sĩ", "sĩ quan", "học sinh, sinh viên", "thầy cô giáo", "giảng viên",
    "khách", "du khách", "lượt khách", "khách du lịch", "hộ kinh doanh", "hộ thoát nghèo", "hộ đồng bào",
    "hộ chính sách", "hộ sản xuất kinh doanh giỏi", "người dân tộc thiểu số", "đồng bào", "người có công",
    # organisations and places
    "chi bộ", "đảng bộ", "đảng bộ cơ sở", "chi bộ cơ sở", "chi bộ trực thuộc", "tổ chức cơ sở đảng",
    "tổ chức đảng", "cơ sở đảng", "tổ đảng", "ban tuyên vận", "tổ tuyên vận", "tổ dân phố", "tổ công tác",
    "tổ chức", "xã", "phường", "thị trấn", "thôn", "ấp", "bản", "khu phố", "làng", "huyện", "tỉnh",
    "thành phố", "quận", "thị xã", "đơn vị", "cơ quan", "doanh nghiệp", "hợp tác xã", "trường", "trường học",
    "cơ sở", "điểm", "điểm cầu", "địa phương", "ban", "ngành", "đoàn thể", "câu lạc bộ", "nhà văn hóa",
    "đoàn kiểm tra", "đoàn công tác", "ban chỉ đạo",
    "đơn vị hành chính", "khu dân cư", "tổ liên gia",
    "tổ tự quản", "tổ hòa giải", "tổ công nghệ số", "tổ công nghệ số cộng đồng", "tổ chức chính trị - xã hội",
    "chi hội", "chi đoàn", "công đoàn cơ sở", "đoàn cơ sở", "đảng bộ bộ phận", "đảng bộ xã", "ban điều hành",
    "ban công tác mặt trận", "làng văn hóa", "thôn văn hóa", "khu dân cư văn hóa", "gia đình văn hóa",
    "cơ quan, đơn vị", "cơ sở giáo dục", "trạm y tế", "điểm bưu điện", "hợp tác xã nông nghiệp", "tổ hợp tác",
    "trang trại", "làng nghề", "sản phẩm OCOP", "sản phẩm",
    "chi bộ trực thuộc", "đảng bộ trực thuộc", "tổ chức cơ sở đảng trực thuộc", "đơn vị trực thuộc",
    "cơ quan trực thuộc", "đảng bộ cơ sở trực thuộc",
    "tổ bảo vệ an ninh trật tự", "điểm sinh hoạt", "khu dân cư",
    # models, goals, programmes
    "mô hình", "điển hình", "tập thể", "cá nhân", "gương", "gương điển hình", "tiêu chí", "chỉ tiêu",
    "nhiệm vụ", "nhóm nhiệm vụ", "giải pháp", "nhóm giải pháp", "khâu đột phá", "đột phá", "nội dung",
    "chuyên đề", "chương trình", "dự án", "công trình", "phong trào", "cuộc vận động", "sáng kiến",
    "đề tài", "kiến nghị", "đầu mối", "biên chế",
    "việc làm", "việc", "phần việc", "chủ đề", "mục tiêu", "nhóm chỉ tiêu", "nghị quyết",
    "chỉ thị", "kết luận", "quy định", "kế hoạch", "đề án", "hướng dẫn", "quyết định", "công văn", "thông báo",
    "văn bản chỉ đạo", "bằng khen", "giấy khen", "huy hiệu", "huy hiệu Đảng", "giải thưởng", "giải",
    "phần thưởng", "danh hiệu", "tiêu chí nông thôn mới", "câu hỏi", "bài thi", "phiếu", "phiếu khảo sát",
    "lượt ý kiến góp ý", "ý kiến góp ý", "vụ cháy", "vụ tai nạn", "vụ án", "vụ vi phạm",
    # meetings and campaigns
    "hội nghị", "cuộc", "cuộc kiểm tra", "cuộc giám sát", "cuộc thi", "cuộc họp", "lớp", "lớp học",
    "lớp bồi dưỡng", "lớp tập huấn", "buổi", "buổi sinh hoạt", "buổi tọa đàm", "buổi tuyên truyền", "đợt",
    "đợt tuyên truyền", "đợt kiểm tra", "đợt sinh hoạt",
    "buổi nói chuyện", "buổi học", "buổi làm việc", "buổi gặp mặt", "buổi giao lưu", "buổi tập huấn",
    "buổi ra quân", "buổi sinh hoạt chuyên đề", "lớp học tập", "lớp đối tượng", "lớp cảm tình đảng",
    "lớp bồi dưỡng nhận thức về Đảng", "đợt ra quân", "đợt cao điểm", "đợt thi đua", "cuộc tiếp xúc cử tri",
    "cuộc đối thoại", "cuộc hội thảo", "hội thảo", "tọa đàm", "cuộc tọa đàm", "hội thi", "cuộc họp",
    "phiên họp", "kỳ họp", "cuộc vận động",
    # publications and media
    "tin", "bài", "tin bài", "tin, bài", "tin, ảnh", "bài viết", "bản tin", "phóng sự", "chuyên mục",
    "ảnh", "pa nô", "băng rôn", "khẩu hiệu", "tài liệu", "ấn phẩm", "tờ rơi", "cuốn", "cuốn sách",
    "bản", "bản sách", "bộ sách", "bộ tài liệu", "tờ", "trang", "trang thông tin điện tử", "trang tin",
    "cụm loa", "cụm loa truyền thanh", "loa", "đài truyền thanh", "nhóm Zalo", "tài khoản", "trang fanpage",
    "video", "clip", "lượt chia sẻ", "lượt thích", "tin, bài viết", "bài báo", "chương trình phát thanh",
    "đầu sách", "quyển", "quyển sách", "tủ sách", "tủ sách chi bộ", "văn bản", "đơn", "đơn thư",
    "hồ sơ", "thủ tục", "thủ tục hành chính", "vụ", "vụ việc", "trường hợp",
    # things
    "cây xanh", "cây", "ngày công", "phần quà", "suất quà", "suất học bổng", "suất", "căn nhà", "ngôi nhà",
    "nhà", "nhà tình nghĩa", "nhà đại đoàn kết", "con", "chiếc", "xe", "camera", "bóng đèn", "cột đèn",
    "tuyến", "tuyến đường", "tuyến hẻm", "tuyến phố", "tuyến kênh", "hẻm", "con hẻm", "ngõ", "cây cầu", "cầu",
    "nhà ở", "căn hộ", "phòng học", "công trình thanh niên", "công trình, phần việc", "suất ăn", "suất cơm",
    "món quà", "chuyến", "chuyến xe", "lượt xe", "cột cờ", "lá cờ", "tủ sách pháp luật", "thư viện", "máy tính",
    "thiết bị", "điện thoại thông minh", "cây giống", "con giống", "con bò", "giếng",
    "giếng khoan", "bể nước", "nhà vệ sinh",
]
_DIGIT_RE = re.compile(r"[0-9]")
MONEY_KEYS = {fold(u) for u in MONEY_UNITS}
MEASURE_KEYS = {fold(u) for u in MEASURE_UNITS}
_ALL_UNITS = COUNT_NOUNS + MEASURE_UNITS + MONEY_UNITS
_CANONICAL_UNIT = {fold(u): u for u in _ALL_UNITS}
_NEW_STYLE = {v: k for k, v in _TONE_TABLE.items()}


def _spellings(unit: str) -> set[str]:
    """The unit as listed and with the other tone-mark placement (`hóa`/`hoá`)."""
    other = unit
    for traditional, new in _NEW_STYLE.items():
        other = other.replace(traditional, new)
    return {unit, other}


# Each unit as listed (either tone-mark placement), lowercase → the listed spelling.
_LISTED = {s.lower(): u for u in _ALL_UNITS for s in _spellings(u)}
# Units typed without diacritics (`dang vien`, `ho`): matched only in text typed (nearly all) without
# diacritics (`_mostly_plain`, `_plain_regexes`), and read as units only where the text around is plain
# (`_typed_plain`): there `ho` can only be `hộ`.
_PLAIN_SPELLINGS = {fold(u) for u in _ALL_UNITS} - set(_LISTED)
_UNIT = cased_any(set(_LISTED.values()) | {s for u in _ALL_UNITS for s in _spellings(u)})
_NUM_TAIL = r"(?:[0-9]{0,2}(?:\.[0-9]{3})+(?:,[0-9]+)?|[0-9]*(?:,[0-9]+)?)"
_NUM = "[0-9]" + _NUM_TAIL
# The first digit of a figure: not inside a number, a date or a notation (checked after the digit so that
# the scan still jumps from digit to digit).
_FIRST_DIGIT = "[0-9](?<![0-9/.,:\\-\u2010\u2011\u2012\u2013][0-9])"
_SCALE = loose_any(_SCALE_WORDS)
_END = r"(?![^\W\d_])"
# Space between a number and its unit: not across a line break (`Lượt xem: 1.532` / `Tin liên quan`).
_SP = r"[^\S\n]*"
# Every alternative starts with a digit, so the scan skips text without digits at C speed. A ratio
# (`8/19 tiêu chí`) or an amount, then its unit; the unit alternation is the big part, so it appears once.
_QUANTITY_TEMPLATE = (
    rf"(?P<num>{_FIRST_DIGIT}{_NUM_TAIL})"
    rf"(?:{_SP}/{_SP}(?P<rb>[0-9]+)(?![0-9/])|(?![0-9/])(?:{_SP}(?P<scale>{_SCALE}){_END})?)"
    rf"(?:{_SP}(?P<pct>%)|{_SP}(?P<unit>(?:UNIT)){_END})"
)
_QUANTITY_RE = re.compile(_QUANTITY_TEMPLATE.replace("(?:UNIT)", _UNIT))
# A unit alone (after `lượt`, after a comma, after `từ 3m lên`).
_UNIT_RE = re.compile(rf"(?:{_UNIT}){_END}")


@cache
def _plain_regexes() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """`_QUANTITY_RE` and `_UNIT_RE` that also know units typed without diacritics (compiled when first needed)."""
    unit = cased_any(set(_LISTED.values()) | {s for u in _ALL_UNITS for s in _spellings(u)} | _PLAIN_SPELLINGS)
    return re.compile(_QUANTITY_TEMPLATE.replace("(?:UNIT)", unit)), re.compile(rf"(?:{unit}){_END}")


def _mostly_plain(w: str) -> bool:
    """Whether the text is typed (nearly all) without diacritics: few characters outside ASCII.

    >>> _mostly_plain("Toan huyen ket nap 450 dang vien moi"), _mostly_plain("Toàn huyện kết nạp 450 đảng viên")
    (True, False)
    """
    return w.isascii() or len(w.encode("utf-8")) - len(w) < len(w) // 10


_PAIR_SPACE_RE = re.compile(r",[^\S\n]*")
_TIMES_SPACE_RE = re.compile(r"[^\S\n]+")
_DIGIT_AHEAD_RE = re.compile(r"[^\S\n]*[0-9]")
_RANGE_VERBS = {"len", "xuong", "con", "den", "toi"}
_FROM_BEFORE_RE = re.compile(rf"(?<![^\W\d_]){loose('từ')}\s+$")
_TO_AFTER_RE = re.compile(
    rf"\s+(?P<verb>{loose_any(['lên', 'xuống', 'còn', 'đến', 'tới'])})\s+(?P<num>{_NUM})\s*(?P<pct>%)?"
)
_RANGE_BEFORE_RE = re.compile(
    rf"(?<![^\W\d_]){loose('từ')}\s+(?P<num>{_NUM})\s+(?P<verb>{loose_any(['lên', 'xuống', 'còn', 'đến', 'tới'])})"
    rf"\s+$"
)
# A number right after these words names or dates something (Khu phố 4, năm 2023, lần thứ 2).
_DESIGNATOR_WORDS = [
    "khu phố", "tổ", "ấp", "thôn", "xóm", "bản", "khu", "phường", "quận", "chi bộ", "số", "điều", "khoản",
    "điểm", "khóa", "lần thứ", "thứ", "năm", "tháng", "ngày", "kỳ", "nhiệm kỳ", "giai đoạn", "trung ương",
    "hội nghị", "mục", "phần", "chương", "lớp", "đợt", "quý", "tuần", "phòng", "tầng", "đường", "km",
    "quốc lộ", "tỉnh lộ", "tuyến", "đội", "trạm", "cụm", "nhóm", "hạng", "cấp", "loại", "độ",
]
# Matched with their diacritics (`tầng 6` names a floor, `tăng 6` counts; `trong đó 12` counts, `độ 12` not);
# text typed without diacritics can only be matched folded.
_DESIGNATORS = {normalize(w).lower() for w in _DESIGNATOR_WORDS}
_DESIGNATORS_FOLDED = {fold(w) for w in _DESIGNATOR_WORDS}
_NOUN_STOP = {fold(w) for w in ["của", "và", "với", "cho", "để", "trong", "tại", "từ", "lên", "được", "đã", "là",
                                "trên", "dưới", "thì", "nhưng", "hoặc", "các", "những", "này", "đó"]}
_WORD_RE = re.compile(r"\s*([^\W\d_]+)")
_NOT_BEFORE = set("0123456789/.,:-\u2010\u2011\u2012\u2013")
# Verbs ending in a designating word: `nâng cấp 86,4 km` (upgrade), `cung cấp 500 đầu sách` (provide).
_NOT_DESIGNATING = {fold(w) for w in ["nâng cấp", "cung cấp", "phân cấp", "tăng cấp", "cấp phát"]}
# Second counted nouns that are also verbs or too short to be sure of after a comma (`12 chi bộ, tổ chức ...`).
_PAIR_VERBS = {fold(w) for w in ["tổ chức", "quyết định", "hướng dẫn", "thông báo", "kiến nghị", "kết luận",
                                 "quy định", "chỉ thị", "kế hoạch", "nghị quyết", "công văn", "đề án",
                                 "chương trình", "nội dung", "hội nghị", "ý kiến", "việc làm", "phần việc",
                                 "lao động", "điểm cầu", "đối tượng"]}
_PAIR_SHORT = {fold(w) for w in ["xã", "phường", "thôn", "bản", "ấp", "hộ", "bài", "tổ", "làng", "xóm", "ảnh"]}

AMOUNT_KINDS = ("count", "measure", "money", "percent")
ALL_KINDS = AMOUNT_KINDS + ("ratio", "change", "range")


@dataclass(frozen=True, slots=True)
class Quantity:
    """A figure in text: `value` `unit` (`kind` count/measure/money/percent/ratio/change/range).

    `noun` is what is counted or measured; `total` is the second figure of a ratio (8/19) or of a
    change or range (từ 3m lên 7m).

    >>> extract_quantities("04 cảm tình đảng")[0]
    Quantity(surface='04 cảm tình đảng', start=0, end=16, value=Decimal('4'), unit='cảm tình đảng', \
kind='count', noun='cảm tình đảng', total=None)
    """

    surface: str
    start: int
    end: int
    value: Decimal
    unit: str
    kind: str
    noun: str | None = None
    total: Decimal | None = None


def _number(text: str) -> Decimal:
    return Decimal(text.replace(".", "").replace(",", "."))


@lru_cache(maxsize=8192)
def _key(text: str) -> str:
    return " ".join(fold_chars(text).split())


@lru_cache(maxsize=4096)
def _canonical_unit(raw: str) -> str:
    return _LISTED.get(normalize(raw).lower()) or _CANONICAL_UNIT.get(_key(raw)) or normalize(raw).lower()


def _typed_plain(w: str, start: int, end: int) -> bool:
    """Whether the text around `start:end` is typed without diacritics (only there is `ho` the unit `hộ`)."""
    return w[max(0, start - 80):end + 80].isascii()


def _designates(previous: str | None, last: str) -> bool:
    """Whether the words right before a number name or date something (`Khu phố 4`, `năm 2023`).

    >>> _designates("Khu", "phố"), _designates("nâng", "cấp"), _designates(None, "cấp")
    (True, False, True)
    """
    if previous is not None and _key(f"{previous} {last}") in _NOT_DESIGNATING:
        return False
    return _is_designator(last) or (previous is not None and _is_designator(f"{previous} {last}"))


def _pairs_with(first: str, second: str) -> bool:
    """Whether `second`, after `first` and a comma, is a second counted noun (`xã, thị trấn`)."""
    key = _key(second)
    if key == _key(first) or key in MONEY_KEYS or key in MEASURE_KEYS:
        return False
    return key in _PAIR_SHORT or (" " in key and key not in _PAIR_VERBS)


def _counted_noun(w: str, unit: str, end: int, unit_re: re.Pattern[str]) -> tuple[str, int]:
    """The counted noun that starts with `unit` at `end`: `lượt` + what is counted (`lượt bạn đọc`), and
    nouns joined by commas (`xã, thị trấn`, `nhóm nhiệm vụ, giải pháp`); with where it ends."""
    if unit == "lượt":
        space = _TIMES_SPACE_RE.match(w, end)
        m = unit_re.match(w, space.end()) if space else None
        if m and _key(m.group()) not in MONEY_KEYS | MEASURE_KEYS:
            unit, end = f"{unit} {_canonical_unit(m.group())}", m.end()
    for _ in range(2):
        if not w.startswith(",", end):
            break
        m = unit_re.match(w, _PAIR_SPACE_RE.match(w, end).end())
        if not m or _DIGIT_AHEAD_RE.match(w, m.end()):
            break
        second = _canonical_unit(m.group())
        if not m.group()[0].islower() or not _pairs_with(unit, second):
            break
        unit, end = f"{unit}, {second}", m.end()
    return unit, end


@lru_cache(maxsize=4096)
def _is_designator(words: str) -> bool:
    if words.isascii():
        return words.lower() in _DESIGNATORS_FOLDED
    return normalize(words).lower() in _DESIGNATORS


def _noun_after(w: str, pos: int) -> str | None:
    words = []
    for _ in range(4):
        m = _WORD_RE.match(w, pos)
        if not m or fold_chars(m.group(1)) in _NOUN_STOP or m.group(1)[0].isupper():
            break
        words.append(m.group(1))
        pos = m.end()
    return normalize(" ".join(words)) or None


def _amount(m: re.Match[str], w: str, end: int) -> tuple[str, Decimal, str, str | None]:
    value = _number(m["num"])
    if m["scale"]:
        value *= SCALES[_key(m["scale"])]
    if m["pct"]:
        return "percent", value, "%", None
    unit = _canonical_unit(m["unit"])
    key = _key(unit)
    if key in MONEY_KEYS:
        return "money", value, unit, None
    if key in MEASURE_KEYS:
        return "measure", value, unit, _noun_after(w, end)
    return "count", value, unit, unit


def quantities_in(p: Prepared, text: str, kinds: tuple[str, ...] = AMOUNT_KINDS) -> list[Quantity]:
    """`extract_quantities` on text already prepared (`prepare(text)`).

    >>> text = "trên 16 nghìn người"
    >>> [(q.surface, q.value) for q in quantities_in(prepare(text), text)]
    [('16 nghìn người', Decimal('16000'))]
    """
    w = p.text
    out: list[Quantity] = []
    skip_to = 0
    quantity_re, unit_re = _plain_regexes() if _mostly_plain(w) else (_QUANTITY_RE, _UNIT_RE)
    for m in quantity_re.finditer(w):
        start, end = m.span()
        if start < skip_to or (start and w[start - 1] in _NOT_BEFORE):
            continue
        total = None
        if m["rb"] is not None:
            if m["pct"]:
                continue
            unit = _canonical_unit(m["unit"])
            kind, value, noun, total = "ratio", _number(m["num"]), unit, _number(m["rb"])
        else:
            previous, last = words_before(w, start, 30)
            if last is not None and _designates(previous, last):
                continue
            if m["unit"] and m["unit"].lower() not in _LISTED and not _typed_plain(w, start, end):
                continue
            kind, value, unit, noun = _amount(m, w, end)
            if kind == "count":
                unit, end = _counted_noun(w, unit, end, unit_re)
                noun = unit
            last = _key(last) if last is not None else ""
            if last == "tu" and _FROM_BEFORE_RE.search(w, max(0, start - 8), start):
                to = _TO_AFTER_RE.match(w, end)
                to_unit = unit_re.match(w, to.end()) if to and not to["pct"] else None
                if to and (to["pct"] or to_unit):
                    kind = "change" if _key(to["verb"]) in ("len", "xuong", "con") else "range"
                    total, end = _number(to["num"]), (to_unit or to).end()
                    unit, noun, skip_to = ("%" if to["pct"] else _canonical_unit(to_unit.group())), None, end
            elif last in _RANGE_VERBS:
                before = _RANGE_BEFORE_RE.search(w, max(0, start - 30), start)
                if before:
                    kind = "change" if _key(before["verb"]) in ("len", "xuong", "con") else "range"
                    start, total, value, noun = before.start("num"), value, _number(before["num"]), None
        if kind not in kinds:
            continue
        o_start, o_end = p.origin(start), p.origin(end)
        out.append(Quantity(text[o_start:o_end], o_start, o_end, _tidy(value), unit, kind, noun,
                            _tidy(total) if total is not None else None))
    return out


def extract_quantities(text: str, kinds: tuple[str, ...] = AMOUNT_KINDS) -> list[Quantity]:
    """Figures in the text, in order; by default only amounts (counts, measures, money, percentages).

    >>> [(q.surface, str(q.value), q.unit) for q in extract_quantities("trên 16 nghìn người tham gia, 219,2m3 rác")]
    [('16 nghìn người', '16000', 'người'), ('219,2m3', '219.2', 'm3')]
    >>> [(q.kind, q.value, q.total, q.unit) for q in extract_quantities("hoàn thành 8/19 tiêu chí", ALL_KINDS)]
    [('ratio', Decimal('8'), Decimal('19'), 'tiêu chí')]
    >>> [(q.kind, str(q.value), str(q.total)) for q in extract_quantities("mở rộng từ 3m lên 7m", ALL_KINDS)]
    [('change', '3', '7')]
    """
    if not _DIGIT_RE.search(text):
        return []
    return quantities_in(prepare(text), text, kinds)
