"""One pass over a text: references, implements links and quantities."""

from __future__ import annotations

from dataclasses import dataclass

from .normalize import prepare
from .numbers import AMOUNT_KINDS, Quantity, decimal_text, quantities_in
from .references import Link, Reference, analyse

__all__ = ["Extraction", "extract"]


@dataclass(frozen=True, slots=True)
class Extraction:
    """What `extract` finds in one text.

    >>> e = extract("hoàn thành 8/19 tiêu chí; 2.132 ngày công")
    >>> e.references, e.implements, [(q.surface, q.value) for q in e.quantities]
    ([], [], [('2.132 ngày công', Decimal('2132'))])
    """

    references: list[Reference]
    implements: list[Link]
    quantities: list[Quantity]

    def as_dict(self) -> dict:
        """JSON-ready form (ISO dates, quantity values as plain decimal strings).

        >>> extract("12 đảng viên").as_dict()["quantities"]
        [{'surface': '12 đảng viên', 'value': '12', 'unit': 'đảng viên'}]
        """
        return {
            "references": [r.as_dict() for r in self.references],
            "implements": [link.as_dict() for link in self.implements],
            "quantities": [{"surface": q.surface, "value": decimal_text(q.value), "unit": q.unit}
                           for q in self.quantities],
        }


def extract(text: str, quantity_kinds: tuple[str, ...] = AMOUNT_KINDS) -> Extraction:
    """References, implements links and quantities of a text.

    >>> e = extract("Thực hiện Kế hoạch số 11-KH/BTGTU ngày 11/01/2021 của Ban Tuyên giáo Tỉnh ủy, vừa qua, "
    ...             "Thành ủy Vũng Tàu cũng đã ban hành Kế hoạch số 38-KH/TU.")
    >>> [r.notation for r in e.references], e.implements
    (['11-KH/BTGTU', '38-KH/TU'], [Link(child='38-KH/TU', parent='11-KH/BTGTU')])
    """
    p = prepare(text)
    refs, links = analyse(p, text)
    return Extraction(refs, links, quantities_in(p, text, quantity_kinds))
