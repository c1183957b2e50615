"""Demo bookshelves: seed 000's shelf of Chi bộ Khu phố 4, phường Rạch Dừa, and generated shelves
for the demo province (deterministic from ctx.rng).

The seed shelf is built through the services (audited, as a cell would do it): opened in the 2021
campaign, members who work elsewhere register to support it where they live, donations with
their receipts, readers, loans and an inspection by the ward's committee with follow-up tasks.
The province's shelves are written in bulk (a few hundred shelves, some thousand copies), with
loans and on-the-spot readings around ctx.today, the province's loan rule and campaign targets.
"""

import datetime

from chibo.members.models import MEMBER_STATUSES, Person, ResidenceRegistration
from chibo.text import fold

from . import services
from .isbn import isbn13_check_digit
from .models import (
    Bookshelf,
    Copy,
    CopyStatus,
    Donation,
    DonorKind,
    Loan,
    OnSiteReading,
    Reader,
    ReaderKind,
    ShelfStatus,
    Supporter,
    TargetMeasure,
    Title,
    title_search_key,
    title_search_words,
)

# (title, author, publisher, year, subject, kind)
CATALOGUE = [
    ("Lịch sử Đảng Cộng sản Việt Nam (1930 - 2030)", "Hội đồng Lý luận Trung ương", "NXB Chính trị quốc gia Sự thật", 2020, "party", "book"),
    ("Hồ Chí Minh toàn tập, tập 5", "Hồ Chí Minh", "NXB Chính trị quốc gia Sự thật", 2011, "party", "book"),
    ("Sổ tay đảng viên", "Ban Tổ chức Trung ương", "NXB Chính trị quốc gia Sự thật", 2021, "party", "book"),
    ("Văn kiện Đại hội đại biểu toàn quốc lần thứ XIII", "Đảng Cộng sản Việt Nam", "NXB Chính trị quốc gia Sự thật", 2021, "party", "document"),
    ("Điều lệ Đảng Cộng sản Việt Nam", "Đảng Cộng sản Việt Nam", "NXB Chính trị quốc gia Sự thật", 2011, "party", "document"),
    ("Kiên quyết, kiên trì đấu tranh phòng, chống tham nhũng, tiêu cực", "Nguyễn Phú Trọng", "NXB Chính trị quốc gia Sự thật", 2023, "party", "book"),
    ("Nghiệp vụ công tác tuyên giáo ở cơ sở", "Ban Tuyên giáo Trung ương", "NXB Chính trị quốc gia Sự thật", 2019, "party", "book"),
    ("Hỏi - đáp về công tác dân vận", "Ban Dân vận Trung ương", "NXB Chính trị quốc gia Sự thật", 2020, "party", "publication"),
    ("Bộ luật Dân sự năm 2015", "Quốc hội", "NXB Tư pháp", 2016, "law", "document"),
    ("Luật Đất đai năm 2024", "Quốc hội", "NXB Chính trị quốc gia Sự thật", 2024, "law", "document"),
    ("Tìm hiểu Luật Hôn nhân và gia đình", "Nguyễn Văn Cừ", "NXB Tư pháp", 2018, "law", "book"),
    ("Pháp luật về phòng, chống bạo lực gia đình", "Bộ Văn hóa, Thể thao và Du lịch", "NXB Tư pháp", 2023, "law", "publication"),
    ("Hỏi - đáp pháp luật về hòa giải ở cơ sở", "Bộ Tư pháp", "NXB Tư pháp", 2019, "law", "publication"),
    ("Đại Việt sử ký toàn thư", "Ngô Sĩ Liên", "NXB Khoa học xã hội", 2009, "history", "book"),
    ("Lịch sử Đảng bộ tỉnh Bà Rịa - Vũng Tàu", "Ban Thường vụ Tỉnh ủy", "NXB Chính trị quốc gia Sự thật", 2015, "history", "book"),
    ("Những trận đánh nổi tiếng trong lịch sử Việt Nam", "Nguyễn Khắc Thuần", "NXB Giáo dục Việt Nam", 2014, "history", "book"),
    ("Điện Biên Phủ - điểm hẹn lịch sử", "Võ Nguyên Giáp", "NXB Quân đội nhân dân", 2018, "history", "book"),
    ("Nhật ký Đặng Thùy Trâm", "Đặng Thùy Trâm", "NXB Hội Nhà văn", 2005, "history", "book"),
    ("Việt Nam văn hóa sử cương", "Đào Duy Anh", "NXB Hồng Đức", 2014, "culture", "book"),
    ("Truyện Kiều", "Nguyễn Du", "NXB Văn học", 2015, "culture", "book"),
    ("Đất rừng phương Nam", "Đoàn Giỏi", "NXB Kim Đồng", 2019, "children", "book"),
    ("Dế Mèn phiêu lưu ký", "Tô Hoài", "NXB Kim Đồng", 2020, "children", "book"),
    ("Hoàng Sa, Trường Sa là của Việt Nam", "Bộ Ngoại giao", "NXB Thông tin và Truyền thông", 2016, "sea_islands", "book"),
    ("Biển, đảo Việt Nam - những điều cần biết", "Ban Tuyên giáo Trung ương", "NXB Chính trị quốc gia Sự thật", 2017, "sea_islands", "publication"),
    ("Ảnh tư liệu: Trường Sa trong trái tim Tổ quốc", "Thông tấn xã Việt Nam", "NXB Thông tấn", 2019, "sea_islands", "photo"),
    ("Sống xanh: phân loại rác tại nguồn", "Bộ Tài nguyên và Môi trường", "NXB Tài nguyên - Môi trường", 2022, "environment", "publication"),
    ("Kỹ thuật trồng rau an toàn", "Trần Văn Hai", "NXB Nông nghiệp", 2017, "economy", "book"),
    ("Nuôi tôm thẻ chân trắng hiệu quả", "Lê Minh Hoàng", "NXB Nông nghiệp", 2020, "economy", "book"),
    ("Sơ cấp cứu ban đầu tại cộng đồng", "Bộ Y tế", "NXB Y học", 2018, "health", "book"),
    ("Tạp chí Xây dựng Đảng", "Ban Tổ chức Trung ương", "Tạp chí Xây dựng Đảng", 2024, "party", "periodical"),
    ("Báo Nhân Dân cuối tuần", "", "Báo Nhân Dân", 2025, "other", "periodical"),
    ("Tạp chí Cộng sản", "Hội đồng Lý luận Trung ương", "Tạp chí Cộng sản", 2025, "party", "periodical"),
]

