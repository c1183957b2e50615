"""Report pages as an office worker and a cell secretary use them."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from chibo.reporting import exports, selectors, services
from chibo.reporting.models import Period, PeriodKind, ReportForm, ValueType

from .factories import make_form, march_2023

WHEN = timezone.make_aware(datetime.datetime(2023, 4, 2, 9))


@pytest.fixture
def form(tree, province_staff):
    return make_form(province_staff, tree.province)


def submit(actor, unit, form, period, raw, when=WHEN):
    sub = services.do_save_report(actor, unit, form, period, raw)
    return services.do_submit_report(actor, sub, now=when)


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_history_names_each_step_in_vietnamese(tree, form, cell_secretary, commune_a_staff, client_as):
    sub = submit(cell_secretary, tree.cells_a[0], form, march_2023(), {"NGUOI": "5"})
    services.do_approve_report(commune_a_staff, sub, "Khớp sổ sách")
    page = text_of(client_as(commune_a_staff).get(reverse("reporting:submission", args=[sub.pk])))
    history = page[page.index("Lịch sử"):]
    assert "Lưu nháp → Đang nhập" in history and "Gửi báo cáo → Đã gửi, chờ duyệt" in history
    assert "Duyệt → Đã duyệt: Khớp sổ sách" in history
    for code in (" save ", " submit ", " approve "):
        assert code not in history


def test_a_yes_no_figure_reads_co_or_khong(tree, province_staff, cell_secretary, client_as):
    form = services.do_create_form(
        province_staff, tree.province, code="HD", name="Hiến đất", reporting_kinds=["cell"],
        indicators=[dict(code="HIEN", name="Có vận động hiến đất", value_type=ValueType.BOOLEAN),
                    dict(code="NOI", name="Có nội quy", value_type=ValueType.BOOLEAN)],
    )
    sub = services.do_save_report(cell_secretary, tree.cells_a[0], form, march_2023(), {"HIEN": "có", "NOI": "không"})
    page = text_of(client_as(cell_secretary).get(reverse("reporting:submission", args=[sub.pk])))
    assert "Có vận động hiến đất Có" in page and "Có nội quy Không" in page


def test_quarterly_form_is_filled_for_the_quarter_that_has_ended(db):
    assert services.last_ended_period(PeriodKind.QUARTER, datetime.date(2026, 12, 7)).label == "Quý 3/2026"
    assert services.last_ended_period(PeriodKind.QUARTER, datetime.date(2027, 1, 2)).label == "Quý 4/2026"
    assert services.last_ended_period(PeriodKind.MONTH, datetime.date(2026, 12, 7)).label == "Tháng 11/2026"
    assert services.last_ended_period(PeriodKind.YEAR, datetime.date(2026, 12, 7)).label == "Năm 2025"


def test_period_menu_reaches_later_periods_from_an_old_one(tree, form, cell_secretary, client_as):
    old = march_2023()
    page = client_as(cell_secretary).get(reverse("reporting:entry", args=[form.pk, tree.cells_a[0].pk]), {"ky": old.pk})
    options = re.findall(r'<option value="(\d+)"[^>]*>([^<]+)</option>', page.content.decode())
    labels = [label for _pk, label in options]
    running = services.get_period(PeriodKind.MONTH, timezone.localdate())
    assert running.label in labels and services.last_ended_period(PeriodKind.MONTH).label in labels
    assert labels[-1] == "Tháng 03/2023", "the period shown stays selectable"
    assert len(labels) == 14


def test_value_and_rule_errors_are_reported_together(tree, form, cell_secretary):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as err:
        services.do_save_report(cell_secretary, tree.cells_a[0], form, march_2023(),
                                {"NGUOI": "mười", "TU": "2", "TUMOI": "3"})
    assert set(err.value.message_dict) == {"NGUOI", "TUMOI"}


def test_a_month_with_nothing_is_not_flagged_as_unusual(tree, form, cell_secretary):
    for month in (1, 2, 3):
        submit(cell_secretary, tree.cells_a[0], form, services.get_period("month", datetime.date(2023, month, 1)),
               {"NGUOI": "100", "RAC": "5", "TIEN": "2.000.000"})
    april = services.get_period("month", datetime.date(2023, 4, 1))
    sub = submit(cell_secretary, tree.cells_a[0], form, april, {"NGUOI": "90", "RAC": "0", "TIEN": "25.000.000"},
                 when=timezone.make_aware(datetime.datetime(2023, 5, 2)))
    flags = {v.indicator.code: v.is_outlier for v in sub.values.select_related("indicator")}
    assert flags["RAC"] is False, "0 m3 of waste in a month is a figure, not a mistake"
    assert flags["TIEN"] is True and flags["NGUOI"] is False


def test_rollup_page_lists_unusual_figures_and_charts_a_figure_with_data(tree, form, cell_secretary, province_staff,
                                                                         client_as):
    for month in (1, 2):
        submit(cell_secretary, tree.cells_a[0], form, services.get_period("month", datetime.date(2023, month, 1)),
               {"NGUOI": "100"})
    march = march_2023()
    sub = submit(cell_secretary, tree.cells_a[0], form, march, {"NGUOI": "5.000"})
    response = client_as(province_staff).get(reverse("reporting:rollup", args=[form.pk, tree.province.pk]),
                                             {"ky": march.pk})
    page = response.content.decode()
    outliers = page[page.index('id="outliers"'):]
    assert reverse("reporting:submission", args=[sub.pk]) in outliers and "5.000" in outliers
    chosen = re.search(r'<option value="(\w+)" selected>', page[page.index('name="chi_tieu"'):]).group(1)
    assert chosen == "NGUOI", "the first indicator (RAC…) has no figure; the chart opens on one that has"
    children = page[page.index("Theo tổ chức trực thuộc"):]
    assert tree.commune_a.name in children and tree.board.name not in children
    chart = page[page.index('class="chart bars"'):page.index("</svg>")]
    assert tree.commune_a.name in chart and tree.commune_b.name not in chart, "no bar for a commune without the figure"
    assert "1 tổ chức trực thuộc chưa có số liệu này." in page


def test_word_report_carries_every_figure_of_every_child_in_the_party_layout(tree, form, cell_secretary):
    from docx import Document

    period = march_2023()
    submit(cell_secretary, tree.cells_a[0], form, period,
           {"NGUOI": "16 nghìn", "RAC": "219,2", "NGAYCONG": "2.132", "TIEN": "1,6 tỷ", "GHICHU": "Ra quân"})
    tree.province.place = "tỉnh Thử Nghiệm"
    doc = Document(io.BytesIO(exports.rollup_document(selectors.rollup(tree.province, form, period))))
    left, right = (c.text for c in doc.tables[0].rows[0].cells)
    assert left.startswith("\nTỈNH ỦY THỬ NGHIỆM") and "TRUNG ƯƠNG" not in left and "Số      -BC/TU" in left
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in right and right.split("\n")[-1].startswith("Thử Nghiệm, ngày ")
    totals = [[c.text for c in row.cells] for row in doc.tables[1].rows]
    assert ["Ghi chú"] not in [r[1:2] for r in totals], "a text note has no total"
    children = [[c.text for c in row.cells] for row in doc.tables[2].rows]
    header = children[0]
    assert "Ngày công lao động huy động (ngày công)" in header and "Số tiền đóng góp xây dựng nông thôn mới (đồng)" in header
    commune = next(r for r in children if r[1] == tree.commune_a.name)
    assert commune[header.index("Số tiền đóng góp xây dựng nông thôn mới (đồng)")] == "1.600.000.000"
    assert commune[header.index("Ngày công lao động huy động (ngày công)")] == "2.132"
    assert tree.board.name not in [r[1] for r in children]
    assert doc.sections[-1].page_width > doc.sections[-1].page_height, "the wide table sits on a landscape page"
    footer = [c.text for c in doc.tables[3].rows[0].cells]
    assert footer[0] == "Nơi nhận:\n- Ban Bí thư (để báo cáo),\n- Lưu." and footer[1] == "T/M BAN THƯỜNG VỤ"
    commune = Document(io.BytesIO(exports.rollup_document(selectors.rollup(tree.commune_a, form, period))))
    assert commune.tables[0].rows[0].cells[0].text.startswith("TỈNH ỦY THỬ NGHIỆM\nĐẢNG ỦY XÃ HOÀ BÌNH")
    assert f"- {tree.province.name} (để báo cáo)," in commune.tables[-1].rows[0].cells[0].text


def test_cell_report_is_signed_for_the_cell(tree, form, cell_secretary):
    from docx import Document

    doc = Document(io.BytesIO(exports.rollup_document(selectors.rollup(tree.cells_a[0], form, march_2023()))))
    assert doc.tables[-1].rows[0].cells[1].text == "T/M CHI BỘ"


def test_form_definition_reads_vietnamese_words_and_computed_indicators(tree, commune_a_staff, client_as):
    url = reverse("reporting:form_create", args=[tree.commune_a.pk])
    client = client_as(commune_a_staff)
    page = client.get(url).content.decode()
    assert "activities.attendance_rate" in page and "số nguyên, thập phân, tiền" in page
    assert "integer, decimal" not in page
    data = {
        "code": "TS-01", "name": "Báo cáo tủ sách hằng quý", "period_kind": "quarter", "reporting_kinds": ["cell"],
        "due_days": "10",
        "indicator_lines": "TU | Số tủ sách | tủ | số nguyên | tổng | x\n"
                           "TIEN | Kinh phí | đồng | tiền | tổng | | 0\n"
                           "TYLE | Tỷ lệ đọc sách | % | % | trung bình\n"
                           "NOIQUY | Có nội quy | | co/khong | khong\n"
                           "DV | Số đảng viên | người | số nguyên | tổng | | | | members.count\n"
                           "GHI | Ghi chú | | văn bản",
        "rule_lines": "",
    }
    assert client.post(url, data).status_code == 302
    form = ReportForm.objects.get(code="TS-01")
    kinds = {i.code: (i.value_type, i.aggregation, i.required, i.computed) for i in form.indicators.all()}
    assert kinds == {
        "TU": ("integer", "sum", True, ""), "TIEN": ("money", "sum", False, ""), "TYLE": ("percent", "avg", False, ""),
        "NOIQUY": ("boolean", "none", False, ""), "DV": ("integer", "sum", False, "members.count"),
        "GHI": ("text", "none", False, ""),
    }
    wrong = client.post(url, data | {"code": "TS-02", "indicator_lines": "A | Sai | | số nguyên | tổng | | | | khong.co"})
    assert wrong.status_code == 200 and "Dòng 1: không có chỉ tiêu tính tự động “khong.co”." in wrong.content.decode()


def test_custom_period_form_is_defined_with_its_span(tree, commune_a_staff, client_as):
    url = reverse("reporting:form_create", args=[tree.commune_a.pk])
    data = {"code": "SK-60", "name": "Sơ kết 3 năm Quy định 60", "period_kind": "custom", "reporting_kinds": ["cell"],
            "due_days": "15", "indicator_lines": "MH | Số mô hình | mô hình", "rule_lines": ""}
    missing = client_as(commune_a_staff).post(url, data)
    assert "Kỳ tùy chỉnh cần ngày bắt đầu và kết thúc." in missing.content.decode()
    assert not ReportForm.objects.filter(code="SK-60").exists()
    done = client_as(commune_a_staff).post(url, data | {
        "period_start": "24/11/2020", "period_end": "ngày 30 tháng 6 năm 2023",
        "period_name": "Sơ kết 3 năm thực hiện Quy định số 60-QĐ/TU"})
    assert done.status_code == 302
    period = Period.objects.get(kind=PeriodKind.CUSTOM)
    assert (period.start, period.end) == (datetime.date(2020, 11, 24), datetime.date(2023, 6, 30))
    form = ReportForm.objects.get(code="SK-60")
    entry = client_as(commune_a_staff).get(reverse("reporting:entry", args=[form.pk, tree.cells_a[0].pk]))
    assert entry.status_code == 200 and "Sơ kết 3 năm thực hiện Quy định số 60-QĐ/TU" in entry.content.decode()
