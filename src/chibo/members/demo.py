"""Demo people for the seed articles' cells; the demo province's members come from the generator."""

import datetime

from chibo.orgs.models import Unit

from .models import Gender, Person, PersonStatus, Position, PositionTitle, ResidenceRegistration

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
MALE = [("Văn", "Hùng"), ("Minh", "Tuấn"), ("Hữu", "Phước"), ("Đức", "Thắng"), ("Quốc", "Bảo"), ("Văn", "Lộc"), ("Thanh", "Sơn")]
FEMALE = [("Thị", "Hoà"), ("Thị", "Thuý"), ("Ngọc", "Lan"), ("Thị", "Hương"), ("Thu", "Trang"), ("Thị", "Khoẻ"), ("Mỹ", "Linh")]


def _name(rng, gender: str) -> str:
    middle, given = rng.choice(MALE if gender == Gender.MALE else FEMALE)
    return f"{rng.choice(FAMILY)} {middle} {given}"


def _people(ctx, cell: Unit, count: int, status=PersonStatus.FULL) -> list[Person]:
    rng = ctx.rng
    people = []
    for _ in range(count):
        gender = rng.choice([Gender.MALE, Gender.FEMALE])
        joined = datetime.date(rng.randint(1985, 2022), rng.randint(1, 12), rng.randint(1, 28))
        is_member = status in (PersonStatus.FULL, PersonStatus.PROBATIONARY)
        people.append(Person.objects.create(
            unit=cell, full_name=_name(rng, gender), gender=gender, birth_year=rng.randint(1950, 2000), status=status,
            joined_on=joined if is_member else None,
            full_member_on=joined + datetime.timedelta(days=365) if status == PersonStatus.FULL else None,
        ))
    return people


def load(ctx) -> None:
    units = ctx.units
    for key, members in (("rach_dua_kp4_cell", 18), ("so_xay_dung_cell", 13)):
        cell = units[key]
        people = _people(ctx, cell, members)
        _people(ctx, cell, 4, PersonStatus.SYMPATHISER)
        Position.objects.create(person=people[0], unit=cell, title=PositionTitle.SECRETARY, started_on=datetime.date(2020, 6, 1))
        Position.objects.create(person=people[1], unit=cell, title=PositionTitle.DEPUTY_SECRETARY, started_on=datetime.date(2020, 6, 1))
        ctx.lists[f"{key}_people"] = people
    # Members who work elsewhere register with the cell where they live (seed 000).
    kp4 = units["rach_dua_kp4_cell"]
    workplace = Unit.objects.subtree_of(units["province_office"]).first()
    for person in _people(ctx, workplace, 3):
        ResidenceRegistration.objects.create(person=person, unit=kp4, registered_on=datetime.date(2021, 2, 15),
                                             note="Đảng viên công tác tại cơ quan, sinh hoạt nơi cư trú")
