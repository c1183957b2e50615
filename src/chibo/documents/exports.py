"""Excel exports: the cascade of a directive (documents level by level, and units' progress)."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font


def _date(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def cascade_workbook(result) -> bytes:
    """The cascade already limited to the user's scope (selectors.cascade) as an .xlsx file."""
    wb = Workbook()
    ws = wb.active
    ws.title = _("Đơn vị")
    ws.append([_("Thực hiện"), f"{result.document.title}"])
    ws.append([_("Trích yếu"), result.document.abstract])
    ws.append([])
    ws.append([_("Đơn vị"), _("Tình trạng"), _("Văn bản thực hiện"), _("Ngày ban hành"), _("Hạn"), _("Văn bản trong đơn vị"),
               _("Nhiệm vụ được giao")])
    for cell in ws[4]:
        cell.font = Font(bold=True)
    for row in result.units:
        state = _("Đã ban hành") if row.issued else (_("Quá hạn") if row.overdue else _("Chưa ban hành"))
        ws.append([
            row.unit.name, state, ", ".join(d.notation for d in row.documents),
            ", ".join(_date(d.issued_on) for d in row.documents), _date(row.deadline), row.below,
            row.task_state_label,
        ])
    docs = wb.create_sheet(_("Văn bản"))
    docs.append([_("Cấp"), _("Số hiệu"), _("Ngày ban hành"), _("Cơ quan ban hành"), _("Trích yếu"), _("Thực hiện văn bản")])
    for cell in docs[1]:
        cell.font = Font(bold=True)
    by_id = {result.document.pk: result.document}
    for level in result.levels:
        for node in level:
            by_id[node.document.pk] = node.document
    for level in result.levels:
        for node in level:
            d = node.document
            docs.append([node.level, d.notation, _date(d.issued_on), d.issuer_display, d.abstract,
                         by_id[node.parent_id].notation if node.parent_id in by_id else ""])
    for sheet in (ws, docs):
        for column, width in zip("ABCDEFG", (40, 16, 24, 16, 60, 18, 18), strict=True):
            sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
