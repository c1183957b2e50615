"""Reads of grading: rounds and assessments in scope, summaries by unit as one grouped query."""

from django.db.models import Count, Q
from django.db.models.functions import Substr

from chibo.accounts import scope
from chibo.orgs.models import Unit, subtree_q

from .models import GRADE_ORDER, Assessment, GradingRound, Stage


def visible_rounds(user):
    """Rounds organised in the user's subtrees, and rounds above whose subtree includes the user's units."""
    own = scope.visible(user, GradingRound)
    if getattr(user, "is_superuser", False):
        return own
    ancestors = {path for unit in scope.role_units(user) for path in unit.ancestor_paths()}
    return (own | GradingRound.objects.filter(unit__path__in=ancestors)).distinct()


def visible_assessments(user, grading_round: GradingRound):
    return scope.visible(user, Assessment).filter(round=grading_round)


def summary_by_child(user, grading_round: GradingRound, unit: Unit, *, members: bool = True) -> list[dict]:
    """Counts of each decided grade per child of `unit` (members or organisations), one grouped query.

    Each row: {"unit", "total", "undecided", <grade>: n for each grade}. Records of `unit` itself (a
    cell's members) form its own row. Only what the user may see counts.
    """
    width = (unit.depth + 1) * unit.steplen
    rows = (
        visible_assessments(user, grading_round)
        .filter(subtree_q([unit], prefix="unit__"), person__isnull=not members)
        .annotate(prefix=Substr("unit__path", 1, width))
        .values("prefix")
        .annotate(
            total=Count("id"),
            undecided=Count("id", filter=Q(decided_grade="")),
            **{grade: Count("id", filter=Q(decided_grade=grade)) for grade in GRADE_ORDER},
        )
        .order_by("prefix")
    )
    children = {u.path: u for u in Unit.objects.filter(path__in=[r["prefix"] for r in rows])}
    return [dict(row, unit=children.get(row["prefix"])) for row in rows if row["prefix"] in children]


def totals(rows: list[dict]) -> dict:
    keys = ["total", "undecided", *GRADE_ORDER]
    return {key: sum(row[key] for row in rows) for key in keys}


def awaiting(user, grading_round: GradingRound):
    """Assessments waiting on something this user can do, oldest stage first."""
    from . import services

    qs = visible_assessments(user, grading_round).exclude(stage=Stage.DECIDED).select_related("person", "subject_unit", "unit", "round")
    return [a for a in qs.order_by("stage", "unit__path", "id")[:500]
            if services.can_decide(user, a) or services.can_propose(user, a) or services.can_self_assess(user, a)]
