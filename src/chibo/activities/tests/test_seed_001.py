"""Seed 001's seminar, recorded by the demo loader: 12 members, 4 sympathisers, 3 guests, 21 contributions
on its page, in its Word minutes and in the roll-up."""

import datetime
import io
import random

import docx
import pytest
from django.urls import reverse
from django.utils import timezone

from chibo.activities import demo, selectors
from chibo.activities.models import Activity, ActivityStatus
from chibo.core.demo import DemoContext
from chibo.core.testing import make_user
from chibo.members.models import PersonStatus


@pytest.fixture
def ctx(tree):
    context = DemoContext(seed=7, rng=random.Random(7), today=datetime.date(2025, 6, 20), log=lambda *a: None)
    context.units["so_xay_dung_cell"] = tree.cells_b[1]
    context.lists["cells"] = list(tree.cells_a)
    return context


def test_demo_records_seed_001_seminar_with_its_figures(tree, ctx, client_as):
    demo.load(ctx)
    seminar = Activity.objects.get(unit=tree.cells_b[1], kind="seminar")
    assert (seminar.members_present, seminar.sympathisers_present, seminar.guests_present, seminar.contributions) == (12, 4, 3, 21)
    assert seminar.chair.full_name == "Nguyễn Thanh Hải" and seminar.duration_minutes == 135
    assert seminar.status == ActivityStatus.HELD and seminar.on == datetime.date(2011, 10, 27)

    staff = make_user(tree.commune_b)
    page = client_as(staff).get(reverse("activities:detail", args=[seminar.pk])).content.decode()
    for figure, label in (("12", "members"), ("4", "sympathisers"), ("3", "guests"), ("21", "contributions")):
        assert f'data-count="{label}">{figure}</b>' in page

    document = docx.Document(io.BytesIO(client_as(staff).get(reverse("activities:minutes_docx", args=[seminar.pk])).content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "có mặt 12/" in text and "Cảm tình đảng, quần chúng: 04" in text and "Khách mời: 03" in text
    assert "số lượt phát biểu: 21" in text and "ĐẢNG CỘNG SẢN VIỆT NAM" in document.tables[0].rows[0].cells[1].text
    attendance = document.tables[1]
    assert [c.text for c in attendance.rows[0].cells] == ["STT", "Họ và tên", "Thành phần", "Điểm danh", "Lượt phát biểu"]
    body = [[c.text for c in row.cells] for row in attendance.rows[1:]]
    assert sum(1 for r in body if r[2] == "Đảng viên" and r[3] == "Có mặt") == 12
    assert sum(1 for r in body if r[2] == "Khách mời" and r[3] == "Có mặt") == 3
    assert sum(int(r[4] or 0) for r in body) == 21

    # The roll-up over the commune counts the same check-in (a seminar is not a regular meeting).
    assert selectors.attendance_by_member(staff, tree.commune_b, 2011) == []
    figures = selectors.activity_totals(staff, tree.commune_b, datetime.date(2011, 1, 1), datetime.date(2011, 12, 31))
    assert (figures["members_present"], figures["sympathisers_present"], figures["guests_present"],
            figures["contributions"]) == (12, 4, 3, 21)
    rates = client_as(staff).get(reverse("activities:rates", args=[tree.commune_b.pk]), {"nam": 2011}).content.decode()
    assert ("1 hoạt động, 12 lượt đảng viên, 4 lượt cảm tình đảng, 3 lượt khách mời, 21 lượt phát biểu") in rates


def test_seed_001_figures_reach_the_reporting_roll_up_as_computed_indicators(tree, ctx, province_staff):
    """The cell's October report takes the seminar's figures from the check-in; the commune's roll-up adds them."""
    from chibo.accounts.models import RoleKind
    from chibo.orgs.models import UnitKind
    from chibo.reporting import selectors as reporting_selectors
    from chibo.reporting import services as reporting
    from chibo.reporting.models import PeriodKind, ValueType

    demo.load(ctx)
    cell = tree.cells_b[1]
    codes = {"HD": "activities.held", "DV": "activities.members_present", "CT": "activities.sympathisers_present",
             "KM": "activities.guests_present", "PB": "activities.contributions"}
    form = reporting.do_create_form(
        province_staff, tree.province, code="HDCB", name="Báo cáo hoạt động chi bộ", period_kind=PeriodKind.MONTH,
        reporting_kinds=[UnitKind.CELL, UnitKind.GRASSROOTS_CELL],
        indicators=[dict(code=code, name=code, value_type=ValueType.INTEGER, computed=source)
                    for code, source in codes.items()],
    )
    period = reporting.get_period(PeriodKind.MONTH, datetime.date(2011, 10, 27))
    secretary = make_user(cell, RoleKind.SECRETARY)
    submission = reporting.do_save_report(secretary, cell, form, period, {})
    reporting.do_submit_report(secretary, submission, now=timezone.make_aware(datetime.datetime(2011, 11, 2, 9)))
    own = {v.indicator.code: v.number for v in submission.values.select_related("indicator")}
    assert own == {"HD": 1, "DV": 12, "CT": 4, "KM": 3, "PB": 21}
    rolled = reporting_selectors.unit_totals(tree.commune_b, form, period).figures
    assert {code: figure.value for code, figure in rolled.items()} == {"HD": 1, "DV": 12, "CT": 4, "KM": 3, "PB": 21}


def test_demo_year_of_meetings_feeds_rates_and_missing_list(tree, ctx):
    demo.load(ctx)
    staff = make_user(tree.commune_a)
    held = Activity.objects.filter(unit__in=tree.cells_a, status=ActivityStatus.HELD)
    assert 16 <= held.count() <= 22  # two cells, about eleven months each, a few missed
    rate = selectors.attendance_rate(staff, tree.commune_a, 2025)
    assert rate["expected"] > 0 and 0.6 < rate["rate"] <= 1
    assert tree.cells_a[0].people.filter(status=PersonStatus.FULL).count() == 3
