"""Word minutes (biên bản) and Excel attendance rates."""

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Font

from chibo.orgs.models import Unit

from . import selectors
from .models import AttendanceStatus

PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"


def _hhmm(value) -> str:
    return f"{value:%H} giờ {value:%M}" if value else "…"


_PLACE_WORDS = ("thành phố", "tỉnh", "huyện", "quận", "thị xã", "thị trấn", "phường", "xã", "đặc khu")


def _place_of(unit: Unit) -> str:
    """The locality written before the date (“Trạm Tấu, ngày …”): the unit's place (or its nearest
    superior's), not the meeting room."""
    place = unit.place or next((u.place for u in reversed(list(unit.ancestors())) if u.place), "")
    first = place.split(",")[0].strip()
    for word in _PLACE_WORDS:
        if first.lower().startswith(word + " "):
            return first[len(word) + 1:].strip()
    return first


def _vn_date(on) -> str:
    return f"ngày {on:%d} tháng {on:%m} năm {on:%Y}"


def _para(doc, text="", *, bold=False, italic=False, align=None, size=None, space_after=2):
    p = doc.add_paragraph()
    if text:
        run = p.add_run(text)
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = Pt(size)
    if align is not None:
        p.alignment = align
    p.paragraph_format.space_after = Pt(space_after)
    return p


def _cell_text(cell, lines, *, bold_first=False, align=WD_ALIGN_PARAGRAPH.CENTER, italic_last=False):
    cell.text = ""
    for index, line in enumerate(lines):
        p = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        p.alignment = align
        run = p.add_run(line)
        run.bold = bold_first and index < 2
        run.italic = italic_last and index == len(lines) - 1


def _parent_name(unit: Unit) -> str:
    ancestors = list(unit.ancestors())
    return ancestors[-1].name if ancestors else ""


def minutes_docx(activity) -> bytes:
    """Biên bản in the usual layout, with the attendance table; counts come from the check-in."""
    counts = selectors.Counts.of(activity)
    rows = selectors.attendance_rows(activity)
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    for section in doc.sections:
        section.left_margin, section.right_margin = Cm(3), Cm(2)
        section.top_margin = section.bottom_margin = Cm(2)

    header = doc.add_table(rows=1, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = header.rows[0].cells
    parent = _parent_name(activity.unit)
    _cell_text(left, [line for line in (parent.upper(), activity.unit.name.upper(), "*") if line], bold_first=True)
    place = _place_of(activity.unit) or "……"
    _cell_text(right, [PARTY, "", f"{place}, {_vn_date(activity.on)}"], bold_first=True, italic_last=True)

    _para(doc)
    _para(doc, "BIÊN BẢN", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=15)
    _para(doc, selectors.display_title(activity), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=10)

    _para(doc, f"Thời gian: bắt đầu lúc {_hhmm(activity.starts_at)}, {_vn_date(activity.on)}.")
    _para(doc, f"Địa điểm: {activity.place or activity.unit.name}.")
    _para(doc, f"Chủ trì: đồng chí {activity.chair.full_name if activity.chair_id else '…'}.")
    _para(doc, f"Thư ký: đồng chí {activity.recorder.full_name if activity.recorder_id else '…'}.")
    _para(doc, "Thành phần tham dự:", bold=True)
    unmarked = f"; chưa điểm danh {counts.members_unmarked:02d}" if counts.members_unmarked else ""
    _para(doc, f"- Đảng viên: có mặt {counts.members_present:02d}/{counts.members_expected:02d} đồng chí; "
               f"vắng có lý do {counts.members_absent_excused:02d}; vắng không lý do {counts.members_absent_unexcused:02d}"
               f"{unmarked}.")
    _para(doc, f"- Cảm tình đảng, quần chúng: {counts.sympathisers_present:02d}.")
    _para(doc, f"- Khách mời: {counts.guests_present:02d}.")
    if activity.duration_minutes:
        hours, minutes = divmod(activity.duration_minutes, 60)
        _para(doc, f"- Thời lượng: {hours} giờ {minutes:02d} phút; số lượt phát biểu: {counts.contributions}.")
    else:
        _para(doc, f"- Số lượt phát biểu: {counts.contributions}.")

    _para(doc, "Danh sách điểm danh", bold=True, space_after=4)
    table = doc.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, title in zip(table.rows[0].cells, ("STT", "Họ và tên", "Thành phần", "Điểm danh", "Lượt phát biểu"), strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(title).bold = True
    for number, row in enumerate(rows, 1):
        status = row.get_status_display()
        if row.status == AttendanceStatus.EXCUSED and row.absence_reason:
            status += f" ({row.absence_reason})"
        name = row.display_name + (f" – {row.guest_organisation}" if row.guest_organisation else "")
        values = (str(number), name, row.get_category_display(), status, str(row.contributions or ""))
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value

    _para(doc)
    if activity.carries_out:
        _para(doc, "Văn bản thực hiện:", bold=True)
        _para(doc, activity.carries_out)
    if activity.agenda:
        _para(doc, "Chương trình:", bold=True)
        for line in activity.agenda.splitlines():
            _para(doc, line)
    _para(doc, "Nội dung:", bold=True)
    for line in (activity.contents or "…").splitlines():
        _para(doc, line)
    if activity.conclusions:
        _para(doc, "Kết luận:", bold=True)
        for line in activity.conclusions.splitlines():
            _para(doc, line)
    if activity.next_meeting_on:
        topic = f", nội dung: {activity.next_meeting_topic}" if activity.next_meeting_topic else ""
        _para(doc, f"Sinh hoạt tháng sau: ngày {activity.next_meeting_on:%d/%m/%Y}{topic}.")
    _para(doc, f"{activity.get_kind_display()} kết thúc lúc {_hhmm(activity.ends_at)} cùng ngày.", space_after=12)

    signatures = doc.add_table(rows=1, cols=2)
    _cell_text(signatures.rows[0].cells[0], ["THƯ KÝ", "", "", "", activity.recorder.full_name if activity.recorder_id else ""], bold_first=True)
    _cell_text(signatures.rows[0].cells[1], ["CHỦ TRÌ", "", "", "", activity.chair.full_name if activity.chair_id else ""], bold_first=True)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def rates_xlsx(unit: Unit, year: int, by_cell: list[dict], by_member: list[dict]) -> bytes:
    """Tỷ lệ dự sinh hoạt: a sheet by cell and a sheet by member."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Theo chi bộ"
    ws.append([f"Tỷ lệ đảng viên dự sinh hoạt thường kỳ năm {year} – {unit.name}"])
    ws["A1"].font = Font(bold=True)
    ws.append(["Chi bộ", "Số buổi", "Lượt được mời", "Lượt có mặt", "Tỷ lệ", "Lượt phát biểu"])
    for row in by_cell:
        ws.append([row["unit__name"], row["meetings"], row["expected"], row["present"], row["rate"], row["contributions"]])
        ws.cell(ws.max_row, 5).number_format = "0.0%"
    members = wb.create_sheet("Theo đảng viên")
    members.append(["Họ và tên", "Lượt được mời", "Lượt có mặt", "Tỷ lệ", "Lượt phát biểu"])
    for row in by_member:
        members.append([row["person__full_name"], row["invited"], row["present"], row["rate"], row["contributions"]])
        members.cell(members.max_row, 4).number_format = "0.0%"
    for sheet in (ws, members):
        for row in sheet.iter_rows(min_row=1 if sheet is members else 2, max_row=1 if sheet is members else 2):
            for cell in row:
                cell.font = Font(bold=True)
        sheet.column_dimensions["A"].width = 40
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
