"""Figures roll up the tree in a fixed number of grouped queries; search ignores diacritics."""

import datetime

from chibo.bookshelves import selectors, services
from chibo.bookshelves.models import Bookshelf, DonorKind
from chibo.core import testing
from chibo.orgs.models import UnitKind

from .factories import make_reader, make_shelf


def test_province_figures_are_the_sum_of_its_communes(tree, shelves):
    province = selectors.subtree_figures(tree.province)
    by_child = selectors.subtree_figures(tree.province, by_child=True)
    assert province["shelves"] == 2 and province["copies"] == 8 and province["donations"] == 2
    assert province["overdue_loans"] == 2 and province["titles"] == 6
    for figure in selectors.FIGURES:
        assert province[figure] == sum(row[figure] for row in by_child.values()), figure
    assert set(by_child) == {tree.commune_a.path, tree.commune_b.path}


def test_figures_take_a_fixed_number_of_queries_whatever_the_tree(tree, shelves, django_assert_max_num_queries):
    for cell in tree.cells:
        for n in range(3):
            more = testing.make_unit(cell, f"Tổ đảng {n}", UnitKind.GROUP)
            Bookshelf.objects.create(unit=more, name="Tủ", place="x")
    with django_assert_max_num_queries(8):
        selectors.subtree_figures(tree.province, by_child=True)
    with django_assert_max_num_queries(8):
        assert selectors.subtree_figures(tree.province)["shelves"] == 2 + 12


def test_figures_by_child_lists_children_without_shelves_too(tree, shelves, province_staff):
    rows = dict((u.pk, f) for u, f in selectors.figures_by_child(province_staff, tree.province))
    assert rows[tree.board.pk]["shelves"] == 0 and rows[tree.commune_a.pk]["shelves"] == 1


def test_catalogue_search_ignores_diacritics_case_and_tone_placement(tree, cell_secretary):
    shelf = make_shelf(tree.cells_a[0])
    services.do_add_title(cell_secretary, shelf, title="Hoà bình và phát triển", author="Đặng Văn Thủy")
    services.do_add_title(cell_secretary, shelf, title="Biển đảo quê hương")
    def found(q):
        return [t.title for t in selectors.search_catalogue(cell_secretary, q, shelf=shelf)]
    assert found("hòa binh") == ["Hoà bình và phát triển"]
    assert found("DANG VAN THUY") == ["Hoà bình và phát triển"]
    assert found("bien dao") == ["Biển đảo quê hương"]
    assert found("bien hoa") == []


def test_target_progress_counts_the_subtree_for_the_year(tree, province_staff, cell_secretary):
    services.do_set_target(province_staff, tree.province, year=2021, measure="new_shelves", target=4)
    services.do_set_target(province_staff, tree.province, year=2021, measure="restocked", target=2)
    make_shelf(tree.cells_a[0], opened_on=datetime.date(2021, 4, 1))
    make_shelf(tree.cells_b[0], opened_on=datetime.date(2021, 6, 1))
    old = make_shelf(tree.cells_b[1], opened_on=datetime.date(2019, 1, 1))
    services.do_record_donation(province_staff, old, donor_kind=DonorKind.CITIZEN, donor_name="Bà Năm",
                                items=[{"title": "Sách"}], received_on=datetime.date(2021, 3, 3))
    rows = {r["target"].measure: r for r in selectors.target_progress(province_staff, tree.province)}
    assert (rows["new_shelves"]["done"], rows["new_shelves"]["percent"]) == (2, 50)
    assert (rows["restocked"]["done"], rows["restocked"]["percent"]) == (1, 50)
    assert selectors.target_progress(cell_secretary, tree.province) == []


def test_loan_rule_shelf_then_nearest_unit_then_default(tree, province_staff, commune_a_staff):
    shelf = make_shelf(tree.cells_a[0])
    assert selectors.loan_rule(shelf) == (14, 2)
    services.do_set_loan_rule(province_staff, tree.province, loan_days=30, loans_per_reader=3)
    assert selectors.loan_rule(shelf) == (30, 3)
    services.do_set_loan_rule(commune_a_staff, tree.commune_a, loan_days=10, loans_per_reader=1)
    assert selectors.loan_rule(shelf) == (10, 1)
    shelf.loan_days = 7
    assert selectors.loan_rule(shelf) == (7, 1)


def test_overdue_loans_are_those_past_due_and_not_returned(tree, cell_secretary):
    shelf = make_shelf(tree.cells_a[0])
    copies = list(shelf.copies.none())
    for t in [services.do_add_title(cell_secretary, shelf, title=f"S{i}") for i in range(2)]:
        copies += list(t.copies.all())
    reader = make_reader(shelf)
    late = services.do_lend_copy(cell_secretary, copies[0], reader, on=datetime.date(2024, 1, 1))
    services.do_lend_copy(cell_secretary, copies[1], reader, on=datetime.date(2024, 1, 20))
    assert list(selectors.overdue_loans(cell_secretary, today=datetime.date(2024, 1, 25))) == [late]


def test_search_across_shelves_is_bounded_and_scoped(tree, shelves, commune_a_staff):
    found = list(selectors.search_catalogue(commune_a_staff, "LICH SU dang bo"))
    assert [t.title for t in found] == ["Lịch sử Đảng bộ Hòa Bình"]
    assert len(list(selectors.search_catalogue(commune_a_staff, "hoa", limit=2))) == 2
    assert list(selectors.search_catalogue(commune_a_staff, "rạch dừa")) == []
