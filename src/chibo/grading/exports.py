"""Summary tables of a grading round, in Excel and in Word (the usual report layout)."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Font

from .models import GRADE_ORDER, Grade


def _header() -> list[str]:
    return [_("Tổ chức"), _("Tổng số"), *[str(Grade(g).label) for g in GRADE_ORDER], _("Chưa quyết định")]


def _row(row: dict) -> list:
    return [row["unit"].name if row.get("unit") else _("Tổng cộng"), row["total"], *[row[g] for g in GRADE_ORDER], row["undecided"]]


def summary_xlsx(grading_round, unit, member_rows, member_totals, org_rows, org_totals) -> bytes:
    wb = Workbook()
    for sheet_index, (title, rows, total) in enumerate(((_("Đảng viên"), member_rows, member_totals), (_("Tổ chức đảng"), org_rows, org_totals))):
        ws = wb.active if sheet_index == 0 else wb.create_sheet()
        ws.title = title
        ws.append([_("Kết quả đánh giá, xếp loại %(what)s năm %(year)s — %(unit)s") % {"what": title.lower(), "year": grading_round.year, "unit": unit.name}])
        ws["A1"].font = Font(bold=True)
        ws.append(_header())
        for row in rows:
            ws.append(_row(row))
        ws.append(_row(dict(total, unit=None)))
        ws.column_dimensions["A"].width = 48
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def summary_docx(grading_round, unit, member_rows, member_totals, org_rows, org_totals) -> bytes:
    doc = DocxDocument()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    head = doc.add_table(rows=1, cols=2)
    left, right = head.rows[0].cells
    left.text = f"{unit.name.upper()}\n*\n"
    right.text = "ĐẢNG CỘNG SẢN VIỆT NAM\n" + timezone.localdate().strftime("ngày %d tháng %m năm %Y")
    for cell in (left, right):
        for paragraph in cell.paragraphs:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(_("BÁO CÁO\nKết quả đánh giá, xếp loại chất lượng năm %(year)s") % {"year": grading_round.year})
    run.bold = True
    for heading, rows, total in ((_("I. Đảng viên"), member_rows, member_totals), (_("II. Tổ chức đảng"), org_rows, org_totals)):
        doc.add_paragraph().add_run(heading).bold = True
        table = doc.add_table(rows=1, cols=len(_header()))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, _header(), strict=True):
            cell.text = text
        for row in [*rows, dict(total, unit=None)]:
            cells = table.add_row().cells
            for cell, value in zip(cells, _row(row), strict=True):
                cell.text = str(value)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
