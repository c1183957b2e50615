"""Excel import of a catalogue: every bad row reported by number, nothing half-imported."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from chibo.bookshelves import importing
from chibo.bookshelves.models import Copy, Title

from .factories import make_shelf

HEADER = ["Nhan đề", "Loại", "Tác giả", "Nhà xuất bản", "Năm xuất bản", "ISBN", "Chủ đề", "Số bản"]


def workbook(*rows, header=HEADER) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


GOOD = [
    ("Lịch sử Đảng bộ tỉnh", "Sách", "Ban biên soạn", "NXB Chính trị quốc gia", 2020, "978-0-306-40615-7", "Đảng", 2),
    ("Tìm hiểu Luật Đất đai", "sach", "", "NXB Tư pháp", "2024", "", "phap luat", "3"),
    ("Báo Nhân Dân", "Báo, tạp chí", "", "", None, "", "", None),
]


def test_good_workbook_imports_every_row(tree, cell_secretary):
    shelf = make_shelf(tree.cells_a[0])
    report = importing.import_catalogue(cell_secretary, shelf, workbook(*GOOD))
    assert (report.titles_created, report.copies_created) == (3, 6)
    law = Title.objects.get(shelf=shelf, title="Tìm hiểu Luật Đất đai")
    assert (law.subject, law.year, law.kind) == ("law", 2024, "book")
    assert Title.objects.get(title="Báo Nhân Dân").kind == "periodical"
    # Importing the same file again adds copies to the same titles: no duplicates.
    again = importing.import_catalogue(cell_secretary, shelf, workbook(*GOOD))
    assert (again.titles_created, again.titles_matched) == (0, 3) and Title.objects.filter(shelf=shelf).count() == 3


def test_bad_rows_are_reported_by_row_and_nothing_is_written(tree, cell_secretary):
    shelf = make_shelf(tree.cells_a[0])
    data = workbook(
        *GOOD,
        ("Sách ISBN sai", "Sách", "", "", 2020, "978-0-306-40615-8", "Đảng", 1),   # row 5
        ("", "Sách", "Ai đó", "", 2020, "", "", 1),                                 # row 6
        ("Sách chủ đề lạ", "Sách", "", "", 2020, "", "Thiên văn", 1),              # row 7
        ("Sách số bản lạ", "Sách", "", "", 2020, "", "", "hai"),                    # row 8
        ("Sách năm lạ", "Sách", "", "", 1500, "", "", 1),                           # row 9
    )
    with pytest.raises(importing.ImportFailed) as failed:
        importing.import_catalogue(cell_secretary, shelf, data)
    errors = dict(failed.value.report.errors)
    assert sorted(errors) == [5, 6, 7, 8, 9]
    assert "sai số kiểm tra" in errors[5] and "Thiếu nhan đề" in errors[6] and "Thiên văn" in errors[7]
    assert "không phải số nguyên" in errors[8] and "1500" in errors[9]
    assert not Title.objects.exists() and not Copy.objects.exists()


def test_a_file_that_is_not_a_workbook_or_lacks_the_title_column_is_refused(tree, cell_secretary):
    shelf = make_shelf(tree.cells_a[0])
    with pytest.raises(importing.ImportFailed) as failed:
        importing.import_catalogue(cell_secretary, shelf, b"not a workbook")
    assert "Excel" in failed.value.report.errors[0][1]
    with pytest.raises(importing.ImportFailed) as failed:
        importing.import_catalogue(cell_secretary, shelf, workbook(("a", "b"), header=["Tên", "Loại"]))
    assert "Nhan đề" in failed.value.report.errors[0][1]


def test_import_page_shows_errors_per_row(tree, cell_secretary, client_as):
    shelf = make_shelf(tree.cells_a[0])
    upload = io.BytesIO(workbook(GOOD[0], ("X", "Sách", "", "", "", "12345", "", 1)))
    upload.name = "danh-muc.xlsx"
    response = client_as(cell_secretary).post(reverse("bookshelves:import", args=[shelf.pk]), {"file": upload})
    html = response.content.decode()
    assert response.status_code == 200 and "10 hoặc 13 chữ số" in html and "<td>3</td>" in html
    assert not Title.objects.exists()


def test_every_problem_of_a_row_is_reported_and_excel_number_cells_keep_an_isbns_zero(tree, cell_secretary):
    shelf = make_shelf(tree.cells_a[0])
    data = workbook(
        ("Sách nhiều lỗi", "Sách", "", "", "hai nghìn", "", "khong ro", 0),            # row 2
        ("Sách ISBN-10 gõ như số", "Tài liệu", "", "", 2019, 306406152, "phap luat", 3),  # row 3
    )
    with pytest.raises(importing.ImportFailed) as failed:
        importing.import_catalogue(cell_secretary, shelf, data)
    errors = dict(failed.value.report.errors)
    assert list(errors) == [2]  # 306406152 is 0306406152, a valid ISBN-10, as Excel stored it
    assert "“khong ro”" in errors[2] and "Năm xuất bản “hai nghìn”" in errors[2] and "Số bản phải từ 1" in errors[2]
    assert not Title.objects.exists()
    report = importing.import_catalogue(cell_secretary, shelf, workbook(
        ("Sách ISBN-10 gõ như số", "Tài liệu", "", "", 2019, 306406152, "phap luat", 3)))
    assert report.copies_created == 3 and Title.objects.get().isbn == "0306406152"
