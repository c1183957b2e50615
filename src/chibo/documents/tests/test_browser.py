"""Staff paste a seed article, open the plan's cascade, see who has not carried it out, export it."""


import openpyxl
import pytest

from chibo.core.seeds import seed_path
from chibo.core.testing import make_unit, make_user
from chibo.orgs.models import UnitKind

pytestmark = [
    pytest.mark.browser, pytest.mark.django_db(transaction=True),
]
SEED = seed_path("000")


def test_paste_a_seed_then_see_which_units_have_not_carried_the_plan_out_and_export(live_server, page, login,
                                                                                     tmp_path):
    central = make_unit(None, "Trung ương", UnitKind.CENTRAL, code="TW")
    brvt = make_unit(central, "Tỉnh ủy Bà Rịa - Vũng Tàu", UnitKind.PROVINCE, code="TU")
    make_unit(brvt, "Ban Tuyên giáo Tỉnh ủy Bà Rịa - Vũng Tàu", UnitKind.PROPAGANDA_BOARD, code="BTGTU")
    brvt.refresh_from_db()
    make_unit(brvt, "Thành ủy Vũng Tàu", UnitKind.DISTRICT, code="TU")
    brvt.refresh_from_db()
    make_unit(brvt, "Thành ủy Bà Rịa", UnitKind.DISTRICT, code="TU")
    brvt.refresh_from_db()
    make_unit(brvt, "Huyện ủy Long Điền", UnitKind.DISTRICT, code="HU")
    brvt.refresh_from_db()
    make_user(brvt, "staff", username="tinh_brvt")

    login("tinh_brvt")
    page.goto(f"{live_server.url}/van-ban/dan-van-ban/")
    page.fill("textarea[name=text]", SEED.read_text(encoding="utf-8"))
    page.click("button[value=preview]")
    page.locator("#plan td", has_text="11-KH/BTGTU").wait_for()
    page.shot("preview")
    page.click("#register")
    page.locator("#created >> text=38-KH/TU").wait_for()
    page.shot("registered")

    page.locator("#created li", has_text="11-KH/BTGTU").locator("text=tình hình thực hiện").click()
    page.locator("#cascade-documents >> text=38-KH/TU").wait_for()
    pending = page.locator("#cascade-units tr.pending").all_inner_texts()
    issued = page.locator("#cascade-units tr.issued").all_inner_texts()
    page.shot("cascade")
    assert any("Thành ủy Vũng Tàu" in row and "38-KH/TU" in row for row in issued)
    assert sorted(row.split("\t")[0].strip() for row in pending) == ["Huyện ủy Long Điền", "Thành ủy Bà Rịa"]

    with page.expect_download() as download:
        page.click("#export")
    target = tmp_path / "cascade.xlsx"
    download.value.save_as(target)
    rows = [r for r in openpyxl.load_workbook(target).worksheets[0].iter_rows(values_only=True)]
    states = {r[0]: r[1] for r in rows[4:]}
    assert states == {"Thành ủy Vũng Tàu": "Đã ban hành", "Thành ủy Bà Rịa": "Chưa ban hành",
                      "Huyện ủy Long Điền": "Chưa ban hành"}
