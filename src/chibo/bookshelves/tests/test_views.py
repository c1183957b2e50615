"""Pages: the donation form, its thank-you receipt, copy labels with QR codes, loans by form."""

import datetime

from django.urls import reverse

from chibo.bookshelves import services
from chibo.bookshelves.models import Copy, Donation, Loan
from chibo.core import testing

from .factories import make_reader, make_shelf


def test_donation_form_records_titles_and_opens_the_receipt(tree, cell_secretary, client_as):
    shelf = make_shelf(tree.cells_a[0], custodian_name="Nguyễn Thị Giữ Sách")
    member = tree.people[tree.cells_a[0].pk][0]
    client = client_as(cell_secretary)
    response = client.post(reverse("bookshelves:donation_add", args=[shelf.pk]), {
        "donor_kind": "member", "donor_person": member.pk, "received_on": "19/05/2021",
        "items": "Hồ Chí Minh toàn tập | | | 2\nSổ tay đảng viên | Ban Tổ chức Trung ương\n",
    })
    donation = Donation.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("bookshelves:receipt", args=[donation.pk])
    assert donation.received_on == datetime.date(2021, 5, 19) and donation.copies.count() == 3
    receipt = client.get(response["Location"]).content.decode()
    assert "GIẤY CẢM ƠN" in receipt and member.full_name in receipt and "Hồ Chí Minh toàn tập" in receipt
    assert "19/05/2021" in receipt


def test_donation_form_reports_a_bad_line(tree, cell_secretary, client_as):
    shelf = make_shelf(tree.cells_a[0])
    response = client_as(cell_secretary).post(reverse("bookshelves:donation_add", args=[shelf.pk]), {
        "donor_kind": "citizen", "donor_name": "Ông Tư", "received_on": "19/05/2021",
        "items": "Sách A\nSách B | | 978-0-306-40615-8 | 1",
    })
    assert response.status_code == 200 and "Đầu sách thứ 2" in response.content.decode()
    assert not Donation.objects.exists()


def test_labels_carry_a_qr_code_per_copy(tree, cell_secretary, client_as):
    shelf = make_shelf(tree.cells_a[0])
    services.do_add_title(cell_secretary, shelf, title="Sách có nhãn", copies=3)
    html = client_as(cell_secretary).get(reverse("bookshelves:labels", args=[shelf.pk])).content.decode()
    assert html.count("<svg") == 3 and f"TS{shelf.pk}-00003" in html


def test_loan_form_lends_by_copy_number_and_return_form_closes_it(tree, cell_secretary, client_as):
    shelf = make_shelf(tree.cells_a[0])
    services.do_add_title(cell_secretary, shelf, title="Sách mượn", copies=1)
    reader = make_reader(shelf)
    client = client_as(cell_secretary)
    assert client.get(reverse("bookshelves:loan_add", args=[shelf.pk]), {"ban": 1}).context["form"].initial["copy_number"] == "1"
    response = client.post(reverse("bookshelves:loan_add", args=[shelf.pk]),
                           {"copy_number": 1, "reader": reader.pk, "borrowed_on": "01/03/2024"})
    assert response.status_code == 302
    loan = Loan.objects.get()
    assert loan.due_on == datetime.date(2024, 3, 15)
    missing = client.post(reverse("bookshelves:loan_add", args=[shelf.pk]), {"copy_number": 9, "reader": reader.pk,
                                                                            "borrowed_on": "01/03/2024"})
    assert "không có bản số 9" in missing.content.decode()
    client.post(reverse("bookshelves:loan_return", args=[loan.pk]), {"returned_on": "10/03/2024"})
    assert Copy.objects.get().status == "available"


def test_stocktake_form_takes_ranges(tree, cell_secretary, client_as):
    shelf = make_shelf(tree.cells_a[0])
    services.do_add_title(cell_secretary, shelf, title="Sách kiểm kê", copies=6)
    client_as(cell_secretary).post(reverse("bookshelves:stocktake", args=[shelf.pk]),
                                   {"held_on": "01/06/2024", "missing": "1, 3-4", "damaged": "6"})
    take = shelf.stocktakes.get()
    assert (take.present, take.missing, take.damaged) == (2, 3, 1)


