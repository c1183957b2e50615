"""Demo tree: the demo province after the 2025 restructuring and the units the seed articles name.

Units dissolved or merged in 2025 are kept as history under their successors.
"""

import datetime

from .models import Unit, UnitKind
from .services import do_create_unit, do_dissolve_unit, do_merge_units

RESTRUCTURED_ON = datetime.date(2025, 7, 1)
BOARDS_MERGED_ON = datetime.date(2025, 2, 1)  # Ban Tuyên giáo + Ban Dân vận → Ban Tuyên giáo và Dân vận
BOARDS = [
    ("Ban Tuyên giáo và Dân vận", UnitKind.PROPAGANDA_MOBILISATION_BOARD, "BTGDVTU", "province_board"),
    ("Ban Tổ chức", UnitKind.ORGANISATION_BOARD, "BTCTU", "province_organisation_board"),
    ("Ủy ban Kiểm tra", UnitKind.INSPECTION_COMMITTEE, "UBKTTU", "province_inspection"),
    ("Văn phòng", UnitKind.OFFICE, "VPTU", "province_office"),
]


def _unit(ctx, key, parent, name, kind, code="", **fields) -> Unit:
    unit = do_create_unit(parent, name=name, kind=kind, code=code, **fields)
    if key:
        ctx.units[key] = unit
    return unit