SEED_SHELF = "Tủ sách Chi bộ Khu phố 4"
SEED_PLACE = "Nhà văn hóa Khu phố 4, phường Rạch Dừa, thành phố Vũng Tàu"
CITIZENS = ["Trần Thị Mai", "Lê Văn Tư", "Phạm Ngọc Ánh", "Nguyễn Thị Hoa", "Võ Văn Bình", "Đặng Thu Hà",
            "Huỳnh Văn Lợi", "Bùi Thị Nga", "Hồ Minh Khang", "Ngô Thị Lệ", "Dương Văn Thành", "Phan Thị Yến"]
# Donors of the generated shelves, named after the shelf's commune ("{place}": "phường Trạm Tấu").
ORGANISATIONS = ["Hội Cựu chiến binh {place}", "Đoàn Thanh niên {place}", "Hội Liên hiệp Phụ nữ {place}",
                 "Trường Tiểu học {place}", "Thư viện tỉnh"]


def _isbn(n: int) -> str:
    body = f"978604{n:06d}"
    return body + isbn13_check_digit(body)


def _item(index: int, copies: int = 1) -> dict:
    title, author, publisher, year, subject, kind = CATALOGUE[index % len(CATALOGUE)]
    isbn = _isbn(1000 + index % len(CATALOGUE)) if kind in ("book", "publication") else ""
    return {"title": title, "author": author, "publisher": publisher, "year": year, "subject": subject, "kind": kind,
            "isbn": isbn, "copies": copies}


