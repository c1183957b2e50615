"""Demo reports: seed 004's monthly propaganda-mobilisation form.

- Bảo Thắng (a historical district, dissolved in 2025): its 14 ban tuyên vận report March 2023
  so that the district's roll-up shows the article's figures exactly: 14 boards, 188 teams,
  16 nghìn lượt người, 219,2 m3 rác, 8/19 tiêu chí (xã Phú Nhuận), 100 km đường, 2.132 ngày
  công, 1,6 tỷ đồng.
- The demo province: 12 months of generated history from its cells (deterministic from ctx.rng),
  most approved, the last month partly submitted, a few late and one outlier to review.
- Sơ kết 3 năm Quy định 60-QĐ/TU: a custom period (24/11/2020 – 30/6/2023).
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from chibo.orgs.models import CELL_KINDS, Unit, UnitKind

from . import services
from .models import Aggregation, PeriodKind, Submission, SubmissionStatus, ValueType

FORM_CODE = "TV-01"
REPORTING_KINDS = [UnitKind.GRASSROOTS_PROPAGANDA_BOARD, *CELL_KINDS]

INDICATORS = [
    dict(code="BTV", name="Số ban tuyên vận", measure="ban", value_type=ValueType.INTEGER, computed="orgs.propaganda_boards"),
    dict(code="TTV", name="Số tổ tuyên vận", measure="tổ", value_type=ValueType.INTEGER, computed="orgs.propaganda_teams"),
    dict(code="NGUOI", name="Số lượt người tham gia lao động, vệ sinh môi trường", measure="người",
         value_type=ValueType.INTEGER, required=True, min_value=0),
    dict(code="RAC", name="Rác thải thu gom, xử lý", measure="m3", value_type=ValueType.DECIMAL, min_value=0),
    dict(code="TIEUCHI", name="Số tiêu chí xã nông thôn mới nâng cao đạt được (trên 19)", measure="tiêu chí",
         value_type=ValueType.INTEGER, aggregation=Aggregation.MAX, min_value=0, max_value=19),
    dict(code="DUONG", name="Đường giao thông nông thôn mở rộng, làm mới", measure="km", value_type=ValueType.DECIMAL, min_value=0),
    dict(code="NGAYCONG", name="Ngày công lao động tu sửa kênh mương, giao thông", measure="ngày công",
         value_type=ValueType.INTEGER, min_value=0),
    dict(code="TIEN", name="Số tiền đóng góp xây dựng nông thôn mới", measure="đồng", value_type=ValueType.MONEY, min_value=0),
    dict(code="HIENDAT", name="Có vận động hiến đất làm đường", measure="", value_type=ValueType.BOOLEAN),
    dict(code="GHICHU", name="Ghi chú", value_type=ValueType.TEXT),
]

SEED_TOTALS = {"NGUOI": 16_000, "RAC": Decimal("219.2"), "DUONG": Decimal(100), "NGAYCONG": 2_132, "TIEN": Decimal(1_600_000_000)}


def _split(rng, total, parts: int, places: int = 0) -> list:
    """Split `total` into `parts` positive shares that add up exactly."""
    unit = Decimal(1).scaleb(-places)
    whole = int(Decimal(total) / unit)
    cuts = sorted(rng.sample(range(1, whole), parts - 1))
    bounds = [0, *cuts, whole]
    return [Decimal(b - a) * unit for a, b in zip(bounds, bounds[1:], strict=False)]


def _aware(day: datetime.date, hour: int = 9):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class _System:
    """The demo loader acts as the system (superuser rights), recorded without an actor."""

    is_authenticated = False
    is_superuser = True
    is_active = True


def load(ctx) -> None:
    actor = ctx.users.get("province_staff") or _System()
    owner = ctx.units.get("province_board") or ctx.units.get("province")
    if owner is None:
        ctx.log("    (reporting: no demo province, skipped)")
        return
    form = services.do_create_form(
        actor, owner, code=FORM_CODE, name="Báo cáo kết quả công tác tuyên vận hằng tháng",
        period_kind=PeriodKind.MONTH, reporting_kinds=REPORTING_KINDS, indicators=INDICATORS, due_days=5,
        description="Theo dõi kết quả công tác tuyên vận hằng tháng (mẫu theo báo cáo của Huyện ủy Bảo Thắng).",
    )
    services.do_create_custom_period(actor, datetime.date(2020, 11, 24), datetime.date(2023, 6, 30),
                                     "Sơ kết 3 năm thực hiện Quy định số 60-QĐ/TU")
    _load_bao_thang(ctx, actor, form)
    _load_province_history(ctx, actor, form)


def _load_bao_thang(ctx, actor, form) -> None:
    boards = ctx.lists.get("bao_thang_boards") or []
    if not boards:
        return
    rng = ctx.rng
    period = services.get_period(PeriodKind.MONTH, datetime.date(2023, 3, 25))
    shares = {
        "NGUOI": _split(rng, SEED_TOTALS["NGUOI"], len(boards)),
        "RAC": _split(rng, SEED_TOTALS["RAC"], len(boards), places=1),
        "DUONG": _split(rng, SEED_TOTALS["DUONG"], len(boards), places=1),
        "NGAYCONG": _split(rng, SEED_TOTALS["NGAYCONG"], len(boards)),
        "TIEN": _split(rng, SEED_TOTALS["TIEN"], len(boards), places=-6),
    }
    for i, board in enumerate(boards):
        raw = {code: values[i] for code, values in shares.items()}
        raw["HIENDAT"] = rng.random() < 0.5
        if "Phú Nhuận" in board.name:
            raw["TIEUCHI"] = 8
            raw["GHICHU"] = "Xã Phú Nhuận hoàn thành 8/19 tiêu chí xã nông thôn mới nâng cao."
        sub = services.do_save_report(actor, board, form, period, raw)
        sub = services.do_submit_report(actor, sub, now=_aware(datetime.date(2023, 4, 3)))
        services.do_approve_report(actor, sub)


def _load_province_history(ctx, actor, form) -> None:
    communes = ctx.lists.get("communes") or []
    if not communes:
        return
    rng = ctx.rng
    today = ctx.today
    cells = list(Unit.objects.subtree_of(*communes[:6]).filter(kind__in=CELL_KINDS).current().order_by("path"))
    if not cells:
        return
    last = services.get_period(PeriodKind.MONTH, today.replace(day=1) - datetime.timedelta(days=1))
    months = []
    start = last.start
    for _ in range(12):
        months.insert(0, start)
        start = (start - datetime.timedelta(days=1)).replace(day=1)
    base = {cell.pk: (rng.randint(20, 120), rng.randint(1, 40)) for cell in cells}
    for n, month in enumerate(months):
        period = services.get_period(PeriodKind.MONTH, month)
        latest = n == len(months) - 1
        due = period.due_date(form)
        for cell in cells:
            if latest and cell is not cells[0] and rng.random() < 0.35:
                continue  # not reported yet: shows in completeness
            people, waste = base[cell.pk]
            raw = {
                "NGUOI": people + rng.randint(-10, 25),
                "RAC": Decimal(waste) / 10 + Decimal(rng.randint(0, 30)) / 10,
                "DUONG": Decimal(rng.randint(0, 8)) / 10,
                "NGAYCONG": rng.randint(5, 60),
                "TIEN": Decimal(rng.randint(0, 60) * 500_000),
                "TIEUCHI": min(19, 9 + n // 2 + rng.randint(0, 3)),
                "HIENDAT": rng.random() < 0.2,
            }
            if latest and cell is cells[0]:
                raw["NGUOI"] = people * 30  # over 10× the usual (≤ people + 25): an outlier, flagged for review
            sub = services.do_save_report(actor, cell, form, period, raw)
            late = rng.random() < 0.1
            when = _aware(due + datetime.timedelta(days=rng.randint(1, 6)) if late else period.end + datetime.timedelta(days=rng.randint(1, form.due_days)))
            sub = services.do_submit_report(actor, sub, now=when)
            if not latest or rng.random() < 0.3:
                services.do_approve_report(actor, sub)
    ctx.log(f"    báo cáo: {Submission.objects.filter(form=form).count()} báo cáo, "
            f"{Submission.objects.filter(form=form, status=SubmissionStatus.APPROVED).count()} đã duyệt")
