"""Vietnamese name data for generated organisations and members.

Family-name weights follow published surveys (Nguyễn about 38%, Trần 12%, Lê 9.5%, …); the
South writes Huỳnh and Võ where the North writes Hoàng and Vũ. The 34 provinces and centrally
run cities are those in force from 1 July 2025 (Nghị quyết 202/2025/QH15), each with its
number of commune-level units (xã, phường, đặc khu) from the 2025 resolutions of the National
Assembly Standing Committee: 3,321 in all, 13 of them special zones. The split between xã and
phường per province is as best known (totals 2,623 and 685 here against 2,621 and 687
published). `members_k` is an estimate of each Party organisation's size in thousands, used
only to spread about 5.6 million members realistically; it is not an official figure.

Some name parts appear in both tone-mark placements (Hòa/Hoà, Thủy/Thuỷ), as in real records.
"""

from dataclasses import dataclass, field

# Regions decide village words (thôn, bản, ấp, buôn…) and regional family-name variants.
MOUNTAIN, DELTA, CENTRAL, HIGHLANDS, SOUTH = "mountain", "delta", "central", "highlands", "south"


@dataclass(frozen=True)
class Province:
    """Tỉnh, thành phố trực thuộc Trung ương (sau 01/7/2025)."""

    name: str
    city: bool  # thành phố trực thuộc Trung ương: "Thành ủy", else "Tỉnh ủy"
    wards: int  # phường
    communes: int  # xã
    special_zones: tuple[str, ...] = field(default=())  # đặc khu
    members_k: int = 150
    region: str = DELTA
    merged_from: tuple[str, ...] = field(default=())

    @property
    def committee(self) -> str:
        return f"{'Thành ủy' if self.city else 'Tỉnh ủy'} {self.display}"

    @property
    def display(self) -> str:
        return "Thành phố Hồ Chí Minh" if self.name == "Hồ Chí Minh" else self.name

    @property
    def total_units(self) -> int:
        return self.wards + self.communes + len(self.special_zones)


PROVINCES: tuple[Province, ...] = (
    Province("Hà Nội", True, 51, 75, (), 480, DELTA),
    Province("Huế", True, 19, 21, (), 60, CENTRAL),
    Province("Lai Châu", False, 2, 36, (), 30, MOUNTAIN),
    Province("Điện Biên", False, 3, 42, (), 50, MOUNTAIN),
    Province("Sơn La", False, 8, 67, (), 90, MOUNTAIN),
    Province("Lạng Sơn", False, 4, 61, (), 70, MOUNTAIN),
    Province("Quảng Ninh", False, 30, 22, ("Vân Đồn", "Cô Tô"), 120, DELTA),
    Province("Thanh Hóa", False, 19, 147, (), 230, CENTRAL),
    Province("Nghệ An", False, 11, 119, (), 220, CENTRAL),
    Province("Hà Tĩnh", False, 9, 60, (), 110, CENTRAL),
    Province("Cao Bằng", False, 3, 53, (), 50, MOUNTAIN),
    Province("Tuyên Quang", False, 7, 117, (), 120, MOUNTAIN, ("Hà Giang", "Tuyên Quang")),
    Province("Lào Cai", False, 10, 89, (), 120, MOUNTAIN, ("Yên Bái", "Lào Cai")),
    Province("Thái Nguyên", False, 15, 77, (), 120, MOUNTAIN, ("Bắc Kạn", "Thái Nguyên")),
    Province("Phú Thọ", False, 15, 133, (), 260, DELTA, ("Vĩnh Phúc", "Hòa Bình", "Phú Thọ")),
    Province("Bắc Ninh", False, 33, 66, (), 200, DELTA, ("Bắc Giang", "Bắc Ninh")),
    Province("Hưng Yên", False, 11, 93, (), 210, DELTA, ("Thái Bình", "Hưng Yên")),
    Province("Hải Phòng", True, 45, 67, ("Cát Hải", "Bạch Long Vĩ"), 250, DELTA, ("Hải Dương", "Hải Phòng")),
    Province("Ninh Bình", False, 32, 97, (), 250, DELTA, ("Hà Nam", "Nam Định", "Ninh Bình")),
    Province("Quảng Trị", False, 8, 69, ("Cồn Cỏ",), 120, CENTRAL, ("Quảng Bình", "Quảng Trị")),
    Province("Đà Nẵng", True, 23, 70, ("Hoàng Sa",), 150, CENTRAL, ("Quảng Nam", "Đà Nẵng")),
    Province("Quảng Ngãi", False, 9, 86, ("Lý Sơn",), 100, CENTRAL, ("Kon Tum", "Quảng Ngãi")),
    Province("Gia Lai", False, 25, 110, (), 140, HIGHLANDS, ("Bình Định", "Gia Lai")),
    Province("Khánh Hòa", False, 16, 48, ("Trường Sa",), 80, CENTRAL, ("Ninh Thuận", "Khánh Hòa")),
    Province("Lâm Đồng", False, 20, 103, ("Phú Quý",), 140, HIGHLANDS, ("Đắk Nông", "Bình Thuận", "Lâm Đồng")),
    Province("Đắk Lắk", False, 14, 88, (), 120, HIGHLANDS, ("Phú Yên", "Đắk Lắk")),
    Province("Hồ Chí Minh", True, 113, 54, ("Côn Đảo",), 560, SOUTH, ("Bà Rịa - Vũng Tàu", "Bình Dương", "Hồ Chí Minh")),
    Province("Đồng Nai", False, 23, 72, (), 160, SOUTH, ("Bình Phước", "Đồng Nai")),
    Province("Tây Ninh", False, 14, 82, (), 120, SOUTH, ("Long An", "Tây Ninh")),
    Province("Cần Thơ", True, 31, 72, (), 120, SOUTH, ("Sóc Trăng", "Hậu Giang", "Cần Thơ")),
    Province("Vĩnh Long", False, 19, 105, (), 140, SOUTH, ("Bến Tre", "Trà Vinh", "Vĩnh Long")),
    Province("Đồng Tháp", False, 20, 82, (), 130, SOUTH, ("Tiền Giang", "Đồng Tháp")),
    Province("Cà Mau", False, 9, 55, (), 80, SOUTH, ("Bạc Liêu", "Cà Mau")),
    Province("An Giang", False, 14, 85, ("Phú Quốc", "Kiên Hải", "Thổ Châu"), 140, SOUTH, ("Kiên Giang", "An Giang")),
)

