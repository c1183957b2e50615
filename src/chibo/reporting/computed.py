"""Computed indicators (chỉ tiêu tính tự động): figures owned by another module, never typed.

Contract
--------
A module registers a function under a code::

    from chibo.reporting import computed

    def shelves(units, period):
        '''Return {unit.pk: Decimal} for each unit in `units`: the figure over its subtree.'''
        ...one grouped query...

    computed.register("bookshelves.shelves", _("Số tủ sách"), shelves)

- `units` is a list of `orgs.Unit`; `period` a `reporting.models.Period` (use `period.start`,
  `period.end`). The function returns a dict from unit primary key to a `Decimal` (or int) value
  for the unit's whole subtree; units missing from the dict count as 0. It must read with one
  grouped query (or a fixed few), never a query per unit.
- An `Indicator` whose `computed` field names a code takes its value from the function when the
  report is saved and again when it is submitted, so the submitted figure is current.
- Registration happens on import: apps either call `register` from their `AppConfig.ready()`,
  or provide a `chibo.<app>.reporting` module, which this app imports at start-up.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from importlib import import_module
from importlib.util import find_spec

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ComputedIndicator:
    code: str
    label: str
    function: Callable


_REGISTRY: dict[str, ComputedIndicator] = {}


def register(code: str, label, function: Callable) -> None:
    """Make `function(units, period) -> {unit_pk: value}` available as computed indicator `code`."""
    _REGISTRY[code] = ComputedIndicator(code, label, function)


def registered() -> dict[str, ComputedIndicator]:
    return dict(_REGISTRY)


def choices() -> list[tuple[str, str]]:
    return [(c.code, str(c.label)) for c in sorted(_REGISTRY.values(), key=lambda c: c.code)]


def compute(code: str, units, period) -> dict[int, Decimal]:
    """Values of computed indicator `code` for `units`; KeyError for an unknown code."""
    result = _REGISTRY[code].function(list(units), period)
    return {pk: Decimal(v) for pk, v in result.items()}


def autodiscover(app_labels) -> None:
    """Import `chibo.<app>.reporting` for each app that has one (they call `register`)."""
    for label in app_labels:
        name = f"chibo.{label}.reporting"
        if label != "reporting" and find_spec(f"chibo.{label}") and find_spec(name):
            import_module(name)


# --- Computed indicators from the foundation data --------------------------------------------


def _subtree_counts(model, units, extra: Q, unit_prefix: str) -> dict[int, int]:
    """One query: for each unit, how many `model` rows (matching `extra`) lie in its subtree."""
    from chibo.orgs.models import subtree_q

    if not units:
        return {}
    aggregates = {f"u{u.pk}": Count("pk", filter=subtree_q([u], prefix=unit_prefix)) for u in units}
    row = model.objects.filter(extra).filter(subtree_q(units, prefix=unit_prefix)).aggregate(**aggregates)
    return {u.pk: row[f"u{u.pk}"] for u in units}


def members_count(units, period):
    """Đảng viên (chính thức và dự bị) in each unit's subtree."""
    from chibo.members.models import MEMBER_STATUSES, Person

    return _subtree_counts(Person, units, Q(status__in=MEMBER_STATUSES), "unit__")


def cells_count(units, period):
    """Chi bộ in each unit's subtree that were in force at the end of the period."""
    from chibo.orgs.models import CELL_KINDS, Unit

    on = period.end
    in_force = (Q(valid_from__isnull=True) | Q(valid_from__lte=on)) & (Q(valid_to__isnull=True) | Q(valid_to__gt=on))
    return _subtree_counts(Unit, units, Q(kind__in=CELL_KINDS) & in_force, "")


register("members.count", _("Số đảng viên"), members_count)
register("orgs.cells", _("Số chi bộ"), cells_count)


def _count_kind(kind):
    def count(units, period):
        """Units of one kind in each unit's subtree, in force at the end of the period."""
        from chibo.orgs.models import Unit

        on = period.end
        in_force = (Q(valid_from__isnull=True) | Q(valid_from__lte=on)) & (Q(valid_to__isnull=True) | Q(valid_to__gt=on))
        return _subtree_counts(Unit, units, Q(kind=kind) & in_force, "")

    return count


register("orgs.propaganda_boards", _("Số ban tuyên vận"), _count_kind("btv"))
register("orgs.propaganda_teams", _("Số tổ tuyên vận"), _count_kind("ttv"))
