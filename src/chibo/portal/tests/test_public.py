"""The public site: pages, print view, public documents, page cache, view counts, headers, sites.

Pages are served through the page cache ("portal:page"); drafts, other communes' unpublished
work and internal or graded documents answer 404 to anyone, signed in or not.
"""

import datetime
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chibo.core.testing import make_user
from chibo.documents.models import Attachment, Confidentiality, Distribution, DocumentStatus
from chibo.documents.services import do_register_document
from chibo.portal import pagecache, selectors, viewcounts
from chibo.portal.models import ArticlePage, PageViewCount
from chibo.portal.tests.factories import make_article, make_site

CITING = (
    "Thực hiện Kế hoạch số 11-KH/BTGTU ngày 11/01/2021 của Ban Tuyên giáo Tỉnh ủy, Hướng dẫn số 56-HD/BTGTU "
    "và Kế hoạch số 9-KH/TU, các chi bộ tiếp tục xây dựng tủ sách."
)


@pytest.fixture(autouse=True)
def empty_page_cache():
    """The page cache outlives each test's database: start every test without it."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def sites(tree):
    home_a, home_b = make_site(tree.commune_a), make_site(tree.commune_b)
    return {
        "home_a": home_a, "home_b": home_b,
        "live_a": make_article(home_a, "Hội nghị sơ kết công tác tuyên vận", body=CITING),
        "draft_a": make_article(home_a, "Bản nháp xã A chưa đăng", publish=False),
        "live_b": make_article(home_b, "Tin phường B đã đăng"),
    }


@pytest.fixture
def documents(tree):
    def reg(notation, **kw):
        return do_register_document(owner=tree.board, notation=notation, issued_on=datetime.date(2021, 1, 11), **kw)

    return {
        "public": reg("11-KH/BTGTU", abstract="Về tủ sách chi bộ"),
        "internal": reg("56-HD/BTGTU", abstract="Lưu hành nội bộ", distribution=Distribution.INTERNAL),
        "secret": reg("9-KH/TU", confidentiality=Confidentiality.CONFIDENTIAL),
        "draft": reg("12-KH/BTGTU", abstract="Dự thảo", status=DocumentStatus.DRAFT),
    }


def url(page) -> str:
    """The page's path on the default site (the portal index, "/"); each site also has its own host."""
    from chibo.portal.models import PortalIndexPage

    return page.url_path[len(PortalIndexPage.objects.get().url_path) - 1:]


@pytest.mark.scope_covers("portal:page")
def test_drafts_are_404_to_the_public_and_to_every_signed_in_user(client, sites, client_as, commune_a_staff,
                                                                  commune_b_staff):
    draft_url = url(sites["draft_a"])
    for c in (client, client_as(commune_a_staff), client_as(commune_b_staff)):
        assert c.get(url(sites["live_a"])).status_code == 200
        assert c.get(draft_url).status_code == 404
        assert c.get(draft_url + "in/").status_code == 404
    home_html = client.get(url(sites["home_a"])).content.decode()
    assert "Hội nghị sơ kết công tác tuyên vận" in home_html and "Bản nháp" not in home_html


@pytest.mark.scope_covers("portal:page")
def test_unpublished_site_is_404_with_all_its_pages(client, sites, client_as, commune_b_staff):
    from wagtail.actions.unpublish_page import UnpublishPageAction

    home_url, article_url = url(sites["home_a"]), url(sites["live_a"])
    admin = make_user(username="quan_tri", is_superuser=True)
    UnpublishPageAction(sites["home_a"], include_descendants=True, user=admin).execute()
    for c in (client, client_as(commune_b_staff)):
        assert c.get(home_url).status_code == 404
        assert c.get(article_url).status_code == 404


def test_article_page_shows_every_element_of_a_news_page(client, sites):
    html = client.get(url(sites["live_a"])).content.decode()
    assert "<h1 class=\"article-title\">Hội nghị sơ kết công tác tuyên vận</h1>" in html
    assert "08:30 | 01/03/2024" in html  # time and date
    assert "Phóng viên Thử" in html  # author
    assert "data-view-count" in html and 'data-font="up"' in html
    assert 'href="mailto:?subject=' in html
    assert re.search(r'href="[^"]+/in/"', html)  # print view
    assert "Thông tin hoạt động" in html and "Tin tức" in html  # the site's menu


