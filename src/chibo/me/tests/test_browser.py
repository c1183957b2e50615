"""Acceptance at 360 px: a member sees the next meeting, reads a document sent ahead and marks it read,
checks in with the meeting's code; the cell secretary's phone view shows both. The next meeting's
agenda and documents stay readable offline."""

import pytest
from django.urls import reverse

from chibo.accounts.models import RoleKind
from chibo.core.testing import make_user

from .factories import READING_TEXT, meeting, member_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 780}


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_member_reads_and_checks_in_and_the_secretary_sees_both(tree, live_server, page, login):
    cell = tree.cells_a[0]
    make_user(cell, RoleKind.SECRETARY, username="bithu_thon1")
    person = tree.people[cell.pk][0]
    member_user(person, username="dangvien_thon1")
    activity = meeting(make_user(tree.commune_a, RoleKind.STAFF), cell, topic="Sinh hoạt chi bộ tháng này",
                       readings=("Đề cương sinh hoạt",))
    page.set_viewport_size(PHONE)
    page.set_default_timeout(30_000)

    login("dangvien_thon1")
    page.goto(live_server.url + reverse("me:home"))
    card = page.locator("article.meeting").first
    assert "Sinh hoạt chi bộ tháng này" in card.inner_text()
    assert card.locator(".badge", has_text="Chưa đọc").count() == 1
    _no_sideways_scroll(page)
    page.shot("home-360")

    # The service worker keeps the next meeting's agenda and document for offline reading.
    meeting_path = reverse("me:meeting", args=[activity.pk])
    offline = page.evaluate("JSON.parse(document.getElementById('offline-urls').textContent)")
    assert meeting_path in offline and reverse("me:reading_file", args=[activity.attachments.get().pk]) in offline
    page.wait_for_function(
        "urls => caches.open('chibo-me-v1').then(c => c.keys())"
        ".then(ks => urls.every(u => ks.some(r => new URL(r.url).pathname === u)))",
        arg=offline, timeout=15_000,
    )

    with page.expect_navigation():
        card.locator("a", has_text="Đề cương sinh hoạt").click()
    assert READING_TEXT.splitlines()[0] in page.locator("article.doc").inner_text()
    with page.expect_navigation():
        page.click("text=Đánh dấu đã đọc")
    assert "Đã đọc lúc" in page.locator("#read-state").inner_text()
    _no_sideways_scroll(page)
    page.shot("read-360")

    with page.expect_navigation():
        page.click("header.bar >> text=Góc đảng viên")
    card = page.locator("article.meeting").first
    assert card.locator(".badge", has_text="Đã đọc").count() == 1
    card.locator("input[name=code]").fill(activity.checkin_code)
    with page.expect_navigation():
        card.locator("button", has_text="Điểm danh").click()
    assert page.locator("article.meeting [data-checked-in]").count() == 1
    page.shot("checked-in-360")

    page.context.set_offline(True)
    page.goto(live_server.url + meeting_path)
    assert "Học tập nghị quyết" in page.locator(".agenda").inner_text()
    page.shot("offline-meeting-360")
    page.context.set_offline(False)

    with page.expect_navigation():
        page.click("#logout button")
    login("bithu_thon1")
    page.goto(live_server.url + reverse("me:home"))
    with page.expect_navigation():
        page.click(f"text={cell.name}")
    assert page.locator("[data-fig=present]").inner_text() == "1"
    reading = activity.attachments.get()
    assert page.locator(f"[data-fig=read-{reading.pk}]").inner_text() == "1"
    row = page.locator(f"tr[data-person='{person.pk}']")
    assert "Có mặt" in row.locator("[data-col=checkin]").inner_text()
    assert row.locator("[data-col=read] .badge").count() == 1
    others = page.locator("tr[data-person]").filter(has_not=page.locator(".badge"))
    assert others.count() == 2
    _no_sideways_scroll(page)
    page.shot("secretary-360")
