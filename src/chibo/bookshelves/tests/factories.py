"""Builders for bookshelf tests."""

import datetime

from chibo.bookshelves import services
from chibo.bookshelves.models import Bookshelf, Reader
from chibo.core import testing

ISBNS = ["9780306406157", "0306406152", "080442957X", "9786040000002", "9786041234567"]


def make_shelf(unit, *, name=None, opened_on=datetime.date(2021, 3, 1), **fields) -> Bookshelf:
    """A shelf created directly (not through the service, to keep tests of other things short)."""
    return Bookshelf.objects.create(unit=unit, name=name or f"Tủ sách {unit.name}", place=fields.pop("place", "Khu phố 4"),
                                    opened_on=opened_on, **fields)


def manager_of(unit):
    from chibo.accounts.models import RoleKind

    return testing.make_user(unit, RoleKind.SECRETARY)


def stock(shelf, actor, titles=3, copies=2):
    return [services.do_add_title(actor, shelf, title=f"Sách số {i}", copies=copies) for i in range(titles)]


def make_reader(shelf, name="Trần Thị Đọc") -> Reader:
    return Reader.objects.create(shelf=shelf, name=name, registered_on=datetime.date(2024, 1, 1))
