"""Builders for tests: a small tree, people and users with roles. Imported by every app's tests."""

import datetime
import itertools

from django.test import Client

from chibo.accounts.models import Role, RoleKind, User
from chibo.members.models import Person, PersonStatus
from chibo.orgs.models import Unit, UnitKind

_counter = itertools.count(1)


def make_unit(parent: Unit | None, name: str, kind: str, **fields) -> Unit:
    unit = Unit(name=name, kind=kind, **fields)
    return Unit.add_root(instance=unit) if parent is None else parent.add_child(instance=unit)


def make_person(unit: Unit, full_name: str | None = None, status: str = PersonStatus.FULL, **fields) -> Person:
    n = next(_counter)
    return Person.objects.create(
        unit=unit, full_name=full_name or f"Nguyễn Văn Thử {n}", status=status,
        birth_year=fields.pop("birth_year", 1970 + n % 30),
        joined_on=fields.pop("joined_on", datetime.date(2000 + n % 20, 1, 1)), **fields,
    )


def make_user(unit: Unit | None = None, kind: str = RoleKind.STAFF, username: str | None = None, **fields) -> User:
    user = User.objects.create_user(username=username or f"user{next(_counter)}", password="mat-khau-thu-nghiem", **fields)
    if unit is not None:
        Role.objects.create(user=user, unit=unit, kind=kind)
    return user


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


class SmallTree:
    """A province with two communes, each with two cells of three members, and boards.

    Attributes: province, board (Ban Tuyên giáo và Dân vận), commune_a, commune_b,
    cells_a, cells_b (lists), people (dict cell.pk -> [Person]).
    """

    def __init__(self):
        self.central = make_unit(None, "Trung ương", UnitKind.CENTRAL, code="TW")
        self.province = make_unit(self.central, "Tỉnh ủy Thử Nghiệm", UnitKind.PROVINCE, short_name="Tỉnh ủy", code="TU")
        self.board = make_unit(self.province, "Ban Tuyên giáo và Dân vận Tỉnh ủy", UnitKind.PROPAGANDA_MOBILISATION_BOARD, code="BTGDVTU")
        self.commune_a = make_unit(self.province, "Đảng ủy xã Hoà Bình", UnitKind.COMMUNE, code="ĐU")
        self.commune_b = make_unit(self.province, "Đảng ủy phường Rạch Dừa", UnitKind.COMMUNE, code="ĐU")
        self.cells_a = [make_unit(self.commune_a, f"Chi bộ thôn {i}", UnitKind.CELL, code="CB") for i in (1, 2)]
        self.cells_b = [make_unit(self.commune_b, f"Chi bộ khu phố {i}", UnitKind.CELL, code="CB") for i in (1, 2)]
        self.people = {
            cell.pk: [make_person(cell) for _ in range(3)] for cell in self.cells_a + self.cells_b
        }
        for unit in (self.central, self.province, self.commune_a, self.commune_b):
            unit.refresh_from_db()

    @property
    def cells(self) -> list[Unit]:
        return self.cells_a + self.cells_b
