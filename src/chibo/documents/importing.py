"""Bulk registration from an Excel sheet: atomic, with a row-by-row error report.

Columns: Số hiệu | Cơ quan ban hành | Ngày ban hành | Trích yếu | Người ký | Chức vụ | Độ mật |
Phạm vi | Thực hiện văn bản (số hiệu). Any row error and nothing is registered.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from chibo.accounts.audit import record
from chibo.text import fold

from . import textual
from .models import Confidentiality, Distribution, RegistrationSource, RelationKind
from .selectors import nearest_by_notation
from .services import DocumentConflict, do_register_document, do_relate_documents

COLUMNS = ["Số hiệu", "Cơ quan ban hành", "Ngày ban hành", "Trích yếu", "Người ký", "Chức vụ", "Độ mật",
           "Phạm vi", "Thực hiện văn bản"]
MAX_ROWS = 50_000


@dataclass
class ImportReport:
    created: int = 0
    existing: int = 0
    relations: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportFailed(Exception):
    def __init__(self, report: ImportReport):
        super().__init__(_("Nhập văn bản không thành công: không văn bản nào được ghi."))
        self.report = report


def _lookup(choices) -> dict[str, str]:
    return {fold(str(label)): value for value, label in choices} | {value: value for value, _label in choices}


def _cell_date(value) -> datetime.date | None:
    """A date cell: Excel's own date, or text such as 11/01/2021 read by chibo.text."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    issued_on = textual.parse_date(text)
    if issued_on is None:
        raise ValidationError(_("Ngày ban hành “%(d)s” không hợp lệ.") % {"d": text})
    return issued_on


def template_workbook() -> bytes:
    import io

    wb = Workbook()
    ws = wb.active
    ws.title = "Văn bản"
    ws.append(COLUMNS)
    ws.append(["11-KH/BTGTU", "Ban Tuyên giáo Tỉnh ủy", "11/01/2021", "Về tủ sách chi bộ", "", "", "Thường",
               "Công khai", ""])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def import_documents(file, *, owner, actor) -> ImportReport:
    """Register every row or none. Raises ImportFailed with the report when a row is wrong."""
    report = ImportReport()
    try:
        wb = load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:
        report.errors.append((0, _("Không đọc được tệp Excel (.xlsx).")))
        raise ImportFailed(report) from exc
    ws = wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = [fold(str(c or "")) for c in next(rows, [])]
    wanted = [fold(c) for c in COLUMNS]
    if header[: len(wanted)] != wanted:
        report.errors.append((1, _("Dòng tiêu đề phải là: %(cols)s") % {"cols": " | ".join(COLUMNS)}))
        raise ImportFailed(report)
    grades, reaches = _lookup(Confidentiality.choices), _lookup(Distribution.choices)
    links = []
    try:
        with transaction.atomic():
            for number, row in enumerate(rows, start=2):
                if number > MAX_ROWS:
                    report.errors.append((number, _("Quá nhiều dòng (tối đa %(n)s).") % {"n": MAX_ROWS}))
                    break
                cells = [("" if c is None else c) for c in list(row) + [None] * len(COLUMNS)][: len(COLUMNS)]
                if not any(str(c).strip() for c in cells):
                    continue
                notation, issuer_name, date, abstract, signer, position, grade, reach, parent = cells
                try:
                    issued_on = _cell_date(date)
                    confidentiality = grades.get(fold(str(grade)) or "thuong")
                    distribution = reaches.get(fold(str(reach)) or "cong khai")
                    if confidentiality is None:
                        raise ValidationError(_("Độ mật “%(v)s” không hợp lệ (Thường, Mật, Tối mật, Tuyệt mật).") % {"v": grade})
                    if distribution is None:
                        raise ValidationError(_("Phạm vi “%(v)s” không hợp lệ (Công khai, Lưu hành nội bộ).") % {"v": reach})
                    document = do_register_document(
                        owner=owner, actor=actor, notation=str(notation), issuer_name=str(issuer_name).strip(),
                        issued_on=issued_on, abstract=str(abstract), signer=str(signer), signer_position=str(position),
                        confidentiality=confidentiality, distribution=distribution, source=RegistrationSource.IMPORT,
                    )
                except DocumentConflict as exc:
                    report.errors.append((number, exc.messages[0]))
                    continue
                except (ValidationError, ValueError) as exc:
                    messages = getattr(exc, "messages", None) or [str(exc)]
                    report.errors.append((number, "; ".join(messages)))
                    continue
                except PermissionDenied as exc:
                    report.errors.append((number, str(exc)))
                    continue
                if document.created:
                    report.created += 1
                else:
                    report.existing += 1
                if str(parent).strip():
                    links.append((number, document, str(parent).strip()))
            for number, document, parent in links:
                # Only a document the importing user may read, the one nearest the registry in the tree.
                target = nearest_by_notation(actor, parent, owner)
                if target is None:
                    report.errors.append((number, _("Không tìm thấy văn bản “%(n)s” để liên kết.") % {"n": parent}))
                    continue
                if target.pk == document.pk:
                    report.errors.append((number, _("Một văn bản không thể liên kết với chính nó.")))
                    continue
                relation = do_relate_documents(document, target, RelationKind.IMPLEMENTS)
                report.relations += int(relation.created)
            if report.errors:
                raise ImportFailed(report)
            record(actor, "documents.import", None, unit=owner, created=report.created, existing=report.existing)
    except ImportFailed:
        raise
    return report
