"""Tree changes keep history; subtree and ancestor reads are single queries."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from chibo.accounts.models import AuditEvent
from chibo.orgs.models import Unit, UnitEventKind, UnitKind
from chibo.orgs.services import do_create_unit, do_dissolve_unit, do_merge_units, do_move_unit, do_rename_unit

JULY_2025 = datetime.date(2025, 7, 1)


def test_subtree_is_one_query_and_exact(tree, django_assert_num_queries):
    with django_assert_num_queries(1):
        names = set(tree.commune_a.subtree().values_list("name", flat=True))
    assert names == {"Đảng ủy xã Hoà Bình", "Chi bộ thôn 1", "Chi bộ thôn 2"}
    assert tree.commune_b.path not in {u.path for u in tree.commune_a.subtree()}


def test_ancestors_are_one_query_root_first(tree, django_assert_num_queries):
    cell = tree.cells_b[1]
    with django_assert_num_queries(1):
        chain = [u.name for u in cell.ancestors()]
    assert chain == ["Trung ương", "Tỉnh ủy Thử Nghiệm", "Đảng ủy phường Rạch Dừa"]


def test_subtree_range_does_not_catch_a_sibling_sharing_a_prefix(db):
    # Paths "0001" and "00010001" share a prefix with "0001000A"'s sibling range; check the bound.
    root = do_create_unit(None, name="Gốc", kind=UnitKind.CENTRAL)
    kids = [do_create_unit(root, name=f"Con {i}", kind=UnitKind.PROVINCE) for i in range(12)]
    kids = [Unit.objects.get(pk=k.pk) for k in kids]
    for kid in kids:
        assert list(kid.subtree().values_list("pk", flat=True)) == [kid.pk]


def test_dissolving_a_district_moves_communes_and_keeps_its_name_and_place(tree):
    district = do_create_unit(tree.province, name="Huyện ủy Bảo Thắng", kind=UnitKind.DISTRICT, code="HU")
    board = do_create_unit(district, name="Ban Tuyên giáo Huyện ủy", kind=UnitKind.PROPAGANDA_BOARD)
    commune = do_create_unit(district, name="Đảng ủy xã Xuân Quang", kind=UnitKind.COMMUNE)
    do_dissolve_unit(district, on=JULY_2025, children_to=tree.province)
    district.refresh_from_db()
    commune.refresh_from_db()
    board.refresh_from_db()
    assert district.valid_to == JULY_2025 and district.name == "Huyện ủy Bảo Thắng"
    assert district.get_parent().pk == tree.province.pk
    assert commune.get_parent().pk == tree.province.pk and commune.valid_to is None
    assert board.valid_to is None and board.get_parent().pk == tree.province.pk
    moved = commune.events.get(kind=UnitEventKind.MOVED)
    assert moved.old_parent_id == district.pk and moved.new_parent_id == tree.province.pk
    assert district not in Unit.objects.current(datetime.date(2025, 8, 1))
    assert district in Unit.objects.current(datetime.date(2025, 6, 30))
    with pytest.raises(ValidationError):
        do_dissolve_unit(district, on=JULY_2025)


def test_merging_a_province_keeps_it_readable_under_its_successor(tree):
    other = do_create_unit(tree.central, name="Tỉnh uỷ Hoà Bình", kind=UnitKind.PROVINCE, code="TU")
    commune = do_create_unit(other, name="Đảng ủy xã Tân Lạc", kind=UnitKind.COMMUNE)
    do_merge_units([other], tree.province, on=JULY_2025)
    other.refresh_from_db()
    commune.refresh_from_db()
    assert other.successor_id == tree.province.pk and other.valid_to == JULY_2025
    assert other.is_in_subtree_of(tree.province)
    assert commune.get_parent().pk == tree.province.pk
    assert other.events.get(kind=UnitEventKind.MERGED).old_parent_id == tree.central.pk
    assert AuditEvent.objects.filter(action="orgs.merge_unit", object_id=str(other.pk)).exists()


def test_moving_a_unit_into_its_own_subtree_is_refused(tree):
    with pytest.raises(ValidationError):
        do_move_unit(tree.commune_a, tree.cells_a[0], on=JULY_2025)


def test_moving_carries_the_subtree_and_the_people(tree):
    do_move_unit(tree.cells_a[0], tree.commune_b, on=JULY_2025)
    names = set(Unit.objects.get(pk=tree.commune_b.pk).subtree().values_list("name", flat=True))
    assert "Chi bộ thôn 1" in names
    assert Unit.find_problems() == ([], [], [], [], [])


def test_rename_keeps_the_old_name(tree):
    do_rename_unit(tree.commune_a, name="Đảng ủy xã Hòa Bình Mới", on=JULY_2025)
    event = tree.commune_a.events.get(kind=UnitEventKind.RENAMED)
    assert event.old_name == "Đảng ủy xã Hoà Bình"
    assert list(Unit.objects.search("hoa binh moi")) == [Unit.objects.get(pk=tree.commune_a.pk)]