@pytest.mark.scope_covers("portal:page")
def test_print_view_is_the_article_alone(client, sites):
    html = client.get(url(sites["live_a"]) + "in/").content.decode()
    assert 'class="print-view"' in html and "Hội nghị sơ kết công tác tuyên vận" in html
    assert 'class="masthead"' not in html and "noindex" in html


@pytest.mark.scope_covers("portal:document")
def test_article_links_only_public_documents(client, sites, documents, client_as, commune_b_staff):
    linked = sites["live_a"].linked_documents()
    assert linked == [documents["public"]]
    html = client.get(url(sites["live_a"])).content.decode()
    assert f'href="/van-ban-cong-khai/{documents["public"].pk}/"' in html
    for key in ("internal", "secret", "draft"):
        assert f'/van-ban-cong-khai/{documents[key].pk}/' not in html
        for c in (client, client_as(commune_b_staff)):
            assert c.get(f"/van-ban-cong-khai/{documents[key].pk}/").status_code == 404
    page = client.get(f"/van-ban-cong-khai/{documents['public'].pk}/").content.decode()
    assert "Kế hoạch số 11-KH/BTGTU ngày 11/01/2021" in page and "Hội nghị sơ kết công tác tuyên vận" in page


def test_a_document_of_another_province_with_the_same_notation_is_not_linked(tree, sites):
    from chibo.core.testing import make_unit
    from chibo.orgs.models import UnitKind

    other = make_unit(tree.central, "Tỉnh ủy Khác", UnitKind.PROVINCE, code="TU")
    board = make_unit(other, "Ban Tuyên giáo Tỉnh ủy Khác", UnitKind.PROPAGANDA_BOARD, code="BTGTU")
    do_register_document(owner=board, notation="11-KH/BTGTU", issued_on=datetime.date(2021, 1, 11))
    assert sites["live_a"].linked_documents() == []


