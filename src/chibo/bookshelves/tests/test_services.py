"""Services: each change is checked, atomic and audited; bad input is refused with a reason."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from chibo.accounts.models import AuditEvent
from chibo.bookshelves import services
from chibo.bookshelves.models import Copy, CopyStatus, Donation, DonorKind, Loan, Title
from chibo.core import testing
from chibo.members.models import PersonStatus, ResidenceRegistration

from .factories import ISBNS, make_reader, make_shelf, manager_of, stock

D = datetime.date


def test_shelf_belongs_to_a_cell_and_is_created_only_by_its_managers(tree, cell_secretary, commune_b_staff):
    shelf = services.do_create_shelf(cell_secretary, tree.cells_a[0], name="Tủ sách thôn 1", place="Thôn 1")
    assert shelf.unit == tree.cells_a[0]
    assert AuditEvent.objects.filter(action="bookshelves.create_shelf", object_id=str(shelf.pk), unit=tree.cells_a[0]).exists()
    with pytest.raises(PermissionDenied):
        services.do_create_shelf(commune_b_staff, tree.cells_a[0], name="X", place="Y")
    with pytest.raises(services.BookshelfError, match="không phải chi bộ"):
        services.do_create_shelf(testing.make_user(tree.commune_a), tree.commune_a, name="X", place="Y")


def test_adding_the_same_work_twice_adds_copies_not_a_duplicate_title(tree, cell_secretary):
    shelf = make_shelf(tree.cells_a[0])
    first = services.do_add_title(cell_secretary, shelf, title="Lịch sử Đảng bộ tỉnh", author="Nhiều tác giả", copies=2)
    again = services.do_add_title(cell_secretary, shelf, title="LICH SU  dang bo tinh", author="nhieu tac gia", copies=3)
    assert again.pk == first.pk
    assert sorted(Copy.objects.filter(shelf=shelf).values_list("number", flat=True)) == [1, 2, 3, 4, 5]
    by_isbn = services.do_add_title(cell_secretary, shelf, title="Một tên khác", isbn=ISBNS[0])
    assert services.do_add_title(cell_secretary, shelf, title="Tên khác nữa", isbn="978-0-306-40615-7").pk == by_isbn.pk


def test_invalid_isbn_is_refused_and_nothing_written(tree, cell_secretary):
    shelf = make_shelf(tree.cells_a[0])
    with pytest.raises(services.BookshelfError, match="sai số kiểm tra"):
        services.do_add_title(cell_secretary, shelf, title="Sách", isbn="978-0-306-40615-8")
    assert not Title.objects.exists() and not Copy.objects.exists()


def test_member_registers_for_the_shelf_of_their_residence_cell(tree):
    shelf = make_shelf(tree.cells_b[0])
    member = tree.people[tree.cells_a[0].pk][0]
    user = testing.make_user(tree.cells_a[0], "member", person=member)
    supporter = services.do_register_supporter(user, shelf, member, pledge="Tặng sách hằng năm")
    residence = ResidenceRegistration.objects.get(person=member, unit=tree.cells_b[0], ended_on__isnull=True)
    assert supporter.residence == residence
    with pytest.raises(services.BookshelfError, match="đã đăng ký"):
        services.do_register_supporter(user, shelf, member)
    other = tree.people[tree.cells_a[0].pk][1]
    with pytest.raises(PermissionDenied):
        services.do_register_supporter(user, shelf, other)


def test_only_party_members_register_as_supporters(tree, cell_secretary):
    shelf = make_shelf(tree.cells_a[0])
    guest = testing.make_person(tree.cells_a[0], status=PersonStatus.GUEST)
    with pytest.raises(services.BookshelfError, match="Chỉ đảng viên"):
        services.do_register_supporter(cell_secretary, shelf, guest)


def test_donation_catalogues_every_item_with_a_receipt_number(tree, cell_secretary):
    shelf = make_shelf(tree.cells_a[0])
    member = tree.people[tree.cells_a[0].pk][0]
    items = [{"title": f"Sách tặng {i}", "copies": 1 + (i == 0)} for i in range(5)]
    donation = services.do_record_donation(cell_secretary, shelf, donor_kind=DonorKind.MEMBER, donor_person=member,
                                           items=items, received_on=D(2021, 5, 19))
    assert donation.receipt_number == 1 and donation.donor_name == member.full_name
    assert donation.copies.count() == 6 and shelf.titles.count() == 5
    second = services.do_record_donation(cell_secretary, shelf, donor_kind=DonorKind.CITIZEN, donor_name="Bà Tư",
                                         items=[{"title": "Sách tặng 1"}])
    assert second.receipt_number == 2 and shelf.titles.count() == 5


def test_donation_with_one_bad_item_records_nothing(tree, cell_secretary):
    shelf = make_shelf(tree.cells_a[0])
    items = [{"title": "Sách tốt"}, {"title": "Sách ISBN sai", "isbn": "12345"}]
    with pytest.raises(services.BookshelfError, match="Đầu sách thứ 2"):
        services.do_record_donation(cell_secretary, shelf, donor_kind=DonorKind.CITIZEN, donor_name="Ông Ba", items=items)
    assert not Donation.objects.exists() and not Title.objects.exists()


def test_loan_follows_the_nearest_rule_and_return_puts_the_copy_back(tree, cell_secretary, commune_a_staff):
    shelf = make_shelf(tree.cells_a[0])
    copies = list(Copy.objects.filter(title__in=stock(shelf, cell_secretary, titles=3, copies=1)).order_by("number"))
    reader = make_reader(shelf)
    services.do_set_loan_rule(commune_a_staff, tree.commune_a, loan_days=7, loans_per_reader=2)
    loan = services.do_lend_copy(cell_secretary, copies[0], reader, on=D(2024, 3, 1))
    assert loan.due_on == D(2024, 3, 8)
    assert Copy.objects.get(pk=copies[0].pk).status == CopyStatus.ON_LOAN
    with pytest.raises(services.BookshelfError, match="không có trên giá"):
        services.do_lend_copy(cell_secretary, copies[0], make_reader(shelf, "Người khác"))
    services.do_lend_copy(cell_secretary, copies[1], reader, on=D(2024, 3, 1))
    with pytest.raises(services.BookshelfError, match="tối đa 2 bản"):
        services.do_lend_copy(cell_secretary, copies[2], reader, on=D(2024, 3, 1))
    shelf.loan_days, shelf.loans_per_reader = 21, 5
    shelf.save()
    services.do_return_loan(cell_secretary, loan, on=D(2024, 3, 5))
    assert Copy.objects.get(pk=copies[0].pk).status == CopyStatus.AVAILABLE
    copy = Copy.objects.get(pk=copies[2].pk)
    assert services.do_lend_copy(cell_secretary, copy, reader, on=D(2024, 3, 6)).due_on == D(2024, 3, 27)
    with pytest.raises(services.BookshelfError, match="đã trả"):
        services.do_return_loan(cell_secretary, loan)


def test_a_reader_of_another_shelf_cannot_borrow(tree, cell_secretary):
    shelf, other = make_shelf(tree.cells_a[0]), make_shelf(tree.cells_a[0], name="Tủ 2")
    copy = Copy.objects.filter(title__in=stock(shelf, cell_secretary, titles=1, copies=1)).get()
    with pytest.raises(services.BookshelfError, match="chưa đăng ký"):
        services.do_lend_copy(cell_secretary, copy, make_reader(other))
    assert not Loan.objects.exists()


def test_stocktake_marks_missing_and_damaged_and_adds_up(tree, cell_secretary):
    shelf = make_shelf(tree.cells_a[0])
    stock(shelf, cell_secretary, titles=5, copies=2)  # copies 1..10
    lent = Copy.objects.get(shelf=shelf, number=10)
    services.do_lend_copy(cell_secretary, lent, make_reader(shelf))
    with pytest.raises(services.BookshelfError, match="đang cho mượn"):
        services.do_record_stocktake(cell_secretary, shelf, missing=[10])
    with pytest.raises(services.BookshelfError, match="Không có bản số 99"):
        services.do_record_stocktake(cell_secretary, shelf, missing=[99])
    take = services.do_record_stocktake(cell_secretary, shelf, missing=[1, 2], damaged=[3])
    assert (take.expected, take.on_loan, take.present, take.missing, take.damaged) == (10, 1, 6, 2, 1)
    assert set(Copy.objects.filter(shelf=shelf, status=CopyStatus.MISSING).values_list("number", flat=True)) == {1, 2}
    assert services.do_record_stocktake(cell_secretary, shelf).expected == 7


def test_inspection_only_by_a_superior_unit_with_period_figures(tree, cell_secretary, commune_a_staff, commune_b_staff):
    shelf = make_shelf(tree.cells_a[0])
    services.do_add_title(cell_secretary, shelf, title="Sách mới", on=D(2024, 2, 1))
    services.do_record_reading(cell_secretary, shelf, readers=12, on=D(2024, 2, 3))
    with pytest.raises(services.BookshelfError, match="cấp trên"):
        services.do_record_inspection(cell_secretary, shelf, inspecting_unit=tree.cells_a[0], condition="good")
    with pytest.raises(PermissionDenied):
        services.do_record_inspection(commune_b_staff, shelf, inspecting_unit=tree.commune_a, condition="good")
    inspection = services.do_record_inspection(
        commune_a_staff, shelf, inspecting_unit=tree.commune_a, condition="fair", inspected_on=D(2024, 6, 30),
        problems="Thiếu sách pháp luật", follow_ups=[("Bổ sung sách pháp luật", D(2024, 9, 30))],
    )
    assert (inspection.titles_added, inspection.readers_in_period, inspection.period_start) == (1, 12, D(2024, 1, 1))
    follow_up = inspection.follow_ups.get()
    services.do_complete_follow_up(cell_secretary, follow_up, on=D(2024, 8, 1))
    assert follow_up.done_on == D(2024, 8, 1)


def test_target_set_by_managers_only(tree, province_staff, commune_a_staff):
    target = services.do_set_target(province_staff, tree.province, year=2021, measure="new_shelves", target=10)
    assert services.do_set_target(province_staff, tree.province, year=2021, measure="new_shelves", target=12).pk == target.pk
    with pytest.raises(PermissionDenied):
        services.do_set_target(commune_a_staff, tree.province, year=2021, measure="new_shelves", target=1)


def test_manager_of_helper_gives_a_cell_manager(tree):
    user = manager_of(tree.cells_b[1])
    shelf = services.do_create_shelf(user, tree.cells_b[1], name="Tủ sách khu phố 2", place="Khu phố 2")
    assert shelf.unit == tree.cells_b[1]
