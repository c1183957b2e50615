"""The generator writes a tree treebeard agrees with, realistic members, and the same data per seed."""

import io
import re
import unicodedata
from collections import Counter

import pytest
from django.core.management import call_command

from chibo.core.testing import make_unit
from chibo.members.models import Person, PersonStatus, Position, PositionTitle
from chibo.orgs import names
from chibo.orgs.generate import (
    RESTRUCTURED_ON,
    SCALES,
    _cells_mean,
    card_number,
    decode_step,
    encode_step,
    generate,
)
from chibo.orgs.models import CELL_KINDS, Unit, UnitKind
from chibo.text import fold

pytestmark = pytest.mark.django_db


def snapshot(root: Unit) -> dict:
    """Everything generated under `root`, with paths relative to it and without database ids."""
    cut = len(root.path)
    units = list(
        Unit.objects.subtree_of(root, include_self=False).order_by("path")
        .values_list("path", "depth", "numchild", "name", "kind", "code", "place", "valid_from")
    )
    units = [(p[cut:], d - root.depth, *rest) for p, d, *rest in units]
    people = list(
        Person.objects.filter(unit__path__startswith=root.path).order_by("id")
        .values_list("unit__path", "full_name", "gender", "birth_year", "status", "joined_on", "full_member_on", "phone")
    )
    people = [(p[cut:], *rest) for p, *rest in people]
    positions = sorted(
        (u[cut:], title, n[cut:]) for u, title, n in Position.objects.filter(unit__path__startswith=root.path)
        .values_list("unit__path", "title", "person__unit__path")
    )
    return {"units": units, "people": people, "positions": positions}


def strings_in(values):
    for value in values:
        if isinstance(value, str):
            yield value
        elif isinstance(value, (tuple, list, set, frozenset)):
            yield from strings_in(value)
        elif isinstance(value, dict):
            yield from strings_in(value.keys())
            yield from strings_in(value.values())
        elif isinstance(value, names.Province):
            yield from strings_in((value.name, value.special_zones, value.merged_from, value.committee))


@pytest.fixture
def tiny(db):
    stats = generate("tiny", 4)
    province = Unit.objects.get(kind=UnitKind.PROVINCE)
    return stats, province


def test_tiny_scale_writes_a_province_with_boards_communes_cells_and_members(tiny):
    stats, province = tiny
    assert province.get_parent().kind == UnitKind.CENTRAL
    assert province.name == names.PROVINCES[4 % 34].committee
    kinds = Counter(Unit.objects.subtree_of(province).values_list("kind", flat=True))
    assert kinds[UnitKind.COMMUNE] == stats.communes == 6
    assert {UnitKind.PROPAGANDA_MOBILISATION_BOARD, UnitKind.ORGANISATION_BOARD,
            UnitKind.INSPECTION_COMMITTEE, UnitKind.OFFICE} <= set(kinds)
    assert kinds[UnitKind.GRASSROOTS] == stats.committees >= 1
    assert kinds[UnitKind.GROUP] == stats.groups >= 2
    assert kinds[UnitKind.CELL] + kinds[UnitKind.GRASSROOTS_CELL] == stats.cells
    assert 3 * 6 <= stats.cells <= 8 * 6
    assert sum(kinds.values()) == stats.units == Unit.objects.count() - 1  # all but the central root
    assert Person.objects.count() == stats.members
    per_cell = Counter(Person.objects.values_list("unit_id", flat=True))
    cells = set(Unit.objects.filter(kind__in=CELL_KINDS).values_list("id", flat=True))
    assert set(per_cell) == cells, "members belong to cells, and every cell has members"
    assert min(per_cell.values()) >= 3 and 5 <= stats.members / stats.cells <= 11
    assert Position.objects.count() == stats.positions
    communes = Unit.objects.filter(kind=UnitKind.COMMUNE)
    assert {c.name.split()[2] for c in communes} == {"phường", "xã"}
    assert all(c.valid_from == RESTRUCTURED_ON and c.name == f"Đảng ủy {c.place}" for c in communes)


