"""What a reader finds on a committee's site beyond its news: the committee's bookshelves and exemplary
models in the menu (also for units moved away in a restructuring), attachments named by their
notation, dates only when the article gives one, searches that put the typed phrase first."""

import datetime
import re

import pytest

from chibo.bookshelves.tests.factories import make_shelf
from chibo.core.testing import make_unit
from chibo.documents.models import Distribution
from chibo.documents.services import do_register_document
from chibo.honours.services import do_record_exemplary_model
from chibo.orgs.models import UnitKind
from chibo.orgs.services import do_move_unit
from chibo.portal import selectors, services
from chibo.portal.importing import ParsedArticle
from chibo.portal.models import ArticleAttachment, ArticlePage
from chibo.portal.tests.factories import LOCAL, make_article, make_site
from chibo.portal.tests.test_public import url


@pytest.fixture(autouse=True)
def empty_page_cache():
    from django.core.cache import cache

    cache.clear()


def _menu(html: str) -> list[str]:
    nav = re.search(r'<nav class="menu".*?</nav>', html, re.S).group(0)
    return [re.sub(r"<[^>]+>", "", a).strip() for a in re.findall(r"<a [^>]*>.*?</a>", nav, re.S)]


@pytest.mark.scope_covers("bookshelves:public", "bookshelves:public_unit", "honours:public_list", "honours:public_detail")
def test_site_menu_leads_to_the_committees_bookshelves_and_exemplary_models(client, tree, commune_a_staff):
    home = make_site(tree.commune_a)
    make_article(home, "Tin xã A")
    assert _menu(client.get(url(home)).text) == ["Trang chủ", "Thông tin hoạt động", "Tin tức"]

    shelf = make_shelf(tree.cells_a[0], name="Tủ sách Chi bộ thôn 1", is_public=True)
    make_shelf(tree.cells_b[0], name="Tủ sách phường khác", is_public=True)
    model = do_record_exemplary_model(tree.commune_a, actor=commune_a_staff, name="Mô hình “Dân vận khéo” thôn 1",
                                      year_recognised=2024, published=True)
    from django.core.cache import cache

    cache.clear()
    page = client.get(url(home)).text
    assert _menu(page) == ["Trang chủ", "Thông tin hoạt động", "Tin tức", "Tủ sách chi bộ", "Điển hình “Dân vận khéo”"]

    # Each of those pages is on the committee's site: its name on top, the same menu.
    shelves = client.get(f"/tu-sach/cong-khai/don-vi/{tree.commune_a.pk}/").text
    assert home.title in shelves and shelf.name in shelves and "Tủ sách phường khác" not in shelves
    assert "Tủ sách chi bộ" in _menu(shelves)
    assert home.title in client.get(f"/tu-sach/cong-khai/{shelf.pk}/").text
    models = client.get(f"/dien-hinh/cong-khai/don-vi/{tree.commune_a.pk}/").text
    assert home.title in models and model.name in models and "Điển hình “Dân vận khéo”" in _menu(models)
    detail = client.get(f"/dien-hinh/cong-khai/{model.pk}/").text
    assert home.title in detail and "Năm công nhận" in detail


def test_units_moved_in_a_restructuring_stay_on_the_site_they_had(client, tree):
    """Seed 000's ward was under Thành ủy Vũng Tàu (with a site); in 2025 it moved under a city without one."""
    old_city = make_unit(tree.province, "Thành ủy Vũng Tàu", UnitKind.DISTRICT, code="TU")
    ward = make_unit(old_city, "Đảng ủy phường Rạch Dừa", UnitKind.COMMUNE, code="ĐU")
    cell = make_unit(ward, "Chi bộ Khu phố 4", UnitKind.CELL, code="CB")
    new_city = make_unit(tree.central, "Thành ủy Thành phố Hồ Chí Minh", UnitKind.PROVINCE, code="TU")
    city_site = make_site(old_city)
    shelf = make_shelf(cell, name="Tủ sách Chi bộ Khu phố 4", is_public=True)
    do_move_unit(ward, new_city, on=datetime.date(2025, 7, 1))
    cell.refresh_from_db()
    old_city.refresh_from_db()

    assert selectors.site_home_for(cell) == city_site
    page = client.get(f"/tu-sach/cong-khai/{shelf.pk}/").text
    assert city_site.title in page and "Tủ sách chi bộ" in _menu(page)
    listed = client.get(f"/tu-sach/cong-khai/don-vi/{old_city.pk}/").text
    assert shelf.name in listed
    # Once the new city opens its own site, the shelf belongs there.
    new_site = make_site(new_city)
    assert selectors.site_home_for(cell) == new_site


