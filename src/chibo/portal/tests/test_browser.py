"""A reader opens a committee's news site in a browser: home page, an article, its print view,
a phone-width view; the font-size control and the view count work without inline scripts."""


import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from chibo.core import seeds
from chibo.portal.models import ArticlePage, PortalIndexPage
from chibo.portal.tests.factories import make_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DATA = seeds.DIR


def _path(page_obj) -> str:
    """The page's path on the default site (the portal index, "/"), as the live server has no site hosts."""
    return page_obj.url_path[len(PortalIndexPage.objects.get().url_path) - 1:]


def _font_px(page, selector: str) -> float:
    return page.eval_on_selector(selector, "el => parseFloat(getComputedStyle(el).fontSize)")


def test_reader_sees_home_article_print_and_phone_views(tree, live_server, page):
    from django.core.cache import cache

    cache.clear()
    home = make_site(tree.commune_a, tagline="Trang tin của Đảng bộ xã")
    call_command("portal", "import", *sorted(str(p) for p in DATA.glob("*.txt")), "--site", str(tree.commune_a.pk))
    assert ArticlePage.objects.live().count() == 5
    problems = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))

    # Home page: the latest article leads, each category lists its articles.
    page.goto(live_server.url + _path(home))
    assert page.locator(".site-title").inner_text().upper() == home.title.upper()  # capitals by the style
    assert page.locator(".lead-title").inner_text().startswith("Tuyên truyền, phổ biến về giải pháp")  # 2022: newest
    boxes = page.locator(".category-box")
    assert boxes.count() == 2
    assert "Chi bộ Văn phòng Sở Xây dựng tổ chức tọa đàm" in page.locator("main").inner_text()
    page.shot("home")

    # An article: title, date and time, author, source, view count, and the font-size control.
    article = ArticlePage.objects.get(title__startswith="Chi bộ Văn phòng Sở Xây dựng")
    page.goto(live_server.url + _path(article))
    assert page.locator("h1.article-title").inner_text() == article.title
    meta = page.locator(".article .meta").inner_text()
    assert "22:04 | 09/11/2011" in meta
    expect(page.locator("[data-view-count]")).to_have_text("432")  # no eval: the page's CSP forbids it
    assert "Nguồn: Khác" in page.locator(".source").inner_text()
    body = page.locator(".article .body").inner_text()
    assert "Chỉ thị số 03-CT/TW" in body and "Cỡ chữ Màu chữ" not in body
    before = _font_px(page, ".article .body p")
    page.click("[data-font=up]")
    page.click("[data-font=up]")
    assert _font_px(page, ".article .body p") > before * 1.2
    page.shot("article")
    page.click("[data-font=reset]")
    assert _font_px(page, ".article .body p") == pytest.approx(before)

    # Its print view: the article alone, with the site's name and no menus.
    page.click("text=In bài")
    page.wait_for_selector("body.print-view")
    assert page.locator(".print-site").inner_text().upper() == home.title.upper()
    assert page.locator(".masthead").count() == 0
    assert page.locator("h1.article-title").inner_text() == article.title
    page.shot("print")

    # Phone width: 360 px, nothing wider than the screen, the tools still usable.
    attachment_article = ArticlePage.objects.get(title__startswith="Triển khai các hoạt động tuyên truyền")
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.url + _path(attachment_article))
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.locator("[data-font=up]").is_visible()
    assert "Kế hoach 227" in page.locator(".attachments").inner_text()
    assert "Hoàng Oanh" in page.locator(".byline").inner_text()
    page.shot("phone")

    # Search from the phone, without diacritics.
    page.fill("#q", "toa dam van dong quan chung")
    page.press("#q", "Enter")
    page.wait_for_selector(".items .item")
    assert "Chi bộ Văn phòng Sở Xây dựng tổ chức tọa đàm" in page.locator(".items").inner_text()
    page.shot("phone-search")
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems
