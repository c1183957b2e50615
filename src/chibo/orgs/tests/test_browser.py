"""A commune's staff member logs in, browses the tree, opens a cell and a member; other communes are 404."""

import pytest

from chibo.core.testing import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_commune_staff_browses_the_tree_and_cannot_reach_another_commune(tree, live_server, page, login):
    make_user(tree.commune_a, "staff", username="xa_hoabinh")
    login("xa_hoabinh")
    page.shot("dashboard")
    assert page.locator("h1").inner_text() == "Đảng ủy xã Hoà Bình"

    page.click("nav.mainnav >> text=Tổ chức")
    # The user's one root opens by itself; a click folds it and another unfolds it again.
    cell_link = page.locator(f"#children-{tree.commune_a.pk} >> text=Chi bộ thôn 1")
    cell_link.wait_for()
    toggle = page.locator(f"#node-{tree.commune_a.pk} > button.toggle")
    toggle.click()
    assert not cell_link.is_visible()
    toggle.click()
    cell_link.wait_for()
    page.shot("tree-expanded")
    # Search ignores diacritics.
    page.fill("input[name=q]", "chi bo thon 2")
    page.locator("#search-results >> text=Chi bộ thôn 2").wait_for()

    cell_link.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Chi bộ thôn 1"
    page.shot("cell")
    member = tree.people[tree.cells_a[0].pk][0]
    page.click(f"text={member.full_name}")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == member.full_name
    page.shot("member")

    other_cell = tree.cells_b[0]
    other_member = tree.people[other_cell.pk][0]
    assert page.goto(f"{live_server.url}/to-chuc/{other_cell.pk}/").status == 404
    assert page.goto(f"{live_server.url}/dang-vien/{other_member.pk}/").status == 404
    assert page.goto(f"{live_server.url}/to-chuc/{tree.commune_b.pk}/").status == 404
