import io
import os
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from chibo.reporting import exports, selectors, services
from chibo.reporting.models import Submission, Value

from .factories import make_form, march_2023


@pytest.fixture
def ctx(tree, province_staff):
    return make_form(province_staff, tree.province), march_2023(), tree.cells_a[0]


def fill(data: bytes, values: dict) -> bytes:
    wb = load_workbook(io.BytesIO(data))
    ws = wb[exports.SHEET]
    for row in ws.iter_rows(min_row=exports.FIRST_ROW):
        if row[0].value in values:
            row[3].value = values[row[0].value]
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def stored(unit, form, period):
    sub = Submission.objects.get(unit=unit, form=form, period=period)
    return {v.indicator.code: (v.number if v.number is not None else v.text) for v in sub.values.select_related("indicator")}


def test_excel_round_trip_gives_identical_values(ctx, cell_secretary):
    form, period, cell = ctx
    typed = {"NGUOI": 16000, "RAC": "219,2", "NGAYCONG": "2.132", "TIEN": "1,6 tỷ", "TIEUCHI": 8, "TU": 3, "TUMOI": 1,
             "MAX": 250, "GHICHU": "Ra quân ngày 25/3/2023"}
    template = exports.entry_template(form, cell, period)
    exports.import_entry(cell_secretary, fill(template, typed), form, cell, period)
    first = stored(cell, form, period)
    assert first["RAC"] == Decimal("219.2") and first["TIEN"] == Decimal(1_600_000_000) and first["GHICHU"] == typed["GHICHU"]
    # Download again (now prefilled), upload unchanged: identical values.
    again = exports.entry_template(form, cell, period, selectors.own_submission(cell, form, period))
    exports.import_entry(cell_secretary, again, form, cell, period)
    assert stored(cell, form, period) == first


@pytest.mark.parametrize("case", ["wrong_sheet", "text_in_number", "extra_rows", "junk_10mb", "other_unit", "not_excel"])
def test_malformed_upload_gives_row_errors_and_changes_nothing(ctx, cell_secretary, tree, case):
    form, period, cell = ctx
    services.do_save_report(cell_secretary, cell, form, period, {"NGUOI": "5"})
    before = list(Value.objects.values_list("pk", "number", "text").order_by("pk"))
    template = exports.entry_template(form, cell, period)
    if case == "wrong_sheet":
        wb = Workbook()
        wb.active.title = "Sheet1"
        out = io.BytesIO()
        wb.save(out)
        data = out.getvalue()
    elif case == "text_in_number":
        data = fill(template, {"NGUOI": "mười sáu nghìn", "RAC": "219,2"})
    elif case == "extra_rows":
        wb = load_workbook(io.BytesIO(fill(template, {"RAC": "1"})))
        ws = wb[exports.SHEET]
        ws.append(["KHAC", "Chỉ tiêu lạ", "", 5])
        out = io.BytesIO()
        wb.save(out)
        data = out.getvalue()
    elif case == "junk_10mb":
        data = os.urandom(10 * 1024 * 1024)
    elif case == "other_unit":
        data = fill(exports.entry_template(form, tree.cells_a[1], period), {"NGUOI": 1})
    else:
        data = b"Ho va ten;So nguoi\nA;1\n"
    with pytest.raises(exports.UploadError) as err:
        exports.import_entry(cell_secretary, data, form, cell, period)
    assert err.value.errors
    if case == "text_in_number":
        row, message = err.value.errors[0]
        assert row == exports.FIRST_ROW and message.startswith(f"Dòng {exports.FIRST_ROW}:") and "mười sáu nghìn" in message
    if case == "extra_rows":
        assert "KHAC" in err.value.errors[0][1] and err.value.errors[0][0] > exports.FIRST_ROW
    assert list(Value.objects.values_list("pk", "number", "text").order_by("pk")) == before


def test_rollup_exports_carry_the_figures(ctx, cell_secretary, tree):
    from docx import Document

    form, period, cell = ctx
    sub = services.do_save_report(cell_secretary, cell, form, period, {"NGUOI": "16 nghìn", "TIEN": "1,6 tỷ"})
    services.do_submit_report(cell_secretary, sub)
    r = selectors.rollup(tree.province, form, period)
    wb = load_workbook(io.BytesIO(exports.rollup_workbook(r)))
    rows = {row[0]: row[4] for row in wb["TongHop"].iter_rows(min_row=6, values_only=True)}
    assert rows["NGUOI"] == 16000 and rows["TIEN"] == 1_600_000_000
    doc = Document(io.BytesIO(exports.rollup_document(r)))
    text = "\n".join(p.text for p in doc.paragraphs)
    header = doc.tables[0].rows[0].cells
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in header[1].text and tree.province.name.upper() in header[0].text
    assert "BÁO CÁO" in text
    cells = [c.text for row in doc.tables[1].rows for c in row.cells]
    assert "16.000" in cells and "1.600.000.000" in cells


def test_template_filled_with_excel_numbers_uploads_through_the_page_unchanged(ctx, cell_secretary, client_as):
    from django.urls import reverse

    form, period, cell = ctx
    client = client_as(cell_secretary)
    url = reverse("reporting:entry_template", args=[form.pk, cell.pk]) + f"?ky={period.pk}"
    template = client.get(url)
    assert template.status_code == 200 and template["Content-Type"].startswith("application/vnd.openxmlformats")
    typed = {"NGUOI": 16000, "RAC": 219.2, "NGAYCONG": 2132, "TIEN": 1_600_000_000, "TIEUCHI": 8, "TU": 19, "TUMOI": 3,
             "MAX": 250, "GHICHU": "Ngày 25/3/2023"}
    upload = io.BytesIO(fill(template.content, typed))
    upload.name = "bao-cao.xlsx"
    done = client.post(reverse("reporting:entry_upload", args=[form.pk, cell.pk]) + f"?ky={period.pk}", {"file": upload})
    assert done.status_code == 302
    values = stored(cell, form, period)
    assert {code: values[code] for code in typed} == {
        "NGUOI": 16000, "RAC": Decimal("219.2"), "NGAYCONG": 2132, "TIEN": 1_600_000_000, "TIEUCHI": 8, "TU": 19,
        "TUMOI": 3, "MAX": 250, "GHICHU": "Ngày 25/3/2023"}
    # The template downloaded again carries the same figures back.
    again = load_workbook(io.BytesIO(client.get(url).content))[exports.SHEET]
    cells = {row[0].value: row[3].value for row in again.iter_rows(min_row=exports.FIRST_ROW)}
    assert cells["RAC"] == 219.2 and cells["TIEN"] == 1_600_000_000 and cells["GHICHU"] == "Ngày 25/3/2023"


def test_upload_breaking_a_rule_across_indicators_changes_nothing(ctx, cell_secretary):
    form, period, cell = ctx
    services.do_save_report(cell_secretary, cell, form, period, {"NGUOI": "5", "TU": "2"})
    before = stored(cell, form, period)
    data = fill(exports.entry_template(form, cell, period), {"NGUOI": 7, "TU": 2, "TUMOI": 5})
    with pytest.raises(exports.UploadError) as err:
        exports.import_entry(cell_secretary, data, form, cell, period)
    assert "tủ sách xây mới" in err.value.errors[0][1]
    assert stored(cell, form, period) == before
