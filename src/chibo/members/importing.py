"""Bulk import of units and members from an Excel workbook, the way offices already keep them.

Sheet "Tổ chức": Tên tổ chức | Tên viết tắt | Ký hiệu | Loại | Trực thuộc | Địa bàn
Sheet "Đảng viên": Họ và tên | Giới tính | Năm sinh | Số thẻ đảng viên | Ngày vào Đảng |
                   Ngày chính thức | Tình trạng | Chi bộ | Đảng bộ | Điện thoại

Units named in "Trực thuộc", "Chi bộ" and "Đảng bộ" are found by name (diacritics, case and
tone-mark placement ignored) inside the importing unit's subtree, including units created
earlier in the same sheet. The import is atomic: any row error and nothing is written.
Duplicates (same card number, or same name, birth year and cell — in the file or already
stored) are reported, never merged.
"""

import datetime
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from chibo.accounts.audit import record
from chibo.orgs.models import Unit, UnitKind
from chibo.text import fold

from .models import Gender, Person, PersonStatus

UNIT_SHEET = "Tổ chức"
MEMBER_SHEET = "Đảng viên"
UNIT_COLUMNS = ["Tên tổ chức", "Tên viết tắt", "Ký hiệu", "Loại", "Trực thuộc", "Địa bàn"]
MEMBER_COLUMNS = [
    "Họ và tên", "Giới tính", "Năm sinh", "Số thẻ đảng viên", "Ngày vào Đảng", "Ngày chính thức",
    "Tình trạng", "Chi bộ", "Đảng bộ", "Điện thoại",
]
MAX_ROWS = 200_000


