"""Regular-expression helpers shared by the extractors (internal)."""

from __future__ import annotations

import re
from functools import cache

from .normalize import DASHES, base_letter


@cache
def _letter_classes() -> dict[str, str]:
    groups: dict[str, set[str]] = {}
    for code in list(range(0x41, 0x5B)) + list(range(0x61, 0x7B)) + list(range(0xC0, 0x250)) + list(
        range(0x1E00, 0x1F00)
    ):
        char = chr(code)
        if not char.isalpha():
            continue
        base = base_letter(char)
        if len(base) == 1 and "a" <= base <= "z":
            groups.setdefault(base, set()).update({char, char.upper(), char.lower()})
    return {base: "[" + "".join(sorted(chars)) + "]" for base, chars in groups.items()}


def loose(phrase: str) -> str:
    """Pattern matching `phrase` with any case, any or no diacritics, any run of spaces between words.

    >>> [bool(re.fullmatch(loose("Kế hoạch"), s)) for s in ("Kế hoach", "kế  hoạch", "KE HOACH", "Kế hoạt")]
    [True, True, True, False]
    """
    classes = _letter_classes()
    out = []
    for char in phrase:
        if char == " ":
            out.append(r"\s+")
        else:
            base = base_letter(char)
            out.append(classes.get(base, re.escape(char)))
    return "".join(out)


def _trie_pattern(keys: list[list[str]]) -> str:
    """Alternation of token sequences as a trie, so the engine tests each first token once.

    Longer sequences are tried first; backtracking falls back to shorter ones.
    """
    trie: dict = {}
    for tokens in keys:
        node = trie
        for token in tokens:
            node = node.setdefault(token, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [token + emit(child) for token, child in sorted(node.items()) if token]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return "(?:" + body + ")?" if len(branches) == 1 else body + "?"
        return body

    return "(?:" + emit(trie) + ")"


def _loose_tokens(phrase: str) -> list[str]:
    classes = _letter_classes()
    out = []
    for char in phrase:
        if char == " ":
            out.append(r"\s+")
        else:
            out.append(classes.get(base_letter(char), re.escape(char)))
    return out


def loose_any(phrases) -> str:
    """Alternation of `loose` patterns (any case, any diacritics), longest match first.

    >>> re.match(loose_any(["Chương trình", "Chương trình hành động"]), "Chương trình hành động số 45").group()
    'Chương trình hành động'
    """
    return _trie_pattern([_loose_tokens(p) for p in set(phrases)])


def cased_any(phrases) -> str:
    """Alternation matching each phrase as written or with its first letters uppercase; longest first.

    >>> [bool(re.fullmatch(cased_any(["cảm tình đảng"]), s)) for s in ("Cảm Tình Đảng", "cam tinh dang")]
    [True, False]
    """
    keys = []
    for phrase in set(phrases):
        tokens = []
        for i, char in enumerate(phrase):
            if char == " ":
                tokens.append(r"\s*" if i and phrase[i - 1] == "," else r"\s+")
            elif char.lower() != char.upper():
                tokens.append(f"[{char.lower()}{char.upper()}]")
            else:
                tokens.append(re.escape(char))
        keys.append(tokens)
    return _trie_pattern(keys)


DASH = f"[-{DASHES}]"
NOT_LETTER_AHEAD = r"(?![^\W\d_])"
NOT_LETTER_BEHIND = r"(?<![^\W\d_])"


# `words_before` reads the window backwards: whitespace, a word, then maybe whitespace and a word.
_REVERSED_WORDS_RE = re.compile(r"\s+([^\W\d_]+)(?:\s+([^\W\d_]+))?")


def words_before(text: str, end: int, width: int = 24) -> tuple[str | None, str | None]:
    """The last two words (letter runs) right before `end`, each followed by whitespace.

    Reads `text[end - width:end]` as `(?:(WORD)\\s+)?(WORD)\\s+$` would, without the regex engine's
    quadratic backtracking: the reversed window is matched from its start instead.
    (None, None) when the window does not end with a word and whitespace.

    >>> words_before("thuộc Khu phố 4", 14)
    ('Khu', 'phố')
    >>> words_before("ngày 12/5/2021, 5", 16)
    (None, None)
    """
    if end <= 0:
        return None, None
    stop = end - width - 1 if end > width else None  # the reversed slice of text[max(0, end - width):end]
    m = _REVERSED_WORDS_RE.match(text[end - 1:stop:-1])
    if m is None:
        return None, None
    last, previous = m.groups()
    return (previous[::-1] if previous else None), last[::-1]
