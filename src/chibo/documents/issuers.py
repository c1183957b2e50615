"""Issuer codes, old and new, and the committee term a document belongs to.

The 2025 mergers joined each Ban Tuyên giáo and Ban Dân vận into a Ban Tuyên giáo và Dân vận.
The old boards' documents keep their issuer codes as history; a search for the successor's
documents can include its predecessors' (`codes_with_predecessors`).
"""

import datetime

from chibo.text import fold

# Old issuer code → the code of the body that took its work over.
SUCCESSOR_CODES = {
    "BTGTW": "BTGDVTW",
    "BDVTW": "BTGDVTW",
    "BTGTU": "BTGDVTU",
    "BDVTU": "BTGDVTU",
    "BTGHU": "BTGDVTU",
    "BDVHU": "BTGDVTU",
}


def code_key(code: str) -> str:
    """Compare issuer codes without diacritics or case (ĐU = DU, TƯ = TW)."""
    return fold((code or "").replace("Ư", "W").replace("ư", "w")).upper().replace(" ", "")


def codes_with_predecessors(code: str) -> set[str]:
    """`code` and every code whose documents its body inherited (BTGDVTU → BTGTU, BDVTU…)."""
    wanted = code_key(code)
    codes = {wanted}
    changed = True
    while changed:
        changed = False
        for old, new in SUCCESSOR_CODES.items():
            if new in codes and old not in codes:
                codes.add(old)
                changed = True
    return codes


def committee_term(issued_on: datetime.date | None, issuer_code: str = "") -> str:
    """Nhiệm kỳ: the committee term a date falls in, e.g. "2020-2025".

    Central terms run from the national congress (January 2011, 2016, 2021, 2026); lower levels
    from their congresses in the autumn of 2010, 2015, 2020, 2025.
    """
    if issued_on is None:
        return ""
    year = issued_on.year
    if code_key(issuer_code).endswith("TW"):
        start = year - (year - 1) % 5
    else:
        start = year - year % 5
        if year % 5 == 0 and issued_on.month < 10:
            start -= 5
    return f"{start}-{start + 5}"
