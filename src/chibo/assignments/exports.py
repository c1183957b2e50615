"""Excel export of an assignment: a summary by branch and every assignee's row."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from . import selectors
from .models import TaskState

STATE_LABELS = dict(TaskState.choices)


def assignment_workbook(assignment, today) -> bytes:
    """Two sheets: "Tổng hợp" (counts per child of the tree root) and "Chi tiết" (one row per unit)."""
    counts = selectors.completion(assignment, today)
    wb = Workbook()
    summary = wb.active
    summary.title = _("Tổng hợp")
    summary.append([assignment.title])
    summary["A1"].font = Font(bold=True, size=13)
    summary.append([_("Đơn vị giao"), assignment.issuer.name])
    summary.append([_("Hạn hoàn thành"), assignment.deadline.strftime("%d/%m/%Y")])
    summary.append([_("Số liệu đến ngày"), today.strftime("%d/%m/%Y")])
    summary.append([])
    header = [_("Đơn vị"), _("Số đơn vị nhận"), _("Chưa thực hiện"), _("Đang thực hiện"), _("Đã nộp"),
              _("Đã duyệt"), _("Bị trả lại"), _("Quá hạn"), _("Nộp đúng hạn"), _("Đã nộp hoặc quá hạn"), _("Tỷ lệ đúng hạn (%)")]
    summary.append(header)
    for cell in summary[summary.max_row]:
        cell.font = Font(bold=True)
    rows = [{"unit": counts["root"], **counts["summary"]}, *counts["children"]]
    for row in rows:
        summary.append([row["unit"].name, row["total"], row["todo"], row["in_progress"], row["submitted"],
                        row["accepted"], row["returned"], row["overdue"], row["on_time"], row["due"],
                        row["on_time_rate"]])
    summary.append([])
    summary.append([str(selectors.ON_TIME_RATE_HELP)])
    summary.column_dimensions["A"].width = 48

    detail = wb.create_sheet(_("Chi tiết"))
    detail.append([_("Đơn vị"), _("Trạng thái"), _("Hạn"), _("Ngày nộp"), _("Ngày duyệt"), _("Kết quả"), _("Ý kiến")])
    for cell in detail[1]:
        cell.font = Font(bold=True)
    for task in selectors.assignment_tasks(assignment, today).iterator(chunk_size=2000):
        detail.append([
            task.unit.name, str(STATE_LABELS[task.shown_state]), task.due_on.strftime("%d/%m/%Y"),
            timezone.localtime(task.submitted_at).strftime("%d/%m/%Y %H:%M") if task.submitted_at else "",
            timezone.localtime(task.reviewed_at).strftime("%d/%m/%Y %H:%M") if task.reviewed_at else "",
            task.submission_note, task.review_comment,
        ])
    detail.column_dimensions["A"].width = 48
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
