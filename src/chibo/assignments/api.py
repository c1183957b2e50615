"""JSON API of assignments: every answer limited to the caller's scope; writes call the services."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from chibo.accounts import scope
from chibo.orgs.models import Unit

from . import clock, selectors, services
from .models import AssigneeTask, Assignment

router = Router()


class AssignmentOut(Schema):
    id: int
    title: str
    description: str
    deliverable: str
    deadline: datetime.date
    issuer_id: int
    issuer_name: str
    source_document_id: int | None
    assignee_count: int
    created_at: datetime.datetime

    @staticmethod
    def resolve_issuer_name(obj: Assignment) -> str:
        return obj.issuer.name


class CountsOut(Schema):
    total: int
    todo: int
    in_progress: int
    submitted: int
    accepted: int
    returned: int
    overdue: int
    on_time: int
    due: int
    done: int
    percent_done: float | None
    on_time_rate: float | None


class NodeOut(CountsOut):
    unit_id: int
    unit_name: str
    depth: int
    has_children: bool


class CompletionOut(Schema):
    node: NodeOut
    children: list[NodeOut]


class TaskOut(Schema):
    id: int
    assignment_id: int
    title: str
    issuer_name: str
    unit_id: int
    unit_name: str
    state: str
    due_on: datetime.date
    version: int
    submitted_at: datetime.datetime | None
    reviewed_at: datetime.datetime | None
    submission_note: str
    review_comment: str
    implementing_document_id: int | None


class AssignmentIn(Schema):
    issuer_id: int
    title: str
    description: str = ""
    deliverable: str = "document"
    deadline: datetime.date
    source_document_id: int | None = None
    unit_ids: list[int] = []
    under_id: int | None = None
    kinds: list[str] = []
    remind_days_before: int = 3


class SubmitIn(Schema):
    note: str = ""
    implementing_document_id: int | None = None
    version: int | None = None


class ReviewIn(Schema):
    accept: bool
    version: int
    comment: str = ""
    resubmit_by: datetime.date | None = None


class ErrorOut(Schema):
    detail: str


def _task_out(task: AssigneeTask, today) -> dict:
    return {
        "id": task.pk, "assignment_id": task.assignment_id, "title": task.assignment.title,
        "issuer_name": task.assignment.issuer.name, "unit_id": task.unit_id, "unit_name": task.unit.name,
        "state": task.state_on(today), "due_on": task.due_on, "version": task.version,
        "submitted_at": task.submitted_at, "reviewed_at": task.reviewed_at, "submission_note": task.submission_note,
        "review_comment": task.review_comment, "implementing_document_id": task.implementing_document_id,
    }


def _node(unit: Unit, counts: dict) -> dict:
    """A node of the completion tree; `has_children` when tasks lie below the unit itself."""
    counts = dict(counts)
    has_below = counts.pop("has_below", None)
    return {"unit_id": unit.pk, "unit_name": unit.name, "depth": unit.depth,
            "has_children": unit.numchild > 0 if has_below is None else has_below, **counts}


def _fail(exc: Exception):
    if isinstance(exc, PermissionDenied):
        raise HttpError(403, str(exc) or _("Không có quyền."))
    if isinstance(exc, services.TransitionConflict):
        raise HttpError(409, exc.message)
    raise HttpError(400, " ".join(exc.messages))


@router.get("/assignments", response=list[AssignmentOut], url_name="assignments")
def list_assignments(request, limit: int = 50, offset: int = 0):
    """Assignments issued by units in the caller's scope."""
    limit = max(1, min(limit, 200))
    return list(selectors.issued_assignments(request.user)[offset:offset + limit])


