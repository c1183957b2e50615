"""Excel and Word for reports: the offline entry template and its upload, and roll-up exports.

The entry workbook has one sheet, "BaoCao": the form, unit and period it belongs to in B2:B4,
and one row per typed indicator from row 7 (code, name, unit of measure, value). An upload is
all or nothing: any wrong cell gives an error naming its row, and nothing is saved.
"""

import io
import zipfile
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from . import services
from .models import Period, ReportForm, Submission, ValueType
from .numbers import format_number

SHEET = "BaoCao"
FIRST_ROW = 7
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_ROWS = 500


class UploadError(Exception):
    """An upload that was rejected as a whole; `errors` lists (row or None, message)."""

    def __init__(self, errors):
        super().__init__("; ".join(m for _r, m in errors))
        self.errors = errors


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format_number(value)
    return str(value)


def entry_template(form: ReportForm, unit, period: Period, submission: Submission | None = None) -> bytes:
    """Mẫu Excel nhập báo cáo, with the current figures when a report exists."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    current = {}
    if submission is not None:
        for v in submission.values.select_related("indicator"):
            current[v.indicator.code] = v.text if v.indicator.value_type == ValueType.TEXT else v.number
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    bold = Font(bold=True)
    ws["A1"] = _("BÁO CÁO SỐ LIỆU")
    ws["A1"].font = Font(bold=True, size=14)
    for row, (label, value) in enumerate([
        (_("Biểu mẫu"), form.code), (_("Tổ chức (mã số)"), unit.pk), (_("Kỳ báo cáo (mã số)"), period.pk),
    ], start=2):
        ws.cell(row=row, column=1, value=label).font = bold
        ws.cell(row=row, column=2, value=value)
    ws.cell(row=2, column=3, value=form.name)
    ws.cell(row=3, column=3, value=unit.name)
    ws.cell(row=4, column=3, value=period.label)
    headers = [_("Mã chỉ tiêu"), _("Tên chỉ tiêu"), _("Đơn vị tính"), _("Giá trị"), _("Hướng dẫn")]
    fill = PatternFill("solid", fgColor="FFF2CC")
    for col, header in enumerate(headers, start=1):
        cell = ws.cell(row=FIRST_ROW - 1, column=col, value=header)
        cell.font = bold
    row = FIRST_ROW
    for ind in form.indicators.all():
        if ind.is_computed:
            continue
        ws.cell(row=row, column=1, value=ind.code)
        ws.cell(row=row, column=2, value=ind.name)
        ws.cell(row=row, column=3, value=ind.measure)
        value = current.get(ind.code)
        cell = ws.cell(row=row, column=4, value=value if value not in ("", None) else None)
        cell.fill = fill
        hint = [ind.get_value_type_display()]
        if ind.required:
            hint.append(_("bắt buộc"))
        if ind.min_value is not None or ind.max_value is not None:
            hint.append(_("từ %(a)s đến %(b)s") % {"a": format_number(ind.min_value) or "…", "b": format_number(ind.max_value) or "…"})
        ws.cell(row=row, column=5, value=", ".join(str(h) for h in hint))
        row += 1
    for col, width in zip("ABCDE", (14, 60, 14, 20, 30), strict=True):
        ws.column_dimensions[col].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def read_entry_upload(data: bytes, form: ReportForm, unit, period: Period) -> dict:
    """Check an uploaded entry workbook against the form; return {code: raw value} or raise UploadError."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadError([(None, _("Tệp quá lớn (tối đa 2 MB). Hãy dùng đúng mẫu Excel tải về."))])
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise UploadError([(None, _("Tệp không phải là bảng tính Excel (.xlsx)."))])
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise UploadError([(None, _("Không đọc được tệp Excel: %(e)s") % {"e": exc.__class__.__name__})]) from exc
    if SHEET not in wb.sheetnames:
        raise UploadError([(None, _("Không có trang “%(s)s”: hãy dùng đúng mẫu Excel tải về.") % {"s": SHEET})])
    ws = wb[SHEET]
    rows = list(ws.iter_rows(min_row=1, max_row=FIRST_ROW + MAX_ROWS + 1, max_col=6, values_only=True))
    wb.close()
    errors = []
    header = {2: form.code, 3: unit.pk, 4: period.pk}
    names = {2: _("biểu mẫu"), 3: _("tổ chức"), 4: _("kỳ báo cáo")}
    for r, expected in header.items():
        got = rows[r - 1][1] if len(rows) >= r and len(rows[r - 1]) > 1 else None
        if str(got).strip() != str(expected):
            errors.append((r, _("Mẫu này không phải của %(what)s đang nhập (ô B%(r)d).") % {"what": names[r], "r": r}))
    if errors:
        raise UploadError(errors)
    if len(rows) > FIRST_ROW + MAX_ROWS:
        raise UploadError([(None, _("Quá nhiều dòng (tối đa %(n)d).") % {"n": MAX_ROWS})])
    indicators = {i.code: i for i in form.indicators.all()}
    raw, seen = {}, {}
    row_of = {}
    for r, cells in enumerate(rows[FIRST_ROW - 1:], start=FIRST_ROW):
        cells = list(cells) + [None] * 5
        code, value = cells[0], cells[3]
        if code is None and all(c is None for c in cells[1:5]):
            continue
        code = str(code or "").strip()
        ind = indicators.get(code)
        if ind is None:
            errors.append((r, _("Dòng %(r)d: mã chỉ tiêu “%(c)s” không có trong biểu mẫu.") % {"r": r, "c": code}))
            continue
        if ind.is_computed:
            errors.append((r, _("Dòng %(r)d: chỉ tiêu “%(n)s” được tính tự động, không nhập.") % {"r": r, "n": ind.name}))
            continue
        if code in seen:
            errors.append((r, _("Dòng %(r)d: chỉ tiêu “%(c)s” lặp lại (đã có ở dòng %(p)d).") % {"r": r, "c": code, "p": seen[code]}))
            continue
        seen[code] = r
        if isinstance(value, float):
            value = Decimal(repr(value))
        try:
            services.clean_value(ind, value)
        except ValueError as exc:
            errors.append((r, _("Dòng %(r)d: %(e)s") % {"r": r, "e": exc}))
            continue
        raw[code] = value
        row_of[code] = r
    if errors:
        raise UploadError(errors)
    return raw


