"""The few Vietnamese-text operations the registry needs, all taken from chibo.text."""

import re

from chibo.text import extract as _extract
from chibo.text import fold, notation_key, parse_date
from chibo.text import parse_notation as _parse_notation
from chibo.text.normalize import fold_chars

__all__ = ["extract", "notation_key", "notation_words", "parse_date", "parse_notation", "search_words"]

_NON_WORD = re.compile(r"[^0-9a-z]+")


def search_words(text: str) -> list[str]:
    """The words a search index holds: folded (normalised, no diacritics, lower case), punctuation split off."""
    return _NON_WORD.sub(" ", fold(text or "")).split()


def notation_words(notation: str, key: str) -> set[str]:
    """The words of a registered notation (canonical, NFC) and of its key, read cheaply for ranking."""
    return set(_NON_WORD.sub(" ", f"{fold_chars(notation)} {key}").split())


def extract(text: str) -> dict:
    """References, implements links and quantities found in a text, JSON-ready (chibo.text.extract)."""
    return _extract(text).as_dict()


def parse_notation(text: str) -> dict | None:
    """Canonical notation, number, type code, issuer code and system of a typed notation, or None
    when it is not one (chibo.text.parse_notation)."""
    try:
        parsed = _parse_notation(text or "")
    except ValueError:
        return None
    return {
        "notation": str(parsed), "number": parsed.number, "type_code": parsed.type_code or "",
        "issuer_code": parsed.issuer_code, "system": parsed.system,
    }