def load(ctx) -> None:
    central = _unit(ctx, "central", None, "Trung ương", UnitKind.CENTRAL, "TW", short_name="Trung ương")
    _unit(ctx, "central_board", central, "Ban Tuyên giáo và Dân vận Trung ương", UnitKind.PROPAGANDA_MOBILISATION_BOARD,
          "BTGDVTW", valid_from=BOARDS_MERGED_ON)
    _unit(ctx, "central_mobilisation_board", central, "Ban Dân vận Trung ương", UnitKind.MOBILISATION_BOARD, "BDVTW",
          valid_to=BOARDS_MERGED_ON)

    # The demo province: Lào Cai after its merger with Yên Bái (1 July 2025).
    province = _unit(ctx, "province", central, "Tỉnh ủy Lào Cai", UnitKind.PROVINCE, "TU", short_name="Tỉnh ủy Lào Cai", place="Lào Cai")
    for name, kind, code, key in BOARDS:
        _unit(ctx, key, province, f"{name} Tỉnh ủy Lào Cai", kind, code, short_name=name)
    yen_bai = _unit(ctx, "yen_bai", central, "Tỉnh ủy Yên Bái", UnitKind.PROVINCE, "TU", place="Yên Bái")
    bao_thang = _unit(ctx, "bao_thang", province, "Huyện ủy Bảo Thắng", UnitKind.DISTRICT, "HU", short_name="Huyện ủy Bảo Thắng", place="Bảo Thắng, Lào Cai")
    _unit(ctx, "bao_thang_board", bao_thang, "Ban Tuyên giáo Huyện ủy Bảo Thắng", UnitKind.PROPAGANDA_BOARD, "BTGHU")
    communes_bt = [
        _unit(ctx, None, bao_thang, f"Đảng ủy {name}", UnitKind.COMMUNE, "ĐU", place=name)
        for name in ("thị trấn Phố Lu", "xã Xuân Quang", "xã Phong Niên", "xã Gia Phú", "xã Sơn Hà", "xã Thái Niên",
                     "xã Bản Cầm", "xã Phong Hải", "thị trấn Tằng Loỏng", "xã Trì Quang", "xã Xuân Giao",
                     "thị trấn Nông trường Phong Hải", "xã Sơn Hải", "xã Phú Nhuận")
    ]
    boards, teams = [], []
    for index, commune in enumerate(communes_bt):
        board = _unit(ctx, None, commune, f"Ban tuyên vận {commune.place}", UnitKind.GRASSROOTS_PROPAGANDA_BOARD)
        boards.append(board)
        for n in range(1, 14 + (1 if index < 6 else 0)):
            teams.append(_unit(ctx, None, board, f"Tổ tuyên vận thôn {n}, {commune.place}", UnitKind.GRASSROOTS_PROPAGANDA_TEAM))
    ctx.lists["bao_thang_boards"], ctx.lists["bao_thang_teams"] = boards, teams
    # 2025: the district level is abolished; its committee and boards end, history kept.
    do_dissolve_unit(bao_thang, on=RESTRUCTURED_ON, note="Kết thúc hoạt động cấp huyện (sắp xếp 2025)")
    do_merge_units([yen_bai], province, on=RESTRUCTURED_ON, note="Hợp nhất tỉnh Yên Bái và tỉnh Lào Cai")

    # Communes, cells and members of the demo province.
    from .generate import generate

    generate("demo", ctx.seed, into=province)
    province.refresh_from_db()
    communes = list(Unit.objects.filter(depth=province.depth + 1, path__startswith=province.path, kind=UnitKind.COMMUNE).current().order_by("path"))
    ctx.lists["communes"] = communes
    ctx.lists["cells"] = list(Unit.objects.subtree_of(*communes[:1]).cells().order_by("path")) + list(
        Unit.objects.subtree_of(*communes[1:]).cells().order_by("path")[:2000])

    # Seed 000: Bà Rịa - Vũng Tàu (merged into Hồ Chí Minh City in 2025).
    hcm = _unit(ctx, "hcm", central, "Thành ủy Thành phố Hồ Chí Minh", UnitKind.PROVINCE, "TU", place="Thành phố Hồ Chí Minh")
    brvt = _unit(ctx, "brvt", central, "Tỉnh ủy Bà Rịa - Vũng Tàu", UnitKind.PROVINCE, "TU", place="Bà Rịa - Vũng Tàu")
    _unit(ctx, "brvt_board", brvt, "Ban Tuyên giáo Tỉnh ủy Bà Rịa - Vũng Tàu", UnitKind.PROPAGANDA_BOARD, "BTGTU",
          valid_to=BOARDS_MERGED_ON)
    vung_tau = _unit(ctx, "vung_tau_city", brvt, "Thành ủy Vũng Tàu", UnitKind.DISTRICT, "TU", short_name="Thành ủy Vũng Tàu", place="Vũng Tàu")
    rach_dua = _unit(ctx, "rach_dua", vung_tau, "Đảng ủy phường Rạch Dừa", UnitKind.COMMUNE, "ĐU", place="phường Rạch Dừa")
    _unit(ctx, "rach_dua_kp4_cell", rach_dua, "Chi bộ Khu phố 4, phường Rạch Dừa", UnitKind.CELL, "CB", place="Khu phố 4, phường Rạch Dừa")
    _unit(ctx, None, rach_dua, "Chi bộ Khu phố 3, phường Rạch Dừa", UnitKind.CELL, "CB", place="Khu phố 3, phường Rạch Dừa")
    # Seed 001: a city department's office cell.
    bloc = _unit(ctx, "hcm_bloc", hcm, "Đảng ủy Khối các cơ quan Thành phố", UnitKind.BLOC, "ĐUK")
    so_xd = _unit(ctx, "so_xay_dung", bloc, "Đảng bộ Sở Xây dựng", UnitKind.GRASSROOTS, "ĐUS", short_name="Đảng ủy Sở")
    _unit(ctx, "so_xay_dung_cell", so_xd, "Chi bộ Văn phòng Sở Xây dựng", UnitKind.CELL, "CB")
    do_dissolve_unit(vung_tau, on=RESTRUCTURED_ON, children_to=hcm, note="Kết thúc hoạt động cấp huyện (sắp xếp 2025)")
    do_merge_units([brvt], hcm, on=RESTRUCTURED_ON, note="Hợp nhất tỉnh Bà Rịa - Vũng Tàu vào Thành phố Hồ Chí Minh")

    # Seed 002: Hoà Bình (merged into Phú Thọ in 2025).
    phu_tho = _unit(ctx, "phu_tho", central, "Tỉnh ủy Phú Thọ", UnitKind.PROVINCE, "TU", place="Phú Thọ")
    hoa_binh = _unit(ctx, "hoa_binh", central, "Tỉnh uỷ Hoà Bình", UnitKind.PROVINCE, "TU", short_name="Tỉnh ủy Hòa Bình", place="Hòa Bình")
    _unit(ctx, "hoa_binh_board", hoa_binh, "Ban Tuyên giáo Tỉnh ủy Hoà Bình", UnitKind.PROPAGANDA_BOARD, "BTGTU",
          valid_to=BOARDS_MERGED_ON)
    do_merge_units([hoa_binh], phu_tho, on=RESTRUCTURED_ON, note="Hợp nhất tỉnh Hòa Bình, tỉnh Vĩnh Phúc vào tỉnh Phú Thọ")

    # Seed 003: Cần Thơ city committee and its mass-mobilisation board.
    can_tho = _unit(ctx, "can_tho", central, "Thành ủy Cần Thơ", UnitKind.PROVINCE, "TU", short_name="Thành ủy Cần Thơ", place="Cần Thơ")
    _unit(ctx, "can_tho_mobilisation_board", can_tho, "Ban Dân vận Thành ủy Cần Thơ", UnitKind.MOBILISATION_BOARD, "BDVTU",
          valid_to=BOARDS_MERGED_ON)
    _unit(ctx, "can_tho_board", can_tho, "Ban Tuyên giáo và Dân vận Thành ủy Cần Thơ", UnitKind.PROPAGANDA_MOBILISATION_BOARD,
          "BTGDVTU", valid_from=BOARDS_MERGED_ON)
    for key in list(ctx.units):
        ctx.units[key].refresh_from_db()