def test_generated_tree_is_one_treebeard_agrees_with(tiny):
    stats, province = tiny
    assert all(not problems for problems in Unit.find_problems())
    assert province.get_descendant_count() == stats.units - 1
    commune = Unit.objects.filter(kind=UnitKind.COMMUNE).order_by("path").first()
    children = list(commune.get_children())
    assert len(children) == commune.numchild >= 3
    assert all(child.get_parent() == commune for child in children)
    group = Unit.objects.filter(kind=UnitKind.GROUP).first()
    assert [u.kind for u in group.get_ancestors()][:3] == [UnitKind.CENTRAL, UnitKind.PROVINCE, UnitKind.COMMUNE]
    assert list(group.ancestors()) == list(group.get_ancestors())
    # treebeard's own writes carry on where the generator stopped
    cell = group.get_parent()
    groups_before = cell.numchild
    assert groups_before >= 2
    added = cell.add_child(instance=Unit(name="Tổ đảng mới", kind=UnitKind.GROUP))
    assert added.path == cell.path + encode_step(groups_before + 1)
    added_commune = province.add_child(instance=Unit(name="Đảng ủy xã Mới", kind=UnitKind.COMMUNE))
    assert decode_step(added_commune.path[-4:]) == stats.communes + 4 + 1  # after 4 boards and 6 communes
    assert all(not problems for problems in Unit.find_problems())


def test_path_steps_are_treebeards_encoding():
    for n in (1, 9, 10, 35, 36, 1295, 46655, 1_679_615):
        assert encode_step(n) == Unit._get_path("", 1, n)
        assert decode_step(encode_step(n)) == n


def test_same_seed_gives_the_same_tree_names_and_members_and_another_seed_does_not(db):
    central = make_unit(None, "Trung ương", UnitKind.CENTRAL)
    roots = [make_unit(central, "Tỉnh ủy Cao Bằng", UnitKind.PROVINCE, place="Cao Bằng") for _ in range(3)]
    for root, seed in zip(roots, (11, 11, 12), strict=True):
        generate("tiny", seed, into=root)
        root.refresh_from_db()
    first, again, other = (snapshot(root) for root in roots)
    assert first["units"] and first["people"] and first["positions"]
    assert again == first
    assert other["units"] != first["units"] and other["people"] != first["people"]


def test_into_puts_communes_after_the_units_already_there(tree):
    before = {u.pk: u.path for u in Unit.objects.all()}
    stats = generate("tiny", 2, into=tree.province)
    tree.province.refresh_from_db()
    assert {u.pk: u.path for u in Unit.objects.filter(pk__in=before)} == before
    assert Unit.objects.filter(kind=UnitKind.PROVINCE).count() == 1
    assert tree.province.numchild == 3 + stats.communes
    new = Unit.objects.filter(kind=UnitKind.COMMUNE).exclude(pk__in=before).order_by("path")
    assert [decode_step(u.path[-4:]) for u in new] == list(range(4, 4 + stats.communes))
    assert all(u.depth == tree.province.depth + 1 for u in new)
    assert tree.province.get_descendant_count() == len(before) - 2 + stats.units
    assert all(not problems for problems in Unit.find_problems())
    # the new cells are in the province's scope, not in another commune's
    new_cells = Unit.objects.subtree_of(*new).cells()
    assert new_cells.count() == stats.cells
    assert not Unit.objects.subtree_of(tree.commune_a).filter(pk__in=new_cells).exists()


def test_names_are_vietnamese_nfc_with_diacritics_and_folded_for_search(tiny):
    people = list(Person.objects.all())
    families = {n for n, _ in names.FAMILY_NAMES + names.MINORITY_FAMILY_NAMES} | {"Huỳnh", "Võ"}
    for person in people:
        assert unicodedata.is_normalized("NFC", person.full_name)
        parts = person.full_name.split()
        assert len(parts) >= 3 and parts[0] in families
        assert person.name_folded == fold(person.full_name)
    with_marks = [p for p in people if p.full_name.lower() != fold(p.full_name)]
    assert len(with_marks) / len(people) > 0.9
    females = [p for p in people if p.gender == "F"]
    assert 0.2 < len(females) / len(people) < 0.6
    assert sum(" Thị " in p.full_name for p in females) > len(females) / 3
    assert not any(" Thị " in p.full_name for p in people if p.gender == "M")
    for unit in Unit.objects.all():
        assert unicodedata.is_normalized("NFC", unit.name)
        assert unit.name_folded == fold(f"{unit.name} {unit.short_name}")
    # a generated member can be found without diacritics
    person = people[0]
    assert Person.objects.filter(name_folded__contains=fold(person.full_name)).exists()


