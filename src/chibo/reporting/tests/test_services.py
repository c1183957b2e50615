import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from chibo.accounts.models import AuditEvent, RoleKind
from chibo.core import testing
from chibo.reporting import selectors, services
from chibo.reporting.models import Aggregate, SubmissionStatus, Tally, Value

from .factories import make_form, march_2023


@pytest.fixture
def form(tree, province_staff):
    return make_form(province_staff, tree.province)


@pytest.fixture
def period(db):
    return march_2023()


def totals(unit, form, period):
    return {code: f.value for code, f in selectors.unit_totals(unit, form, period).figures.items()}


def submit(actor, unit, form, period, raw, when=None):
    sub = services.do_save_report(actor, unit, form, period, raw)
    return services.do_submit_report(actor, sub, now=when or timezone.make_aware(datetime.datetime(2023, 4, 2, 9)))


def test_vietnamese_number_input_is_stored_exactly(tree, form, period, cell_secretary):
    sub = services.do_save_report(cell_secretary, tree.cells_a[0], form, period,
                                  {"NGUOI": "16 nghìn", "RAC": "219,2", "NGAYCONG": "2.132", "TIEN": "1,6 tỷ", "TIEUCHI": "8"})
    values = {v.indicator.code: v.number for v in sub.values.select_related("indicator")}
    assert values["NGUOI"] == Decimal(16000)
    assert values["RAC"] == Decimal("219.2")
    assert values["NGAYCONG"] == Decimal(2132)
    assert values["TIEN"] == Decimal(1_600_000_000)
    assert values["DANGVIEN"] == Decimal(3), "computed from the cell's members, not typed"


def test_bad_input_is_rejected_per_indicator_and_nothing_is_saved(tree, form, period, cell_secretary):
    with pytest.raises(ValidationError) as err:
        services.do_save_report(cell_secretary, tree.cells_a[0], form, period,
                                {"NGUOI": "mười sáu", "RAC": "219,2", "TIEUCHI": "20", "NGAYCONG": "2,5"})
    messages = err.value.message_dict
    assert set(messages) == {"NGUOI", "TIEUCHI", "NGAYCONG"}
    assert "không được lớn hơn 19" in messages["TIEUCHI"][0]
    assert "số nguyên" in messages["NGAYCONG"][0]
    assert not Value.objects.exists()


def test_rule_across_indicators_new_shelves_not_more_than_shelves(tree, form, period, cell_secretary):
    with pytest.raises(ValidationError) as err:
        services.do_save_report(cell_secretary, tree.cells_a[0], form, period, {"TU": "2", "TUMOI": "3"})
    assert "tủ sách xây mới" in err.value.message_dict["TUMOI"][0]


def test_required_indicator_blocks_submission_but_not_draft(tree, form, period, cell_secretary):
    sub = services.do_save_report(cell_secretary, tree.cells_a[0], form, period, {"RAC": "1"})
    with pytest.raises(ValidationError) as err:
        services.do_submit_report(cell_secretary, sub)
    assert "NGUOI" in err.value.message_dict
    assert not Aggregate.objects.exists()


def test_roll_up_is_current_the_moment_a_report_is_submitted(tree, form, period, cell_secretary, province_staff):
    submit(cell_secretary, tree.cells_a[0], form, period, {"NGUOI": "100", "RAC": "219,2", "TIEN": "1,6 tỷ", "TIEUCHI": "8"})
    other = testing.make_user(tree.cells_b[0], RoleKind.SECRETARY)
    submit(other, tree.cells_b[0], form, period, {"NGUOI": "50", "RAC": "0,8", "TIEN": "400.000.000", "TIEUCHI": "11"})
    t = totals(tree.province, form, period)
    assert t["NGUOI"] == 150
    assert t["RAC"] == Decimal("220.0")
    assert t["TIEN"] == Decimal(2_000_000_000)
    assert t["TIEUCHI"] == Decimal("9.50"), "average of 8 and 11"
    assert t["DANGVIEN"] == 6
    assert totals(tree.commune_a, form, period)["NGUOI"] == 100
    row = selectors.unit_totals(tree.province, form, period)
    assert (row.expected, row.reported, row.on_time) == (4, 2, 2)


