"""The scope rule on every portal route: drafts and other communes' unpublished work never leak.

Public routes (search, feeds, sitemap, view beacon) answer only for published pages, whoever
asks; the API shows published articles to everyone and drafts only within the caller's scope;
publishing is for the site's own editorial board.
"""

import json

import pytest

from chibo.accounts.models import RoleKind
from chibo.core.testing import make_user
from chibo.portal.tests.factories import make_article, make_site


@pytest.fixture
def sites(tree):
    home_a, home_b = make_site(tree.commune_a), make_site(tree.commune_b)
    return {
        "home_a": home_a, "home_b": home_b,
        "live_a": make_article(home_a, "Tin xã A đã đăng"),
        "draft_a": make_article(home_a, "Bản nháp xã A chưa đăng", publish=False),
        "live_b": make_article(home_b, "Tin phường B đã đăng"),
        "draft_b": make_article(home_b, "Bản nháp phường B chưa đăng", publish=False),
    }


@pytest.mark.scope_covers("portal:search")
def test_search_finds_published_articles_only(client, sites, client_as, commune_a_staff):
    for c in (client, client_as(commune_a_staff)):
        html = c.get("/tim-kiem/", {"q": "xa a"}).content.decode()
        assert "Tin xã A đã đăng" in html
        assert "Bản nháp xã A" not in html
        html = c.get("/tim-kiem/", {"q": "ban nhap"}).content.decode()
        assert "Bản nháp" not in html


@pytest.mark.scope_covers("portal:search")
def test_search_within_one_site_leaves_other_sites_out(client, sites):
    html = client.get("/tim-kiem/", {"q": "tin", "site": sites["home_a"].pk}).content.decode()
    assert "Tin xã A đã đăng" in html and "Tin phường B" not in html


@pytest.mark.scope_covers("portal:rss_site", "portal:rss_category")
def test_feeds_carry_published_articles_of_their_site_only(client, sites):
    body = client.get(f"/rss/{sites['home_a'].pk}/").content.decode()
    assert "Tin xã A đã đăng" in body and "Bản nháp" not in body and "phường B" not in body
    category = sites["live_a"].get_parent()
    body = client.get(f"/rss/chuyen-muc/{category.pk}/").content.decode()
    assert "Tin xã A đã đăng" in body and "Bản nháp" not in body


@pytest.mark.scope_covers("portal:rss_site", "portal:rss_category")
def test_feeds_of_unpublished_sites_or_non_categories_are_404(client, sites):
    sites["home_b"].unpublish()
    assert client.get(f"/rss/{sites['home_b'].pk}/").status_code == 404
    assert client.get(f"/rss/chuyen-muc/{sites['live_b'].get_parent().pk}/").status_code == 404
    assert client.get(f"/rss/chuyen-muc/{sites['live_a'].pk}/").status_code == 404


@pytest.mark.scope_covers("portal:sitemap")
def test_sitemap_lists_published_pages_only(client, sites):
    body = client.get("/sitemap.xml").content.decode()
    assert sites["live_a"].slug in body and sites["live_b"].slug in body
    assert sites["draft_a"].slug not in body and sites["draft_b"].slug not in body


@pytest.mark.scope_covers("portal:view_beacon")
def test_view_beacon_counts_published_articles_and_404s_drafts(client, sites):
    response = client.post(f"/luot-xem/{sites['live_a'].pk}/")
    assert response.status_code == 200 and json.loads(response.content)["views"] == 1
    assert client.post(f"/luot-xem/{sites['draft_b'].pk}/").status_code == 404
    assert client.post(f"/luot-xem/{sites['home_a'].pk}/").status_code == 404
    assert client.get(f"/luot-xem/{sites['live_a'].pk}/").status_code == 405


@pytest.mark.scope_covers("api:portal_articles")
def test_api_lists_drafts_only_within_the_callers_scope(sites, client_as, commune_a_staff, commune_b_staff):
    rows = client_as(commune_a_staff).get("/api/portal/articles", {"drafts": "true"}).json()
    assert [r["title"] for r in rows] == ["Bản nháp xã A chưa đăng"]
    rows = client_as(commune_b_staff).get("/api/portal/articles", {"drafts": "true"}).json()
    assert [r["title"] for r in rows] == ["Bản nháp phường B chưa đăng"]
    rows = client_as(commune_b_staff).get("/api/portal/articles").json()
    assert {r["title"] for r in rows} == {"Tin xã A đã đăng", "Tin phường B đã đăng"}
    rows = client_as(commune_b_staff).get("/api/portal/articles", {"q": "nhap"}).json()
    assert rows == []


@pytest.mark.scope_covers("api:portal_article")
def test_api_article_of_another_communes_draft_is_404(sites, client_as, commune_a_staff, commune_b_staff):
    assert client_as(commune_a_staff).get(f"/api/portal/articles/{sites['draft_a'].pk}").status_code == 200
    assert client_as(commune_b_staff).get(f"/api/portal/articles/{sites['draft_a'].pk}").status_code == 404
    assert client_as(commune_b_staff).get(f"/api/portal/articles/{sites['live_a'].pk}").json()["title"] == "Tin xã A đã đăng"


@pytest.mark.scope_covers("api:portal_sites")
def test_api_sites_show_unpublished_sites_only_in_scope(sites, client_as, commune_a_staff, commune_b_staff):
    sites["home_a"].unpublish()
    ids_a = {r["id"] for r in client_as(commune_a_staff).get("/api/portal/sites").json()}
    ids_b = {r["id"] for r in client_as(commune_b_staff).get("/api/portal/sites").json()}
    assert sites["home_a"].pk in ids_a and sites["home_a"].pk not in ids_b
    assert sites["home_b"].pk in ids_a and sites["home_b"].pk in ids_b


@pytest.mark.scope_covers("api:portal_article_publish")
def test_api_publish_is_for_the_sites_own_board(sites, client_as, commune_a_staff, commune_b_staff, tree):
    url = f"/api/portal/articles/{sites['draft_a'].pk}/publish"
    assert client_as(commune_b_staff).post(url, "{}", content_type="application/json").status_code == 404
    editor = make_user(tree.commune_a, RoleKind.EDITOR, username="btv_a")
    assert client_as(editor).post(url, "{}", content_type="application/json").status_code == 403
    response = client_as(commune_a_staff).post(url, "{}", content_type="application/json")
    assert response.status_code == 200 and response.json()["live"] is True
