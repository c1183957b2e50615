"""Reads of the assignments app. Every queryset starts from the scope helper.

An issuer sees every task of the assignments it issued (that is what issuing means); an
assignee sees its own tasks and those of units under it. Both go through `scope.visible`.
"""

import datetime

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from chibo.accounts import scope
from chibo.orgs.models import Unit, subtree_q

from . import clock
from .models import (
    DELIVERED_STATES,
    DONE_STATES,
    AssigneeTask,
    Assignment,
    ExtensionRequest,
    ExtensionState,
    Notification,
    TaskState,
    effective_state,
    overdue_q,
)

COUNT_KEYS = ("total", "todo", "in_progress", "submitted", "accepted", "returned", "overdue", "on_time", "due")

ON_TIME_RATE_HELP = _(
    "Tỷ lệ đúng hạn = số đơn vị nộp kết quả trong hạn / số đơn vị đã nộp hoặc đã quá hạn. "
    "Bản nộp đúng hạn bị trả lại vẫn tính là đúng hạn cho đến khi quá hạn nộp lại; "
    "đơn vị chưa nộp mà chưa đến hạn không tính."
)
"""How the on-time rate is counted, shown under the figure on the dashboard and in the export.

The rate measures when units delivered, not whether the issuer accepted it (that is the
accepted and returned columns): returning a submission must not change the assignees' timeliness.
A task counts in the denominator once it has been submitted (at least once) or is overdue, and
in the numerator when its latest submission was made by the deadline in force and it is not
overdue now (a returned task whose resubmission deadline passed is overdue, hence not on time).
"""


def count_aggregates(today: datetime.date, prefix: str = "") -> dict:
    """Conditional counts by shown state, for `.aggregate()` or `.values().annotate()`.

    They read only the task's state, deadline, on-time flag and unit, the columns of the
    assignee_task_progress index, so PostgreSQL can count an assignment's tasks from the index
    alone. "Submitted at least once" is a state test: a submission moves a task to submitted,
    and from there it is only ever accepted or returned (a returned task stays so until resubmitted).
    """
    late = overdue_q(today, prefix)
    p = prefix

    def state(value):
        return Q(**{f"{p}state": value})

    delivered = Q(**{f"{p}state__in": DELIVERED_STATES})
    return {
        "total": Count(f"{p}unit"),
        "todo": Count(f"{p}unit", filter=state(TaskState.TODO) & ~late),
        "in_progress": Count(f"{p}unit", filter=state(TaskState.IN_PROGRESS) & ~late),
        "submitted": Count(f"{p}unit", filter=state(TaskState.SUBMITTED)),
        "accepted": Count(f"{p}unit", filter=state(TaskState.ACCEPTED)),
        "returned": Count(f"{p}unit", filter=state(TaskState.RETURNED) & ~late),
        "overdue": Count(f"{p}unit", filter=late),
        "on_time": Count(f"{p}unit", filter=delivered & Q(**{f"{p}submitted_on_time": True}) & ~late),
        "due": Count(f"{p}unit", filter=delivered | late),
    }


def with_rates(counts: dict) -> dict:
    """Add done, percent done and the on-time rate (on time / due, see ON_TIME_RATE_HELP) to a counts dict."""
    counts = dict(counts)
    counts["done"] = counts["submitted"] + counts["accepted"]
    counts["percent_done"] = round(100 * counts["done"] / counts["total"], 1) if counts["total"] else None
    counts["on_time_rate"] = round(100 * counts["on_time"] / counts["due"], 1) if counts["due"] else None
    return counts


# --- Assignments (issuer's side) ---------------------------------------------------------------

def issued_assignments(user) -> QuerySet:
    """Assignments issued by units in the user's scope, newest first."""
    return scope.visible(user, Assignment).select_related("issuer", "source_document")


def get_assignment(user, pk: int) -> Assignment:
    return scope.get_visible(user, issued_assignments(user), pk=pk)


def tasks_of(assignment: Assignment) -> QuerySet:
    """The tasks of an assignment already obtained through the scope helper, unordered: the model's
    default ordering joins the assignment and the unit, which every grouped count would pay for."""
    return AssigneeTask.objects.filter(assignment=assignment).order_by()


def tree_root(assignment: Assignment) -> Unit:
    """The unit the completion tree opens on: the issuer, or its parent when tasks lie beside it
    (a board of the committee assigning to the committee's communes)."""
    issuer = assignment.issuer
    outside = tasks_of(assignment).exclude(subtree_q([issuer], prefix="unit__")).exists()
    if outside and issuer.depth > 1:
        return issuer.get_parent()
    return issuer


def summary(assignment: Assignment, today: datetime.date | None = None, node: Unit | None = None) -> dict:
    """Counts by state of the whole assignment (or of the tasks within `node`'s subtree)."""
    today = today or clock.today()
    tasks = tasks_of(assignment)
    if node is not None:
        tasks = tasks.filter(subtree_q([node], prefix="unit__"))
    return with_rates(tasks.aggregate(**count_aggregates(today)))


