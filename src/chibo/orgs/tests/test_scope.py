"""The tree pages and API show a user only the subtrees where they hold a role."""

import pytest
from django.urls import reverse

from chibo.core.testing import make_user
from chibo.orgs.models import Unit


@pytest.mark.scope_covers("orgs:unit")
def test_unit_page_is_404_outside_the_users_subtree(tree, commune_a_staff, client_as):
    client = client_as(commune_a_staff)
    assert client.get(reverse("orgs:unit", args=[tree.cells_a[0].pk])).status_code == 200
    assert client.get(reverse("orgs:unit", args=[tree.commune_a.pk])).status_code == 200
    assert client.get(reverse("orgs:unit", args=[tree.cells_b[0].pk])).status_code == 404
    assert client.get(reverse("orgs:unit", args=[tree.province.pk])).status_code == 404


@pytest.mark.scope_covers("orgs:children")
def test_children_fragment_only_inside_scope(tree, commune_a_staff, province_staff, client_as):
    inside = client_as(commune_a_staff).get(reverse("orgs:children", args=[tree.commune_a.pk]))
    assert inside.status_code == 200
    assert "Chi bộ thôn 1" in inside.text and "Chi bộ thôn 2" in inside.text
    assert client_as(commune_a_staff).get(reverse("orgs:children", args=[tree.commune_b.pk])).status_code == 404
    whole = client_as(province_staff).get(reverse("orgs:children", args=[tree.province.pk])).text
    assert "Đảng ủy xã Hoà Bình" in whole and "Đảng ủy phường Rạch Dừa" in whole


@pytest.mark.scope_covers("orgs:tree")
def test_tree_search_ignores_diacritics_and_stays_in_scope(tree, commune_a_staff, province_staff, client_as):
    url = reverse("orgs:tree")
    for query in ("hoa binh", "Hòa Bình", "HOÀ BÌNH"):
        assert "Đảng ủy xã Hoà Bình" in client_as(province_staff).get(url, {"q": query}).text
    # Rạch Dừa is in the province but not in commune A: not found by commune A's staff.
    assert "Rạch Dừa" in client_as(province_staff).get(url, {"q": "rach dua"}).text
    assert "Rạch Dừa" not in client_as(commune_a_staff).get(url, {"q": "rach dua"}).text


@pytest.mark.scope_covers("api:units", "api:unit", "api:unit_ancestors")
def test_api_units_are_scoped(tree, commune_a_staff, client_as):
    client = client_as(commune_a_staff)
    roots = client.get("/api/orgs/units").json()
    assert [u["id"] for u in roots] == [tree.commune_a.pk]
    children = client.get("/api/orgs/units", {"parent": tree.commune_a.pk}).json()
    assert {u["name"] for u in children} == {"Chi bộ thôn 1", "Chi bộ thôn 2"}
    assert client.get("/api/orgs/units", {"parent": tree.commune_b.pk}).status_code == 404
    assert client.get(f"/api/orgs/units/{tree.cells_a[0].pk}").json()["parent_id"] == tree.commune_a.pk
    assert client.get(f"/api/orgs/units/{tree.cells_b[0].pk}").status_code == 404
    found = client.get("/api/orgs/units", {"q": "chi bo"}).json()
    assert {u["id"] for u in found} == {c.pk for c in tree.cells_a}
    # Ancestors above the user's own unit are not disclosed.
    ancestors = client.get(f"/api/orgs/units/{tree.cells_a[0].pk}/ancestors").json()
    assert [a["id"] for a in ancestors] == [tree.commune_a.pk]
    assert client.get(f"/api/orgs/units/{tree.cells_b[0].pk}/ancestors").status_code == 404


def test_api_requires_login(tree, client):
    assert client.get("/api/orgs/units").status_code == 401


@pytest.mark.scope_covers("core:dashboard")
def test_dashboard_counts_only_the_users_subtree(tree, commune_a_staff, province_staff, client_as):
    page = client_as(commune_a_staff).get(reverse("core:dashboard")).text
    assert "Đảng ủy xã Hoà Bình" in page
    assert "Rạch Dừa" not in page
    assert client_as(province_staff).get(reverse("core:dashboard")).context["stats"] == {"units": 7, "cells": 4, "members": 12}
    nobody = make_user(None, username="khong_vai_tro")
    assert client_as(nobody).get(reverse("core:dashboard")).context["unit"] is None


def test_superuser_sees_everything(tree, client_as):
    admin = make_user(None, username="root", is_superuser=True)
    assert client_as(admin).get(reverse("orgs:unit", args=[tree.cells_b[1].pk])).status_code == 200
    assert Unit.objects.count() == 9