def import_entry(actor, data: bytes, form: ReportForm, unit, period: Period) -> Submission:
    """Nhập báo cáo từ Excel: all values or none."""
    raw = read_entry_upload(data, form, unit, period)
    try:
        return services.do_save_report(actor, unit, form, period, raw)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            raise UploadError([(None, m) for msgs in exc.message_dict.values() for m in msgs]) from exc
        raise UploadError([(None, m) for m in exc.messages]) from exc


# --- Roll-up exports -------------------------------------------------------------------------


def _display(figure) -> str:
    if figure is None or figure.value is None:
        return ""
    ind = figure.indicator
    if ind.value_type == ValueType.BOOLEAN and ind.aggregation != "sum":
        return _("Có") if figure.value else _("Không")
    return format_number(figure.value)


def rollup_workbook(rollup, trend_periods=(), trend=None) -> bytes:
    """Bảng tổng hợp Excel: totals, comparison between child units, trend by period."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "TongHop"
    bold = Font(bold=True)
    ws.append([f"{rollup.form.code} — {rollup.form.name}"])
    ws.append([rollup.unit.name, rollup.period.label])
    ws.append([_("Đã báo cáo"), rollup.total.reported, _("Phải báo cáo"), rollup.total.expected, _("Đúng hạn"), rollup.total.on_time])
    ws.append([])
    ws.append([_("Mã"), _("Chỉ tiêu"), _("Đơn vị tính"), _("Cách tổng hợp"), _("Tổng hợp")])
    for cell in ws[5]:
        cell.font = bold
    for ind in rollup.indicators:
        figure = rollup.total.figures.get(ind.code)
        ws.append([ind.code, ind.name, ind.measure, ind.get_aggregation_display(), figure.value if figure else None])
    if rollup.children:
        cs = wb.create_sheet("TheoDonVi")
        cs.append([_("Tổ chức"), _("Đã báo cáo"), _("Phải báo cáo"), _("Đúng hạn")] + [ind.code for ind in rollup.indicators])
        for row in rollup.children:
            cs.append([row.unit.name, row.reported, row.expected, row.on_time]
                      + [row.figures[ind.code].value for ind in rollup.indicators])
    if trend:
        ts = wb.create_sheet("XuHuong")
        ts.append([_("Chỉ tiêu")] + [p.label for p in trend_periods])
        for ind in rollup.indicators:
            ts.append([ind.name] + list(trend.get(ind.code, [])))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


_PLACE_WORDS = ("thành phố", "tỉnh", "huyện", "quận", "thị xã", "thị trấn", "phường", "xã", "đặc khu")


def place_name(place: str) -> str:
    """The place written before the date of a Party document: "phường Trạm Tấu" → "Trạm Tấu"."""
    first = (place or "").split(",")[0].strip()
    lowered = first.lower()
    for word in _PLACE_WORDS:
        if lowered.startswith(word + " "):
            return first[len(word) + 1:].strip()
    return first


def signing_body(unit) -> str:
    """Who signs the report: "T/M BAN THƯỜNG VỤ" for a committee, "T/M CHI BỘ" for a cell…"""
    from chibo.orgs.models import CELL_KINDS, FUNCTIONAL_KINDS, UnitKind

    if unit.kind in CELL_KINDS:
        return _("T/M CHI BỘ")
    if unit.kind == UnitKind.GRASSROOTS:
        return _("T/M ĐẢNG ỦY")
    if unit.kind in FUNCTIONAL_KINDS:
        return unit.name.upper()
    return _("T/M BAN THƯỜNG VỤ")


def _set_landscape(section) -> None:
    from docx.enum.section import WD_ORIENT

    section.orientation = WD_ORIENT.LANDSCAPE
    if section.page_width < section.page_height:
        section.page_width, section.page_height = section.page_height, section.page_width


def rollup_document(rollup, place: str = "") -> bytes:
    """Báo cáo Word theo thể thức văn bản của Đảng.

    The committee above and the reporting committee at the left with its number line
    ("Số    -BC/HU"), ĐẢNG CỘNG SẢN VIỆT NAM and the place and date at the right; the title; the
    totals table; the comparison of subordinate organisations (every figure, on a landscape page);
    recipients and the signing body.
    """
    from docx import Document
    from docx.enum.section import WD_SECTION
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    section = doc.sections[0]
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin = section.bottom_margin = Cm(2)
    header = doc.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    parent = rollup.unit.get_parent()
    # A provincial committee heads its own documents: no "TRUNG ƯƠNG" line above it.
    above = parent if parent is not None and parent.depth > 1 else None
    left.paragraphs[0].text = above.name.upper() if above else ""
    p = left.add_paragraph()
    run = p.add_run(rollup.unit.name.upper())
    run.bold = True
    left.add_paragraph("*")
    left.add_paragraph(_("Số      -BC/%(code)s") % {"code": rollup.unit.code} if rollup.unit.code else _("Số      -BC"))
    for para in left.paragraphs:
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = right.paragraphs[0].add_run("ĐẢNG CỘNG SẢN VIỆT NAM")
    run.bold = True
    run.underline = True
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    today = timezone.localdate()
    dated = right.add_paragraph()
    dated.alignment = WD_ALIGN_PARAGRAPH.CENTER
    dated_run = dated.add_run(_("%(place)s, ngày %(d)02d tháng %(m)02d năm %(y)d") % {
        "place": place or place_name(rollup.unit.place or next(
            (u.place for u in reversed(list(rollup.unit.ancestors())) if u.place), "")) or "……",
        "d": today.day, "m": today.month, "y": today.year})
    dated_run.italic = True
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    t = title.add_run(_("BÁO CÁO"))
    t.bold = True
    t.font.size = Pt(15)
    sub = doc.add_paragraph()
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sub.add_run(_("%(form)s — %(period)s") % {"form": rollup.form.name, "period": rollup.period.label}).bold = True
    total = rollup.total
    doc.add_paragraph(_("Số tổ chức đã báo cáo: %(r)s/%(e)s (%(c)s%%); đúng hạn: %(o)s (%(t)s%%).") % {
        "r": format_number(total.reported), "e": format_number(total.expected),
        "c": format_number(total.completeness) if total.completeness is not None else "—",
        "o": format_number(total.on_time),
        "t": format_number(total.timeliness) if total.timeliness is not None else "—"})
    shown = [ind for ind in rollup.indicators if ind.aggregation != "none"]
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, [_("TT"), _("Chỉ tiêu"), _("Đơn vị tính"), _("Kết quả")], strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(str(text)).bold = True
    for n, ind in enumerate(shown, start=1):
        cells = table.add_row().cells
        cells[0].text = str(n)
        cells[1].text = ind.name
        cells[2].text = ind.measure
        cells[3].text = _display(rollup.total.figures.get(ind.code))
        cells[3].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if rollup.children:
        # Every figure of every subordinate organisation: a wide table on a landscape page.
        wide = doc.add_section(WD_SECTION.NEW_PAGE)
        _set_landscape(wide)
        doc.add_paragraph(_("Số liệu theo tổ chức trực thuộc")).runs[0].bold = True
        ct = doc.add_table(rows=1, cols=3 + len(shown))
        ct.style = "Table Grid"
        heads = [_("TT"), _("Tổ chức"), _("Đã báo cáo")] + [
            f"{ind.name} ({ind.measure})" if ind.measure else ind.name for ind in shown]
        for cell, text in zip(ct.rows[0].cells, heads, strict=True):
            cell.text = ""
            run = cell.paragraphs[0].add_run(str(text))
            run.bold = True
            run.font.size = Pt(10)
        for n, row in enumerate(rollup.children, start=1):
            cells = ct.add_row().cells
            values = [str(n), row.unit.name, f"{row.reported}/{row.expected}"] + [
                _display(row.figures.get(ind.code)) for ind in shown]
            for i, (cell, text) in enumerate(zip(cells, values, strict=True)):
                cell.text = ""
                run = cell.paragraphs[0].add_run(text)
                run.font.size = Pt(10)
                if i >= 2:
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph()
    footer = doc.add_table(rows=1, cols=2)
    recipients, signer = footer.rows[0].cells
    recipients.text = ""
    r = recipients.paragraphs[0].add_run(_("Nơi nhận:"))
    r.bold = r.italic = True
    superior = above.name if above else (_("Ban Bí thư") if parent is not None else "")
    for line in ([_("- %(unit)s (để báo cáo),") % {"unit": superior}] if superior else []) + [_("- Lưu.")]:
        recipients.add_paragraph(line).runs[0].font.size = Pt(11)
    signer.text = ""
    signer.paragraphs[0].add_run(signing_body(rollup.unit)).bold = True
    signer.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