# (name, weight in per mille) — northern spelling; SOUTH_VARIANTS moves weight to Huỳnh, Võ.
FAMILY_NAMES: tuple[tuple[str, float], ...] = (
    ("Nguyễn", 384), ("Trần", 121), ("Lê", 95), ("Phạm", 70), ("Hoàng", 51), ("Phan", 45),
    ("Vũ", 39), ("Đặng", 21), ("Bùi", 20), ("Đỗ", 14), ("Hồ", 13), ("Ngô", 13), ("Dương", 10),
    ("Lý", 5), ("Đinh", 8), ("Trương", 8), ("Đào", 6), ("Đoàn", 6), ("Hà", 5), ("Lương", 5),
    ("Trịnh", 5), ("Mai", 4), ("Cao", 4), ("Lâm", 4), ("Lưu", 3), ("Phùng", 3), ("Tạ", 3),
    ("Thái", 2), ("Tô", 2), ("Chu", 2), ("Triệu", 2), ("Kiều", 1), ("La", 1), ("Quách", 1),
    ("Tăng", 1), ("Khúc", 1), ("Châu", 1), ("Lại", 1), ("Từ", 1),
)
SOUTH_VARIANTS = {"Hoàng": (("Huỳnh", 0.75), ("Hoàng", 0.25)), "Vũ": (("Võ", 0.8), ("Vũ", 0.2))}

# Families common among ethnic minorities of the northern mountains (Tày, Thái, Mông, Dao…).
MINORITY_FAMILY_NAMES: tuple[tuple[str, float], ...] = (
    ("Lò", 8), ("Lường", 5), ("Quàng", 3), ("Cầm", 3), ("Hà", 6), ("Giàng", 6), ("Sùng", 4),
    ("Vàng", 5), ("Thào", 4), ("Nông", 6), ("Triệu", 4), ("Lục", 2), ("Ma", 2), ("Mùa", 2),
    ("Hoàng", 6), ("Lý", 4), ("Bàn", 3), ("Tẩn", 2), ("Chảo", 2), ("Vi", 2), ("Lăng", 1),
)
MINORITY_SHARE = {MOUNTAIN: 0.4, HIGHLANDS: 0.1}

