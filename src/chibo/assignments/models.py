"""Tasks handed down (nhiệm vụ): an assignment fanned out to assignee units, their submissions,
extensions, reviews, full history and reminders.

Overdue (quá hạn) is derived, not stored: a task is overdue when its effective deadline
(`due_on`) has passed and it is still to do or in progress. Deriving it keeps every list and
dashboard right the moment a deadline passes, with no midnight job rewriting hundreds of
thousands of rows; the reminder sweep only sends the "overdue" notice (once per task and deadline).
A returned task (bị trả lại) keeps that state until it is resubmitted: the issuer sets the
resubmission deadline when returning it.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DeliverableKind(models.TextChoices):
    IMPLEMENTING_DOCUMENT = "document", _("Văn bản triển khai thực hiện")
    PERIODIC_REPORT = "report", _("Báo cáo định kỳ")
    ACTIVITY = "activity", _("Tổ chức hoạt động")
    FILE = "file", _("Tệp, hồ sơ")
    WRITTEN_ANSWER = "answer", _("Trả lời bằng văn bản")


class TaskState(models.TextChoices):
    TODO = "todo", _("Chưa thực hiện")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    SUBMITTED = "submitted", _("Đã nộp")
    ACCEPTED = "accepted", _("Đã duyệt")
    RETURNED = "returned", _("Bị trả lại")
    OVERDUE = "overdue", _("Quá hạn")


STORED_STATES = (TaskState.TODO, TaskState.IN_PROGRESS, TaskState.SUBMITTED, TaskState.ACCEPTED, TaskState.RETURNED)
OPEN_STATES = (TaskState.TODO, TaskState.IN_PROGRESS, TaskState.RETURNED)
"""States that turn overdue when the (resubmission) deadline passes."""
DONE_STATES = (TaskState.SUBMITTED, TaskState.ACCEPTED)
DELIVERED_STATES = (TaskState.SUBMITTED, TaskState.ACCEPTED, TaskState.RETURNED)
"""States of a task that has been submitted at least once."""
STATE_BADGES = {
    TaskState.TODO: "", TaskState.IN_PROGRESS: "", TaskState.SUBMITTED: "warn",
    TaskState.ACCEPTED: "ok", TaskState.RETURNED: "bad", TaskState.OVERDUE: "bad",
}


def overdue_q(today, prefix: str = "") -> Q:
    """Tasks overdue on `today`."""
    return Q(**{f"{prefix}state__in": OPEN_STATES, f"{prefix}due_on__lt": today})


def effective_state(today, prefix: str = ""):
    """An expression for the state shown to users: the stored state, or overdue."""
    return Case(When(overdue_q(today, prefix), then=Value(TaskState.OVERDUE.value)),
                default=F(f"{prefix}state"), output_field=models.CharField())


class Assignment(models.Model):
    """Nhiệm vụ giao: a duty handed by an issuing unit to many assignee units."""

    issuer = models.ForeignKey("orgs.Unit", verbose_name=_("đơn vị giao"), on_delete=models.PROTECT,
                               related_name="assignments_issued")
    source_document = models.ForeignKey("documents.Document", verbose_name=_("văn bản nguồn"), null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="assignments")
    title = models.CharField(_("tên nhiệm vụ"), max_length=300)
    description = models.TextField(_("nội dung"), blank=True)
    deliverable = models.CharField(_("sản phẩm yêu cầu"), max_length=20, choices=DeliverableKind.choices,
                                   default=DeliverableKind.IMPLEMENTING_DOCUMENT)
    deadline = models.DateField(_("hạn hoàn thành"))
    remind_days_before = models.PositiveSmallIntegerField(_("nhắc trước (ngày)"), default=3)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    assignee_count = models.PositiveIntegerField(_("số đơn vị nhận"), default=0)

    scope_unit_field = "issuer"

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        indexes = [models.Index(fields=["issuer", "-created_at"], name="assignment_issuer_recent")]

    def __str__(self) -> str:
        return self.title


class AssigneeTask(models.Model):
    """Việc của một đơn vị: one assignee unit's share of an assignment."""

    # No single-column indexes: (assignment, unit) and (unit, due_on) below lead with them, and
    # every index less is less to write when one assignment fans out to 250,000 cells.
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="tasks", db_index=False)
    unit = models.ForeignKey("orgs.Unit", verbose_name=_("đơn vị thực hiện"), on_delete=models.PROTECT,
                             related_name="assignee_tasks", db_index=False)
    state = models.CharField(_("trạng thái"), max_length=20, choices=TaskState.choices, default=TaskState.TODO)
    due_on = models.DateField(_("hạn"))
    version = models.PositiveIntegerField(default=0)
    submitted_at = models.DateTimeField(_("ngày nộp"), null=True, blank=True)
    submitted_on_time = models.BooleanField(null=True, blank=True)
    submission_note = models.TextField(_("nội dung báo cáo"), blank=True)
    attachment = models.FileField(_("tệp đính kèm"), upload_to="assignments/%Y/%m/", blank=True)
    implementing_document = models.ForeignKey("documents.Document", verbose_name=_("văn bản triển khai"), null=True,
                                              blank=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(_("ngày duyệt"), null=True, blank=True)
    review_comment = models.TextField(_("ý kiến của đơn vị giao"), blank=True)

    scope_unit_field = "unit"

    class Meta:
        ordering = ["assignment", "unit__path"]
        verbose_name = _("việc được giao")
        verbose_name_plural = _("việc được giao")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "unit"], name="assignee_task_once_per_unit"),
            models.CheckConstraint(condition=Q(state__in=[s.value for s in STORED_STATES]),
                                   name="assignee_task_stored_state"),
            models.CheckConstraint(condition=~Q(state__in=[s.value for s in DONE_STATES]) | Q(submitted_at__isnull=False),
                                   name="assignee_task_done_has_submission"),
        ]
        indexes = [
            models.Index(fields=["unit", "due_on"], name="assignee_task_unit_due"),
            models.Index(fields=["due_on", "state"], name="assignee_task_due_state"),
            # One assignment's dashboard: the overdue list is a range of it, and the counts by state
            # (selectors.count_aggregates) read nothing else, so they need not visit the table.
            models.Index(fields=["assignment", "state", "due_on", "submitted_on_time", "unit"],
                         name="assignee_task_progress"),
            # Submissions awaiting review, oldest first.
            models.Index(fields=["assignment", "state", "submitted_at"], name="assignee_task_review_queue"),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} · {self.unit}"

    def state_on(self, today) -> str:
        if self.state in OPEN_STATES and self.due_on < today:
            return TaskState.OVERDUE.value
        return self.state


