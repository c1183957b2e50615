"""Normalisation and folding: one spelling, one search key (property tests with hypothesis)."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chibo.text import fold, normalize, prepare
from chibo.text.normalize import PLAIN_RANGES, ZERO_WIDTH, fix_tone_marks, fold_chars

TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]  # ngang, huyền, sắc, hỏi, ngã, nặng
ONSETS = ["", "h", "kh", "th", "t", "l", "x", "ng", "đ", "ch", "s", "tr"]
# Rhymes whose tone mark is written in two places (the rest have one place only).
TWO_PLACE_RHYMES = ["oa", "oe", "uy"]
ONE_PLACE_RHYMES = ["a", "ô", "ơ", "ư", "ê", "oan", "uyên", "ương", "anh", "inh", "ân", "ăng"]
VIETNAMESE_ALPHABET = (
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
)
TEXT_CHARS = st.sampled_from(
    list(VIETNAMESE_ALPHABET + VIETNAMESE_ALPHABET.upper() + "0123456789 .,;:/-()\n\t")
    + list(TONES[1:]) + ["\u00a0", "\u2013", "\u2014", "\u201c", "\u201d", "\u2019", "\u202f"] + list(ZERO_WIDTH)
)
vietnamese_text = st.text(TEXT_CHARS, max_size=80)
any_text = st.text(max_size=60)


def place(onset: str, rhyme: str, tone: str, new_style: bool) -> str:
    """A syllable in NFC; on `oa`, `oe`, `uy` the mark goes on the first vowel (traditional: `hòa`,
    `ủy`) or on the second (new style: `hoà`, `uỷ`); other rhymes have one place only (`hoàn`, `uyên`)."""
    if rhyme in TWO_PLACE_RHYMES:
        first, second = rhyme
        marked = first + second + tone if new_style else first + tone + second
        return unicodedata.normalize("NFC", onset + marked)
    vowels = [i for i, c in enumerate(rhyme) if c in "aăâeêioôơuưy"]
    at = vowels[-1] if rhyme[vowels[-1] + 1:] else vowels[0]  # `ương`, `uyên`: the last; `ua`: the first
    return unicodedata.normalize("NFC", onset + rhyme[:at + 1] + tone + rhyme[at + 1:])


syllables = st.builds(
    lambda onset, rhyme, tone: (onset, rhyme, tone),
    st.sampled_from(ONSETS), st.sampled_from(TWO_PLACE_RHYMES + ONE_PLACE_RHYMES), st.sampled_from(TONES),
)


def spellings(parts: list[tuple[str, str, str]]) -> list[str]:
    """The ways the same words turn up in real text."""
    traditional = " ".join(place(o, r, t, False) for o, r, t in parts)
    new_style = " ".join(place(o, r, t, True) for o, r, t in parts)
    plain = fold_chars(traditional).replace("đ", "d")
    return [
        traditional, new_style, traditional.upper(), new_style.title(),
        unicodedata.normalize("NFD", traditional), unicodedata.normalize("NFD", new_style),
        "\u00a0" + new_style.replace(" ", "\u00a0 \u200b") + "  ", plain, plain.upper(),
    ]


@given(vietnamese_text)
def test_normalize_is_idempotent(text):
    once = normalize(text)
    assert normalize(once) == once


@given(any_text)
def test_normalize_is_idempotent_on_any_unicode(text):
    once = normalize(text)
    assert normalize(once) == once


@given(st.one_of(vietnamese_text, any_text))
def test_fold_is_idempotent(text):
    once = fold(text)
    assert fold(once) == once


@given(st.one_of(vietnamese_text, any_text))
def test_nfd_input_gives_the_nfc_result(text):
    nfd, nfc = unicodedata.normalize("NFD", text), unicodedata.normalize("NFC", text)
    assert normalize(nfd) == normalize(nfc) == normalize(text)
    assert fold(nfd) == fold(nfc) == fold(text)


@given(st.lists(syllables, min_size=1, max_size=4))
def test_every_spelling_of_a_word_folds_to_one_key(parts):
    keys = {fold(s) for s in spellings(parts)}
    assert len(keys) == 1, keys
    [key] = keys
    assert key.isascii() and key == key.lower() and "  " not in key


@given(st.lists(syllables, min_size=1, max_size=4))
def test_both_tone_placements_normalize_to_the_traditional_one(parts):
    traditional = " ".join(place(o, r, t, False) for o, r, t in parts)
    new_style = " ".join(place(o, r, t, True) for o, r, t in parts)
    assert normalize(new_style) == normalize(traditional) == traditional
    assert normalize(unicodedata.normalize("NFD", new_style)) == traditional


@given(vietnamese_text)
def test_normalized_text_is_plain(text):
    out = normalize(text)
    assert unicodedata.is_normalized("NFC", out)
    assert not any(c in out for c in ZERO_WIDTH + "\u00a0\u202f\u2013\u2014\u201c\u201d\u2019\t")
    assert "  " not in out and out == out.strip()


@pytest.mark.parametrize("raw, expected", [
    ("Tỉnh uỷ Hoà Bình", "Tỉnh ủy Hòa Bình"),  # seed 002: new-style marks
    ("Đảng uỷ các xã, thị trấn", "Đảng ủy các xã, thị trấn"),  # seed 004
    ("thuý, khoẻ, hoạ, Thuỳ", "thúy, khỏe, họa, Thùy"),
    ("quý, quỳnh, hoàn thành, toán, khuya, thuyền", "quý, quỳnh, hoàn thành, toán, khuya, thuyền"),  # untouched
    ("Kế hoạch số\u00a011\u2013KH/BTGTU", "Kế hoạch số 11-KH/BTGTU"),
    ("\u201cDân vận khéo\u201d", '"Dân vận khéo"'),
    ("nhân dân\u2019s", "nhân dân's"),
    ("61-KH/\u200bBDVTU", "61-KH/BDVTU"),
    ("hoạt động  của  đội ngũ cấp ủy", "hoạt động của đội ngũ cấp ủy"),  # seed 004: runs of spaces
    ("  dòng một  \r\n  dòng hai ", "dòng một\ndòng hai"),
    ("", ""),
])
def test_normalize_examples(raw, expected):
    assert normalize(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("Tỉnh uỷ Hoà Bình", "tinh uy hoa binh"),
    ("ĐẢNG ỦY KHỐI", "dang uy khoi"),
    ("Kế hoach", "ke hoach"),  # the seeds' missing diacritic
    ("Ban Tuyên giáo\u00a0Tỉnh ủy", "ban tuyen giao tinh uy"),
    ("Đảng", "dang"),
])
def test_fold_examples(raw, expected):
    assert fold(raw) == expected


def test_fix_tone_marks_only_at_the_end_of_a_syllable():
    assert fix_tone_marks("hoàn") == "hoàn"
    assert fix_tone_marks("Hoà.") == "Hòa."
    assert fix_tone_marks("QUÝ") == "QUÝ"


@given(vietnamese_text)
@settings(max_examples=200)
def test_prepare_maps_every_word_back_to_the_original(text):
    p = prepare(text)
    strip = re.compile(f"[{ZERO_WIDTH}]")
    assert p.text == unicodedata.normalize("NFC", strip.sub("", text))
    for m in re.finditer(r"[^\W\d_]+|\d+", p.text):
        if unicodedata.combining(p.text[m.end():m.end() + 1] or " "):
            continue  # a stray mark that composes with nothing (`À` + grave): no clean end to map
        start, end = p.origin(m.start()), p.origin(m.end())
        assert 0 <= start <= end <= len(text)
        assert unicodedata.normalize("NFC", strip.sub("", text[start:end])) == m.group()


def test_prepare_keeps_nfc_text_as_it_is():
    text = "Kế hoạch số 38-KH/TU"
    p = prepare(text)
    assert p.text is text and p.origin(7) == 7


def test_no_plain_character_is_the_second_half_of_a_composed_one():
    """`prepare` takes text of plain characters as NFC without checking: no two of them may compose."""
    plain = {code for lo, hi in PLAIN_RANGES for code in range(lo, hi + 1)}
    seconds = set(range(0x1161, 0x1176)) | set(range(0x11A8, 0x11C3))  # Hangul vowels and final consonants
    for code in range(0x110000):
        parts = unicodedata.decomposition(chr(code)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            seconds.add(int(parts[1], 16))
    assert not plain & seconds


PLAIN_TEXT = st.text(st.sampled_from([chr(c) for lo, hi in PLAIN_RANGES for c in range(lo, hi + 1)]), max_size=40)


@given(PLAIN_TEXT)
@settings(max_examples=300)
def test_text_of_plain_characters_is_prepared_as_it_is(text):
    p = prepare(text)
    assert p.text is text and p.text == unicodedata.normalize("NFC", text)
