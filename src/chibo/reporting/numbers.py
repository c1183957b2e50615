"""Vietnamese numbers for reports: a thin adapter over `chibo.text`.

`parse_number("2.132") == Decimal("2132")`, `parse_number("219,2") == Decimal("219.2")`,
`parse_number("1,6 tỷ") == Decimal("1600000000")`; `format_number(Decimal("1600000")) == "1.600.000"`.
Values that are already numbers (from an Excel cell or JSON) are taken exactly as they are.
"""

from decimal import Decimal

from chibo.text import format_number as _format_number
from chibo.text import parse_number as _parse_number


def parse_number(text) -> Decimal:
    """A number typed the Vietnamese way, as an exact Decimal; ValueError with a Vietnamese message."""
    if isinstance(text, Decimal):
        return text
    if isinstance(text, bool):
        return Decimal(int(text))
    if isinstance(text, int):
        return Decimal(text)
    if isinstance(text, float):
        return Decimal(repr(text))
    return Decimal(_parse_number(str(text)))


def format_number(value, places: int | None = None) -> str:
    """1600000 → "1.600.000"; 219.2 → "219,2"; None → ""."""
    if value is None:
        return ""
    return _format_number(Decimal(value), places) if places is not None else _format_number(Decimal(value))
