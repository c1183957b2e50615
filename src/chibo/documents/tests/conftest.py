"""Fixtures of the registry's tests: the units the seed articles name, and a seed sentence."""

import datetime
from types import SimpleNamespace

import pytest

from chibo.core.testing import make_unit
from chibo.orgs.models import UnitKind


@pytest.fixture
def seed_units(tree):
    """The committees and boards of the five seed articles, beside the small test province."""
    central = tree.central
    units = SimpleNamespace(central=central, province=tree.province, board=tree.board)
    units.bdvtw = make_unit(central, "Ban Dân vận Trung ương", UnitKind.MOBILISATION_BOARD, code="BDVTW")
    units.brvt = make_unit(central, "Tỉnh ủy Bà Rịa - Vũng Tàu", UnitKind.PROVINCE, code="TU")
    units.brvt_board = make_unit(units.brvt, "Ban Tuyên giáo Tỉnh ủy Bà Rịa - Vũng Tàu", UnitKind.PROPAGANDA_BOARD, code="BTGTU")
    units.vung_tau = make_unit(units.brvt, "Thành ủy Vũng Tàu", UnitKind.DISTRICT, code="TU")
    units.rach_dua = make_unit(units.vung_tau, "Đảng ủy phường Rạch Dừa", UnitKind.COMMUNE, code="ĐU")
    units.kp4 = make_unit(units.rach_dua, "Chi bộ Khu phố 4, phường Rạch Dừa", UnitKind.CELL, code="CB")
    units.hcm = make_unit(central, "Thành ủy Thành phố Hồ Chí Minh", UnitKind.PROVINCE, code="TU")
    units.bloc = make_unit(units.hcm, "Đảng ủy Khối các cơ quan Thành phố", UnitKind.BLOC, code="ĐUK")
    units.so_xd = make_unit(units.bloc, "Đảng bộ Sở Xây dựng", UnitKind.GRASSROOTS, code="ĐUS")
    units.so_xd_cell = make_unit(units.so_xd, "Chi bộ Văn phòng Sở Xây dựng", UnitKind.CELL, code="CB")
    units.hoa_binh = make_unit(central, "Tỉnh uỷ Hoà Bình", UnitKind.PROVINCE, code="TU", short_name="Tỉnh ủy Hòa Bình")
    units.hoa_binh_board = make_unit(units.hoa_binh, "Ban Tuyên giáo Tỉnh ủy Hoà Bình", UnitKind.PROPAGANDA_BOARD, code="BTGTU")
    units.can_tho = make_unit(central, "Thành ủy Cần Thơ", UnitKind.PROVINCE, code="TU")
    units.lao_cai = make_unit(central, "Tỉnh ủy Lào Cai", UnitKind.PROVINCE, code="TU")
    units.bao_thang = make_unit(units.lao_cai, "Huyện ủy Bảo Thắng", UnitKind.DISTRICT, code="HU")
    # Merged into Lào Cai in 2025: a committee with the province's own code beside Bảo Thắng.
    units.yen_bai = make_unit(units.lao_cai, "Tỉnh ủy Yên Bái", UnitKind.PROVINCE, code="TU",
                              valid_to=datetime.date(2025, 7, 1))
    for unit in vars(units).values():
        unit.refresh_from_db()
    return units


# The opening sentence of seed article 000, as staff paste it: two plans, the city's carrying out the board's.
SEED_000_OPENING = (
    "Thực hiện Kế hoạch số 11-KH/BTGTU ngày 11/01/2021 của Ban Tuyên giáo Tỉnh ủy về tiếp tục thực hiện phong trào "
    "“Vận động đảng viên tình nguyện tham gia xây dựng tủ sách Chi bộ thôn, ấp, khu phố” năm 2021, vừa qua, "
    "Thành ủy Vũng Tàu cũng đã ban hành Kế hoạch số 38-KH/TU về tiếp tục thực hiện phong trào."
)
