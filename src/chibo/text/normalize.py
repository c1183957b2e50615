"""Vietnamese normalisation (chuẩn hóa) and folding (khóa tìm kiếm).

`normalize` gives one spelling for text that arrives in many: NFC, one tone-mark placement
(the traditional one: `ủy`, `hòa`, `thúy`, `khỏe`), plain spaces, `-` for every dash and straight
quotes. `fold` turns text into a search key: normalised, lowercase, no diacritics, `đ` → `d`.
`prepare` is for extractors: it gives NFC text without zero-width characters and maps positions
in it back to the caller's original string.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

__all__ = ["normalize", "fold", "fold_chars", "fix_tone_marks", "prepare", "Prepared", "base_letter"]

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_ZERO_WIDTH_RE = re.compile(f"[{ZERO_WIDTH}]")
_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\v\f"
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033\uff02"
_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\uff07"
_NEWLINES = "\r\x85\u2028\u2029\x1c\x1d\x1e"

_TRANSLATE = (
    dict.fromkeys(map(ord, _SPACES), " ")
    | dict.fromkeys(map(ord, DASHES), "-")
    | dict.fromkeys(map(ord, _DOUBLE_QUOTES), '"')
    | dict.fromkeys(map(ord, _SINGLE_QUOTES), "'")
    | dict.fromkeys(map(ord, _NEWLINES), "\n")
    | {ord("\x1f"): " "}
)
_NEEDS_TRANSLATE = re.compile(f"[{_SPACES}{DASHES}{_DOUBLE_QUOTES}{_SINGLE_QUOTES}{_NEWLINES}\x1f]")
_COMBINING = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_SPACE_RUN = re.compile(r" {2,}")
_SPACE_AROUND_NEWLINE = re.compile(r" *\n *")

_TONES = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng


def _build_tone_table() -> dict[str, str]:
    """Map the new-style placement (`oà`, `uỷ`) to the traditional one (`òa`, `ủy`)."""
    table = {}
    for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
        for tone in _TONES:
            for upper_first in (False, True):
                for upper_second in (False, True):
                    f = first.upper() if upper_first else first
                    s = second.upper() if upper_second else second
                    new_style = f + unicodedata.normalize("NFC", s + tone)
                    traditional = unicodedata.normalize("NFC", f + tone) + s
                    table[new_style] = traditional
    return table


_TONE_TABLE = _build_tone_table()
# Only at the end of a syllable: `hoàn`, `toán`, `khuya` keep their marks; after `q` the `u` is part of
# the consonant (`quý` is right in both styles).
_TONE_RE = re.compile(
    "(?<![qQ])(" + "|".join(sorted(k for k in _TONE_TABLE if k[0] in "uU")) + ")"
    + f"(?![^\\W\\d_]|[{_COMBINING}])"
    + "|(" + "|".join(sorted(k for k in _TONE_TABLE if k[0] in "oO")) + ")"
    + f"(?![^\\W\\d_]|[{_COMBINING}])"
)


def fix_tone_marks(text: str) -> str:
    """Put tone marks in the traditional place on `oa`, `oe`, `uy` ending a syllable (NFC input).

    >>> fix_tone_marks("Tỉnh uỷ Hoà Bình")
    'Tỉnh ủy Hòa Bình'
    >>> fix_tone_marks("quý, hoàn thành, khoẻ")
    'quý, hoàn thành, khỏe'
    """
    return _TONE_RE.sub(lambda m: _TONE_TABLE[m.group(0)], text)


def normalize(text: str) -> str:
    """One spelling for Vietnamese text: NFC, traditional tone marks, plain spaces, dashes and quotes.

    Zero-width characters go; runs of spaces become one; spaces around line breaks go; ends are
    stripped.

    >>> normalize("Tỉnh uỷ Hoà Bình")
    'Tỉnh ủy Hòa Bình'
    >>> normalize("Kế hoạch số\\u00a011\\u2013KH/BTGTU  ngày 11/01/2021")
    'Kế hoạch số 11-KH/BTGTU ngày 11/01/2021'
    >>> normalize(unicodedata.normalize("NFD", "Đề án")) == "Đề án"
    True
    """
    if not text:
        return ""
    s = _ZERO_WIDTH_RE.sub("", text) if _ZERO_WIDTH_RE.search(text) else text
    s = unicodedata.normalize("NFC", s)
    if _NEEDS_TRANSLATE.search(s):
        s = s.replace("\r\n", "\n").translate(_TRANSLATE)
    s = fix_tone_marks(s)
    if "  " in s:
        s = _SPACE_RUN.sub(" ", s)
    if "\n" in s:
        s = _SPACE_AROUND_NEWLINE.sub("\n", s)
    return s.strip()


def base_letter(char: str) -> str:
    """The lowercase letter without diacritics (`Ế` → `e`, `đ` → `d`); other characters lowercased.

    >>> base_letter("Ế"), base_letter("Đ"), base_letter("ư")
    ('e', 'd', 'u')
    """
    if char in "đĐ":
        return "d"
    decomposed = unicodedata.normalize("NFD", char)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped).lower() or char


def _build_fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in list(range(0x41, 0x5B)) + list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)):
        char = chr(code)
        base = base_letter(char)
        if len(base) == 1 and base != char:
            table[code] = base
    return table


_FOLD_TABLE = _build_fold_table()
_COMBINING_RE = re.compile(f"[{_COMBINING}]")


def fold_chars(text: str) -> str:
    """Lowercase and strip diacritics character by character; the result has the same length.

    Meant for NFC text, where it keeps positions aligned with the input.

    >>> fold_chars("Kế hoạch số 13-ĐA/TU")
    'ke hoach so 13-da/tu'
    """
    return text.translate(_FOLD_TABLE).lower()


def fold(text: str) -> str:
    """Search key (khóa tìm kiếm): normalised, lowercase, no diacritics, `đ` → `d`, single spaces.

    Every spelling of a word folds to the same key.

    >>> fold("Tỉnh uỷ Hoà Bình") == fold("TỈNH ỦY HÒA BÌNH") == fold("Tinh uy Hoa Binh")
    True
    >>> fold("Đảng ủy  khối")
    'dang uy khoi'
    """
    s = normalize(text).translate(_FOLD_TABLE).lower()
    if _COMBINING_RE.search(s):
        s = _COMBINING_RE.sub("", s)
    return " ".join(s.split())


_CLUSTER_RE = re.compile(f"[{ZERO_WIDTH}]|.[{_COMBINING}]+", re.S)


@dataclass(frozen=True, slots=True)
class Prepared:
    """NFC text without zero-width characters, and a map from its positions to the original's.

    The map has one entry per changed chunk of the original (`_sources[i]`): where it starts and ends
    in `text` and in the original; positions inside a chunk are worked out only when asked for.

    >>> p = prepare(unicodedata.normalize("NFD", "Tỉnh uỷ Hoà Bình"))
    >>> p.text == unicodedata.normalize("NFC", "Tỉnh uỷ Hoà Bình"), p.origin(8)
    (True, 10)
    """

    text: str
    _starts: tuple[int, ...] = ()
    _origins: tuple[int, ...] = ()
    _ends: tuple[int, ...] = ()
    _origin_ends: tuple[int, ...] = ()
    _sources: tuple[str, ...] = ()

    def origin(self, pos: int) -> int:
        """Position in the original string of position `pos` in `text`.

        >>> p = prepare(unicodedata.normalize("NFD", "Đề án 13"))
        >>> p.text, p.origin(6), len(unicodedata.normalize("NFD", "Đề án "))
        ('Đề án 13', 9, 9)
        """
        if not self._starts:
            return pos
        i = bisect_right(self._starts, pos) - 1
        if i < 0:
            return pos
        if pos >= self._ends[i]:
            return self._origin_ends[i] + (pos - self._ends[i])
        return self._origins[i] + _origin_in_chunk(self._sources[i], pos - self._starts[i])


def prepare(text: str) -> Prepared:
    """Text ready for pattern matching: NFC, zero-width characters removed, original positions kept.

    Text that is already NFC and has no zero-width characters is used as it is.

    >>> prepare("Kế hoạch số 38-KH/TU").text
    'Kế hoạch số 38-KH/TU'
    >>> p = prepare("61-KH/\\u200bBDVTU")
    >>> p.text, p.origin(len(p.text))
    ('61-KH/BDVTU', 12)
    """
    if text.isascii() or not _NOT_PLAIN_RE.search(text):
        return Prepared(text)
    # Checking NFC is slow on text with combining marks (it composes it all), so such text goes straight on.
    if not _MARK_OR_ZERO_WIDTH_RE.search(text) and unicodedata.is_normalized("NFC", text):
        return Prepared(text)
    return _prepare_chunks(text)


_MARK_OR_ZERO_WIDTH_RE = re.compile(f"[{_COMBINING}{ZERO_WIDTH}]")
# Blocks of Vietnamese text: Latin with its Vietnamese letters, punctuation, symbols, fullwidth forms.
_PLAIN_BLOCKS = ((0x0000, 0x02FF), (0x1E00, 0x1EFF), (0x2000, 0x22FF), (0x2460, 0x27BF), (0x3000, 0x303F),
                 (0xFF00, 0xFFEF))


def _plain_ranges() -> list[tuple[int, int]]:
    """Code point ranges of the plain characters of `_PLAIN_BLOCKS`: any string of them is NFC as it is.

    Plain: assigned, not zero-width, no combining class and NFC on its own. None of them is the second
    half of a composed character (test_normalize checks this against all of Unicode), so no two of them
    compose either.
    """
    ranges: list[tuple[int, int]] = []
    for lo, hi in _PLAIN_BLOCKS:
        for code in range(lo, hi + 1):
            c = chr(code)
            if (c in ZERO_WIDTH or unicodedata.combining(c) or unicodedata.category(c) == "Cn"
                    or not unicodedata.is_normalized("NFC", c)):
                continue
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return ranges


PLAIN_RANGES = _plain_ranges()
# A character that is not plain: text without one is prepared as it is.
_NOT_PLAIN_RE = re.compile("[^" + "".join(f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi in PLAIN_RANGES) + "]")
# Chunks of up to 64 characters that end before white space: NFC never joins characters across them.
_CHUNK_RE = re.compile(r"[\s\S]{1,64}(?=\s|\Z)|\s*\S+")


def _prepare_chunks(text: str) -> Prepared:
    """NFC chunk by chunk; only changed chunks get a map entry, resolved inside on demand."""
    pieces: list[str] = []
    starts: list[int] = []
    origins: list[int] = []
    ends: list[int] = []
    origin_ends: list[int] = []
    sources: list[str] = []
    out_len = 0
    last = 0
    nfc = unicodedata.normalize
    for m in _CHUNK_RE.finditer(text):
        chunk = m.group()
        if chunk.isascii():
            continue
        new = nfc("NFC", _ZERO_WIDTH_RE.sub("", chunk) if _ZERO_WIDTH_RE.search(chunk) else chunk)
        if new == chunk:
            continue
        a, b = m.span()
        pieces.append(text[last:a])
        pieces.append(new)
        out_len += a - last
        starts.append(out_len)
        origins.append(a)
        out_len += len(new)
        ends.append(out_len)
        origin_ends.append(b)
        sources.append(chunk)
        last = b
    pieces.append(text[last:])
    return Prepared("".join(pieces), tuple(starts), tuple(origins), tuple(ends), tuple(origin_ends), tuple(sources))


def _origin_in_chunk(chunk: str, offset: int) -> int:
    """Position in `chunk` of position `offset` in its NFC form, walking its mark clusters.

    A position inside a composed cluster maps into the cluster; one at a removed zero-width character
    maps past it.
    """
    out = last = 0
    nfc = unicodedata.normalize
    for m in _CLUSTER_RE.finditer(chunk):
        a = m.start()
        cluster = m.group()
        removed = cluster in ZERO_WIDTH
        if offset < out + a - last or (offset == out + a - last and not removed):
            return last + offset - out
        out += a - last
        size = 0 if removed else len(nfc("NFC", cluster))
        if offset < out + size:
            return a + offset - out
        out += size
        last = m.end()
    return min(last + offset - out, len(chunk))