MALE_MIDDLE: tuple[tuple[str, float], ...] = (
    ("Văn", 40), ("Đức", 7), ("Minh", 7), ("Hữu", 6), ("Quang", 5), ("Công", 5), ("Xuân", 4),
    ("Thanh", 4), ("Quốc", 4), ("Đình", 4), ("Ngọc", 3), ("Trọng", 3), ("Mạnh", 2), ("Tiến", 2),
    ("Anh", 2), ("Hoàng", 2), ("Duy", 2), ("Thành", 2), ("Việt", 2), ("Bá", 1), ("Chí", 1),
    ("Gia", 1), ("Khắc", 1), ("Trung", 1), ("Tuấn", 1), ("Hồng", 1), ("Kim", 1), ("Nhật", 1),
)
FEMALE_MIDDLE: tuple[tuple[str, float], ...] = (
    ("Thị", 55), ("Ngọc", 6), ("Thu", 5), ("Thanh", 5), ("Hồng", 4), ("Minh", 3), ("Kim", 3),
    ("Phương", 3), ("Thùy", 2), ("Thuỳ", 1), ("Mai", 2), ("Bích", 2), ("Hải", 2), ("Lan", 1),
    ("Diệu", 1), ("Khánh", 1), ("Bảo", 1), ("Quỳnh", 1), ("Hoài", 1), ("Tuyết", 1), ("Thúy", 1),
)
MINORITY_MALE_MIDDLE = (("Văn", 6), ("A", 3), ("Seo", 1), ("Mí", 1))
MINORITY_FEMALE_MIDDLE = (("Thị", 8), ("Thị", 1))

MALE_GIVEN: tuple[str, ...] = (
    "Anh", "Bình", "Cường", "Dũng", "Đạt", "Đức", "Hải", "Hiếu", "Hùng", "Huy", "Hưng", "Khải",
    "Khánh", "Kiên", "Lâm", "Long", "Lợi", "Mạnh", "Minh", "Nam", "Nghĩa", "Phong", "Phúc",
    "Quang", "Quân", "Sơn", "Tài", "Tâm", "Thành", "Thắng", "Thịnh", "Toàn", "Trung", "Tuấn",
    "Tùng", "Việt", "Vinh", "Vũ", "Hoàng", "Hiệp", "Hòa", "Hoà", "Huân", "Khoa", "Lực", "Nhân",
    "Phát", "Sang", "Thái", "Thuận", "Tiến", "Trí", "Trường", "Tú", "Tuyên", "Dương", "Bảo",
    "Chiến", "Công", "Đông", "Giang", "Hậu", "Hiển", "Lộc", "Quý", "Thọ", "Thanh", "Hạnh",
)
FEMALE_GIVEN: tuple[str, ...] = (
    "An", "Anh", "Bích", "Chi", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa",
    "Hồng", "Huệ", "Hương", "Hường", "Lan", "Liên", "Linh", "Loan", "Mai", "Minh", "My", "Nga",
    "Ngân", "Ngọc", "Nhung", "Oanh", "Phương", "Quyên", "Quỳnh", "Tâm", "Thảo", "Thanh", "Thơm",
    "Thu", "Thủy", "Thuỷ", "Trang", "Tuyết", "Uyên", "Vân", "Xuân", "Yến", "Hòa", "Hoà", "Lụa",
    "Huyền", "Nhàn", "Thắm", "Dịu", "Lý", "Nhi", "Thúy", "Hoài", "Châu", "Diệp", "Ly",
)
MINORITY_MALE_GIVEN = ("Páo", "Dìn", "Chứ", "Sính", "Tủa", "Lử", "Pó", "Chư", "Khoa", "Sử", "Phềnh", "Chinh")
MINORITY_FEMALE_GIVEN = ("Mỷ", "Dở", "Say", "Mai", "Lan", "Xuân", "Pằng", "Chá", "Sua", "Mỉ", "Dung")