def test_returned_report_leaves_the_roll_up_and_extremes_are_recomputed(tree, form, period, cell_secretary, commune_a_staff):
    first = submit(cell_secretary, tree.cells_a[0], form, period, {"NGUOI": "10", "MAX": "90"})
    second_sec = testing.make_user(tree.cells_a[1], RoleKind.SECRETARY)
    submit(second_sec, tree.cells_a[1], form, period, {"NGUOI": "5", "MAX": "40"})
    assert totals(tree.commune_a, form, period)["MAX"] == 90
    services.do_return_report(commune_a_staff, first, "Số người chưa khớp sổ theo dõi")
    t = totals(tree.commune_a, form, period)
    assert t["NGUOI"] == 5 and t["MAX"] == 40
    assert Tally.objects.get(unit=tree.province, form=form, period=period).reported == 1
    # Corrected and sent again: counted once more.
    services.do_save_report(cell_secretary, tree.cells_a[0], form, period, {"NGUOI": "12"})
    services.do_submit_report(cell_secretary, first)
    assert totals(tree.province, form, period)["NGUOI"] == 17
    history = [(e.action, e.status, e.values.get("NGUOI")) for e in first.events.all()]
    assert history == [
        ("save", "draft", "10.0000"), ("submit", "submitted", "10.0000"), ("return", "returned", "10.0000"),
        ("save", "returned", "12.0000"), ("submit", "submitted", "12.0000"),
    ]
    assert first.events.get(action="return").note == "Số người chưa khớp sổ theo dõi"


def test_only_a_superior_approves_and_an_approved_report_is_locked(tree, form, period, cell_secretary, commune_a_staff, commune_b_staff):
    sub = submit(cell_secretary, tree.cells_a[0], form, period, {"NGUOI": "10"})
    with pytest.raises(PermissionDenied):
        services.do_approve_report(cell_secretary, sub)
    with pytest.raises(PermissionDenied):
        services.do_approve_report(commune_b_staff, sub)
    services.do_approve_report(commune_a_staff, sub)
    sub.refresh_from_db()
    assert sub.status == SubmissionStatus.APPROVED
    with pytest.raises(ValidationError):
        services.do_save_report(cell_secretary, tree.cells_a[0], form, period, {"NGUOI": "11"})
    with pytest.raises(ValidationError):
        services.do_return_report(commune_a_staff, sub, "sửa lại")
    assert [e.action for e in sub.events.all()] == ["save", "submit", "approve"]
    assert AuditEvent.objects.filter(action="reporting.report.approve", object_id=str(sub.pk)).exists()


def test_superior_totals_go_up_for_approval_by_the_next_level(tree, form, period, cell_secretary, commune_a_staff, province_staff):
    submit(cell_secretary, tree.cells_a[0], form, period, {"NGUOI": "10", "RAC": "2,5"})
    consolidated = services.do_submit_totals(commune_a_staff, tree.commune_a, form, period)
    values = {v.indicator.code: v.number for v in consolidated.values.select_related("indicator")}
    assert values["NGUOI"] == 10 and values["RAC"] == Decimal("2.5")
    with pytest.raises(PermissionDenied):
        services.do_approve_report(commune_a_staff, consolidated)
    services.do_approve_report(province_staff, consolidated)
    assert totals(tree.province, form, period)["NGUOI"] == 10, "totals reports never count twice"


def test_late_report_counts_as_reported_but_not_on_time(tree, form, period, cell_secretary):
    submit(cell_secretary, tree.cells_a[0], form, period, {"NGUOI": "1"}, when=timezone.make_aware(datetime.datetime(2023, 4, 20)))
    row = selectors.unit_totals(tree.province, form, period)
    assert (row.reported, row.on_time) == (1, 0)


def test_value_ten_times_the_usual_is_flagged_not_rejected(tree, form, cell_secretary):
    for month in (1, 2, 3):
        p = services.get_period("month", datetime.date(2023, month, 1))
        submit(cell_secretary, tree.cells_a[0], form, p, {"NGUOI": "100", "RAC": "5"})
    april = services.get_period("month", datetime.date(2023, 4, 1))
    sub = submit(cell_secretary, tree.cells_a[0], form, april, {"NGUOI": "1.500", "RAC": "6"},
                 when=timezone.make_aware(datetime.datetime(2023, 5, 1)))
    flags = {v.indicator.code: v.is_outlier for v in sub.values.select_related("indicator")}
    assert flags["NGUOI"] is True and flags["RAC"] is False
    assert sub.status == SubmissionStatus.SUBMITTED


