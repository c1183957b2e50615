"""Evidence shown beside each grading decision, from what the product already holds.

Each app that records something relevant offers `chibo.<app>.grading_evidence` with
`for_people(person_ids, year) -> {person_id: [(label, value), ...]}` and
`for_units(unit_ids, year) -> {unit_id: [(label, value), ...]}`. Missing apps add nothing.
"""

from importlib import import_module
from importlib.util import find_spec

from django.utils.translation import gettext as _

EVIDENCE_APPS = ("activities", "assignments", "reporting", "bookshelves")


def _providers():
    for app in EVIDENCE_APPS:
        if find_spec(f"chibo.{app}.grading_evidence"):
            yield import_module(f"chibo.{app}.grading_evidence")


def for_assessments(assessments, year: int) -> dict[int, list[tuple[str, str]]]:
    """Evidence lines per assessment id, a few queries per provider (not per assessment)."""
    people = {a.person_id: a.pk for a in assessments if a.person_id}
    units = {a.subject_unit_id: a.pk for a in assessments if a.subject_unit_id}
    result: dict[int, list[tuple[str, str]]] = {a.pk: [] for a in assessments}
    for provider in _providers():
        if people and hasattr(provider, "for_people"):
            for person_id, lines in provider.for_people(list(people), year).items():
                result[people[person_id]].extend(lines)
        if units and hasattr(provider, "for_units"):
            for unit_id, lines in provider.for_units(list(units), year).items():
                result[units[unit_id]].extend(lines)
    for _pk, lines in result.items():
        if not lines:
            lines.append((_("Minh chứng"), _("Chưa có dữ liệu trong hệ thống cho năm này.")))
    return result