@pytest.mark.scope_covers("portal:document_file")
def test_files_of_public_documents_only_are_downloadable(client, documents, client_as, commune_b_staff):
    files = {}
    for key in ("public", "internal"):
        files[key] = Attachment.objects.create(
            document=documents[key], file=ContentFile(b"%PDF-1.4 thu", name=f"{key}.pdf"), name=f"{key}.pdf",
            content_type="application/pdf", size=12, sha256=key * 8,
        )
    response = client.get(f"/van-ban-cong-khai/tep/{files['public'].pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    for c in (client, client_as(commune_b_staff)):
        assert c.get(f"/van-ban-cong-khai/tep/{files['internal'].pk}/").status_code == 404


def test_making_a_linked_document_internal_purges_the_cached_article(
        client, sites, documents, django_capture_on_commit_callbacks):
    article_url = url(sites["live_a"])
    with django_capture_on_commit_callbacks(execute=True):
        pagecache._bump()
    assert "11-KH/BTGTU" in client.get(article_url).content.decode()
    assert client.get(article_url)["X-Portal-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        documents["public"].distribution = Distribution.INTERNAL
        documents["public"].save()
    response = client.get(article_url)
    assert response["X-Portal-Cache"] == "miss"
    assert f'/van-ban-cong-khai/{documents["public"].pk}/' not in response.content.decode()


# --- The page cache -----------------------------------------------------------------------------

def test_anonymous_pages_are_cached_and_signed_in_readers_bypass_it(client, sites, client_as, commune_a_staff):
    article_url = url(sites["live_a"])
    assert client.get(article_url)["X-Portal-Cache"] == "miss"
    assert client.get(article_url)["X-Portal-Cache"] == "hit"
    assert client_as(commune_a_staff).get(article_url)["X-Portal-Cache"] == "bypass"
    assert client.get(article_url, {"preview": "1"})["X-Portal-Cache"] == "bypass"


def test_publishing_a_new_revision_purges_the_cache(client, sites, commune_a_staff,
                                                    django_capture_on_commit_callbacks):
    from chibo.portal import services

    article = sites["live_a"]
    client.get(url(article))
    revision = article.get_latest_revision_as_object()
    revision.title = "Hội nghị sơ kết (đã sửa)"
    revision.save_revision()
    # Saved, not published: readers still see the published text, from the cache.
    response = client.get(url(article))
    assert response["X-Portal-Cache"] == "hit" and "(đã sửa)" not in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.do_publish_article(article, actor=commune_a_staff)
    response = client.get(url(article))
    assert response["X-Portal-Cache"] == "miss" and "Hội nghị sơ kết (đã sửa)" in response.content.decode()


def test_unpublishing_purges_the_cache(client, sites, commune_a_staff, django_capture_on_commit_callbacks):
    from chibo.portal import services

    article_url = url(sites["live_a"])
    assert client.get(article_url).status_code == 200 and client.get(article_url)["X-Portal-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        services.do_unpublish_article(sites["live_a"], actor=commune_a_staff)
    assert client.get(article_url).status_code == 404
    assert "Hội nghị sơ kết" not in client.get(url(sites["home_a"])).content.decode()


def test_moving_a_page_purges_the_cache(client, sites, django_capture_on_commit_callbacks):
    article = sites["live_a"]
    old_url = url(article)
    client.get(old_url)
    target = [c for c in sites["home_a"].get_children() if c.pk != article.get_parent().pk][0]
    with django_capture_on_commit_callbacks(execute=True):
        article.move(target, pos="last-child")
    article = ArticlePage.objects.get(pk=article.pk)
    moved = client.get(old_url)  # Wagtail leaves a redirect at the old address
    assert moved.status_code == 301 and moved["Location"].endswith(f"/{target.slug}/{article.slug}/")
    response = client.get(url(article))
    assert response.status_code == 200 and response["X-Portal-Cache"] == "miss"


def test_previews_and_drafts_never_reach_the_page_cache(client, sites, client_as, commune_a_staff):
    from django.urls import resolve

    # Wagtail serves previews from its admin, outside the cached page route.
    assert resolve(f"/cms/pages/{sites['draft_a'].pk}/edit/preview/").view_name != "portal:page"
    before = pagecache.generation()
    draft_url = url(sites["draft_a"])
    response = client.get(draft_url)
    assert response.status_code == 404 and "X-Portal-Cache" not in response
    editor = client_as(commune_a_staff)
    preview = editor.get(f"/cms/pages/{sites['draft_a'].pk}/edit/preview/")
    assert "X-Portal-Cache" not in preview
    assert pagecache.generation() == before


# --- View counts ----------------------------------------------------------------------------------

def test_reading_an_article_writes_nothing_to_the_database(client, sites):
    article_url = url(sites["live_a"])
    for _ in range(2):  # a miss, then a hit
        with CaptureQueriesContext(connection) as queries:
            assert client.get(article_url).status_code == 200
        writes = [q["sql"] for q in queries if re.match(r"\s*(INSERT|UPDATE|DELETE)", q["sql"], re.I)]
        assert writes == []


@pytest.mark.scope_covers("portal:view_beacon")
def test_views_counted_by_the_beacon_are_flushed_once_and_shown(client, sites):
    article = sites["live_a"]
    for _ in range(3):
        client.post(f"/luot-xem/{article.pk}/")
    assert not PageViewCount.objects.filter(page_id=article.pk).exists()  # still pending in the shared cache
    assert article.view_count() == 3
    assert viewcounts.flush_all() == 3
    assert viewcounts.flush_all() == 0
    assert PageViewCount.objects.get(page_id=article.pk).count == 3 and article.view_count() == 3


def test_views_recorded_on_another_server_during_a_flush_are_not_lost(sites, monkeypatch):
    """Two app servers share the cache: a view counted while one flushes stays pending, not lost."""
    article = sites["live_a"]
    for _ in range(5):
        viewcounts.record_view(article.pk)
    real_add = viewcounts._add_to_db

    def add_while_another_server_counts(page_id, n):
        real_add(page_id, n)
        viewcounts.record_view(page_id)  # the other server, between this flush's read and its decr

    monkeypatch.setattr(viewcounts, "_add_to_db", add_while_another_server_counts)
    assert viewcounts.flush_page(article.pk) == 5
    monkeypatch.setattr(viewcounts, "_add_to_db", real_add)
    assert viewcounts.pending_views(article.pk) == 1
    assert viewcounts.flush_page(article.pk) == 1
    assert PageViewCount.objects.get(page_id=article.pk).count == 6


def test_pending_views_are_flushed_every_batch(sites):
    article = sites["live_a"]
    for _ in range(viewcounts.FLUSH_EVERY):
        viewcounts.record_view(article.pk)
    assert PageViewCount.objects.get(page_id=article.pk).count == viewcounts.FLUSH_EVERY
    assert viewcounts.pending_views(article.pk) == 0


def test_without_an_atomic_shared_counter_the_beacon_increments_in_sql(sites, monkeypatch):
    monkeypatch.setattr(viewcounts, "cache_counts_atomically", lambda: False)
    article = sites["live_a"]
    viewcounts.record_view(article.pk)
    viewcounts.record_view(article.pk)
    assert PageViewCount.objects.get(page_id=article.pk).count == 2


def test_imported_view_count_is_kept_and_added_to(sites):
    article = make_article(sites["home_a"], "Bài có lượt xem cũ", view_count=431)
    viewcounts.record_view(article.pk)
    assert article.view_count() == 432


# --- Headers, sites, feeds and search ----------------------------------------------------------

def test_security_headers_on_pages_served_and_from_the_cache(client, sites):
    article_url = url(sites["live_a"])
    for _ in range(2):
        response = client.get(article_url)
        csp = response["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "object-src 'none'" in csp and "frame-ancestors 'self'" in csp
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "SAMEORIGIN"
    html = response.content.decode()
    assert all("src=" in tag for tag in re.findall(r"<script\b[^>]*>", html)), "no inline scripts"
    assert " on" not in "".join(re.findall(r"<[a-z]+\b[^>]*\bon\w+=", html))


def test_each_committee_site_answers_on_its_own_host(client, sites, settings):
    from wagtail.models import Site

    settings.ALLOWED_HOSTS = ["*"]
    host_a = Site.objects.get(root_page=sites["home_a"]).hostname
    host_b = Site.objects.get(root_page=sites["home_b"]).hostname
    html_a = client.get("/", HTTP_HOST=host_a).content.decode()
    html_b = client.get("/", HTTP_HOST=host_b).content.decode()
    assert "Hội nghị sơ kết công tác tuyên vận" in html_a and "Tin phường B" not in html_a
    assert "Tin phường B đã đăng" in html_b and "Hội nghị sơ kết" not in html_b
    # The default site is the portal index, listing every committee's site.
    index = client.get("/").content.decode()
    assert sites["home_a"].title in index and sites["home_b"].title in index


def test_category_list_pages_ten_articles_at_a_time(client, sites):
    home = sites["home_a"]
    for n in range(12):
        make_article(home, f"Tin số {n:02d}", category="Tin tức",
                     when=datetime.datetime(2024, 1, n + 1, 9, 0, tzinfo=datetime.UTC))
    category = next(c for c in home.get_children().specific() if c.title == "Tin tức")
    first = client.get(url(category)).content.decode()
    second = client.get(url(category), {"trang": 2}).content.decode()
    # Newest first: the March article, then Tin số 11 … 03 fill the first ten.
    assert "Hội nghị sơ kết công tác tuyên vận" in first and "Tin số 11" in first and "Tin số 03" in first
    assert "Tin số 02" not in first and 'rel="next"' in first
    assert "Tin số 02" in second and "Tin số 00" in second and 'rel="prev"' in second


@pytest.mark.scope_covers("portal:search")
def test_search_ignores_diacritics_tone_placement_and_case(client, sites):
    make_article(sites["home_b"], "Tỉnh uỷ Hoà Bình triển khai đề án")
    for query in ("hoi nghi so ket", "HỘI NGHỊ SƠ KẾT", "Hội nghị sơ kết"):
        assert "Hội nghị sơ kết công tác tuyên vận" in client.get("/tim-kiem/", {"q": query}).content.decode()
    for query in ("tinh uy hoa binh", "Tỉnh ủy Hòa Bình", "Tỉnh uỷ Hoà Bình"):
        assert "Tỉnh uỷ Hoà Bình triển khai đề án" in client.get("/tim-kiem/", {"q": query}).content.decode()


@pytest.mark.scope_covers("portal:rss_site")
def test_site_feed_items_carry_date_author_and_link(client, sites):
    body = client.get(f"/rss/{sites['home_a'].pk}/").content.decode()
    assert "<pubDate>Fri, 01 Mar 2024 01:30:00 +0000</pubDate>" in body
    assert "Phóng viên Thử" in body and sites["live_a"].slug in body


def test_public_selectors_never_return_drafts(sites):
    titles = {a.title for a in selectors.published_articles(AnonymousUser())}
    assert "Bản nháp xã A chưa đăng" not in titles and "Tin phường B đã đăng" in titles