def _actor(ctx):
    from chibo.accounts.models import User

    actor = ctx.users.get("admin") or User.objects.filter(is_superuser=True, is_active=True).order_by("id").first()
    if actor is None:
        actor = User.objects.create(username="demo_tusach", is_superuser=True, is_active=True)
        ctx.users["admin"] = actor
    return actor


def load_seed_000(ctx, actor) -> Bookshelf | None:
    """Tủ sách Chi bộ Khu phố 4, phường Rạch Dừa: the shelf in seed 000's photograph."""
    cell = ctx.units.get("rach_dua_kp4_cell")
    if cell is None:
        return None
    rng = ctx.rng
    members = list(Person.objects.filter(unit=cell, status__in=MEMBER_STATUSES).order_by("id"))
    shelf = services.do_create_shelf(
        actor, cell, name=SEED_SHELF, place=SEED_PLACE, opening_hours="Tối thứ Ba, thứ Năm (19:00–21:00); sáng Chủ nhật",
        custodian=members[1] if len(members) > 1 else None, custodian_name="" if len(members) > 1 else "Ban điều hành khu phố",
        opened_on=datetime.date(2019, 5, 19), status=ShelfStatus.ACTIVE, campaign_year=2021, is_public=True,
        description="Tủ sách do đảng viên chi bộ và đảng viên đăng ký sinh hoạt nơi cư trú đóng góp, "
                    "hưởng ứng phong trào “Vận động đảng viên tình nguyện tham gia xây dựng tủ sách Chi bộ thôn, ấp, "
                    "khu phố” (Kế hoạch số 38-KH/TU của Thành ủy Vũng Tàu).",
    )
    services.do_add_title(actor, shelf, on=datetime.date(2019, 5, 19), **_item(0, 2))
    services.do_add_title(actor, shelf, on=datetime.date(2019, 5, 19), **_item(4, 3))
    # 2021 campaign: members working elsewhere register at the shelf where they live, and donate.
    residents = list(Person.objects.filter(
        pk__in=ResidenceRegistration.objects.filter(unit=cell, ended_on__isnull=True).values("person_id")).order_by("id"))
    supporters = residents + members[2:5]
    for n, person in enumerate(supporters):
        services.do_register_supporter(actor, shelf, person, on=datetime.date(2021, 2, 20 + n % 5),
                                       pledge=rng.choice(["Tặng sách", "Trực tủ sách sáng Chủ nhật", "Vận động bà con đọc sách"]))
    index = 1
    for n, person in enumerate(supporters):
        kind = DonorKind.RESIDENT_MEMBER if person.unit_id != cell.pk else DonorKind.MEMBER
        items = [_item(index + k, rng.randint(1, 2)) for k in range(rng.randint(2, 5))]
        index += len(items)
        services.do_record_donation(actor, shelf, donor_kind=kind, donor_person=person, items=items,
                                    received_on=datetime.date(2021, 3, 1 + n * 3))
    services.do_record_donation(actor, shelf, donor_kind=DonorKind.ORGANISATION, donor_name="Hội Cựu chiến binh phường Rạch Dừa",
                                items=[_item(k, 2) for k in (14, 16, 22)], received_on=datetime.date(2021, 5, 19))
    # Readers and loans: one returned, one out, one overdue; readings on the spot.
    readers = [services.do_register_reader(actor, shelf, name=name, contact="Khu phố 4", on=datetime.date(2021, 6, 1))
               for name in CITIZENS[:6]]
    if members:
        readers.append(services.do_register_reader(actor, shelf, person=members[-1], on=datetime.date(2021, 6, 1)))
    copies = list(shelf.copies.order_by("number"))
    today = ctx.today
    for n, (reader, copy) in enumerate(zip(readers, copies[::3], strict=False)):
        on = today - datetime.timedelta(days=40 - n * 5)
        loan = services.do_lend_copy(actor, copy, reader, on=on)
        if n % 3 == 0:
            services.do_return_loan(actor, loan, on=on + datetime.timedelta(days=10))
    for weeks in range(12):
        day = today - datetime.timedelta(days=7 * weeks + 2)
        services.do_record_reading(actor, shelf, readers=rng.randint(3, 15), on=day, note="Sinh hoạt đọc sách tối thứ Năm")
    # The ward's committee inspects the shelf; the cell closes one follow-up.
    ward = ctx.units.get("rach_dua") or cell.get_parent()
    inspection = services.do_record_inspection(
        actor, shelf, inspecting_unit=ward, condition="good", inspected_on=datetime.date(2021, 11, 20),
        problems="Sách pháp luật còn ít; chưa có sổ theo dõi bạn đọc thiếu nhi.",
        conclusion="Tủ sách hoạt động nền nếp, được bà con khu phố đón nhận.",
        follow_ups=[("Bổ sung sách pháp luật phổ thông", datetime.date(2022, 3, 31)),
                    ("Lập sổ bạn đọc thiếu nhi", datetime.date(2022, 1, 31))],
    )
    services.do_complete_follow_up(actor, inspection.follow_ups.order_by("due_on").first(), on=datetime.date(2022, 1, 15))
    services.do_set_target(actor, ward, year=2021, measure=TargetMeasure.NEW_SHELVES, target=2,
                           note="Kế hoạch số 38-KH/TU của Thành ủy Vũng Tàu")
    services.do_set_target(actor, ward, year=2021, measure=TargetMeasure.SUPPORTERS, target=10)
    ctx.lists["bookshelves_seed_shelf"] = shelf
    return shelf


