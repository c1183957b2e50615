"""Every bookshelf route keeps to the user's subtrees; public pages show no readers and no private shelf."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from chibo.bookshelves.models import Loan
from chibo.core import testing

SHELF_GETS = ["detail", "catalogue_export", "labels"]
SHELF_MANAGE_GETS = ["edit", "photo_add", "title_add", "import", "donation_add", "reader_add", "loan_add",
                     "reading_add", "stocktake"]


@pytest.mark.scope_covers(*[f"bookshelves:{n}" for n in SHELF_GETS + SHELF_MANAGE_GETS])
def test_shelf_pages_are_404_outside_the_subtree_and_403_without_a_managing_role(tree, shelves, commune_a_staff, client_as):
    mine, theirs = client_as(commune_a_staff), client_as(testing.make_user(tree.cells_a[0], "viewer"))
    for name in SHELF_GETS + SHELF_MANAGE_GETS:
        assert mine.get(reverse(f"bookshelves:{name}", args=[shelves.a.pk])).status_code == 200, name
        assert mine.get(reverse(f"bookshelves:{name}", args=[shelves.b.pk])).status_code == 404, name
        expected = 403 if name in SHELF_MANAGE_GETS else 200
        assert theirs.get(reverse(f"bookshelves:{name}", args=[shelves.a.pk])).status_code == expected, name
    # Writes to another commune's shelf are refused before anything is written.
    response = mine.post(reverse("bookshelves:title_add", args=[shelves.b.pk]), {"title": "X", "kind": "book",
                                                                              "subject": "law", "copies": 1})
    assert response.status_code == 404 and not shelves.b.titles.filter(title="X").exists()


@pytest.mark.scope_covers("bookshelves:list")
def test_shelf_list_shows_only_shelves_in_scope(tree, shelves, commune_a_staff, province_staff, client_as):
    listed = client_as(commune_a_staff).get(reverse("bookshelves:list")).context["page"]
    assert [s.pk for s in listed] == [shelves.a.pk]
    assert {s.pk for s in client_as(province_staff).get(reverse("bookshelves:list")).context["page"]} == {shelves.a.pk, shelves.b.pk}
    assert client_as(commune_a_staff).get(reverse("bookshelves:list"), {"unit": tree.commune_b.pk}).status_code == 404


@pytest.mark.scope_covers("bookshelves:create")
def test_shelf_is_created_only_in_a_managed_cell(tree, commune_a_staff, client_as):
    client = client_as(commune_a_staff)
    assert client.get(reverse("bookshelves:create")).status_code == 200
    assert client.get(reverse("bookshelves:create"), {"unit": tree.cells_b[0].pk}).status_code == 404
    response = client.post(reverse("bookshelves:create"), {"unit": tree.cells_a[1].pk, "name": "Tủ sách thôn 2",
                                                           "place": "Nhà văn hóa thôn 2", "status": "active", "is_public": "on"})
    assert response.status_code == 302
    assert tree.cells_a[1].bookshelves.get().name == "Tủ sách thôn 2"
    assert client_as(testing.make_user(tree.cells_a[0], "viewer")).get(reverse("bookshelves:create")).status_code == 403


@pytest.mark.scope_covers("bookshelves:search", "api:bookshelves_titles")
def test_catalogue_search_finds_only_titles_in_scope(shelves, commune_a_staff, client_as):
    client = client_as(commune_a_staff)
    found = client.get(reverse("bookshelves:search"), {"q": "lich su dang bo"}).context["titles"]
    assert [t.shelf_id for t in found] == [shelves.a.pk]
    assert list(client.get(reverse("bookshelves:search"), {"q": "rach dua"}).context["titles"]) == []
    api = client.get("/api/bookshelves/titles", {"q": "LỊCH SỬ"}).json()
    assert {t["shelf_id"] for t in api} == {shelves.a.pk}
    assert client.get("/api/bookshelves/titles", {"q": "lich", "shelf": shelves.b.pk}).status_code == 404


@pytest.mark.scope_covers("bookshelves:overdue", "api:bookshelves_overdue")
def test_overdue_lists_keep_to_the_subtree(shelves, commune_a_staff, client_as):
    client = client_as(commune_a_staff)
    assert [loan.pk for loan in client.get(reverse("bookshelves:overdue")).context["page"]] == [shelves.loan_a.pk]
    assert [row["id"] for row in client.get("/api/bookshelves/loans/overdue").json()] == [shelves.loan_a.pk]


@pytest.mark.scope_covers("bookshelves:statistics", "bookshelves:statistics_export", "api:bookshelves_figures")
def test_statistics_only_for_visible_units(tree, shelves, commune_a_staff, province_staff, client_as):
    client = client_as(commune_a_staff)
    assert client.get(reverse("bookshelves:statistics", args=[tree.commune_b.pk])).status_code == 404
    assert client.get(reverse("bookshelves:statistics_export", args=[tree.commune_b.pk])).status_code == 404
    assert client.get(f"/api/bookshelves/figures/{tree.province.pk}").status_code == 404
    response = client.get(reverse("bookshelves:statistics", args=[tree.commune_a.pk]))
    assert response.context["figures"]["shelves"] == 1
    province = client_as(province_staff)
    rows = dict((u.pk, f) for u, f in province.get(reverse("bookshelves:statistics", args=[tree.province.pk])).context["rows"])
    assert rows[tree.commune_a.pk]["copies"] == 4 and rows[tree.commune_b.pk]["copies"] == 4
    sheet = load_workbook(io.BytesIO(province.get(reverse("bookshelves:statistics_export", args=[tree.province.pk])).content)).active
    assert [r[0] for r in sheet.iter_rows(values_only=True)][-1].startswith("Tổng cộng")
    assert province.get(f"/api/bookshelves/figures/{tree.province.pk}").json()["shelves"] == 2


@pytest.mark.scope_covers("bookshelves:targets", "bookshelves:loan_rule")
def test_targets_and_loan_rule_need_a_managing_role_in_scope(tree, commune_a_staff, client_as):
    client = client_as(commune_a_staff)
    assert client.get(reverse("bookshelves:targets", args=[tree.commune_b.pk])).status_code == 404
    assert client.post(reverse("bookshelves:targets", args=[tree.commune_a.pk]),
                       {"year": 2021, "measure": "new_shelves", "target": 5}).status_code == 302
    assert client.get(reverse("bookshelves:targets", args=[tree.commune_a.pk])).context["rows"][0]["target"].target == 5
    viewer = client_as(testing.make_user(tree.commune_a, "viewer"))
    assert viewer.post(reverse("bookshelves:targets", args=[tree.commune_a.pk]),
                       {"year": 2021, "measure": "new_shelves", "target": 9}).status_code == 403
    assert client.get(reverse("bookshelves:loan_rule", args=[tree.commune_b.pk])).status_code == 404
    assert client.post(reverse("bookshelves:loan_rule", args=[tree.commune_a.pk]),
                       {"loan_days": 10, "loans_per_reader": 3}).status_code == 302
    assert viewer.get(reverse("bookshelves:loan_rule", args=[tree.commune_a.pk])).status_code == 403


@pytest.mark.scope_covers("bookshelves:receipt")
def test_receipt_is_404_for_another_commune(shelves, commune_a_staff, client_as):
    client = client_as(commune_a_staff)
    response = client.get(reverse("bookshelves:receipt", args=[shelves.donation_a.pk]))
    assert response.status_code == 200 and "Ông Ba Hòa Bình" in response.content.decode()
    assert client.get(reverse("bookshelves:receipt", args=[shelves.donation_b.pk])).status_code == 404


@pytest.mark.scope_covers("bookshelves:loan_return", "bookshelves:follow_up_done")
def test_return_and_follow_up_only_in_scope(shelves, commune_a_staff, client_as):
    client = client_as(commune_a_staff)
    assert client.get(reverse("bookshelves:loan_return", args=[shelves.loan_b.pk])).status_code == 404
    assert client.post(reverse("bookshelves:loan_return", args=[shelves.loan_b.pk]), {"returned_on": "05/01/2024"}).status_code == 404
    assert Loan.objects.get(pk=shelves.loan_b.pk).returned_on is None
    assert client.post(reverse("bookshelves:loan_return", args=[shelves.loan_a.pk]), {"returned_on": "05/01/2024"}).status_code == 302
    assert Loan.objects.get(pk=shelves.loan_a.pk).returned_on is not None
    assert client.post(reverse("bookshelves:follow_up_done", args=[shelves.follow_up_b.pk])).status_code == 404
    assert client.post(reverse("bookshelves:follow_up_done", args=[shelves.follow_up_a.pk])).status_code == 302
    shelves.follow_up_a.refresh_from_db()
    shelves.follow_up_b.refresh_from_db()
    assert shelves.follow_up_a.done_on is not None and shelves.follow_up_b.done_on is None


@pytest.mark.scope_covers("bookshelves:inspection_add")
def test_inspection_only_by_a_superior_in_scope(tree, shelves, commune_a_staff, cell_secretary, client_as):
    assert client_as(commune_a_staff).get(reverse("bookshelves:inspection_add", args=[shelves.a.pk])).status_code == 200
    assert client_as(commune_a_staff).get(reverse("bookshelves:inspection_add", args=[shelves.b.pk])).status_code == 404
    # The cell's own secretary manages the shelf but cannot inspect it.
    assert client_as(cell_secretary).get(reverse("bookshelves:inspection_add", args=[shelves.a.pk])).status_code == 403


@pytest.mark.scope_covers("bookshelves:public", "bookshelves:public_support")
def test_public_page_shows_the_catalogue_never_readers_nor_private_shelves(client, tree, shelves):
    response = client.get(reverse("bookshelves:public", args=[shelves.a.pk]))
    html = response.content.decode()
    assert response.status_code == 200 and "Lịch sử Đảng bộ Hòa Bình" in html and "Tối thứ bảy" in html
    assert shelves.reader_a.name not in html and "Ông Ba" not in html
    assert "Pháp luật" in client.get(reverse("bookshelves:public", args=[shelves.a.pk]), {"q": "phap luat"}).content.decode()
    shelves.b.is_public = False
    shelves.b.save()
    assert client.get(reverse("bookshelves:public", args=[shelves.b.pk])).status_code == 404
    # Even staff of that commune do not get a private shelf's public page.
    staff = testing.client_for(testing.make_user(tree.commune_b))
    assert staff.get(reverse("bookshelves:public", args=[shelves.b.pk])).status_code == 404
    # Registering needs a login and a member profile, and a public shelf.
    assert client.post(reverse("bookshelves:public_support", args=[shelves.a.pk])).status_code == 302
    assert not shelves.a.supporters.exists()
    member = tree.people[tree.cells_b[0].pk][0]
    member_client = testing.client_for(testing.make_user(tree.cells_b[0], "member", person=member))
    assert member_client.post(reverse("bookshelves:public_support", args=[shelves.b.pk])).status_code == 404
    assert member_client.post(reverse("bookshelves:public_support", args=[shelves.a.pk])).status_code == 302
    assert shelves.a.supporters.get().person == member
    no_profile = testing.client_for(testing.make_user(tree.cells_b[0], "member"))
    assert no_profile.post(reverse("bookshelves:public_support", args=[shelves.a.pk])).status_code == 403


@pytest.mark.scope_covers("bookshelves:public_unit")
def test_public_shelf_list_of_a_committee_shows_public_shelves_only_and_no_readers(client, tree, shelves):
    supporter = tree.people[tree.cells_b[0].pk][2]
    from chibo.bookshelves import services

    services.do_register_supporter(shelves.admin, shelves.b, supporter)
    shelves.a.is_public = False
    shelves.a.save()
    response = client.get(reverse("bookshelves:public_unit", args=[tree.province.pk]))
    html = response.content.decode()
    assert response.status_code == 200 and shelves.b.name in html and shelves.a.name not in html
    for private in (shelves.reader_b.name, shelves.reader_a.name, supporter.full_name, "Ông Ba"):
        assert private not in html
    # A commune whose shelves are all private (or that has none) has no public list, for anyone.
    assert client.get(reverse("bookshelves:public_unit", args=[tree.commune_a.pk])).status_code == 404
    other = testing.client_for(testing.make_user(tree.commune_a))
    assert other.get(reverse("bookshelves:public_unit", args=[tree.commune_a.pk])).status_code == 404
    assert client.get(reverse("bookshelves:public_unit", args=[999_999])).status_code == 404
    page = client.get(reverse("bookshelves:public", args=[shelves.b.pk])).content.decode()
    for private in (shelves.reader_b.name, supporter.full_name, "Ông Ba", "Bổ sung sách"):
        assert private not in page


@pytest.mark.scope_covers("bookshelves:mine")
def test_my_page_lists_only_my_own_supports(tree, shelves):
    member = tree.people[tree.cells_b[0].pk][0]
    other = tree.people[tree.cells_b[0].pk][1]
    from chibo.bookshelves import services

    services.do_register_supporter(shelves.admin, shelves.a, member)
    services.do_register_supporter(shelves.admin, shelves.a, other)
    client = testing.client_for(testing.make_user(tree.cells_b[0], "member", person=member))
    context = client.get(reverse("bookshelves:mine")).context
    assert [s.person_id for s in context["supports"]] == [member.pk]
    assert {s.pk for s in context["shelves"]} == {shelves.a.pk, shelves.b.pk}


@pytest.mark.scope_covers("bookshelves:import_template")
def test_import_template_holds_no_records(client, tree, commune_a_staff, client_as):
    assert client.get(reverse("bookshelves:import_template")).status_code == 302  # login required
    sheet = load_workbook(io.BytesIO(client_as(commune_a_staff).get(reverse("bookshelves:import_template")).content)).active
    assert next(sheet.iter_rows(values_only=True))[0] == "Nhan đề"


@pytest.mark.scope_covers("api:bookshelves_shelves", "api:bookshelves_shelf")
def test_api_shelves_are_scoped(tree, shelves, commune_a_staff, client_as):
    client = client_as(commune_a_staff)
    assert [s["id"] for s in client.get("/api/bookshelves/shelves").json()] == [shelves.a.pk]
    assert client.get(f"/api/bookshelves/shelves/{shelves.b.pk}").status_code == 404
    assert client.get("/api/bookshelves/shelves", {"unit": tree.commune_b.pk}).status_code == 404
    assert client.get(f"/api/bookshelves/shelves/{shelves.a.pk}").json()["name"] == "Tủ sách thôn Một"


@pytest.mark.scope_covers("api:bookshelves_lend", "api:bookshelves_return")
def test_api_lending_is_scoped(tree, shelves, commune_a_staff, client_as):
    client = client_as(commune_a_staff)
    free_b = shelves.b.copies.filter(status="available").first()
    assert client.post(f"/api/bookshelves/shelves/{shelves.b.pk}/loans",
                       {"copy_number": free_b.number, "reader_id": shelves.reader_b.pk}, content_type="application/json").status_code == 404
    assert client.post(f"/api/bookshelves/loans/{shelves.loan_b.pk}/return").status_code == 404
    viewer = client_as(testing.make_user(tree.cells_a[0], "viewer"))
    free_a = shelves.a.copies.filter(status="available").first()
    body = {"copy_number": free_a.number, "reader_id": shelves.reader_a.pk}
    assert viewer.post(f"/api/bookshelves/shelves/{shelves.a.pk}/loans", body, content_type="application/json").status_code == 403
    response = client.post(f"/api/bookshelves/shelves/{shelves.a.pk}/loans", body, content_type="application/json")
    assert response.status_code == 201, response.content
    again = client.post(f"/api/bookshelves/shelves/{shelves.a.pk}/loans", body, content_type="application/json")
    assert again.status_code == 400 and "không có trên giá" in again.json()["detail"]
    assert client.post(f"/api/bookshelves/loans/{response.json()['id']}/return").json()["returned_on"]