def completion_children(assignment: Assignment, node: Unit, today: datetime.date | None = None) -> list[dict]:
    """Counts for each child of `node` that has tasks in its subtree.

    One grouped query: tasks below `node`, grouped by the first (depth+1) steps of their unit's
    path, i.e. by the child of `node` they fall under; then the children's names by path.
    """
    today = today or clock.today()
    level_len = (node.depth + 1) * node.steplen
    rows = list(
        tasks_of(assignment).filter(subtree_q([node], include_self=False, prefix="unit__"))
        .annotate(branch=Substr("unit__path", 1, level_len)).values("branch", "unit__depth")
        .annotate(**count_aggregates(today)).order_by("branch")
    )
    branches, below = _merge_branches(rows, node.depth + 1)
    units = Unit.objects.filter(path__in=list(branches)).only(
        "id", "path", "depth", "numchild", "name", "kind", "valid_to").in_bulk(field_name="path")
    return [{"unit": units[b], **with_rates(branches[b]), "has_below": b in below}
            for b in sorted(branches) if b in units]


def _merge_branches(rows, branch_depth: int) -> tuple[dict, set]:
    """Counts by branch from rows grouped by branch and depth, and the branches with tasks below
    their own unit (those the tree can open)."""
    branches, below = {}, set()
    for row in rows:
        _add(branches.setdefault(row["branch"], _zero()), row)
        if row["unit__depth"] > branch_depth:
            below.add(row["branch"])
    return branches, below


def level_label(depth: int, root: Unit) -> str:
    """How the by-level table names a depth: relative to the tree's root, not a raw number."""
    below = depth - root.depth
    if below <= 0:
        return str(root.name)
    if below == 1:
        return str(_("Trực thuộc trực tiếp"))
    return str(_("Cấp dưới thứ %(n)s") % {"n": below})


def completion_by_level(assignment: Assignment, node: Unit, today: datetime.date | None = None) -> list[dict]:
    """Counts at each depth under `node`: one query grouped by the unit's depth."""
    today = today or clock.today()
    rows = (tasks_of(assignment).filter(subtree_q([node], prefix="unit__")).values("unit__depth")
            .annotate(**count_aggregates(today)).order_by("unit__depth"))
    return [{"depth": (depth := r.pop("unit__depth")), "label": level_label(depth, node), **with_rates(r)} for r in rows]


def _counts_by_branch_and_depth(assignment: Assignment, node: Unit, today: datetime.date) -> list[dict]:
    """Counts of the tasks in `node`'s subtree, grouped by the child of `node` they fall under
    (`branch`, the first depth+1 steps of the unit's path; `node`'s own path for its own task) and
    by the unit's depth: one query."""
    level_len = (node.depth + 1) * node.steplen
    return list(
        tasks_of(assignment).filter(subtree_q([node], prefix="unit__"))
        .annotate(branch=Substr("unit__path", 1, level_len)).values("branch", "unit__depth")
        .annotate(**count_aggregates(today))
    )


def _zero() -> dict:
    return dict.fromkeys(COUNT_KEYS, 0)


def _add(into: dict, row: dict) -> None:
    for key in COUNT_KEYS:
        into[key] += row[key]


def completion(assignment: Assignment, today: datetime.date | None = None, node: Unit | None = None) -> dict:
    """Everything the issuer's dashboard counts, from one grouped query (two when the tasks lie
    beside the issuer, see `tree_root`): the node (by default the tree root), its totals, each
    child's and the totals at each depth below it.

    Returns {"root": node, "summary": counts, "children": [{"unit", **counts}], "levels":
    [{"depth", **counts}]}, the same figures as `summary`, `completion_children` and
    `completion_by_level`, which read the tasks three times over.
    """
    today = today or clock.today()
    if node is None:
        node = assignment.issuer
        rows = _counts_by_branch_and_depth(assignment, node, today)
        # Every task is counted in `assignee_count` at fan-out (tasks are never added or removed).
        if node.depth > 1 and sum(r["total"] for r in rows) < assignment.assignee_count:
            node = node.get_parent()
            rows = _counts_by_branch_and_depth(assignment, node, today)
    else:
        rows = _counts_by_branch_and_depth(assignment, node, today)
    total, depths = _zero(), {}
    for row in rows:
        _add(total, row)
        _add(depths.setdefault(row["unit__depth"], _zero()), row)
    branches, below = _merge_branches([r for r in rows if r["branch"] != node.path], node.depth + 1)
    units = Unit.objects.filter(path__in=list(branches)).only(
        "id", "path", "depth", "numchild", "name", "kind", "valid_to").in_bulk(field_name="path") if branches else {}
    return {
        "root": node,
        "summary": with_rates(total),
        "children": [{"unit": units[b], **with_rates(branches[b]), "has_below": b in below}
                     for b in sorted(branches) if b in units],
        "levels": [{"depth": d, "label": level_label(d, node), **with_rates(depths[d])} for d in sorted(depths)],
    }