def load_province(ctx, *, every: int = 3, limit: int = 300) -> list[Bookshelf]:
    """Shelves for the demo province's cells: every cell of its first commune, one cell in `every` elsewhere."""
    rng = ctx.rng
    cells = ctx.lists.get("cells") or []
    communes = ctx.lists.get("communes") or []
    first_commune = communes[0].path if communes else None
    chosen = [c for i, c in enumerate(cells) if (first_commune and c.path.startswith(first_commune)) or i % every == 0]
    chosen = chosen[:limit]
    if not chosen:
        return []
    today = ctx.today
    shelves = Bookshelf.objects.bulk_create([
        Bookshelf(
            unit=cell, name=f"Tủ sách {cell.name}", place=cell.place or f"Nhà văn hóa, {cell.name.removeprefix('Chi bộ ')}",
            opening_hours=rng.choice(["Tối thứ Bảy", "Sáng Chủ nhật", "Các buổi tối trong tuần", "Theo giờ hành chính"]),
            custodian_name=rng.choice(CITIZENS), campaign_year=year,
            opened_on=min(today, datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))),
            status=ShelfStatus.ACTIVE if rng.random() < 0.9 else rng.choice([ShelfStatus.PAUSED, ShelfStatus.PLANNED]),
        )
        for cell in chosen
        for year in [rng.choice([2019, 2020, 2021, 2022, 2023, 2024, today.year])]
    ])
    titles = []
    for shelf in shelves:
        for index in rng.sample(range(len(CATALOGUE)), rng.randint(6, 20)):
            item = _item(index)
            item.pop("copies")
            added = max(shelf.opened_on, today - datetime.timedelta(days=rng.randint(0, 900)))
            key = title_search_key(item["title"], item["author"], item["publisher"], item["isbn"])
            titles.append(Title(shelf=shelf, added_on=min(added, today), search_key=key,
                                search_words=title_search_words(key), unit_path=shelf.unit.path, **item))
    titles = Title.objects.bulk_create(titles)
    numbers: dict[int, int] = {}
    copies = []
    for title in titles:
        for _ in range(rng.choice([1, 1, 2, 3])):
            numbers[title.shelf_id] = numbers.get(title.shelf_id, 0) + 1
            status = CopyStatus.AVAILABLE if rng.random() < 0.97 else rng.choice([CopyStatus.MISSING, CopyStatus.DAMAGED])
            copies.append(Copy(shelf_id=title.shelf_id, title=title, number=numbers[title.shelf_id], status=status,
                               added_on=title.added_on))
    copies = Copy.objects.bulk_create(copies)
    by_shelf: dict[int, list[Copy]] = {}
    for copy in copies:
        if copy.status == CopyStatus.AVAILABLE:
            by_shelf.setdefault(copy.shelf_id, []).append(copy)
    readers, loans, readings, donations = [], [], [], []
    communes_by_path = {c.path: c for c in communes}
    commune_path_len = len(communes[0].path) if communes else 0
    for shelf in shelves:
        commune = communes_by_path.get(shelf.unit.path[:commune_path_len])
        place = (commune.place or commune.name.removeprefix("Đảng ủy ")) if commune is not None else "địa phương"
        for _n in range(rng.randint(2, 8)):
            name = rng.choice(CITIZENS)
            readers.append(Reader(shelf=shelf, name=name, name_folded=fold(name), kind=ReaderKind.CITIZEN,
                                  registered_on=shelf.opened_on))
        for weeks in range(rng.randint(0, 8)):
            readings.append(OnSiteReading(shelf=shelf, on=today - datetime.timedelta(days=7 * weeks + 1),
                                          readers=rng.randint(1, 12)))
        donations.append(Donation(shelf=shelf, donor_kind=DonorKind.ORGANISATION,
                                  donor_name=rng.choice(ORGANISATIONS).format(place=place),
                                  received_on=shelf.opened_on, receipt_number=1, note="Tặng sách khi khai trương tủ sách"))
    readers = Reader.objects.bulk_create(readers)
    Donation.objects.bulk_create(donations)
    OnSiteReading.objects.bulk_create(readings)
    lent = []
    for reader in readers:
        free = by_shelf.get(reader.shelf_id) or []
        if not free or rng.random() < 0.5:
            continue
        copy = free.pop()
        borrowed = today - datetime.timedelta(days=rng.randint(1, 40))
        returned = borrowed + datetime.timedelta(days=rng.randint(3, 14)) if rng.random() < 0.6 else None
        if returned and returned > today:
            returned = None
        loans.append(Loan(shelf_id=reader.shelf_id, copy=copy, reader=reader, borrowed_on=borrowed,
                          due_on=borrowed + datetime.timedelta(days=14), returned_on=returned))
        if returned is None:
            lent.append(copy.pk)
    Loan.objects.bulk_create(loans)
    Copy.objects.filter(pk__in=lent).update(status=CopyStatus.ON_LOAN)
    return shelves