def test_undated_imported_article_shows_no_date_rather_than_the_import_time(client, tree):
    home = make_site(tree.commune_a)
    parsed = ParsedArticle(title="Duy trì nâng cao chất lượng công tác tuyên vận", body_paragraphs=["Nội dung."],
                           author="Ngô Hải - BTG HU")
    article, _ = services.do_import_article(home, parsed)
    assert article.first_published_at is not None and article.shown_at is None
    page = client.get(url(article)).text
    meta = re.search(r'<div class="meta">.*?</div>', page, re.S).group(0)
    assert "<time" not in meta and "Ngô Hải - BTG HU" in meta
    dated = make_article(home, "Bài có ngày", when=datetime.datetime(2020, 8, 27, 13, 30, tzinfo=LOCAL))
    assert "13:30 | 27/08/2020" in client.get(url(dated)).text


def test_attachment_label_links_the_committees_public_document_it_names(client, tree):
    home = make_site(tree.commune_a)
    article = make_article(home, "Triển khai các hoạt động kỷ niệm", body="Ban Thường vụ xây dựng Kế hoạch.")
    plan = do_register_document(owner=tree.commune_a, notation="227-KH/ĐU", issued_on=datetime.date(2020, 8, 27),
                                abstract="Kế hoạch tổ chức các hoạt động kỷ niệm")
    do_register_document(owner=tree.commune_a, notation="228-KH/ĐU", issued_on=datetime.date(2020, 8, 28),
                         distribution=Distribution.INTERNAL)
    for n, label in enumerate(["Tải Kế hoach 227", "Kế hoạch 228", "Tài liệu tham khảo"]):
        ArticleAttachment.objects.create(page=article, title=label, sort_order=n)
    article = ArticlePage.objects.get(pk=article.pk)
    article.save_revision().publish()

    section = re.search(r'<section class="attachments".*?</section>', client.get(url(article)).text, re.S).group(0)
    assert f'href="/van-ban-cong-khai/{plan.pk}/"' in section
    assert section.count("/van-ban-cong-khai/") == 1  # the internal plan 228 is never linked
    assert "Kế hoạch 228 <span class=\"muted\">(chưa có tệp để tải về)" in section


def test_search_puts_articles_with_the_typed_phrase_first(client, tree):
    home = make_site(tree.commune_a)
    scattered = make_article(home, "Công tác tuyên vận", when=datetime.datetime(2024, 5, 1, tzinfo=LOCAL),
                             body="Tư tưởng của chi bộ về chính sách; bộ phận tuyên truyền.")
    together = make_article(home, "Phong trào xây dựng", when=datetime.datetime(2021, 2, 6, tzinfo=LOCAL),
                            body="Vận động đảng viên xây dựng tủ sách chi bộ khu phố.")
    found = list(selectors.search_articles(None, "tu sach chi bo", home))
    assert found == [together, scattered]
    # One word: newest first, as before.
    assert list(selectors.search_articles(None, "bo", home)) == [scattered, together]


def test_long_titles_are_cut_at_a_word_in_the_address(tree):
    home = make_site(tree.commune_a)
    article = make_article(home, "Tiếp tục thực hiện phong trào “Vận động Đảng viên tình nguyện tham gia xây dựng "
                                 "tủ sách Chi bộ thôn, ấp, khu phố” năm 2021.")
    assert len(article.slug) <= services.MAX_SLUG
    assert article.slug.endswith("-xay-dung")  # not "-xay-dung-t"


@pytest.mark.scope_covers("portal:rss_site")
def test_feed_describes_an_article_in_plain_words_never_cut_markup(client, tree):
    from xml.etree import ElementTree

    home = make_site(tree.commune_a)
    make_article(home, "Bài dài", body=" ".join(f"Câu thứ {n} của bài viết." for n in range(400)))
    feed = ElementTree.fromstring(client.get(f"/rss/{home.pk}/").content)
    description = feed.find("channel/item/description").text
    assert "<" not in description and description.startswith("Câu thứ 0") and description.endswith("…")
    assert len(description.split()) == 80


def test_public_document_page_sits_on_the_site_of_its_registry(client, tree):
    home = make_site(tree.commune_a)
    plan = do_register_document(owner=tree.commune_a, notation="227-KH/ĐU", issued_on=datetime.date(2020, 8, 27))
    page = client.get(f"/van-ban-cong-khai/{plan.pk}/").text
    assert home.title in page and "Tủ sách chi bộ" not in _menu(page) and "Tin tức" in _menu(page)
