"""The demo loader: seed 000's shelf of Khu phố 4 as the article tells it, and the province's shelves."""

import datetime
import random

from chibo.bookshelves import demo, selectors
from chibo.bookshelves.models import Bookshelf, DonorKind, Loan
from chibo.core.demo import DemoContext
from chibo.core.testing import make_person, make_user
from chibo.members.models import ResidenceRegistration
from chibo.reporting import computed


def test_demo_builds_the_seed_shelf_and_generated_shelves_for_the_province(tree):
    kp4 = tree.cells_b[0]
    resident = make_person(tree.cells_a[0], "Đặng Văn Cư Trú")
    ResidenceRegistration.objects.create(person=resident, unit=kp4, registered_on=datetime.date(2021, 2, 15))
    ctx = DemoContext(seed=2025, rng=random.Random(2025), today=datetime.date(2025, 12, 1), log=lambda *a: None)
    ctx.units.update(rach_dua_kp4_cell=kp4, rach_dua=tree.commune_b, province=tree.province)
    ctx.lists.update(cells=tree.cells, communes=[tree.commune_a, tree.commune_b])
    ctx.users["admin"] = make_user(None, is_superuser=True)
    demo.load(ctx)

    shelf = Bookshelf.objects.get(unit=kp4, name=demo.SEED_SHELF)
    assert shelf.campaign_year == 2021 and shelf.is_public
    supporter = shelf.supporters.get(person=resident)
    assert supporter.residence.unit == kp4
    assert shelf.donations.filter(donor_kind=DonorKind.RESIDENT_MEMBER, donor_person=resident).exists()
    assert shelf.titles.exclude(isbn="").exists() and shelf.copies.count() > 10
    assert Loan.objects.filter(shelf=shelf, returned_on__isnull=True, due_on__lt=ctx.today).exists()
    inspection = shelf.inspections.get()
    assert inspection.inspecting_unit == tree.commune_b and inspection.follow_ups.filter(done_on__isnull=False).count() == 1

    # Every cell of the first commune has a shelf; the province's figures and indicators add them all up.
    assert set(Bookshelf.objects.filter(unit__in=tree.cells_a).values_list("unit", flat=True)) == {c.pk for c in tree.cells_a}
    figures = selectors.subtree_figures(tree.province)
    assert figures["shelves"] == Bookshelf.objects.count() and figures["copies"] > 0 and figures["loans"] > 0
    period = type("Period", (), {"start": datetime.date(2025, 1, 1), "end": datetime.date(2025, 12, 31)})()
    shelves = computed.compute("bookshelves.shelves", [tree.province, tree.commune_a], period)
    assert shelves[tree.province.pk] == Bookshelf.objects.exclude(status="closed").count()
    targets = {row["target"].measure: row["target"].target for row in selectors.target_progress(ctx.users["admin"], tree.province)}
    assert targets == {"new_shelves": 60, "copies": 3000}


def test_demo_member_supports_the_shelf_where_they_live_and_donors_are_local(tree):
    from chibo.accounts.models import RoleKind
    from chibo.core.testing import make_unit
    from chibo.orgs.models import UnitKind

    office = make_unit(tree.commune_a, "Chi bộ Cơ quan Đảng ủy xã", UnitKind.CELL, code="CB")
    quarter = make_unit(tree.commune_a, "Chi bộ tổ dân phố 1, xã Hoà Bình", UnitKind.CELL, code="CB")
    tree.commune_a.refresh_from_db()
    member = make_person(office, "Phạm Thị Dịu")
    ctx = DemoContext(seed=7, rng=random.Random(7), today=datetime.date(2026, 12, 7), log=lambda *a: None)
    ctx.units.update(province=tree.province)
    ctx.lists.update(cells=[office, quarter, *tree.cells], communes=[tree.commune_a, tree.commune_b])
    ctx.users.update(admin=make_user(None, is_superuser=True),
                     member=make_user(office, RoleKind.MEMBER, username="demo_dv", person=member))
    demo.load(ctx)

    support = member.shelf_supports.get()
    assert support.shelf.unit == quarter
    assert ResidenceRegistration.objects.filter(person=member, unit=quarter, ended_on__isnull=True).exists()
    # Generated shelves thank donors of their own commune, not of seed 000's ward.
    donors = set(Bookshelf.objects.filter(unit__in=[office, quarter, *tree.cells_a])
                 .values_list("donations__donor_name", flat=True))
    assert donors and all(d == "Thư viện tỉnh" or d.endswith(" xã Hoà Bình") for d in donors), donors