def load(ctx) -> None:
    actor = _actor(ctx)
    load_seed_000(ctx, actor)
    shelves = load_province(ctx)
    province = ctx.units.get("province")
    if province is not None:
        services.do_set_loan_rule(actor, province, loan_days=14, loans_per_reader=2)
        year = ctx.today.year
        services.do_set_target(actor, province, year=year, measure=TargetMeasure.NEW_SHELVES, target=60,
                               note="Phong trào xây dựng tủ sách chi bộ thôn, tổ dân phố")
        services.do_set_target(actor, province, year=year, measure=TargetMeasure.COPIES_ADDED, target=3000)
    communes = ctx.lists.get("communes") or []
    if communes:
        services.do_set_loan_rule(actor, communes[0], loan_days=21, loans_per_reader=3)
        services.do_set_target(actor, communes[0], year=ctx.today.year, measure=TargetMeasure.NEW_SHELVES, target=5)
    # The demo member, whose cell is an office's, supports the shelf of the residential quarter
    # (tổ dân phố, thôn) of the same commune where they live: registered there as resident.
    member = ctx.users.get("member")
    person = getattr(member, "person", None)
    if person is not None and not Supporter.objects.filter(person=person, ended_on__isnull=True).exists():
        commune_path = person.unit.path[: -person.unit.steplen]
        near = [s for s in shelves if s.unit_id != person.unit_id and s.unit.path.startswith(commune_path)]
        residential = [s for s in near if fold(s.unit.name).startswith(("chi bo to dan pho", "chi bo thon", "chi bo khu pho"))]
        shelf = (residential or near or [s for s in shelves if s.unit_id == person.unit_id] or [None])[0]
        if shelf is not None:
            services.do_register_supporter(actor, shelf, person, pledge="Tặng sách, trực tủ sách sáng Chủ nhật",
                                           on=ctx.today - datetime.timedelta(days=30))
    ctx.log(f"    {len(shelves) + ('bookshelves_seed_shelf' in ctx.lists)} tủ sách")