class EventKind(models.TextChoices):
    STARTED = "started", _("Bắt đầu thực hiện")
    SUBMITTED = "submitted", _("Nộp kết quả")
    ACCEPTED = "accepted", _("Duyệt kết quả")
    RETURNED = "returned", _("Trả lại")
    EXTENSION_REQUESTED = "extension_requested", _("Đề nghị gia hạn")
    EXTENSION_GRANTED = "extension_granted", _("Đồng ý gia hạn")
    EXTENSION_DENIED = "extension_denied", _("Không đồng ý gia hạn")
    CONFLICT = "conflict", _("Thao tác không thực hiện được (đã có người xử lý trước)")
    REMINDED = "reminded", _("Đã nhắc hạn")


class TaskEvent(models.Model):
    """Lịch sử: one thing that happened to an assignee task."""

    task = models.ForeignKey(AssigneeTask, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now, db_index=False)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    kind = models.CharField(max_length=30, choices=EventKind.choices)
    from_state = models.CharField(max_length=20, choices=TaskState.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=TaskState.choices, blank=True)
    comment = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    scope_unit_field = "task__unit"

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("lịch sử xử lý")
        verbose_name_plural = _("lịch sử xử lý")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.task_id}"

    @property
    def details(self) -> str:
        """What the history line adds to its comment: the dates and document it recorded."""
        data = self.data or {}

        def day(key: str) -> str:
            try:
                return datetime.date.fromisoformat(data[key]).strftime("%d/%m/%Y")
            except (KeyError, TypeError, ValueError):
                return ""

        if self.kind == EventKind.RETURNED and day("resubmit_by"):
            return _("Hạn nộp lại: %(day)s") % {"day": day("resubmit_by")}
        if self.kind == EventKind.EXTENSION_REQUESTED and day("requested_due"):
            return _("Đề nghị gia hạn đến %(day)s") % {"day": day("requested_due")}
        if self.kind == EventKind.EXTENSION_GRANTED and day("new_due"):
            return _("Hạn mới: %(new)s (trước đó %(old)s)") % {"new": day("new_due"), "old": day("old_due")}
        if self.kind == EventKind.SUBMITTED and data.get("notation"):
            return _("Văn bản triển khai: %(notation)s") % {"notation": data["notation"]}
        return ""


class ExtensionState(models.TextChoices):
    PENDING = "pending", _("Chờ xem xét")
    GRANTED = "granted", _("Đồng ý")
    DENIED = "denied", _("Không đồng ý")


class ExtensionRequest(models.Model):
    """Đề nghị gia hạn: an assignee asks the issuer for a later deadline."""

    task = models.ForeignKey(AssigneeTask, on_delete=models.CASCADE, related_name="extension_requests")
    requested_due = models.DateField(_("hạn đề nghị"))
    reason = models.TextField(_("lý do"))
    state = models.CharField(max_length=10, choices=ExtensionState.choices, default=ExtensionState.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    scope_unit_field = "task__unit"

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("đề nghị gia hạn")
        verbose_name_plural = _("đề nghị gia hạn")
        constraints = [
            models.UniqueConstraint(fields=["task"], condition=Q(state="pending"), name="extension_one_pending_per_task"),
        ]

    def __str__(self) -> str:
        return f"{self.task} → {self.requested_due:%d/%m/%Y}"


class ReminderKind(models.TextChoices):
    BEFORE_DEADLINE = "before", _("Sắp đến hạn")
    OVERDUE = "overdue", _("Quá hạn")


class Notification(models.Model):
    """Thông báo nhắc hạn: one reminder event for an assignee unit, shown in the app and e-mailed.

    The unique constraint on (task, kind, event date) is what makes a reminder go out once:
    the row is inserted before the e-mail is sent, so a second sweep (a restarted or a parallel
    worker) cannot insert it again and sends nothing.
    """

    task = models.ForeignKey(AssigneeTask, on_delete=models.CASCADE, related_name="notifications")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    event_date = models.DateField(_("ngày sự kiện"))
    message = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    emailed_to = models.PositiveIntegerField(default=0)
    read_at = models.DateTimeField(null=True, blank=True)
    sweep = models.UUIDField(null=True, blank=True, editable=False, db_index=True)

    scope_unit_field = "unit"

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        constraints = [
            models.UniqueConstraint(fields=["task", "kind", "event_date"], name="notification_once_per_event"),
        ]
        indexes = [models.Index(fields=["unit", "-created_at"], name="notification_unit_recent")]

    def __str__(self) -> str:
        return self.message