def test_card_numbers_are_unique_ten_digit_strings(tiny):
    cards = list(Person.objects.values_list("pk", "card_number"))
    assert all(re.fullmatch(r"\d{10}", card) for _, card in cards)
    assert len({card for _, card in cards}) == len(cards)
    assert all(card == card_number(pk) for pk, card in cards)
    assert len({card_number(n) for n in range(1, 200_001)}) == 200_000


def test_every_cell_commune_and_grassroots_committee_has_a_secretary_from_its_own_subtree(tiny):
    secretaries = {
        (p.unit_id): p.person for p in Position.objects.filter(title=PositionTitle.SECRETARY).select_related("person__unit", "unit")
    }
    for unit in Unit.objects.filter(kind__in=(*CELL_KINDS, UnitKind.COMMUNE, UnitKind.GRASSROOTS)):
        person = secretaries[unit.pk]
        assert person.unit.is_in_subtree_of(unit)
        assert person.is_member


def test_membership_dates_are_consistent(tiny):
    people = list(Person.objects.all())
    statuses = Counter(p.status for p in people)
    assert set(statuses) <= {PersonStatus.FULL, PersonStatus.PROBATIONARY}
    assert statuses[PersonStatus.FULL] > 0.85 * len(people)
    for p in people:
        assert p.joined_on.year - p.birth_year >= 17
        if p.status == PersonStatus.FULL:
            assert p.full_member_on.year == p.joined_on.year + 1 and p.full_member_on.month == p.joined_on.month
            assert p.full_member_on <= RESTRUCTURED_ON
        else:
            assert p.full_member_on is None
            assert 0 < (RESTRUCTURED_ON - p.joined_on).days <= 366


def test_generation_is_batched_not_one_query_per_row(db, django_assert_max_num_queries):
    with django_assert_max_num_queries(60):
        stats = generate("tiny", 9)
    assert stats.members > 100 and stats.units > 30


def test_progress_is_reported_for_each_commune(db):
    seen = []
    generate("tiny", 5, progress=lambda stats, done=False: seen.append((stats.communes_done, done)))
    assert [n for n, done in seen if not done] == list(range(1, 7))
    assert seen[-1] == (6, True)


def test_unknown_scale_is_refused_with_a_vietnamese_message(db):
    with pytest.raises(ValueError, match="Quy mô không hợp lệ"):
        generate("galaxy", 1)
    assert not Unit.objects.exists()


def test_national_profile_matches_the_2025_figures():
    assert len(names.PROVINCES) == 34 and len({p.name for p in names.PROVINCES}) == 34
    assert sum(p.total_units for p in names.PROVINCES) == 3321
    assert sum(len(p.special_zones) for p in names.PROVINCES) == 13
    assert {"Hà Nội", "Huế", "Lào Cai", "Hồ Chí Minh", "Cần Thơ", "Khánh Hòa", "Cao Bằng"} <= {p.name for p in names.PROVINCES}
    national = SCALES["national"]
    cells = sum(_cells_mean(p, national) * p.total_units for p in names.PROVINCES)
    assert 240_000 < cells < 260_000
    # COPY text format: the data must hold nothing that needs escaping
    for text in strings_in(v for k, v in vars(names).items() if k.isupper()):
        assert not set(text) & {"\t", "\n", "\r", "\\"}, text
        assert unicodedata.is_normalized("NFC", text), text
    assert "Hòa" in names.PLACE_SYLLABLES and "Hoà" in names.PLACE_SYLLABLES


def test_generate_command_prints_the_counts(db):
    out = io.StringIO()
    call_command("generate", "--scale", "tiny", "--seed", "3", stdout=out)
    text = out.getvalue()
    assert "xã, phường, đặc khu: 6" in text
    assert f"đảng viên: {Person.objects.count()}" in text
    province = Unit.objects.get(kind=UnitKind.PROVINCE)
    call_command("generate", "--scale", "tiny", "--seed", "3", "--into", str(province.pk), stdout=io.StringIO())
    assert Unit.objects.filter(kind=UnitKind.COMMUNE, depth=province.depth + 1).count() == 12
