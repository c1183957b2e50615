"""Excel exports: a shelf's catalogue and a unit's shelf statistics (through the scope helper)."""

import io

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from . import selectors
from .models import Bookshelf, Title


def _save(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _header(ws, columns):
    ws.append(columns)
    for cell in ws[1]:
        cell.font = Font(bold=True)


def catalogue_workbook(shelf: Bookshelf) -> bytes:
    """Danh mục of one shelf (the caller has fetched it through the scope helper)."""
    wb = Workbook()
    ws = wb.active
    ws.title = _("Danh mục")
    _header(ws, [_("Nhan đề"), _("Loại"), _("Tác giả"), _("Nhà xuất bản"), _("Năm xuất bản"), _("ISBN"), _("Chủ đề"),
                 _("Số bản"), _("Có trên giá")])
    for t in selectors.with_copy_counts(Title.objects.filter(shelf=shelf)).order_by(*selectors.CATALOGUE_ORDER).iterator():
        ws.append([t.title, t.get_kind_display(), t.author, t.publisher, t.year, t.isbn, t.get_subject_display(),
                   t.copies_in_stock, t.copies_available])
    ws.column_dimensions["A"].width = 50
    return _save(wb)


STAT_COLUMNS = [
    ("shelves", gettext_lazy("Tủ sách")),
    ("active_shelves", gettext_lazy("Đang hoạt động")),
    ("titles", gettext_lazy("Đầu sách")),
    ("copies", gettext_lazy("Bản sách")),
    ("copies_lost", gettext_lazy("Bản thất lạc, hư hỏng")),
    ("loans", gettext_lazy("Lượt mượn")),
    ("overdue_loans", gettext_lazy("Quá hạn")),
    ("on_site_readings", gettext_lazy("Lượt đọc tại chỗ")),
    ("readers", gettext_lazy("Bạn đọc")),
    ("donations", gettext_lazy("Lượt tặng sách")),
    ("supporters", gettext_lazy("Đảng viên tham gia")),
]


def statistics_workbook(user, unit) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Thống kê tủ sách")
    _header(ws, [_("Tổ chức")] + [str(label) for _key, label in STAT_COLUMNS])
    total, rows = selectors.statistics(user, unit)
    for child, figures in rows:
        ws.append([child.name] + [figures[key] for key, _label in STAT_COLUMNS])
    ws.append([_("Tổng cộng %(u)s") % {"u": unit.name}] + [total[key] for key, _label in STAT_COLUMNS])
    ws.column_dimensions["A"].width = 45
    return _save(wb)
