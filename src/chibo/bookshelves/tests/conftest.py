import datetime

import pytest

from chibo.bookshelves import services
from chibo.bookshelves.models import Copy, DonorKind
from chibo.core import testing

from .factories import make_reader, make_shelf


class Shelves:
    """A stocked shelf in each commune, each with a reader, an overdue loan, a donation and an inspection."""

    def __init__(self, tree):
        self.admin = testing.make_user(tree.province, "staff", username="tinh_tu_sach")
        self.a = make_shelf(tree.cells_a[0], name="Tủ sách thôn Một", opening_hours="Tối thứ bảy")
        self.b = make_shelf(tree.cells_b[0], name="Tủ sách khu phố Bốn")
        for shelf, word in ((self.a, "Hòa Bình"), (self.b, "Rạch Dừa")):
            services.do_add_title(self.admin, shelf, title=f"Lịch sử Đảng bộ {word}", author="Ban biên soạn", copies=2)
            services.do_add_title(self.admin, shelf, title=f"Pháp luật cho bà con {word}", subject="law")
            reader = make_reader(shelf, name=f"Bạn đọc {word}")
            copy = Copy.objects.filter(shelf=shelf).order_by("number").first()
            services.do_lend_copy(self.admin, copy, reader, on=datetime.date(2024, 1, 2))
            services.do_record_donation(self.admin, shelf, donor_kind=DonorKind.CITIZEN, donor_name=f"Ông Ba {word}",
                                        items=[{"title": f"Sổ tay {word}"}])
            services.do_record_inspection(self.admin, shelf, inspecting_unit=tree.province, condition="fair",
                                          follow_ups=[("Bổ sung sách", datetime.date(2100, 1, 1))])
        self.reader_a = self.a.readers.get()
        self.reader_b = self.b.readers.get()
        self.loan_a = self.a.loans.get()
        self.loan_b = self.b.loans.get()
        self.donation_a = self.a.donations.get()
        self.donation_b = self.b.donations.get()
        self.follow_up_a = self.a.inspections.get().follow_ups.get()
        self.follow_up_b = self.b.inspections.get().follow_ups.get()


@pytest.fixture
def shelves(tree):
    return Shelves(tree)