@router.post("/assignments", response={201: AssignmentOut, 400: ErrorOut, 403: ErrorOut}, url_name="assignment_create")
def create_assignment(request, payload: AssignmentIn):
    """Giao nhiệm vụ: fan out to chosen units and/or all units of `kinds` under `under_id`."""
    issuer = scope.get_visible(request.user, Unit, pk=payload.issuer_id)
    units = list(scope.visible(request.user, Unit).filter(pk__in=payload.unit_ids))
    if len(units) != len(set(payload.unit_ids)):
        raise HttpError(404, _("Không tìm thấy đơn vị."))
    under = scope.get_visible(request.user, Unit, pk=payload.under_id) if payload.under_id else None
    source = None
    if payload.source_document_id:
        from chibo.documents.models import Document

        source = scope.get_visible(request.user, Document, pk=payload.source_document_id)
    try:
        assignment = services.do_fan_out_assignment(
            request.user, issuer=issuer, title=payload.title, description=payload.description,
            deliverable=payload.deliverable, deadline=payload.deadline, source_document=source, units=units,
            under=under, kinds=payload.kinds, remind_days_before=payload.remind_days_before,
        )
    except (ValidationError, PermissionDenied) as exc:
        _fail(exc)
    return Status(201, assignment)


@router.get("/assignments/{assignment_id}", response=AssignmentOut, url_name="assignment")
def get_assignment(request, assignment_id: int):
    return selectors.get_assignment(request.user, assignment_id)


@router.get("/assignments/{assignment_id}/completion", response=CompletionOut, url_name="assignment_completion")
def assignment_completion(request, assignment_id: int, node: int | None = None):
    """Counts by state for a node of the completion tree and for each of its children."""
    assignment = selectors.get_assignment(request.user, assignment_id)
    today = clock.today()
    unit = selectors.node_in_tree(assignment, selectors.tree_root(assignment), node) if node else None
    counts = selectors.completion(assignment, today, unit)
    return {
        "node": _node(counts["root"], counts["summary"]),
        "children": [_node(row.pop("unit"), row) for row in counts["children"]],
    }


@router.get("/tasks", response=list[TaskOut], url_name="tasks")
def list_tasks(request, state: str = "", subordinates: bool = False, limit: int = 100, offset: int = 0):
    """The caller's inbox: tasks handed to their units (and below, with `subordinates`)."""
    limit = max(1, min(limit, 500))
    today = clock.today()
    tasks = selectors.inbox(request.user, include_subordinates=subordinates, state=state, today=today)
    return [_task_out(t, today) for t in tasks[offset:offset + limit]]


@router.get("/tasks/{task_id}", response=TaskOut, url_name="task")
def get_task(request, task_id: int):
    return _task_out(selectors.get_task_for_issuer_or_assignee(request.user, task_id), clock.today())


@router.post("/tasks/{task_id}/submit", response={200: TaskOut, 400: ErrorOut, 403: ErrorOut, 409: ErrorOut},
             url_name="task_submit")
def submit_task(request, task_id: int, payload: SubmitIn):
    task = selectors.get_task(request.user, task_id)
    document = None
    if payload.implementing_document_id:
        from chibo.documents.models import Document

        document = scope.get_visible(request.user, Document, pk=payload.implementing_document_id)
    try:
        task = services.do_submit_task(request.user, task, note=payload.note, implementing_document=document,
                                       expected_version=payload.version)
    except (ValidationError, PermissionDenied, services.TransitionConflict) as exc:
        _fail(exc)
    return _task_out(task, clock.today())


@router.post("/tasks/{task_id}/review", response={200: TaskOut, 400: ErrorOut, 403: ErrorOut, 409: ErrorOut},
             url_name="task_review")
def review_task(request, task_id: int, payload: ReviewIn):
    """Accept or return a submission; `version` is the one the caller saw (409 if it changed)."""
    task = get_object_or_404(AssigneeTask.objects.select_related("assignment__issuer", "unit"), pk=task_id,
                             assignment__in=selectors.issued_assignments(request.user))
    try:
        task = services.do_review_task(request.user, task, accept=payload.accept, expected_version=payload.version,
                                       comment=payload.comment, resubmit_by=payload.resubmit_by)
    except (ValidationError, PermissionDenied, services.TransitionConflict) as exc:
        _fail(exc)
    return _task_out(task, clock.today())
