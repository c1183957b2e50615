"""Builders for the reporting tests."""

import datetime

from chibo.orgs.models import UnitKind
from chibo.reporting import services
from chibo.reporting.models import Aggregation, PeriodKind, ValueType

CELL = [UnitKind.CELL, UnitKind.GRASSROOTS_CELL]


def make_form(actor, owner, *, code="TV", kinds=CELL, with_rules=True, **kwargs):
    """A monthly form shaped like seed 004's propaganda-mobilisation report."""
    indicators = [
        dict(code="NGUOI", name="Số lượt người tham gia lao động, vệ sinh môi trường", measure="người", value_type=ValueType.INTEGER, required=True),
        dict(code="RAC", name="Rác thải thu gom, xử lý", measure="m3", value_type=ValueType.DECIMAL),
        dict(code="NGAYCONG", name="Ngày công lao động huy động", measure="ngày công", value_type=ValueType.INTEGER),
        dict(code="TIEN", name="Số tiền đóng góp xây dựng nông thôn mới", measure="đồng", value_type=ValueType.MONEY, min_value=0),
        dict(code="TIEUCHI", name="Số tiêu chí nông thôn mới nâng cao đạt", measure="tiêu chí", value_type=ValueType.INTEGER,
             aggregation=Aggregation.AVERAGE, min_value=0, max_value=19),
        dict(code="TU", name="Số tủ sách", measure="tủ", value_type=ValueType.INTEGER, aggregation=Aggregation.SUM),
        dict(code="TUMOI", name="Tủ sách xây mới", measure="tủ", value_type=ValueType.INTEGER),
        dict(code="MAX", name="Số người đông nhất một buổi", measure="người", value_type=ValueType.INTEGER, aggregation=Aggregation.MAX),
        dict(code="DANGVIEN", name="Số đảng viên", measure="người", value_type=ValueType.INTEGER, computed="members.count"),
        dict(code="GHICHU", name="Ghi chú", value_type=ValueType.TEXT),
    ]
    rules = [("TUMOI", "le", "TU", "Số tủ sách xây mới không được lớn hơn tổng số tủ sách.")] if with_rules else []
    return services.do_create_form(actor, owner, code=code, name="Báo cáo công tác tuyên vận hằng tháng",
                                   period_kind=PeriodKind.MONTH, reporting_kinds=kinds, indicators=indicators,
                                   rules=rules, **kwargs)


def march_2023():
    return services.get_period(PeriodKind.MONTH, datetime.date(2023, 3, 25))
