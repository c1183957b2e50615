"""A member registers to support the shelf where they live and donates 5 titles; a reader borrows
one and returns it; the cell's and the province's shelf figures follow."""

import datetime

import pytest

from chibo.accounts.models import RoleKind
from chibo.bookshelves.models import Copy, Donation, Loan, Supporter
from chibo.core.testing import make_person, make_user
from chibo.members.models import ResidenceRegistration

from .factories import make_shelf

# serialized_rollback: the flush at the end must not take the rows migrations put in (Wagtail's root page).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DONATED = [
    "Lịch sử Đảng Cộng sản Việt Nam | Hội đồng Lý luận Trung ương | 978-0-306-40615-7 | 1",
    "Sổ tay đảng viên | Ban Tổ chức Trung ương | | 1",
    "Hoàng Sa, Trường Sa là của Việt Nam | Bộ Ngoại giao | | 1",
    "Tìm hiểu Luật Đất đai | | 0-306-40615-2 | 1",
    "Dế Mèn phiêu lưu ký | Tô Hoài | | 1",
]


def _figures(page, url) -> dict[str, int]:
    page.goto(url)
    cards = page.locator("[data-figure]")
    return {cards.nth(i).get_attribute("data-figure"): int(cards.nth(i).locator("b").inner_text())
            for i in range(cards.count())}


def _switch_user(page, login, username):
    page.context.clear_cookies()
    login(username)


def test_member_supports_residence_shelf_donates_and_a_reader_borrows(tree, live_server, page, login):
    home_cell, work_cell = tree.cells_b[0], tree.cells_a[0]
    shelf = make_shelf(home_cell, name="Tủ sách Chi bộ Khu phố 4", opening_hours="Tối thứ Ba, thứ Năm")
    # A member who works (and holds their membership) elsewhere, registered where they live.
    member = make_person(work_cell, "Lê Thị Cư Trú")
    ResidenceRegistration.objects.create(person=member, unit=home_cell, registered_on=datetime.date(2021, 2, 15))
    make_user(work_cell, RoleKind.MEMBER, username="dangvien_cutru", person=member)
    make_user(home_cell, RoleKind.SECRETARY, username="bithu_kp4")
    make_user(tree.province, RoleKind.STAFF, username="tinh_tusach")
    cell_url = f"{live_server.url}/tu-sach/thong-ke/{home_cell.pk}/"
    province_url = f"{live_server.url}/tu-sach/thong-ke/{tree.province.pk}/"

    login("tinh_tusach")
    cell_before = _figures(page, cell_url)
    province_before = _figures(page, province_url)
    assert province_before["shelves"] == 1 and province_before["copies"] == 0

    # The member finds the shelf of their residence cell and registers to support it.
    _switch_user(page, login, "dangvien_cutru")
    # A plain member opens on their own space (Góc đảng viên), which leads to the shelf where they live.
    page.click("#h-shelf ~ p >> text=Tủ sách nơi tôi cư trú")
    page.click(f"text={shelf.name}")
    assert "Tối thứ Ba, thứ Năm" in page.locator("#shelf-facts").inner_text()
    page.fill("#id_pledge", "Tặng sách, trực tủ sách sáng Chủ nhật")
    page.shot("public-page")
    page.click("#support button[type=submit]")
    page.wait_for_load_state()
    assert "đã đăng ký tham gia" in page.locator("#support").inner_text()
    supporter = Supporter.objects.get(shelf=shelf, person=member)
    assert supporter.residence.unit == home_cell

    # The cell records the member's gift of 5 titles and prints the thank-you receipt.
    _switch_user(page, login, "bithu_kp4")
    page.goto(f"{live_server.url}/tu-sach/{shelf.pk}/")
    page.click("text=Ghi nhận sách tặng")
    page.select_option("#id_donor_kind", "resident")
    page.select_option("#id_donor_person", str(member.pk))
    page.fill("#id_items", "\n".join(DONATED))
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    receipt = page.locator("#receipt").inner_text()
    assert "GIẤY CẢM ƠN" in receipt and "Lê Thị Cư Trú" in receipt and "Dế Mèn phiêu lưu ký" in receipt
    page.shot("receipt")
    donation = Donation.objects.get(shelf=shelf)
    assert donation.donor_person == member and donation.copies.count() == 5

    # A citizen registers as a reader, borrows copy 1, and brings it back.
    page.click("text=Về tủ sách")
    page.click("text=Đăng ký bạn đọc")
    page.fill("#id_name", "Trần Văn Đọc")
    page.fill("#id_contact", "Khu phố 4")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    page.click("text=Cho mượn")
    page.fill("#id_copy_number", "1")
    page.select_option("#id_reader", label="Trần Văn Đọc")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "Trần Văn Đọc" in page.locator("#open-loans").inner_text()
    assert Copy.objects.get(shelf=shelf, number=1).status == "on_loan"
    page.shot("lent")
    page.locator("#open-loans >> text=Nhận trả").click()
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "Không có sách đang cho mượn" in page.locator("#open-loans").inner_text()
    loan = Loan.objects.get(shelf=shelf)
    assert loan.returned_on is not None and Copy.objects.get(shelf=shelf, number=1).status == "available"

    cell_after = _figures(page, cell_url)
    page.shot("cell-figures")
    expected_change = {"titles": 5, "copies": 5, "donations": 1, "supporters": 1, "readers": 1, "loans": 1,
                       "open_loans": 0, "shelves": 0}
    assert {k: cell_after[k] - cell_before[k] for k in expected_change} == expected_change

    _switch_user(page, login, "tinh_tusach")
    province_after = _figures(page, province_url)
    page.shot("province-figures")
    assert {k: province_after[k] - province_before[k] for k in expected_change} == expected_change
    row = page.locator("table tbody tr", has_text=tree.commune_b.name).inner_text()
    assert row.split("\t")[1:4] == ["1", "5", "5"]  # shelves, titles, copies of the commune
