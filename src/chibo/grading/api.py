"""JSON API of grading: rounds, summaries and assessments, all through the scope helper."""

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from chibo.accounts import scope
from chibo.orgs.models import Unit

from . import selectors
from .models import Assessment

router = Router()


class RoundOut(Schema):
    id: int
    unit_id: int
    year: int
    excellent_quota_percent: int
    closed: bool


class SummaryRow(Schema):
    unit_id: int
    unit_name: str
    total: int
    undecided: int
    excellent: int
    good: int
    complete: int
    incomplete: int


class AssessmentOut(Schema):
    id: int
    person_id: int | None
    subject_unit_id: int | None
    unit_id: int
    stage: str
    self_grade: str
    proposed_grade: str
    decided_grade: str


@router.get("/rounds", response=list[RoundOut], url_name="grading_rounds")
def list_rounds(request):
    return list(selectors.visible_rounds(request.user))


@router.get("/rounds/{round_id}/summary", response=list[SummaryRow], url_name="grading_summary")
def round_summary(request, round_id: int, unit: int | None = None, members: bool = True):
    grading_round = get_object_or_404(selectors.visible_rounds(request.user), pk=round_id)
    target = scope.get_visible(request.user, Unit, pk=unit) if unit else grading_round.unit
    rows = selectors.summary_by_child(request.user, grading_round, target, members=members)
    return [dict(row, unit_id=row["unit"].pk, unit_name=row["unit"].name) for row in rows]


@router.get("/rounds/{round_id}/assessments", response=list[AssessmentOut], url_name="grading_assessments")
def list_assessments(request, round_id: int, unit: int | None = None, limit: int = 200, offset: int = 0):
    grading_round = get_object_or_404(selectors.visible_rounds(request.user), pk=round_id)
    qs = selectors.visible_assessments(request.user, grading_round)
    if unit:
        qs = qs.filter(unit_id=unit)
    limit = max(1, min(limit, 1000))
    return list(qs.order_by("id")[offset : offset + limit])


@router.get("/assessments/{assessment_id}", response=AssessmentOut, url_name="grading_assessment")
def get_assessment(request, assessment_id: int):
    return scope.get_visible(request.user, Assessment, pk=assessment_id)