def test_dashboard_panel_shows_the_units_shelves(tree, shelves, province_staff, client_as):
    from chibo.bookshelves.dashboard import panel

    request = type("R", (), {"user": province_staff})()
    assert panel(request, tree.province)["context"]["figures"]["shelves"] == 2
    assert panel(request, testing.make_unit(tree.province, "Đảng ủy mới", "commune")) is None
    html = client_as(province_staff).get(reverse("core:dashboard")).content.decode()
    assert "Tủ sách chi bộ" in html


def test_catalogue_reads_in_alphabetical_order_case_and_diacritics_aside(tree, cell_secretary, client_as, client):
    import re

    shelf = make_shelf(tree.cells_a[0], is_public=True)
    for title in ["Đất rừng phương Nam", "Luật Đất đai năm 2024", "Lịch sử Đảng bộ tỉnh", "Dế Mèn phiêu lưu ký",
                  "bản đồ hành chính", "Truyện Kiều"]:
        services.do_add_title(cell_secretary, shelf, title=title)
    expected = ["bản đồ hành chính", "Đất rừng phương Nam", "Dế Mèn phiêu lưu ký", "Lịch sử Đảng bộ tỉnh",
                "Luật Đất đai năm 2024", "Truyện Kiều"]

    def titles(html):
        table = re.search(r'<table id="catalogue".*?</table>', html, re.S).group(0)
        return [re.sub(r"\s*<small>.*", "", cell) for cell in re.findall(r"<tr><td>(.*?)</td>", table)]

    assert titles(client_as(cell_secretary).get(reverse("bookshelves:detail", args=[shelf.pk])).text) == expected
    assert titles(client.get(reverse("bookshelves:public", args=[shelf.pk])).text) == expected


def test_public_page_invites_a_member_to_sign_in_to_register(tree, client):
    shelf = make_shelf(tree.cells_a[0], is_public=True)
    url = reverse("bookshelves:public", args=[shelf.pk])
    html = client.get(url).text
    assert f'href="{reverse("accounts:login")}?next={url}"' in html and "đăng nhập để đăng ký" in html


def test_open_loans_say_which_date_is_the_due_date(tree, cell_secretary, client_as):
    shelf = make_shelf(tree.cells_a[0])
    title = services.do_add_title(cell_secretary, shelf, title="Sổ tay đảng viên")
    services.do_lend_copy(cell_secretary, title.copies.get(), make_reader(shelf), on=datetime.date(2024, 3, 1))
    html = client_as(cell_secretary).get(reverse("bookshelves:detail", args=[shelf.pk])).text
    loans = html[html.index('id="open-loans"'):]
    assert loans.index("Hạn trả") < loans.index("15/03/2024")


def _english_text(user, url) -> str:
    import re

    from django.conf import settings

    client = testing.client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(url).content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", re.sub(r"(?s)<script.*?</script>|<style.*?</style>", " ", html)))


def test_figure_cards_count_in_english_with_plural_forms(tree, shelves, commune_a_staff, province_staff):
    one = _english_text(commune_a_staff, reverse("core:dashboard"))
    for card in ("1 bookshelf ", "3 titles ", "4 copies ", "1 book donation ", "1 reader ", "1 loan ",
                 "0 on-site readings "):
        assert card in one, card
    two = _english_text(province_staff, reverse("bookshelves:statistics", args=[tree.province.pk]))
    for card in ("2 bookshelves ", "6 titles ", "8 copies ", "2 book donations ", "2 readers ", "2 loans "):
        assert card in two, card
    shelf = _english_text(commune_a_staff, reverse("bookshelves:detail", args=[shelves.a.pk]))
    assert "3 titles " in shelf and "4 copies (3 on the shelf) " in shelf and "1 loan (1 on loan) " in shelf


def test_figure_cards_read_the_same_in_vietnamese(tree, shelves, commune_a_staff, client_as):
    html = client_as(commune_a_staff).get(reverse("core:dashboard")).content.decode()
    assert '<div class="card stat" data-figure="shelves"><b>1</b><span>tủ sách</span></div>' in html
    assert '<div class="card stat" data-figure="titles"><b>3</b><span>đầu sách</span></div>' in html