@dataclass
class ImportReport:
    units_created: int = 0
    people_created: int = 0
    errors: list[tuple[str, int, str]] = field(default_factory=list)
    duplicates: list[tuple[int, str, int | None]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.duplicates

    def error(self, sheet: str, row: int, message: str) -> None:
        self.errors.append((sheet, row, message))


class ImportFailed(Exception):
    def __init__(self, report: ImportReport):
        super().__init__(_("Nhập dữ liệu không thành công"))
        self.report = report


def _choice_lookup(choices) -> dict[str, str]:
    table = {}
    for value, label in choices:
        table[fold(str(label))] = value
        table[fold(str(value))] = value
    return table


KIND_LOOKUP = _choice_lookup(UnitKind.choices) | {
    "chi bo": UnitKind.CELL, "dang bo xa": UnitKind.COMMUNE, "dang bo phuong": UnitKind.COMMUNE,
    "dang uy xa": UnitKind.COMMUNE, "dang uy phuong": UnitKind.COMMUNE, "to dang": UnitKind.GROUP,
    "dang bo co so": UnitKind.GRASSROOTS, "chi bo co so": UnitKind.GRASSROOTS_CELL,
}
STATUS_LOOKUP = _choice_lookup(PersonStatus.choices) | {
    "chinh thuc": PersonStatus.FULL, "du bi": PersonStatus.PROBATIONARY, "": PersonStatus.FULL,
}
GENDER_LOOKUP = {"nam": Gender.MALE, "nu": Gender.FEMALE, "m": Gender.MALE, "f": Gender.FEMALE, "": ""}


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _parse_date(value, label: str) -> datetime.date | None:
    from chibo.text import parse_date

    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    parsed = parse_date(str(value))
    if parsed is None:
        raise ValueError(_("%(label)s “%(value)s” không phải ngày hợp lệ (dd/mm/yyyy).") % {"label": label, "value": value})
    return parsed


def _rows(workbook, sheet_name: str, columns: list[str], report: ImportReport):
    if sheet_name not in workbook.sheetnames:
        return
    sheet = workbook[sheet_name]
    header = None
    for index, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        if index > MAX_ROWS:
            report.error(sheet_name, index, _("Quá %(n)s dòng.") % {"n": MAX_ROWS})
            return
        cells = [_cell_text(v) for v in row]
        if header is None:
            if not any(cells):
                continue
            folded = [fold(c) for c in cells]
            missing = [c for c in columns[:1] if fold(c) not in folded]
            if missing:
                report.error(sheet_name, index, _("Thiếu cột “%(col)s” ở dòng tiêu đề.") % {"col": missing[0]})
                return
            header = {fold(c): folded.index(fold(c)) for c in columns if fold(c) in folded}
            continue
        if not any(cells):
            continue
        yield index, {c: (cells[header[fold(c)]] if fold(c) in header and header[fold(c)] < len(cells) else "") for c in columns}, row


class _UnitResolver:
    """Find units by folded name inside the importing root's subtree."""

    def __init__(self, root: Unit):
        self.root = root
        self.by_name: dict[str, list[Unit]] = {}
        for unit in Unit.objects.subtree_of(root).current().only("id", "path", "depth", "name", "short_name", "numchild"):
            self.add(unit)

    def add(self, unit: Unit) -> None:
        for name in {fold(unit.name), fold(unit.short_name)} - {""}:
            self.by_name.setdefault(name, []).append(unit)

    def find(self, name: str, within: Unit | None = None) -> list[Unit]:
        found = self.by_name.get(fold(name), [])
        if within is not None:
            found = [u for u in found if u.path.startswith(within.path)]
        return found


def workbook_template() -> bytes:
    """An empty workbook with both sheets and their header rows."""
    wb = Workbook()
    ws = wb.active
    ws.title = UNIT_SHEET
    ws.append(UNIT_COLUMNS)
    ws2 = wb.create_sheet(MEMBER_SHEET)
    ws2.append(MEMBER_COLUMNS)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _open(data: bytes):
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise ValueError(_("Tệp không phải bảng tính Excel (.xlsx) hợp lệ.")) from exc


def import_workbook(data: bytes, *, root: Unit, actor=None, dry_run: bool = False) -> ImportReport:
    """Import units and members under `root`. Atomic; raises ImportFailed with the report on any error."""
    report = ImportReport()
    try:
        workbook = _open(data)
    except ValueError as exc:
        report.error("", 0, str(exc))
        raise ImportFailed(report) from exc
    if UNIT_SHEET not in workbook.sheetnames and MEMBER_SHEET not in workbook.sheetnames:
        report.error("", 0, _("Không thấy trang “%(a)s” hoặc “%(b)s” trong tệp.") % {"a": UNIT_SHEET, "b": MEMBER_SHEET})
        raise ImportFailed(report)
    with transaction.atomic():
        resolver = _UnitResolver(root)
        _import_units(workbook, root, resolver, report, actor)
        _import_members(workbook, root, resolver, report)
        if not report.ok:
            transaction.set_rollback(True)
            raise ImportFailed(report)
        if dry_run:
            transaction.set_rollback(True)
        else:
            record(actor, "members.import_workbook", root, units=report.units_created, people=report.people_created)
    return report


def _import_units(workbook, root, resolver, report, actor) -> None:
    from chibo.orgs.services import do_create_unit

    for row_no, row, _raw in _rows(workbook, UNIT_SHEET, UNIT_COLUMNS, report):
        name, parent_name = row["Tên tổ chức"], row["Trực thuộc"]
        kind = KIND_LOOKUP.get(fold(row["Loại"]))
        if not name:
            report.error(UNIT_SHEET, row_no, _("Thiếu tên tổ chức."))
            continue
        if kind is None:
            report.error(UNIT_SHEET, row_no, _("Loại tổ chức “%(v)s” không có trong danh mục.") % {"v": row["Loại"]})
            continue
        parents = resolver.find(parent_name) if parent_name else [root]
        if len(parents) != 1:
            msg = (_("Không tìm thấy tổ chức cấp trên “%(v)s” trong phạm vi của bạn.") if not parents
                   else _("Có %(n)s tổ chức cùng tên “%(v)s”; hãy ghi tên đầy đủ hơn."))
            report.error(UNIT_SHEET, row_no, msg % {"v": parent_name, "n": len(parents)})
            continue
        parent = Unit.objects.get(pk=parents[0].pk)
        if resolver.find(name, within=parent) and any(u.depth == parent.depth + 1 for u in resolver.find(name, within=parent)):
            report.duplicates.append((row_no, _("Tổ chức “%(v)s” đã có trong %(p)s.") % {"v": name, "p": parent.name}, None))
            continue
        unit = do_create_unit(parent, name=name, kind=kind, short_name=row["Tên viết tắt"], code=row["Ký hiệu"],
                              place=row["Địa bàn"], actor=actor)
        resolver.add(unit)
        report.units_created += 1


def _import_members(workbook, root, resolver, report) -> None:
    seen_cards: dict[str, int] = {}
    seen_people: dict[tuple, int] = {}
    new_people: list[Person] = []
    for row_no, row, _raw in _rows(workbook, MEMBER_SHEET, MEMBER_COLUMNS, report):
        name = row["Họ và tên"]
        if not name:
            report.error(MEMBER_SHEET, row_no, _("Thiếu họ và tên."))
            continue
        within = None
        if row["Đảng bộ"]:
            parents = resolver.find(row["Đảng bộ"])
            if len(parents) != 1:
                report.error(MEMBER_SHEET, row_no, _("Không xác định được đảng bộ “%(v)s”.") % {"v": row["Đảng bộ"]})
                continue
            within = parents[0]
        cells = resolver.find(row["Chi bộ"], within=within) if row["Chi bộ"] else []
        if len(cells) != 1:
            msg = (_("Không tìm thấy chi bộ “%(v)s” trong phạm vi của bạn.") if not cells
                   else _("Có %(n)s chi bộ tên “%(v)s”; hãy ghi thêm cột Đảng bộ."))
            report.error(MEMBER_SHEET, row_no, msg % {"v": row["Chi bộ"], "n": len(cells)})
            continue
        cell = cells[0]
        try:
            status = STATUS_LOOKUP[fold(row["Tình trạng"])]
            gender = GENDER_LOOKUP[fold(row["Giới tính"])]
            birth_year = int(row["Năm sinh"]) if row["Năm sinh"] else None
            if birth_year is not None and not 1900 <= birth_year <= datetime.date.today().year - 16:
                raise ValueError(_("Năm sinh %(v)s không hợp lệ.") % {"v": birth_year})
            joined = _parse_date(row["Ngày vào Đảng"], _("Ngày vào Đảng"))
            full = _parse_date(row["Ngày chính thức"], _("Ngày chính thức"))
            if joined and full and full < joined:
                raise ValueError(_("Ngày chính thức trước ngày vào Đảng."))
        except KeyError as exc:
            report.error(MEMBER_SHEET, row_no, _("Giá trị “%(v)s” không có trong danh mục.") % {"v": exc.args[0]})
            continue
        except ValueError as exc:
            msg = str(exc) if "invalid literal" not in str(exc) else _("Năm sinh “%(v)s” phải là số.") % {"v": row["Năm sinh"]}
            report.error(MEMBER_SHEET, row_no, msg)
            continue
        card = row["Số thẻ đảng viên"] or None
        key = (fold(name), birth_year, cell.pk)
        if card and card in seen_cards:
            report.duplicates.append((row_no, _("Trùng số thẻ %(c)s với dòng %(r)s.") % {"c": card, "r": seen_cards[card]}, None))
            continue
        if key in seen_people:
            report.duplicates.append((row_no, _("Trùng họ tên, năm sinh và chi bộ với dòng %(r)s.") % {"r": seen_people[key]}, None))
            continue
        existing = None
        if card:
            existing = Person.objects.filter(card_number=card).first()
        if existing is None:
            existing = Person.objects.filter(name_folded=fold(name), birth_year=birth_year, unit=cell).first()
        if existing is not None:
            report.duplicates.append((row_no, _("Đã có %(n)s (%(u)s).") % {"n": existing.full_name, "u": existing.unit.name}, existing.pk))
            continue
        if card:
            seen_cards[card] = row_no
        seen_people[key] = row_no
        new_people.append(Person(
            unit_id=cell.pk, full_name=name, name_folded=fold(name), gender=gender, birth_year=birth_year,
            status=status, card_number=card, joined_on=joined, full_member_on=full, phone=row["Điện thoại"],
        ))
    if report.ok and new_people:
        Person.objects.bulk_create(new_people, batch_size=2000)
        report.people_created = len(new_people)
