"""Seed 004 in the demo: Bảo Thắng's March 2023 report rolls up to the article's figures."""

import datetime
import io
import random
from decimal import Decimal

import pytest
from docx import Document

from chibo.core.demo import DemoContext
from chibo.core.testing import make_unit
from chibo.orgs.models import UnitKind
from chibo.orgs.services import do_dissolve_unit
from chibo.reporting import demo, exports, selectors, services
from chibo.reporting.models import Period, PeriodKind, ReportForm, Submission, SubmissionStatus, Value

# The 14 communes and towns of Bảo Thắng, as in the demo tree (chibo.orgs.demo).
PLACES = ("thị trấn Phố Lu", "xã Xuân Quang", "xã Phong Niên", "xã Gia Phú", "xã Sơn Hà", "xã Thái Niên",
          "xã Bản Cầm", "xã Phong Hải", "thị trấn Tằng Loỏng", "xã Trì Quang", "xã Xuân Giao",
          "thị trấn Nông trường Phong Hải", "xã Sơn Hải", "xã Phú Nhuận")
TODAY = datetime.date(2025, 11, 23)


@pytest.fixture
def loaded(tree, province_staff):
    bao_thang = make_unit(tree.province, "Huyện ủy Bảo Thắng", UnitKind.DISTRICT, code="HU", place="Bảo Thắng, Lào Cai")
    boards = []
    for index, place in enumerate(PLACES):
        commune = make_unit(bao_thang, f"Đảng ủy {place}", UnitKind.COMMUNE, place=place)
        board = make_unit(commune, f"Ban tuyên vận {place}", UnitKind.GRASSROOTS_PROPAGANDA_BOARD)
        for n in range(1, 14 + (1 if index < 6 else 0)):  # 6 × 14 + 8 × 13 = 188 teams
            make_unit(board, f"Tổ tuyên vận thôn {n}, {place}", UnitKind.GRASSROOTS_PROPAGANDA_TEAM)
        boards.append(board)
    do_dissolve_unit(bao_thang, on=datetime.date(2025, 7, 1), note="Kết thúc hoạt động cấp huyện (sắp xếp 2025)")
    bao_thang.refresh_from_db()
    ctx = DemoContext(seed=2025, rng=random.Random(2025), today=TODAY, log=lambda *args: None)
    ctx.units["province"] = tree.province
    ctx.users["province_staff"] = province_staff
    ctx.lists["bao_thang_boards"] = boards
    ctx.lists["communes"] = [tree.commune_a]
    demo.load(ctx)
    return bao_thang, ReportForm.objects.get(code=demo.FORM_CODE)


def test_demo_holds_seed_004_figures_and_a_year_of_history(loaded, tree):
    bao_thang, form = loaded
    march = services.get_period(PeriodKind.MONTH, datetime.date(2023, 3, 25))
    r = selectors.rollup(bao_thang, form, march)
    figures = {code: f.value for code, f in r.total.figures.items()}
    assert figures["BTV"] == 14 and figures["TTV"] == 188, "computed from the tree, not typed"
    assert figures["NGUOI"] == Decimal(16_000)
    assert figures["RAC"] == Decimal("219.2")
    assert figures["DUONG"] == Decimal(100)
    assert figures["NGAYCONG"] == Decimal(2_132)
    assert figures["TIEN"] == Decimal(1_600_000_000)
    assert figures["TIEUCHI"] == 8, "xã Phú Nhuận: 8 of 19 criteria"
    assert (r.total.expected, r.total.reported, r.total.on_time) == (14, 14, 14)
    assert len(r.children) == 14 and all(c.reported == c.expected == 1 for c in r.children)
    assert not Submission.objects.filter(unit__path__startswith=bao_thang.path).exclude(status=SubmissionStatus.APPROVED).exists()

    doc = Document(io.BytesIO(exports.rollup_document(r)))
    cells = {c.text for row in doc.tables[1].rows for c in row.cells}
    assert {"14", "188", "16.000", "219,2", "100", "2.132", "1.600.000.000", "8"} <= cells

    # The demo province: a year of history from commune A's cells, an outlier in the last month.
    last = services.get_period(PeriodKind.MONTH, TODAY.replace(day=1) - datetime.timedelta(days=1))
    periods = selectors.recent_periods(form, last)
    assert len(periods) == 12 and periods[-1] == last
    series = selectors.trend(tree.province, form, periods)["NGUOI"]
    assert all(v is not None and v > 0 for v in series)
    row = selectors.unit_totals(tree.province, form, periods[-2])
    assert (row.reported, row.expected) == (2, 4), "commune A's two cells of the province's four"
    assert Value.objects.filter(submission__form=form, submission__period=last, indicator__code="NGUOI", is_outlier=True).exists()
    assert selectors.unit_totals(tree.province, form, last).reported >= 1
    review = Period.objects.get(kind=PeriodKind.CUSTOM)
    assert review.label.startswith("Sơ kết 3 năm")
    assert (review.start, review.end) == (datetime.date(2020, 11, 24), datetime.date(2023, 6, 30))
