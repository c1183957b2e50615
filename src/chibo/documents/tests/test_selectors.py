"""Search in any spelling, issuer history, scope of results, and the cascade of a directive."""

import datetime

import pytest

from chibo.core.testing import make_user
from chibo.documents.models import Distribution, RelationKind
from chibo.documents.selectors import cascade, find_by_notation, search_documents
from chibo.documents.services import do_register_document, do_relate_documents


@pytest.fixture
def registry(seed_units):
    admin = make_user(None, is_superuser=True, username="quantri")
    reg = lambda owner, notation, **kw: do_register_document(owner=owner, actor=admin, notation=notation, **kw)  # noqa: E731
    docs = {
        "plan": reg(seed_units.brvt_board, "11-KH/BTGTU", issued_on=datetime.date(2021, 1, 11),
                    abstract="Về tiếp tục thực hiện phong trào xây dựng tủ sách Chi bộ thôn, ấp, khu phố năm 2021"),
        "city": reg(seed_units.vung_tau, "38-KH/TU", abstract="Về tủ sách chi bộ năm 2021"),
        "project": reg(seed_units.hoa_binh, "13-ĐA/TU", issued_on=datetime.date(2022, 8, 8),
                       abstract="Giải pháp nâng cao chất lượng đội ngũ cấp ủy chi bộ"),
        "guidance": reg(seed_units.hoa_binh_board, "56-HD/BTGTU", issued_on=datetime.date(2022, 9, 4),
                        abstract="Tuyên truyền, phổ biến Đề án"),
        "new_board": reg(seed_units.board, "3-KH/BTGDVTU", issued_on=datetime.date(2025, 9, 1), abstract="Kế hoạch năm"),
        "other": reg(seed_units.province, "11-CV/TU", issued_on=datetime.date(2021, 3, 1), abstract="Về kế hoạch 11"),
    }
    do_relate_documents(docs["city"], docs["plan"], RelationKind.IMPLEMENTS)
    return admin, docs


@pytest.mark.parametrize("query, expected", [
    ("ke hoach 11 btgtu", "plan"),
    ("11-KH/BTGTU", "plan"),
    ("11 - kh / btgtu", "plan"),
    ("KẾ HOẠCH 11-KH/BTGTU", "plan"),
])
def test_notation_searches_rank_the_plan_first(registry, query, expected):
    admin, docs = registry
    results = search_documents(admin, query)
    assert results[0] == docs[expected]


def test_search_ignores_diacritics_tone_marks_and_case(registry):
    admin, docs = registry
    found = {d.pk for d in search_documents(admin, "tu sach chi bo")}
    assert found == {docs["plan"].pk, docs["city"].pk}
    for query in ("Hoa Binh", "Hoà Bình", "Hòa Bình", "HOÀ BÌNH"):
        assert {d.pk for d in search_documents(admin, query)} == {docs["project"].pk, docs["guidance"].pk}, query


def test_filters_by_type_year_and_issuer_with_predecessors(registry):
    admin, docs = registry
    assert {d.pk for d in search_documents(admin, "", type_code="HD")} == {docs["guidance"].pk}
    assert {d.pk for d in search_documents(admin, "", year=2022)} == {docs["project"].pk, docs["guidance"].pk}
    assert {d.pk for d in search_documents(admin, "", issuer="BTGDVTU")} == {docs["new_board"].pk}
    with_old = {d.pk for d in search_documents(admin, "", issuer="BTGDVTU", include_predecessors=True)}
    assert with_old == {docs["new_board"].pk, docs["plan"].pk, docs["guidance"].pk}


def test_find_by_notation_matches_every_spelling(registry):
    admin, docs = registry
    assert find_by_notation(admin, "13-DA/TU") == [docs["project"]]
    assert find_by_notation(admin, "13 - đa/tu") == [docs["project"]]


def test_internal_documents_stay_in_their_scope(tree, commune_a_staff, commune_b_staff):
    internal = do_register_document(owner=tree.commune_a, actor=commune_a_staff, notation="5-KH/ĐU",
                                    abstract="Kế hoạch nội bộ", distribution=Distribution.INTERNAL)
    assert [d.pk for d in search_documents(commune_a_staff, "ke hoach noi bo")] == [internal.pk]
    assert search_documents(commune_b_staff, "ke hoach noi bo") == []
    assert find_by_notation(commune_b_staff, "5-KH/ĐU") == []


def test_cascade_shows_which_communes_have_issued_their_plan(tree, province_staff, commune_a_staff,
                                                              django_assert_max_num_queries):
    plan = do_register_document(owner=tree.province, actor=province_staff, notation="20-KH/TU",
                                issued_on=datetime.date(2025, 10, 20), abstract="Kế hoạch tủ sách")
    commune_plan = do_register_document(owner=tree.commune_a, actor=commune_a_staff, notation="7-KH/ĐU",
                                        issued_on=datetime.date(2025, 11, 2))
    cell_plan = do_register_document(owner=tree.cells_a[0], actor=commune_a_staff, notation="2-KH/CB",
                                     issued_on=datetime.date(2025, 11, 9))
    do_relate_documents(commune_plan, plan, RelationKind.IMPLEMENTS)
    do_relate_documents(cell_plan, commune_plan, RelationKind.IMPLEMENTS)
    with django_assert_max_num_queries(8):
        result = cascade(province_staff, plan)
    assert [[n.document for n in level] for level in result.levels] == [[commune_plan], [cell_plan]]
    assert result.roots[0].children[0].document == cell_plan
    progress = {p.unit: p for p in result.units}
    assert set(progress) == {tree.commune_a, tree.commune_b}
    assert progress[tree.commune_a].documents == [commune_plan] and progress[tree.commune_a].below == 2
    assert not progress[tree.commune_b].issued
    # Commune A's staff see only their own commune in the organisation tree.
    mine = cascade(commune_a_staff, plan)
    assert [p.unit for p in mine.units] == [tree.commune_a]
