"""Excel import of units and members: atomic, row-level errors, duplicates shown and never merged."""

import io

import pytest
from openpyxl import Workbook

from chibo.members.importing import MEMBER_COLUMNS, UNIT_COLUMNS, ImportFailed, import_workbook
from chibo.members.models import Person
from chibo.orgs.models import Unit


def workbook(units=(), members=(), unit_header=UNIT_COLUMNS, member_header=MEMBER_COLUMNS) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Tổ chức"
    ws.append(list(unit_header))
    for row in units:
        ws.append(list(row))
    ws2 = wb.create_sheet("Đảng viên")
    ws2.append(list(member_header))
    for row in members:
        ws2.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def member(name, year, cell, card="", commune="", status="Chính thức", joined="03/02/2010", full="03/02/2011"):
    return [name, "Nam", year, card, joined, full, status, cell, commune, ""]


def test_imports_units_then_members_into_them(tree):
    data = workbook(
        units=[["Chi bộ thôn 3", "", "CB", "Chi bộ trực thuộc", "Đảng ủy xã Hoà Bình", "thôn 3"]],
        members=[member("Lò Văn Páo", 1985, "Chi bộ thôn 3", card="0100200300"),
                 member("Nguyễn Thị Hoà", 1990, "chi bo thon 3", status="Dự bị", full="")],
    )
    report = import_workbook(data, root=tree.commune_a)
    assert (report.units_created, report.people_created) == (1, 2)
    cell = Unit.objects.get(name="Chi bộ thôn 3")
    assert cell.get_parent().pk == tree.commune_a.pk
    assert set(Person.objects.filter(unit=cell).values_list("full_name", "status")) == {
        ("Lò Văn Páo", "full"), ("Nguyễn Thị Hoà", "probationary")}


def test_a_bad_row_imports_nothing_and_names_the_row(tree):
    before = (Unit.objects.count(), Person.objects.count())
    data = workbook(
        units=[["Chi bộ thôn 4", "", "CB", "Chi bộ trực thuộc", "Đảng ủy xã Hoà Bình", ""]],
        members=[member("Lò Văn A", 1980, "Chi bộ thôn 1"),
                 member("Lò Văn B", "một chín tám", "Chi bộ thôn 1"),
                 member("Lò Văn C", 1981, "Chi bộ thôn 1", joined="31/02/2010")],
    )
    with pytest.raises(ImportFailed) as failed:
        import_workbook(data, root=tree.commune_a)
    rows = {(sheet, row) for sheet, row, _ in failed.value.report.errors}
    assert rows == {("Đảng viên", 3), ("Đảng viên", 4)}
    messages = " ".join(m for _, _, m in failed.value.report.errors)
    assert "Năm sinh" in messages and "Ngày vào Đảng" in messages
    assert (Unit.objects.count(), Person.objects.count()) == before


def test_duplicates_in_the_file_and_in_the_database_are_reported_not_merged(tree):
    existing = tree.people[tree.cells_a[0].pk][0]
    existing.card_number = "0999888777"
    existing.save()
    data = workbook(members=[
        member("Trần Văn Mới", 1975, "Chi bộ thôn 1", card="0111222333"),
        member("Trần Văn Khác", 1976, "Chi bộ thôn 2", card="0111222333"),
        member("Người Trùng Thẻ", 1970, "Chi bộ thôn 2", card="0999888777"),
        member(existing.full_name.upper(), existing.birth_year, "Chi bộ thôn 1"),
    ])
    count = Person.objects.count()
    with pytest.raises(ImportFailed) as failed:
        import_workbook(data, root=tree.commune_a)
    dup_rows = sorted(row for row, _, _ in failed.value.report.duplicates)
    assert dup_rows == [3, 4, 5]
    assert [pk for _, _, pk in failed.value.report.duplicates].count(existing.pk) == 2
    assert Person.objects.count() == count
    assert Person.objects.get(pk=existing.pk).full_name == existing.full_name


def test_ambiguous_cell_needs_the_commune_column(tree):
    from chibo.core.testing import make_unit

    make_unit(tree.commune_b, "Chi bộ thôn 1", "cell")
    data = workbook(members=[member("Lê Văn Đa", 1980, "Chi bộ thôn 1")])
    with pytest.raises(ImportFailed) as failed:
        import_workbook(data, root=tree.province)
    assert "Đảng bộ" in failed.value.report.errors[0][2]
    ok = workbook(members=[member("Lê Văn Đa", 1980, "Chi bộ thôn 1", commune="Đảng ủy phường Rạch Dừa")])
    assert import_workbook(ok, root=tree.province).people_created == 1


def test_units_outside_the_importing_subtree_are_not_found(tree):
    data = workbook(members=[member("Lê Văn Ngoài", 1980, "Chi bộ khu phố 1")])
    with pytest.raises(ImportFailed) as failed:
        import_workbook(data, root=tree.commune_a)
    assert "không tìm thấy" in failed.value.report.errors[0][2].lower()


@pytest.mark.parametrize("payload", [b"", b"not a workbook", b"PK\x03\x04 broken zip" * 100])
def test_a_file_that_is_not_a_workbook_is_refused_clearly(tree, payload):
    with pytest.raises(ImportFailed) as failed:
        import_workbook(payload, root=tree.commune_a)
    assert "Excel" in failed.value.report.errors[0][2]


def test_import_page_shows_row_errors(tree, commune_a_staff, client_as):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    data = workbook(members=[member("", 1980, "Chi bộ thôn 1")])
    response = client_as(commune_a_staff).post(
        reverse("members:import", args=[tree.commune_a.pk]),
        {"file": SimpleUploadedFile("dang-vien.xlsx", data)},
    )
    assert "Thiếu họ và tên" in response.text
    assert "Chưa có dữ liệu nào được lưu" in response.text
