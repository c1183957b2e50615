"""A cell secretary schedules the monthly meeting, takes the roll on a phone, writes and exports the minutes."""

import io

import docx
import pytest

from chibo.accounts.models import RoleKind
from chibo.activities.models import Activity
from chibo.core.testing import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretary_schedules_takes_roll_and_exports_minutes(tree, live_server, page, login):
    cell = tree.cells_a[0]
    make_user(cell, RoleKind.SECRETARY, username="bithu_thon1")
    login("bithu_thon1")
    page.click("nav.mainnav >> text=Hoạt động")
    page.click("text=Lịch sinh hoạt thường kỳ")
    page.select_option("#id_unit", str(cell.pk))
    page.fill("#id_day_of_month", "5")
    page.fill("#id_start_time", "14:00")
    page.fill("#id_place", "Nhà văn hoá thôn 1")
    page.fill("#id_starts_on", "01/03/2025")
    page.fill("#id_months", "12")
    page.shot("schedule")
    page.click("main form.panel button[type=submit]")
    page.wait_for_load_state()
    assert Activity.objects.filter(unit=cell, kind="regular").count() == 12
    assert page.locator("h1").inner_text() == "Sinh hoạt chi bộ thường kỳ"
    assert "05/03/2025" in page.locator("main").inner_text()
    assert page.locator(".qr svg").count() == 1

    # The roll call, on a phone-width screen.
    page.set_viewport_size({"width": 360, "height": 780})
    page.click("text=Điểm danh trên điện thoại")
    page.wait_for_load_state()
    people = tree.people[cell.pk]
    for person in people[:2]:
        row = page.locator(".rollrow", has_text=person.full_name)
        row.locator("button[value=present]").click()
        row = page.locator(".rollrow", has_text=person.full_name)
        row.locator("[data-action=contribute]").wait_for()
    page.locator(".rollrow", has_text=people[0].full_name).locator("[data-action=contribute]").click()
    page.locator(".rollrow", has_text=people[2].full_name).locator("button[value=excused]").click()
    page.locator("#roll-counts [data-count=contributions]", has_text="1").wait_for()
    assert page.locator("#roll-counts [data-count=members]").inner_text() == "2"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.shot("roll-call-360")
    page.fill("#id_guest_name", "Lê Văn Khách")
    page.fill("#id_guest_organisation", "Hội Cựu chiến binh xã")
    page.click("main section.panel button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#roll-counts [data-count=guests]").inner_text() == "1"

    page.set_viewport_size({"width": 1280, "height": 900})
    page.click("text=Ghi biên bản")
    page.fill("#id_ends_at", "16:10")
    page.select_option("#id_chair", str(people[0].pk))
    page.fill("#id_contents", "Đánh giá kết quả tháng 2, triển khai nhiệm vụ tháng 3.")
    page.click("main form.panel button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("[data-count=members]").first.inner_text() == "2"
    page.shot("held")

    with page.expect_download() as info:
        page.click("#export-minutes")
    document = docx.Document(io.BytesIO(open(info.value.path(), "rb").read()))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "STT")
    body = {row.cells[1].text: (row.cells[3].text, row.cells[4].text) for row in table.rows[1:]}
    assert body[people[0].full_name] == ("Có mặt", "1")
    assert body[people[2].full_name][0] == "Vắng có lý do"
    assert body["Lê Văn Khách – Hội Cựu chiến binh xã"] == ("Có mặt", "")
    text = "\n".join(p.text for p in document.paragraphs)
    assert "có mặt 02/03" in text and "Chủ trì: đồng chí " + people[0].full_name in text
