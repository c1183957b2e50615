"""Demo portal: each seed article imported into its committee's site, and the demo province's site."""

from chibo.core.seeds import seed_text

from . import importing, services

# The committee whose news site published each seed article (units from chibo.orgs.demo).
SEED_SITES = {
    "000": ("vung_tau_city", "Thông tin hoạt động và sự kiện của Đảng bộ thành phố Vũng Tàu"),
    "001": ("so_xay_dung", "Trang tin của Đảng bộ Sở Xây dựng"),
    "002": ("hoa_binh", "Cổng thông tin điện tử Tỉnh ủy Hòa Bình"),
    "003": ("can_tho", "Trang thông tin điện tử Thành ủy Cần Thơ"),
    "004": ("bao_thang", "Trang tin Huyện ủy Bảo Thắng"),
}


def load(ctx) -> None:
    index = services.do_ensure_portal_index()
    index.intro = "Các trang tin của cấp ủy các cấp: mỗi cấp ủy đăng tin của mình, do ban biên tập của mình duyệt."
    index.save_revision().publish()
    province = ctx.units.get("province")
    if province is not None:
        services.do_create_site(province, tagline="Cổng thông tin điện tử của Đảng bộ tỉnh")
    for number, (key, tagline) in SEED_SITES.items():
        unit = ctx.units.get(key)
        if unit is None:
            ctx.log(f"    (bỏ qua bài {number}: chưa có đơn vị {key})")
            continue
        home = services.site_for_unit(unit)
        if home is None or home.unit_id != unit.pk:
            home = services.do_create_site(unit, tagline=tagline)
        parsed = importing.parse_article(seed_text(number))
        services.do_import_article(home, parsed)
