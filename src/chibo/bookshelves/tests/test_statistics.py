"""The statistics page's figures equal a plain count of each subtree's rows, table by table."""

import datetime

from django.db.models import Sum
from django.utils import timezone

from chibo.bookshelves import selectors, services
from chibo.bookshelves.models import (
    IN_STOCK_STATUSES,
    Bookshelf,
    Copy,
    CopyStatus,
    Donation,
    Loan,
    OnSiteReading,
    Reader,
    ShelfStatus,
    Supporter,
    Title,
)
from chibo.core import testing
from chibo.orgs.models import UnitKind

from .factories import make_reader, make_shelf


def counted(path: str) -> dict:
    """Every figure of the shelves under `path`, one independent query each."""
    today = timezone.localdate()
    shelves = Bookshelf.objects.filter(unit__path__startswith=path)
    under = {"shelf__unit__path__startswith": path}
    loans = Loan.objects.filter(**under)
    return {
        "shelves": shelves.count(),
        "active_shelves": shelves.filter(status=ShelfStatus.ACTIVE).count(),
        "titles": Title.objects.filter(**under).count(),
        "copies": Copy.objects.filter(**under, status__in=IN_STOCK_STATUSES).count(),
        "copies_lost": Copy.objects.filter(**under, status__in=[CopyStatus.MISSING, CopyStatus.DAMAGED]).count(),
        "loans": loans.count(),
        "open_loans": loans.filter(returned_on__isnull=True).count(),
        "overdue_loans": loans.filter(returned_on__isnull=True, due_on__lt=today).count(),
        "donations": Donation.objects.filter(**under).count(),
        "readers": Reader.objects.filter(**under).count(),
        "supporters": Supporter.objects.filter(**under, ended_on__isnull=True).count(),
        "on_site_readings": OnSiteReading.objects.filter(**under).aggregate(n=Sum("readers"))["n"] or 0,
    }


def _more_shelves(tree, shelves):
    """Beyond the two stocked shelves: a paused shelf with lost copies, a returned loan, supporters
    (one ended), readings, a shelf of a party group under a cell and one at the commune itself."""
    actor = shelves.admin
    paused = make_shelf(tree.cells_a[1], status=ShelfStatus.PAUSED)
    titles = [services.do_add_title(actor, paused, title=f"Sách {i}", copies=3) for i in range(3)]
    Copy.objects.filter(title=titles[0]).update(status=CopyStatus.MISSING)
    Copy.objects.filter(title=titles[1], number__lte=5).update(status=CopyStatus.DAMAGED)
    reader = make_reader(paused)
    loan = services.do_lend_copy(actor, titles[2].copies.first(), reader, on=datetime.date(2024, 3, 1))
    services.do_return_loan(actor, loan, on=datetime.date(2024, 3, 5))
    services.do_lend_copy(actor, titles[2].copies.last(), reader, on=timezone.localdate())
    people = tree.people[tree.cells_a[1].pk]
    Supporter.objects.create(shelf=paused, person=people[0], registered_on=datetime.date(2024, 1, 1))
    Supporter.objects.create(shelf=paused, person=people[1], registered_on=datetime.date(2024, 1, 1),
                             ended_on=datetime.date(2024, 6, 1))
    for readers in (3, 4):
        services.do_record_reading(actor, paused, readers=readers, on=datetime.date(2024, 2, readers))
    group = testing.make_unit(tree.cells_b[1], "Tổ đảng 1", UnitKind.GROUP)
    services.do_add_title(actor, make_shelf(group), title="Sổ tay tổ đảng", copies=2)
    services.do_add_title(actor, make_shelf(tree.commune_a), title="Tủ sách của xã", copies=4)


def test_statistics_equal_an_independent_count(tree, shelves, province_staff):
    _more_shelves(tree, shelves)
    for unit in (tree.province, tree.commune_a, tree.commune_b):
        unit.refresh_from_db()
        totals, rows = selectors.statistics(province_staff, unit)
        assert totals == counted(unit.path), unit
        assert [child.pk for child, _ in rows] == list(unit.get_children().order_by("path").values_list("pk", flat=True))
        for child, figures in rows:
            assert figures == counted(child.path), child
    # The shelf of commune A itself is in its totals, under none of its cells.
    totals, rows = selectors.statistics(province_staff, tree.commune_a)
    assert totals["shelves"] == sum(f["shelves"] for _, f in rows) + 1


def test_statistics_list_a_dissolved_child_that_still_has_shelves(tree, shelves, province_staff):
    tree.commune_b.valid_to = datetime.date(2020, 1, 1)
    tree.commune_b.save()
    rows = dict((child.pk, figures) for child, figures in selectors.statistics(province_staff, tree.province)[1])
    assert rows[tree.commune_b.pk] == counted(tree.commune_b.path) and rows[tree.commune_b.pk]["shelves"] == 1
    assert tree.board.pk in rows and tree.commune_a.pk in rows
