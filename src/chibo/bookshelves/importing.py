"""Bulk import of a shelf's catalogue from Excel.

One sheet, header row: Nhan đề | Loại | Tác giả | Nhà xuất bản | Năm xuất bản | ISBN | Chủ đề | Số bản.
Every row is checked first and every problem is reported with its row number; if any row is
wrong nothing is written. Loại and Chủ đề accept the Vietnamese labels with or without
diacritics; an entry for a work already in the catalogue (same ISBN, or same title and author)
gains copies instead of a duplicate.
"""

import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from chibo import text as vntext
from chibo.accounts.audit import record
from chibo.text import fold

from . import services
from .models import Bookshelf, ItemKind, Subject

COLUMNS = ["Nhan đề", "Loại", "Tác giả", "Nhà xuất bản", "Năm xuất bản", "ISBN", "Chủ đề", "Số bản"]
MAX_ROWS = 20_000


@dataclass
class CatalogueImport:
    titles_created: int = 0
    titles_matched: int = 0
    copies_created: int = 0
    rows: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportFailed(Exception):
    def __init__(self, report: CatalogueImport):
        super().__init__(_("Nhập danh mục không thành công"))
        self.report = report


def _lookup(choices, extra: dict) -> dict[str, str]:
    table = {fold(str(label)): value for value, label in choices} | {fold(value): value for value, _label in choices}
    return table | extra


KINDS = _lookup(ItemKind.choices, {"": ItemKind.BOOK, "bao": ItemKind.PERIODICAL, "tap chi": ItemKind.PERIODICAL,
                                   "hinh anh": ItemKind.PHOTO, "anh": ItemKind.PHOTO})
SUBJECTS = _lookup(Subject.choices, {"": Subject.OTHER, "dang": Subject.PARTY, "xay dung dang": Subject.PARTY,
                                     "bien dao": Subject.SEA_ISLANDS, "kinh te": Subject.ECONOMY,
                                     "nong nghiep": Subject.ECONOMY, "khoa hoc": Subject.SCIENCE})


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _whole_number(value, label: str) -> int | None:
    """A whole number typed in a cell ("3", "1.000", 3.0), read by chibo.text when it can."""
    if value in (None, ""):
        return None
    if isinstance(value, int | float) and float(value).is_integer():
        return int(value)
    try:
        number = vntext.parse_number(str(value))
    except (ValueError, InvalidOperation):
        number = None
    if number is None or Decimal(number) != Decimal(number).to_integral_value():
        raise services.BookshelfError(_("%(label)s “%(v)s” không phải số nguyên.") % {"label": label, "v": value})
    return int(number)


def template() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Danh mục"
    ws.append(COLUMNS)
    ws.append(["Lịch sử Đảng Cộng sản Việt Nam", "Sách", "Hội đồng biên soạn", "NXB Chính trị quốc gia Sự thật",
               2020, "978-0-306-40615-7", "Đảng", 2])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _read_rows(data: bytes, report: CatalogueImport):
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        report.errors.append((0, _("Tệp không phải bảng tính Excel (.xlsx) hợp lệ.")))
        return
    sheet = wb.worksheets[0]
    header = None
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        if number > MAX_ROWS:
            report.errors.append((number, _("Quá %(n)s dòng; hãy chia thành nhiều tệp.") % {"n": MAX_ROWS}))
            return
        cells = list(row)
        if header is None:
            folded = [fold(_text(c)) for c in cells]
            if not any(folded):
                continue
            if fold("Nhan đề") not in folded:
                report.errors.append((number, _("Thiếu cột “Nhan đề” ở dòng tiêu đề.")))
                return
            header = {c: folded.index(fold(c)) for c in COLUMNS if fold(c) in folded}
            continue
        if not any(_text(c) for c in cells):
            continue
        yield number, {c: (cells[i] if i < len(cells) else None) for c, i in header.items()}


def _isbn_text(value) -> str:
    """An ISBN cell as typed. Excel keeps 0306406152 typed into a number cell as 306406152:
    an ISBN-10's leading zeros are put back (an ISBN-13 starts with 978 or 979, never 0)."""
    if isinstance(value, int | float) and float(value).is_integer():
        return str(int(value)).zfill(10)
    return _text(value)


def _check_row(row: dict) -> tuple[list[str], dict | None, int | None]:
    """(every problem of the row, its catalogue fields, its copies): the service's own rules, field by field,
    so that one pass over the file tells the user all that is wrong with each row."""
    problems = []

    def attempt(check):
        try:
            return check()
        except services.BookshelfError as exc:
            problems.append(str(exc))
            return None

    kind = KINDS.get(fold(_text(row.get("Loại"))))
    if kind is None:
        problems.append(_("Loại “%(v)s” không có trong danh mục.") % {"v": _text(row.get("Loại"))})
    subject = SUBJECTS.get(fold(_text(row.get("Chủ đề"))))
    if subject is None:
        problems.append(_("Chủ đề “%(v)s” không có trong danh mục.") % {"v": _text(row.get("Chủ đề"))})
    title = _text(row.get("Nhan đề"))
    attempt(lambda: services.clean_title_fields(title=title))
    year = attempt(lambda: _whole_number(row.get("Năm xuất bản"), _("Năm xuất bản")))
    attempt(lambda: services.clean_title_fields(title="-", year=year))
    isbn = _isbn_text(row.get("ISBN"))
    attempt(lambda: services.clean_title_fields(title="-", isbn=isbn))
    def count():
        typed = _whole_number(row.get("Số bản"), _("Số bản"))
        return services._check_copies(1 if typed is None else typed)

    copies = attempt(count)
    if problems:
        return problems, None, None
    fields = services.clean_title_fields(
        title=title, kind=kind, author=_text(row.get("Tác giả")), publisher=_text(row.get("Nhà xuất bản")),
        year=year, isbn=isbn, subject=subject,
    )
    return [], fields, copies


def import_catalogue(actor, shelf: Bookshelf, data: bytes) -> CatalogueImport:
    """Import the rows of `data` into `shelf`'s catalogue: all rows or none (ImportFailed)."""
    services._require_manager(actor, shelf.unit)
    report = CatalogueImport()
    parsed = []
    for number, row in _read_rows(data, report):
        report.rows += 1
        problems, fields, copies = _check_row(row)
        if problems:
            report.errors.append((number, "; ".join(problems)))
        else:
            parsed.append((number, fields, copies))
    if not report.errors and not parsed:
        report.errors.append((0, _("Tệp không có dòng dữ liệu nào.")))
    if report.errors:
        raise ImportFailed(report)
    on = timezone.localdate()
    with transaction.atomic():
        locked = services._lock(shelf)
        for _number, fields, copies in parsed:
            _title, new_copies, created = services._catalogue(locked, fields, copies, on)
            report.titles_created += created
            report.titles_matched += not created
            report.copies_created += len(new_copies)
        record(actor, "bookshelves.import_catalogue", shelf, unit=shelf.unit, titles=report.titles_created,
               copies=report.copies_created)
    return report
