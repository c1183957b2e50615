"""JSON API of reports: forms, roll-ups and submissions, only within the caller's subtrees.

Figures are exact decimals sent as strings ("219.2", "1600000000").
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from chibo.accounts import scope
from chibo.orgs.models import Unit

from . import selectors, services
from .models import Period, ReportForm, Submission

router = Router()


def _num(value) -> str | None:
    return None if value is None else format(value.normalize(), "f")


class IndicatorOut(Schema):
    code: str
    name: str
    measure: str
    value_type: str
    aggregation: str
    required: bool
    computed: str


class FormOut(Schema):
    id: int
    code: str
    name: str
    owner_id: int
    period_kind: str
    reporting_kinds: list[str]
    due_days: int


class FormDetailOut(FormOut):
    indicators: list[IndicatorOut]


class SubmissionOut(Schema):
    id: int
    form_id: int
    period_id: int
    unit_id: int
    kind: str
    status: str
    submitted_at: datetime.datetime | None
    on_time: bool | None
    values: dict[str, str | None]


class ReportIn(Schema):
    period_id: int
    values: dict[str, str | int | float | bool | None]
    submit: bool = False
    note: str | None = None


class DecisionIn(Schema):
    action: str
    note: str = ""


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


def _submission_out(s: Submission) -> dict:
    values = {v.indicator.code: (v.text if v.number is None and v.text else _num(v.number))
              for v in s.values.select_related("indicator")}
    return {"id": s.pk, "form_id": s.form_id, "period_id": s.period_id, "unit_id": s.unit_id, "kind": s.kind,
            "status": s.status, "submitted_at": s.submitted_at, "on_time": s.on_time, "values": values}


def _errors(exc: ValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        return {"detail": _("Số liệu không hợp lệ."), "errors": exc.message_dict}
    return {"detail": " ".join(exc.messages), "errors": {}}


@router.get("/forms", response=list[FormOut], url_name="reporting_forms")
def list_forms(request):
    return list(selectors.visible_forms(request.user))


@router.get("/forms/{form_id}", response=FormDetailOut, url_name="reporting_form")
def get_form(request, form_id: int):
    form = scope.get_visible(request.user, ReportForm, pk=form_id)
    return {**FormOut.model_validate(form).model_dump(), "indicators": list(form.indicators.all())}


@router.get("/rollup/{form_id}/{unit_id}", url_name="reporting_rollup")
def get_rollup(request, form_id: int, unit_id: int, period_id: int):
    """Totals, completeness and children of a unit's subtree for one period."""
    form = scope.get_visible(request.user, ReportForm, pk=form_id)
    unit = scope.get_visible(request.user, Unit, pk=unit_id)
    try:
        period = Period.objects.get(pk=period_id, kind=form.period_kind)
    except Period.DoesNotExist as exc:
        raise Http404 from exc
    r = selectors.rollup(unit, form, period)

    def row(x):
        return {"unit_id": x.unit.pk, "unit": x.unit.name, "expected": x.expected, "reported": x.reported,
                "on_time": x.on_time, "figures": {code: _num(f.value) for code, f in x.figures.items()}}

    return {"form_id": form.pk, "period_id": period.pk, "period": period.label, **row(r.total),
            "children": [row(c) for c in r.children]}


@router.get("/submissions", response=list[SubmissionOut], url_name="reporting_submissions")
def list_submissions(request, form_id: int | None = None, period_id: int | None = None, unit_id: int | None = None,
                     limit: int = 100, offset: int = 0):
    qs = selectors.visible_submissions(request.user).prefetch_related("values__indicator").order_by("-period__start", "unit__path", "id")
    if form_id is not None:
        qs = qs.filter(form_id=form_id)
    if period_id is not None:
        qs = qs.filter(period_id=period_id)
    if unit_id is not None:
        qs = qs.filter(unit_id=unit_id)
    limit = max(1, min(limit, 500))
    return [_submission_out(s) for s in qs[offset: offset + limit]]


@router.get("/submissions/{submission_id}", response=SubmissionOut, url_name="reporting_submission")
def get_submission(request, submission_id: int):
    return _submission_out(scope.get_visible(request.user, Submission, pk=submission_id))


@router.post("/reports/{form_id}/{unit_id}", response={200: SubmissionOut, 400: ErrorOut, 403: ErrorOut}, url_name="reporting_save")
def save_report(request, form_id: int, unit_id: int, payload: ReportIn):
    """Save (and optionally submit) a unit's report: values typed the Vietnamese way are accepted."""
    form = scope.get_visible(request.user, ReportForm, pk=form_id)
    unit = scope.get_visible(request.user, Unit, pk=unit_id)
    try:
        period = Period.objects.get(pk=payload.period_id, kind=form.period_kind)
    except Period.DoesNotExist as exc:
        raise Http404 from exc
    try:
        submission = services.do_save_report(request.user, unit, form, period, payload.values, note=payload.note)
        if payload.submit:
            submission = services.do_submit_report(request.user, submission)
    except PermissionDenied as exc:
        return Status(403, {"detail": str(exc) or _("Không có quyền.")})
    except ValidationError as exc:
        return Status(400, _errors(exc))
    return Status(200, _submission_out(submission))


@router.post("/submissions/{submission_id}/decision", response={200: SubmissionOut, 400: ErrorOut, 403: ErrorOut},
             url_name="reporting_decide")
def decide(request, submission_id: int, payload: DecisionIn):
    """Approve ("approve") or return ("return", with a note) a subordinate unit's report."""
    submission = scope.get_visible(request.user, Submission, pk=submission_id)
    try:
        if payload.action == "approve":
            submission = services.do_approve_report(request.user, submission, payload.note)
        elif payload.action == "return":
            submission = services.do_return_report(request.user, submission, payload.note)
        else:
            return Status(400, {"detail": _("Hành động phải là “approve” hoặc “return”.")})
    except PermissionDenied as exc:
        return Status(403, {"detail": str(exc) or _("Không có quyền.")})
    except ValidationError as exc:
        return Status(400, _errors(exc))
    return Status(200, _submission_out(submission))