def node_in_tree(assignment: Assignment, root: Unit, pk: int) -> Unit:
    """A unit of the completion tree: inside `root`'s subtree, or 404."""
    unit = Unit.objects.filter(pk=pk).first()
    if unit is None or not unit.path.startswith(root.path):
        raise Http404
    return unit


def overdue_tasks(assignment: Assignment, today: datetime.date | None = None, node: Unit | None = None) -> QuerySet:
    """Overdue tasks, longest overdue first. Ordered by the task's own columns (deadline, then unit
    id), so the first hundred come from the assignee_task_progress index without reading the
    thousands of units behind the others; `overdue_list` puts a page of them in tree order."""
    today = today or clock.today()
    tasks = tasks_of(assignment).filter(overdue_q(today))
    if node is not None:
        tasks = tasks.filter(subtree_q([node], prefix="unit__"))
    return tasks.select_related("unit").order_by("due_on", "unit_id")


def overdue_list(assignment: Assignment, today: datetime.date | None = None, limit: int = 100) -> list:
    """The dashboard's overdue list: the `limit` longest overdue, by deadline and then tree order."""
    return sorted(overdue_tasks(assignment, today)[:limit], key=lambda t: (t.due_on, t.unit.path))


def assignment_tasks(assignment: Assignment, today: datetime.date | None = None, state: str = "") -> QuerySet:
    """All tasks of an assignment with the shown state, for lists and exports."""
    today = today or clock.today()
    qs = tasks_of(assignment).annotate(shown_state=effective_state(today)).select_related("unit")
    if state:
        qs = qs.filter(shown_state=state)
    return qs.order_by("unit__path")


# --- Tasks (assignee's side) -------------------------------------------------------------------

def visible_tasks(user, today: datetime.date | None = None) -> QuerySet:
    today = today or clock.today()
    return (scope.visible(user, AssigneeTask).annotate(shown_state=effective_state(today))
            .select_related("assignment__issuer", "unit"))


def inbox(user, *, include_subordinates: bool = False, state: str = "", today: datetime.date | None = None) -> QuerySet:
    """Hộp việc: tasks of the units where the user holds a role (and under them, if asked)."""
    qs = visible_tasks(user, today)
    if not include_subordinates and not user.is_superuser:
        qs = qs.filter(unit__in=[u.pk for u in scope.role_units(user)])
    if state:
        qs = qs.filter(shown_state=state)
    return qs.order_by("due_on", "assignment_id", "unit__path")


def inbox_counts(user, today: datetime.date | None = None) -> dict:
    today = today or clock.today()
    qs = scope.visible(user, AssigneeTask).filter(unit__in=[u.pk for u in scope.role_units(user)])
    return with_rates(qs.aggregate(**count_aggregates(today)))


def get_task(user, pk: int) -> AssigneeTask:
    return scope.get_visible(user, visible_tasks(user), pk=pk)


def get_task_for_issuer_or_assignee(user, pk: int) -> AssigneeTask:
    """A task seen by its assignee's side or by its issuer's side; 404 otherwise."""
    task = AssigneeTask.objects.select_related("assignment__issuer", "unit").filter(pk=pk).first()
    if task is None:
        raise Http404
    if scope.visible(user, AssigneeTask).filter(pk=pk).exists() or \
            scope.visible(user, Assignment).filter(pk=task.assignment_id).exists():
        return task
    raise Http404


def awaiting_review(assignment: Assignment) -> QuerySet:
    """Submissions waiting for the issuer's decision, oldest first (submitted is never overdue)."""
    return tasks_of(assignment).filter(state=TaskState.SUBMITTED).select_related("unit").order_by("submitted_at", "id")


def pending_extensions(assignment: Assignment) -> QuerySet:
    return (ExtensionRequest.objects.filter(task__assignment=assignment, state=ExtensionState.PENDING)
            .select_related("task__unit", "requested_by"))


def get_extension_for_issuer(user, pk: int) -> ExtensionRequest:
    """An extension request of an assignment the user's scope issued; 404 otherwise."""
    request = ExtensionRequest.objects.select_related("task__assignment__issuer", "task__unit").filter(pk=pk).first()
    if request is None or not scope.visible(user, Assignment).filter(pk=request.task.assignment_id).exists():
        raise Http404
    return request


def calendar_tasks(user, unit: Unit) -> QuerySet:
    """Deadlines of one unit's open tasks (for its iCalendar feed)."""
    return (scope.visible(user, AssigneeTask).filter(unit=unit).exclude(state__in=DONE_STATES)
            .select_related("assignment__issuer").order_by("due_on"))


def notifications(user) -> QuerySet:
    return scope.visible(user, Notification).select_related("task__assignment", "unit")

