"""Writes of the assignments app: every function is atomic and audited."""

import datetime
import logging
import uuid
from collections import defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from chibo.accounts import scope
from chibo.accounts.audit import record
from chibo.accounts.models import MANAGING_ROLES, Role, active_role_q
from chibo.orgs.models import Unit

from . import clock
from .models import (
    OPEN_STATES,
    AssigneeTask,
    Assignment,
    DeliverableKind,
    EventKind,
    ExtensionRequest,
    ExtensionState,
    Notification,
    ReminderKind,
    TaskEvent,
    TaskState,
)

logger = logging.getLogger(__name__)

FAN_OUT_BATCH = 5000
DEFAULT_RESUBMIT_DAYS = 7


class TransitionConflict(Exception):
    """Somebody changed the task first: the caller's action was not applied."""

    def __init__(self, message: str, task: AssigneeTask):
        super().__init__(message)
        self.message = message
        self.task = task


def _fmt(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def _require_manage(actor, unit: Unit) -> None:
    if not scope.can_manage(actor, unit):
        raise PermissionDenied(_("Bạn không có quyền thao tác tại %(unit)s.") % {"unit": unit})


# --- Giao nhiệm vụ -----------------------------------------------------------------------------

def do_fan_out_assignment(
    actor, *, issuer: Unit, title: str, deadline: datetime.date, description: str = "",
    deliverable: str = DeliverableKind.IMPLEMENTING_DOCUMENT, source_document=None,
    units=None, under: Unit | None = None, kinds=None, remind_days_before: int = 3,
    today: datetime.date | None = None,
) -> Assignment:
    """Giao nhiệm vụ: create an assignment and one task per assignee unit, in one transaction.

    Assignees are the chosen `units`, or every current unit of `kinds` under `under` (or both,
    without duplicates). Chosen units' tasks are inserted in batches, a subtree's by one
    INSERT … SELECT in the database; nothing is written if any check or step fails.
    """
    today = today or clock.today()
    _require_manage(actor, issuer)
    title = (title or "").strip()
    if not title:
        raise ValidationError(_("Hãy nhập tên nhiệm vụ."))
    if deadline is None:
        raise ValidationError(_("Hãy nhập hạn hoàn thành (ngày/tháng/năm)."))
    if deadline < today:
        raise ValidationError(_("Hạn hoàn thành %(deadline)s đã qua (hôm nay là %(today)s).")
                              % {"deadline": _fmt(deadline), "today": _fmt(today)})
    if deliverable not in DeliverableKind.values:
        raise ValidationError(_("Loại sản phẩm yêu cầu không hợp lệ."))
    if source_document is not None:
        from chibo.documents.models import Document

        if not scope.visible(actor, Document).filter(pk=source_document.pk).exists():
            raise ValidationError(_("Văn bản nguồn không thuộc phạm vi của bạn."))

    chosen_ids: list[int] = []
    if units:
        chosen = list(units)
        for unit in chosen:
            _require_manage(actor, unit)
            if unit.valid_to is not None and unit.valid_to <= today:
                raise ValidationError(_("%(unit)s đã kết thúc hoạt động, không thể giao nhiệm vụ.") % {"unit": unit})
        chosen_ids = list(dict.fromkeys(u.pk for u in chosen if u.pk != issuer.pk))
    subtree = None
    if under is not None:
        _require_manage(actor, under)
        if not kinds:
            raise ValidationError(_("Hãy chọn loại tổ chức nhận nhiệm vụ."))
        subtree = (Unit.objects.subtree_of(under, include_self=False).filter(kind__in=list(kinds)).current(today)
                   .exclude(pk__in=[issuer.pk, *chosen_ids]))

    with transaction.atomic():
        assignment = Assignment.objects.create(
            issuer=issuer, source_document=source_document, title=title, description=description.strip(),
            deliverable=deliverable, deadline=deadline, remind_days_before=remind_days_before,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        for start in range(0, len(chosen_ids), FAN_OUT_BATCH):
            AssigneeTask.objects.bulk_create(
                [AssigneeTask(assignment=assignment, unit_id=pk, due_on=deadline, state=TaskState.TODO)
                 for pk in chosen_ids[start:start + FAN_OUT_BATCH]],
                batch_size=FAN_OUT_BATCH,
            )
        count = len(chosen_ids) + (_insert_tasks_for(assignment, subtree) if subtree is not None else 0)
        if not count:
            raise ValidationError(_("Không có tổ chức nào nhận nhiệm vụ: hãy chọn đơn vị hoặc loại tổ chức."))
        Assignment.objects.filter(pk=assignment.pk).update(assignee_count=count)
        assignment.assignee_count = count
        record(actor, "assignments.fan_out", assignment, unit=issuer, assignees=count,
               deadline=deadline.isoformat())
    return assignment


def _insert_tasks_for(assignment: Assignment, units) -> int:
    """One task "to do" for each unit of the queryset `units`, written by the database itself:
    INSERT … SELECT, so a fan-out to a quarter of a million cells never brings their ids into
    Python. The column values are those of a fresh task, taken from the model. Returns the count."""
    template = AssigneeTask(assignment=assignment, unit_id=0, due_on=assignment.deadline, state=TaskState.TODO)
    fields = [f for f in AssigneeTask._meta.concrete_fields if not f.primary_key and f.name != "unit"]
    quote = connection.ops.quote_name
    select_sql, select_params = units.order_by().values(chosen_id=F("pk")).query.sql_with_params()
    columns = ", ".join(quote(f.column) for f in fields)
    values = [f.get_db_prep_save(f.pre_save(template, add=True), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(AssigneeTask._meta.db_table)} ({columns}, {quote('unit_id')}) "
            f"SELECT {', '.join(['%s'] * len(fields))}, chosen.chosen_id FROM ({select_sql}) chosen",
            [*values, *select_params],
        )
        return cursor.rowcount


# --- Chuyển trạng thái: optimistic locking on `version` -------------------------------------

def _conflict_message(task: AssigneeTask) -> str:
    last = task.events.exclude(kind__in=[EventKind.CONFLICT, EventKind.REMINDED]).select_related("actor").last()
    if last is None:
        return _("Việc này vừa được thay đổi; hãy tải lại trang để xem trạng thái hiện tại.")
    when = timezone.localtime(last.at).strftime("%H:%M:%S %d/%m/%Y")
    return _("Thao tác của bạn không được thực hiện: %(who)s đã %(what)s lúc %(when)s. "
             "Trạng thái hiện tại: %(state)s.") % {
        "who": last.actor or _("người khác"), "what": last.get_kind_display().lower(), "when": when,
        "state": task.get_state_display().lower(),
    }


class _Stale(Exception):
    """The conditional UPDATE matched no row: somebody changed the task first."""


def _transition(actor, task: AssigneeTask, *, expected_version: int, allowed, kind: str, comment: str = "",
                data: dict | None = None, at: datetime.datetime | None = None, prepare=None, after=None,
                **changes) -> AssigneeTask:
    """Apply a change only if the task is still at `expected_version` and in an `allowed` state.

    One conditional UPDATE ... WHERE version = N: of two simultaneous actions exactly one
    matches; the other records a "conflict" line in the history and raises TransitionConflict.
    `prepare()` runs first and returns more changes (it may write, e.g. register a document);
    `after(task)` runs once the change is applied. Both are undone with the change when it
    loses, while the conflict line stays.
    """
    conflict = None
    with transaction.atomic():
        from_state = task.state
        try:
            with transaction.atomic():
                extra = prepare() if prepare is not None else {}
                updated = AssigneeTask.objects.filter(
                    pk=task.pk, version=expected_version, state__in=list(allowed)
                ).update(version=F("version") + 1, **changes, **extra)
                if not updated:
                    raise _Stale
                task.refresh_from_db()
                TaskEvent.objects.create(task=task, actor=actor, kind=kind, from_state=from_state,
                                         at=at or timezone.now(), to_state=task.state, comment=comment,
                                         data=data or {})
                record(actor, f"assignments.{kind}", task, comment=comment[:200])
                if after is not None:
                    after(task)
        except _Stale:
            task.refresh_from_db()
            message = _conflict_message(task)
            TaskEvent.objects.create(task=task, actor=actor, kind=EventKind.CONFLICT, from_state=task.state,
                                     to_state=task.state, comment=message, data={"attempted": kind})
            conflict = TransitionConflict(message, task)
    if conflict:
        raise conflict
    return task


def do_start_task(actor, task: AssigneeTask) -> AssigneeTask:
    """Bắt đầu thực hiện."""
    _require_manage(actor, task.unit)
    return _transition(actor, task, expected_version=task.version, allowed=[TaskState.TODO],
                       kind=EventKind.STARTED, state=TaskState.IN_PROGRESS)


def do_submit_task(actor, task: AssigneeTask, *, note: str = "", implementing_document=None, attachment=None,
                   new_document: dict | None = None, expected_version: int | None = None,
                   now: datetime.datetime | None = None) -> AssigneeTask:
    """Nộp kết quả; an implementing document is also linked to the source as "implements".

    The implementing document is one already registered, or `new_document` (notation, issued_on,
    abstract), registered in the assignee unit's registry as part of the submission: both stand
    or fall together. `now` is when it was submitted (default: now), for records entered after the fact.
    """
    _require_manage(actor, task.unit)
    assignment = task.assignment
    note = (note or "").strip()
    new_document = {k: v for k, v in (new_document or {}).items() if v} or None
    if new_document is not None and not (new_document.get("notation") or "").strip():
        raise ValidationError(_("Hãy nhập số hiệu văn bản triển khai."))
    has_document = implementing_document is not None or new_document is not None
    if assignment.deliverable == DeliverableKind.IMPLEMENTING_DOCUMENT and not has_document and not note:
        raise ValidationError(_("Hãy chọn văn bản triển khai hoặc ghi nội dung kết quả."))
    if assignment.deliverable == DeliverableKind.FILE and not attachment and not note:
        raise ValidationError(_("Hãy đính kèm tệp kết quả."))
    if assignment.deliverable == DeliverableKind.WRITTEN_ANSWER and not note:
        raise ValidationError(_("Hãy nhập nội dung trả lời."))
    if not note and not has_document and not attachment:
        raise ValidationError(_("Hãy ghi nội dung kết quả hoặc đính kèm tệp."))
    if task.state not in (*OPEN_STATES,):
        raise ValidationError(_("Việc này đang ở trạng thái “%(state)s”, không thể nộp.")
                              % {"state": task.get_state_display()})
    if implementing_document is not None:
        from chibo.documents.models import Document

        if not scope.visible(actor, Document).filter(pk=implementing_document.pk).exists():
            raise ValidationError(_("Văn bản triển khai không thuộc phạm vi của bạn."))
    on = timezone.localdate(now) if now else clock.today()
    now = now or timezone.now()
    changes = {
        "state": TaskState.SUBMITTED, "submitted_at": now, "submission_note": note,
        "submitted_on_time": on <= task.due_on,
    }
    if attachment:
        task.attachment.save(attachment.name, attachment, save=False)
        changes["attachment"] = task.attachment.name
    chosen = {"document": implementing_document}

    def prepare() -> dict:
        if new_document is not None:
            from chibo.documents.services import do_register_document

            document = do_register_document(
                owner=task.unit, actor=actor, notation=new_document["notation"],
                issued_on=new_document.get("issued_on"), abstract=new_document.get("abstract") or "",
            )
            if not document.owner.path.startswith(task.unit.path):
                raise ValidationError(_("Văn bản %(n)s là của %(owner)s, không phải văn bản triển khai của %(unit)s.")
                                      % {"n": document.notation, "owner": document.owner, "unit": task.unit})
            chosen["document"] = document
        return {"implementing_document": chosen["document"]}

    def after(task: AssigneeTask) -> None:
        document = chosen["document"]
        if document is None:
            return
        event = task.events.filter(kind=EventKind.SUBMITTED).latest("id")
        event.data = {"document": document.pk, "notation": document.notation}
        event.save(update_fields=["data"])
        if assignment.source_document_id and document.pk != assignment.source_document_id:
            from chibo.documents.models import RelationKind
            from chibo.documents.services import do_relate_documents

            do_relate_documents(document, assignment.source_document, RelationKind.IMPLEMENTS, actor=actor)

    return _transition(actor, task, expected_version=task.version if expected_version is None else expected_version,
                       allowed=OPEN_STATES, kind=EventKind.SUBMITTED, comment=note, at=now,
                       prepare=prepare, after=after, **changes)


def do_review_task(actor, task: AssigneeTask, *, accept: bool, expected_version: int, comment: str = "",
                   resubmit_by: datetime.date | None = None, now: datetime.datetime | None = None) -> AssigneeTask:
    """Duyệt hoặc trả lại a submission. A returned task gets a resubmission deadline."""
    _require_manage(actor, task.assignment.issuer)
    comment = (comment or "").strip()
    today = timezone.localdate(now) if now else clock.today()
    now = now or timezone.now()
    if accept:
        return _transition(actor, task, expected_version=expected_version, allowed=[TaskState.SUBMITTED],
                           kind=EventKind.ACCEPTED, comment=comment, state=TaskState.ACCEPTED, at=now,
                           reviewed_at=now, review_comment=comment)
    if not comment:
        raise ValidationError(_("Khi trả lại, hãy ghi rõ lý do để đơn vị bổ sung."))
    resubmit_by = resubmit_by or max(task.due_on, today + datetime.timedelta(days=DEFAULT_RESUBMIT_DAYS))
    if resubmit_by < today:
        raise ValidationError(_("Hạn nộp lại %(day)s đã qua.") % {"day": _fmt(resubmit_by)})
    return _transition(actor, task, expected_version=expected_version, allowed=[TaskState.SUBMITTED],
                       kind=EventKind.RETURNED, comment=comment, data={"resubmit_by": resubmit_by.isoformat()}, at=now,
                       state=TaskState.RETURNED, reviewed_at=now, review_comment=comment,
                       due_on=resubmit_by)


def do_request_extension(actor, task: AssigneeTask, *, requested_due: datetime.date, reason: str) -> ExtensionRequest:
    """Đề nghị gia hạn."""
    _require_manage(actor, task.unit)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Hãy nêu lý do đề nghị gia hạn."))
    if requested_due is None or requested_due <= task.due_on:
        raise ValidationError(_("Hạn đề nghị phải sau hạn hiện tại (%(due)s).") % {"due": _fmt(task.due_on)})
    if task.state not in OPEN_STATES:
        raise ValidationError(_("Chỉ đề nghị gia hạn được khi việc chưa nộp."))
    if task.extension_requests.filter(state=ExtensionState.PENDING).exists():
        raise ValidationError(_("Đã có một đề nghị gia hạn đang chờ xem xét."))
    with transaction.atomic():
        request = ExtensionRequest.objects.create(task=task, requested_due=requested_due, reason=reason,
                                                  requested_by=actor)
        TaskEvent.objects.create(task=task, actor=actor, kind=EventKind.EXTENSION_REQUESTED, from_state=task.state,
                                 to_state=task.state, comment=reason, data={"requested_due": requested_due.isoformat()})
        record(actor, "assignments.extension_requested", task, requested_due=requested_due.isoformat())
    return request


def do_decide_extension(actor, request: ExtensionRequest, *, grant: bool, comment: str = "") -> ExtensionRequest:
    """Đồng ý hoặc không đồng ý gia hạn; granting moves the task's deadline."""
    task = request.task
    _require_manage(actor, task.assignment.issuer)
    with transaction.atomic():
        decided = ExtensionRequest.objects.filter(pk=request.pk, state=ExtensionState.PENDING).update(
            state=ExtensionState.GRANTED if grant else ExtensionState.DENIED, decided_by=actor,
            decided_at=timezone.now(),
        )
        if not decided:
            raise ValidationError(_("Đề nghị gia hạn này đã được xem xét."))
        request.refresh_from_db()
        old_due = task.due_on
        if grant:
            AssigneeTask.objects.filter(pk=task.pk).update(due_on=request.requested_due, version=F("version") + 1)
            task.refresh_from_db()
        TaskEvent.objects.create(
            task=task, actor=actor, kind=EventKind.EXTENSION_GRANTED if grant else EventKind.EXTENSION_DENIED,
            from_state=task.state, to_state=task.state, comment=comment,
            data={"old_due": old_due.isoformat(), "new_due": task.due_on.isoformat()},
        )
        record(actor, "assignments.extension_decided", task, granted=grant, new_due=task.due_on.isoformat())
    return request


# --- Nhắc hạn -----------------------------------------------------------------------------------

def _reminder_message(task: AssigneeTask, kind: str, today: datetime.date) -> str:
    params = {"title": task.assignment.title, "unit": task.unit.name, "due": _fmt(task.due_on),
              "issuer": task.assignment.issuer.name}
    if kind == ReminderKind.OVERDUE:
        return _("Quá hạn: nhiệm vụ “%(title)s” do %(issuer)s giao cho %(unit)s đã quá hạn từ %(due)s.") % params
    params["days"] = (task.due_on - today).days
    return _("Sắp đến hạn: nhiệm vụ “%(title)s” do %(issuer)s giao cho %(unit)s hết hạn ngày %(due)s "
             "(còn %(days)s ngày).") % params


def _already(kind: str) -> Exists:
    return Exists(Notification.objects.filter(task=OuterRef("pk"), kind=kind, event_date=OuterRef("due_on")))


def do_send_reminders(today: datetime.date | None = None) -> dict:
    """Nhắc hạn: notify units of deadlines coming within each assignment's reminder window and of
    tasks that have become overdue, in the app and by e-mail.

    Never twice for one event: each worker inserts the notification rows first, tagged with its
    own sweep id, with ON CONFLICT DO NOTHING against the unique (task, kind, event date); it then
    e-mails only the rows that carry its tag. A row another worker (or an earlier run) inserted is
    skipped. If a worker dies between insert and send the in-app notice stands and the e-mail is
    not retried: at most once, never twice.
    """
    today = today or clock.today()
    sweep = uuid.uuid4()
    candidates: list[tuple[int, int, str]] = []  # (task, unit, kind)
    open_tasks = AssigneeTask.objects.filter(state__in=OPEN_STATES)
    windows = (Assignment.objects.filter(tasks__state__in=OPEN_STATES, tasks__due_on__gte=today)
               .values_list("remind_days_before", flat=True).distinct())
    for days in windows:
        due = open_tasks.filter(
            assignment__remind_days_before=days, due_on__gte=today, due_on__lte=today + datetime.timedelta(days=days),
        ).exclude(_already(ReminderKind.BEFORE_DEADLINE))
        candidates += [(pk, unit, ReminderKind.BEFORE_DEADLINE) for pk, unit in due.values_list("pk", "unit_id")]
    late = open_tasks.filter(due_on__lt=today).exclude(_already(ReminderKind.OVERDUE))
    candidates += [(pk, unit, ReminderKind.OVERDUE) for pk, unit in late.values_list("pk", "unit_id")]

    inserted = 0
    for start in range(0, len(candidates), 2000):
        chunk = candidates[start:start + 2000]
        tasks = AssigneeTask.objects.select_related("assignment__issuer", "unit").in_bulk([c[0] for c in chunk])
        rows = [
            Notification(task_id=pk, unit_id=unit, kind=kind, event_date=tasks[pk].due_on,
                         message=_reminder_message(tasks[pk], kind, today)[:500], sweep=sweep)
            for pk, unit, kind in chunk
        ]
        with transaction.atomic():
            Notification.objects.bulk_create(rows, ignore_conflicts=True)
        inserted += len(rows)

    mine = list(Notification.objects.filter(sweep=sweep).select_related("task__assignment"))
    recipients: dict[int, list[str]] = defaultdict(list)
    roles = (Role.objects.filter(active_role_q(today), unit_id__in={n.unit_id for n in mine}, kind__in=MANAGING_ROLES,
                                 user__is_active=True).exclude(user__email="").values_list("unit_id", "user__email"))
    for unit_id, email in roles:
        if email not in recipients[unit_id]:
            recipients[unit_id].append(email)
    emailed = 0
    for notification in mine:
        to = recipients.get(notification.unit_id, [])
        if to:
            subject = (_("[Nhắc hạn] %(title)s") if notification.kind == ReminderKind.BEFORE_DEADLINE
                       else _("[Quá hạn] %(title)s")) % {"title": notification.task.assignment.title[:150]}
            try:
                send_mail(subject, notification.message, None, to)
            except Exception:  # a mail server failure must not stop the sweep; the in-app notice stands
                logger.exception("reminder e-mail for notification %s failed", notification.pk)
                continue
            Notification.objects.filter(pk=notification.pk).update(emailed_to=len(to))
            emailed += 1
    if mine:
        record(None, "assignments.reminders_sent", None, summary=_("Đã gửi %(n)s nhắc hạn") % {"n": len(mine)},
               notifications=len(mine), emailed=emailed)
    return {"candidates": inserted, "sent": len(mine), "emailed": emailed}


def do_mark_notifications_read(actor, notifications) -> int:
    """Đánh dấu đã đọc (only notifications the actor may see)."""
    with transaction.atomic():
        count = scope.visible(actor, Notification).filter(pk__in=[n.pk for n in notifications],
                                                           read_at__isnull=True).update(read_at=timezone.now())
    return count