# Syllables of commune and ward names (Sino-Vietnamese, as most are). Both Hòa and Hoà occur.
PLACE_SYLLABLES: tuple[str, ...] = (
    "An", "Bình", "Hòa", "Hoà", "Phú", "Tân", "Thành", "Long", "Xuân", "Minh", "Đông", "Tây",
    "Nam", "Bắc", "Trung", "Phước", "Hưng", "Thịnh", "Quang", "Sơn", "Hà", "Lâm", "Hải", "Yên",
    "Vĩnh", "Mỹ", "Lộc", "Thuận", "Đức", "Khánh", "Hiệp", "Lợi", "Nghĩa", "Phong", "Thái",
    "Hồng", "Kim", "Ngọc", "Định", "Hậu", "Tiến", "Thắng", "Lạc", "Cường", "Toàn", "Tường",
    "Hội", "Cát", "Lương", "Mai", "Quý", "Thạch", "Thủy", "Thuỷ", "Trà", "Văn", "Việt", "Vân",
    "Điền", "Gia", "Hưng", "Kỳ", "Liên", "Nhân", "Phúc", "Quảng", "Tam", "Thượng", "Tiên",
)
SOUTH_PLACE_SYLLABLES = ("Thạnh", "Mỹ", "Phước", "Long", "Tân", "Hòa", "Bình", "Lợi", "Hiệp", "Giồng", "Vàm", "Cái")
MOUNTAIN_PLACE_NAMES: tuple[str, ...] = (
    "Bảo Hà", "Mường Khương", "Bát Xát", "Sa Pa", "Tả Van", "Nậm Xé", "Mường Hum", "Pha Long",
    "Si Ma Cai", "Bắc Hà", "Cốc Lầu", "Nậm Lúc", "Bản Liền", "Phong Hải", "Cốc San", "Mường Bo",
    "Trạm Tấu", "Mù Cang Chải", "Khau Phạ", "Nậm Có", "Pá Lau", "Bản Xèo", "Y Tý", "Dền Sáng",
    "Tà Xi Láng", "Khánh Yên", "Võ Lao", "Chiềng Ken", "Nậm Chầy", "Lùng Phình", "Mường Lai",
)

# Village names for named thôn, bản, ấp.
VILLAGE_NAMES: tuple[str, ...] = (
    "Tân Lập", "Đồng Tâm", "Thống Nhất", "Quyết Tiến", "Hòa Bình", "Tiền Phong", "Đoàn Kết",
    "Tân Tiến", "Làng Mới", "Bình Minh", "Hợp Nhất", "Đông Hưng", "Tây Sơn", "Phú Lợi",
    "An Thịnh", "Thắng Lợi", "Đồng Xuân", "Cầu Mới", "Bến Đò", "Gò Cao", "Xóm Chùa",
)
MOUNTAIN_VILLAGE_NAMES: tuple[str, ...] = (
    "Nà Mò", "Khuổi Phường", "Pác Bó", "Nậm Cang", "Bản Phố", "Nà Lùng", "Cốc Phương",
    "Lùng Vai", "Na Hối", "Pả Cheo", "Sín Chải", "Tả Chải", "Nậm Mả", "Phìn Ngan", "Khe Lếch",
)
SOUTH_VILLAGE_NAMES: tuple[str, ...] = (
    "Phú Hòa", "Mỹ Thạnh", "Long Hưng", "Tân Thuận", "Bình Phú", "Vĩnh Lợi", "Thạnh Phú",
    "Giồng Trôm", "Cái Sơn", "Rạch Gốc", "Vàm Láng", "Kinh Xáng", "Ba Se", "Mương Điều",
)

# Village words by region: (word for communes, word for wards).
VILLAGE_WORDS = {
    MOUNTAIN: (("thôn", "bản"), ("tổ dân phố",)),
    DELTA: (("thôn",), ("tổ dân phố",)),
    CENTRAL: (("thôn",), ("tổ dân phố",)),
    HIGHLANDS: (("thôn", "buôn", "làng"), ("tổ dân phố",)),
    SOUTH: (("ấp",), ("khu phố",)),
}

# Grassroots bodies inside a commune that hold their own cell (chi bộ cơ sở).
INSTITUTION_CELLS: tuple[str, ...] = (
    "Trường Mầm non", "Trường Tiểu học", "Trường Trung học cơ sở", "Trạm Y tế", "Công an", "Quân sự",
)
GRASSROOTS_COMMITTEES: tuple[str, ...] = (
    "Trường Trung học phổ thông", "Trung tâm Y tế", "Công ty Cổ phần", "Hợp tác xã", "Bệnh viện Đa khoa",
)
