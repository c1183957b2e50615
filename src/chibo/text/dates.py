"""Vietnamese dates (ngày tháng): `11/01/2021`, `01-10-1997`, `05.6.2023`, `ngày 13 tháng 12 năm 2023`,
months (`tháng 6 năm 2023`, `tháng 6/2023`) and years (`năm 2023`). Impossible dates (31/02) are rejected.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from ._patterns import loose
from .normalize import normalize, prepare

__all__ = ["DateMention", "parse_date", "parse_period", "find_dates", "DATE_PATTERN", "date_from_match"]

NGAY, THANG, NAM = loose("ngày"), loose("tháng"), loose("năm")
_SEPARATORS = "/.\\-\u2010\u2011\u2012\u2013"

# A full date, as a pattern fragment with named groups; `date_from_match` reads it.
DATE_PATTERN = (
    rf"(?:(?P<d1>\d{{1,2}})\s?(?P<sep>[{_SEPARATORS}])\s?(?P<m1>\d{{1,2}})\s?(?P=sep)\s?(?P<y1>\d{{4}})(?![\d/])"
    rf"|(?P<d2>\d{{1,2}})\s+{THANG}\s+(?P<m2>\d{{1,2}})\s*,?\s*{NAM}\s+(?P<y2>\d{{4}})(?!\d))"
)
_DAY_RE = re.compile(rf"(?<![\d/.,])(?:{NGAY}\s*)?{DATE_PATTERN}")
_MONTH_RE = re.compile(rf"{THANG}\s+(?P<m>\d{{1,2}})\s*(?:,?\s*{NAM}\s+|/\s?)(?P<y>\d{{4}})(?!\d)")
_YEAR_RE = re.compile(rf"{NAM}\s+(?P<y>\d{{4}})(?!\d)")
_ISO_RE = re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})")
MIN_YEAR, MAX_YEAR = 1800, 2199


def _valid(year: int, month: int | None = None, day: int | None = None) -> bool:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return False
    if month is None:
        return True
    if not 1 <= month <= 12:
        return False
    if day is None:
        return True
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def date_from_match(m: re.Match[str]) -> datetime.date | None:
    """The date read by a match of `DATE_PATTERN`, or None when it does not exist (31/02).

    >>> date_from_match(re.search(DATE_PATTERN, "ngày 13 tháng 12 năm 2023"))
    datetime.date(2023, 12, 13)
    """
    d, mo, y = m.group("d1", "m1", "y1") if m.group("d1") else m.group("d2", "m2", "y2")
    y = int(y)
    if not MIN_YEAR <= y <= MAX_YEAR:
        return None
    try:
        return datetime.date(y, int(mo), int(d))
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date, month or year found in text; `month`/`day` are None for coarser mentions.

    >>> find_dates("hoàn thành trong tháng 6 năm 2023")[0]
    DateMention(start=17, end=33, year=2023, month=6, day=None)
    """

    start: int
    end: int
    year: int
    month: int | None = None
    day: int | None = None

    @property
    def date(self) -> datetime.date | None:
        """The calendar date when the day is known.

        >>> parse_period("ngày 04/9/2022").date
        datetime.date(2022, 9, 4)
        """
        if self.day is None or self.month is None:
            return None
        return datetime.date(self.year, self.month, self.day)

    @property
    def iso(self) -> str:
        """ISO 8601 at the precision known: `2023-06-25`, `2023-06` or `2023`.

        >>> parse_period("tháng 6 năm 2023").iso, parse_period("năm 2023").iso
        ('2023-06', '2023')
        """
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


def find_dates(text: str) -> list[DateMention]:
    """Every valid date, month and year in the text, in order; positions are in `text`.

    >>> [d.iso for d in find_dates("ngày 25/3/2023 ... hoàn thành trong tháng 6 năm 2023; 31/02/2023")]
    ['2023-03-25', '2023-06']
    """
    p = prepare(text)
    w = p.text
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for m in _DAY_RE.finditer(w):
        taken.append(m.span())
        value = date_from_match(m)
        if value:
            found.append(DateMention(p.origin(m.start()), p.origin(m.end()), value.year, value.month, value.day))
    for m in _MONTH_RE.finditer(w):
        y, mo = int(m["y"]), int(m["m"])
        if free(*m.span()) and _valid(y, mo):
            taken.append(m.span())
            found.append(DateMention(p.origin(m.start()), p.origin(m.end()), y, mo))
    for m in _YEAR_RE.finditer(w):
        y = int(m["y"])
        if free(*m.span()) and _valid(y):
            found.append(DateMention(p.origin(m.start()), p.origin(m.end()), y))
    return sorted(found, key=lambda d: d.start)


def parse_period(text: str) -> DateMention | None:
    """Read a whole string as a date, a month or a year; None when it is not one or does not exist.

    >>> parse_period("ngày 13 tháng 12 năm 2023").iso
    '2023-12-13'
    >>> parse_period("tháng 6/2023").iso, parse_period("31/02/2023")
    ('2023-06', None)
    """
    s = normalize(text or "")
    if not s:
        return None
    m = _ISO_RE.fullmatch(s)
    if m:
        y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
        return DateMention(0, len(text), y, mo, d) if _valid(y, mo, d) else None
    m = _DAY_RE.fullmatch(s)
    if m:
        value = date_from_match(m)
        return DateMention(0, len(text), value.year, value.month, value.day) if value else None
    m = _MONTH_RE.fullmatch(s) or re.fullmatch(r"(?P<m>\d{1,2})\s?/\s?(?P<y>\d{4})", s)
    if m:
        y, mo = int(m["y"]), int(m["m"])
        return DateMention(0, len(text), y, mo) if _valid(y, mo) else None
    m = _YEAR_RE.fullmatch(s) or re.fullmatch(r"(?P<y>\d{4})", s)
    if m:
        y = int(m["y"])
        return DateMention(0, len(text), y) if _valid(y) else None
    return None


def parse_date(text: str) -> datetime.date | None:
    """Read a whole string as a calendar date; None when it is not one or does not exist.

    Accepts `11/01/2021`, `11-01-2021`, `05.6.2023`, `2021-01-11`, `ngày 04/9/2022` and
    `ngày 13 tháng 12 năm 2023`.

    >>> parse_date("11/01/2021"), parse_date("01-10-1997")
    (datetime.date(2021, 1, 11), datetime.date(1997, 10, 1))
    >>> parse_date("ngày 13 tháng 12 năm 2023")
    datetime.date(2023, 12, 13)
    >>> parse_date("31/02/2023") is None, parse_date("tháng 6 năm 2023") is None
    (True, True)
    """
    period = parse_period(text)
    return period.date if period else None
