"""Vietnamese text core of Chi bộ số: pure Python, no Django.

Normalisation and search keys
    `normalize` (one spelling: NFC, traditional tone marks `ủy`/`hòa`, plain spaces, dashes, quotes),
    `fold` (search key: lowercase, no diacritics, đ → d), `prepare` (extractor input with offsets).
Notation (số, ký hiệu văn bản)
    `parse_notation`, `format_notation`, `notation_key`, `is_valid_notation`, `Notation`,
    `PARTY_TYPES`, `STATE_TYPES`, `PARTY_ISSUERS`, `STATE_ISSUERS`, `type_name`.
Dates
    `parse_date` (date or None), `parse_period` (date, month or year), `find_dates`, `DateMention`.
Numbers and quantities
    `parse_number` (form input → Decimal, ValueError in Vietnamese), `format_number` (1.600.000; 219,2),
    `extract_quantities`, `Quantity`.
References and implements links
    `extract_references`, `extract_implements`, `extract` (all three at once), `Reference`, `Link`,
    `Extraction`. The command is `chibo.text.cli.main` (`chibo extract`, `python -m chibo.text`).
"""

from .dates import DateMention, find_dates, parse_date, parse_period
from .extraction import Extraction, extract
from .normalize import fold, normalize, prepare
from .notation import (
    PARTY_ISSUERS,
    PARTY_TYPES,
    STATE_ISSUERS,
    STATE_TYPES,
    Notation,
    format_notation,
    is_valid_notation,
    notation_key,
    parse_notation,
    type_name,
)
from .numbers import Quantity, extract_quantities, format_number, parse_number
from .references import Link, Reference, extract_implements, extract_references

__all__ = [
    "normalize", "fold", "prepare",
    "Notation", "parse_notation", "format_notation", "notation_key", "is_valid_notation", "type_name",
    "PARTY_TYPES", "STATE_TYPES", "PARTY_ISSUERS", "STATE_ISSUERS",
    "DateMention", "parse_date", "parse_period", "find_dates",
    "Quantity", "parse_number", "format_number", "extract_quantities",
    "Reference", "Link", "Extraction", "extract_references", "extract_implements", "extract",
]
