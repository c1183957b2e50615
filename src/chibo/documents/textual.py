"""The few Vietnamese-text operations the registry needs, all taken from chibo.text."""

import re

from chibo.text import extract as _extract
from chibo.text import extract_references as _extract_references
from chibo.text import fold, notation_key, parse_date
from chibo.text import parse_notation as _parse_notation
from chibo.text.normalize import fold_chars

__all__ = ["extract", "notation_key", "notation_words", "parse_date", "parse_notation", "query_notation_key",
           "search_words"]

_NON_WORD = re.compile(r"[^0-9a-z]+")
# Leading zeros of a number word: `05` is `5` (Chỉ thị số 05-CT/TW is 5-CT/TW), `08h30` is `8h30`, `0` stays.
_LEADING_ZEROS = re.compile(r"(?<![0-9a-z])0+(?=[0-9])")


def search_words(text: str) -> list[str]:
    """The words a search index holds: folded (normalised, no diacritics, lower case), punctuation split
    off, numbers without leading zeros (`05` and `5` are one word)."""
    return _LEADING_ZEROS.sub("", _NON_WORD.sub(" ", fold(text or ""))).split()


def notation_words(notation: str, key: str) -> set[str]:
    """The words of a registered notation (canonical, NFC) and of its key, read cheaply for ranking."""
    return set(_LEADING_ZEROS.sub("", _NON_WORD.sub(" ", f"{fold_chars(notation)} {key}")).split())


def query_notation_key(query: str) -> str:
    """The key of the notation a search is for: the query's own key, or, when the query is a
    sentence citing one document (`Chỉ thị số 05-CT/TW`), that document's."""
    if parse_notation(query) is None:
        cited = {notation_key(r.notation) for r in _extract_references(query)}
        if len(cited) == 1:
            return cited.pop()
    return notation_key(query)


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
