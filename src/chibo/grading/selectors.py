"""Reads of grading: rounds and assessments in scope, summaries by unit as one grouped query."""

from django.db.models import Count, F, Q
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


CELL_LIST_LIMIT = 300


def cell_assessments(user, grading_round: GradingRound, cell: Unit) -> list[Assessment]:
    """A cell's sheets, its members' by name then the cell's own, for the list beside the decisions."""
    qs = (visible_assessments(user, grading_round).filter(unit=cell)
          .select_related("person", "subject_unit", "unit", "round__unit"))
    return list(qs.order_by(F("person__name_folded").asc(nulls_last=True), "id")[:CELL_LIST_LIMIT])


def awaiting(user, grading_round: GradingRound, unit: Unit | None = None):
    """Assessments (of `unit`'s subtree, when given) waiting on something this user can do, oldest stage first."""
    from . import services

    qs = visible_assessments(user, grading_round).exclude(stage=Stage.DECIDED).select_related("person", "subject_unit", "unit", "round")
    if unit is not None:
        qs = qs.filter(subtree_q([unit], prefix="unit__"))
    return [a for a in qs.order_by("stage", "unit__path", "id")[:500]
            if services.can_decide(user, a) or services.can_propose(user, a) or services.can_self_assess(user, a)]


def decidable_proposals(user, grading_round: GradingRound, unit: Unit) -> list[Assessment]:
    """Proposed assessments in `unit`'s subtree that this user may decide (the superior's batch)."""
    from . import services

    qs = (visible_assessments(user, grading_round).filter(subtree_q([unit], prefix="unit__"), stage=Stage.PROPOSED)
          .select_related("unit", "round__unit", "person", "subject_unit").order_by("unit__path", "id"))
    return [a for a in qs if services.can_decide(user, a)]


def my_assessment(user, grading_round: GradingRound) -> Assessment | None:
    """The signed-in member's own assessment in the round, if they are graded in it."""
    person_id = getattr(user, "person_id", None) if getattr(user, "is_authenticated", False) else None
    if person_id is None:
        return None
    return Assessment.objects.filter(round=grading_round, person_id=person_id).first()


def my_assessments(user):
    """The signed-in member's own assessments, newest round first."""
    person_id = getattr(user, "person_id", None) if getattr(user, "is_authenticated", False) else None
    if person_id is None:
        return Assessment.objects.none()
    return Assessment.objects.filter(person_id=person_id).select_related("round__unit").order_by("-round__year", "-id")

