"""Reads of the organisation tree, always through the scope helper."""

from django.db.models import Q

from chibo.accounts import scope
from chibo.members.models import MEMBER_STATUSES

from .models import CELL_KINDS, Unit, subtree_q


def visible_units(user):
    return scope.visible(user, Unit)


def children_with_counts(user, unit: Unit):
    """A unit's visible children, current ones first (treebeard keeps `numchild`)."""
    return visible_units(user).filter(Q(depth=unit.depth + 1) & subtree_q([unit])).order_by("valid_to", "path")


def subtree_stats(unit: Unit) -> dict:
    """Counts of current cells and members in a subtree, as two grouped queries."""
    from chibo.members.models import Person

    sub = Unit.objects.subtree_of(unit).current()
    return {
        "cells": sub.filter(kind__in=CELL_KINDS).count(),
        "units": sub.count() - 1,
        "members": Person.objects.filter(subtree_q([unit], prefix="unit__"), status__in=MEMBER_STATUSES).count(),
    }


def search_units(user, text: str, limit: int = 30):
    return visible_units(user).search(text).order_by("depth", "path")[:limit]