def test_unit_outside_the_form_or_scope_cannot_report(tree, form, period, commune_b_staff, commune_a_staff):
    with pytest.raises(PermissionDenied):
        services.do_save_report(commune_b_staff, tree.cells_a[0], form, period, {"NGUOI": "1"})
    with pytest.raises(ValidationError):
        services.do_save_report(commune_a_staff, tree.commune_a, form, period, {"NGUOI": "1"})


def test_rebuild_matches_incremental_aggregates(tree, form, period, cell_secretary, commune_a_staff):
    submit(cell_secretary, tree.cells_a[0], form, period, {"NGUOI": "10", "MAX": "7", "TIEN": "1.234,5678"})
    other = testing.make_user(tree.cells_b[1], RoleKind.SECRETARY)
    submit(other, tree.cells_b[1], form, period, {"NGUOI": "3", "MAX": "9", "TIEN": "0,0002"})
    before = sorted(Aggregate.objects.values_list("unit_id", "indicator_id", "total", "count", "minimum", "maximum"))
    tallies = sorted(Tally.objects.values_list("unit_id", "reported", "on_time"))
    services.rebuild_aggregates(form, period)
    assert sorted(Aggregate.objects.values_list("unit_id", "indicator_id", "total", "count", "minimum", "maximum")) == before
    assert sorted(Tally.objects.values_list("unit_id", "reported", "on_time")) == tallies


def test_period_bounds_for_each_kind():
    d = datetime.date(2023, 8, 17)
    assert services.period_bounds("month", d) == (datetime.date(2023, 8, 1), datetime.date(2023, 8, 31))
    assert services.period_bounds("quarter", d) == (datetime.date(2023, 7, 1), datetime.date(2023, 9, 30))
    assert services.period_bounds("half", d) == (datetime.date(2023, 7, 1), datetime.date(2023, 12, 31))
    assert services.period_bounds("year", d) == (datetime.date(2023, 1, 1), datetime.date(2023, 12, 31))
    assert services.period_bounds("month", datetime.date(2024, 2, 10))[1] == datetime.date(2024, 2, 29)


def test_custom_period_for_a_three_year_interim_review(db, province_staff):
    p = services.do_create_custom_period(province_staff, datetime.date(2020, 11, 24), datetime.date(2023, 6, 30),
                                         "Sơ kết 3 năm thực hiện Quy định 60-QĐ/TU")
    assert p.label.startswith("Sơ kết 3 năm")
    with pytest.raises(ValidationError):
        services.do_create_custom_period(province_staff, datetime.date(2023, 6, 30), datetime.date(2020, 1, 1))


def test_computed_indicators_come_from_other_modules_never_from_typing(tree, province_staff, cell_secretary):
    from chibo.bookshelves.models import Bookshelf

    for cell in (tree.cells_a[0], tree.cells_b[0]):
        Bookshelf.objects.create(unit=cell, name="Tủ sách chi bộ", place="Nhà văn hóa", opened_on=datetime.date(2022, 5, 19))
    form = services.do_create_form(
        province_staff, tree.province, code="TS", name="Báo cáo tủ sách chi bộ", reporting_kinds=["cell"],
        indicators=[dict(code="TU", name="Số tủ sách", measure="tủ", computed="bookshelves.shelves"),
                    dict(code="DV", name="Số đảng viên", measure="người", computed="members.count"),
                    dict(code="LUOT", name="Lượt đọc", measure="lượt")],
    )
    period = march_2023()
    sub = services.do_save_report(cell_secretary, tree.cells_a[0], form, period, {"TU": "99", "LUOT": "40"})
    values = {v.indicator.code: v.number for v in sub.values.select_related("indicator")}
    assert values == {"TU": 1, "DV": 3, "LUOT": 40}, "a typed figure for a computed indicator is ignored"
    services.do_submit_report(cell_secretary, sub)
    other = testing.make_user(tree.cells_b[0], RoleKind.SECRETARY)
    submit(other, tree.cells_b[0], form, period, {"LUOT": "2"})
    assert totals(tree.province, form, period) == {"TU": 2, "DV": 6, "LUOT": 42}
    with pytest.raises(ValidationError):
        services.do_create_form(province_staff, tree.province, code="X", name="Sai", reporting_kinds=["cell"],
                                indicators=[dict(code="A", name="Không có", computed="khong.co")])
