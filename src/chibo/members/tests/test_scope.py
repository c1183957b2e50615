"""Members' pages, import and API never show people of another subtree."""

import pytest
from django.urls import reverse


@pytest.mark.scope_covers("members:detail")
def test_member_page_is_404_for_another_commune(tree, commune_a_staff, client_as):
    mine = tree.people[tree.cells_a[0].pk][0]
    theirs = tree.people[tree.cells_b[0].pk][0]
    client = client_as(commune_a_staff)
    assert client.get(reverse("members:detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("members:detail", args=[theirs.pk])).status_code == 404


@pytest.mark.scope_covers("members:list")
def test_member_list_and_search_stay_in_scope(tree, commune_a_staff, client_as):
    client = client_as(commune_a_staff)
    listed = {p.pk for p in client.get(reverse("members:list")).context["page"]}
    assert listed == {p.pk for cell in tree.cells_a for p in tree.people[cell.pk]}
    theirs = tree.people[tree.cells_b[0].pk][0]
    assert list(client.get(reverse("members:list"), {"q": theirs.full_name}).context["page"]) == []
    mine = tree.people[tree.cells_a[0].pk][0]
    assert [p.pk for p in client.get(reverse("members:list"), {"q": mine.full_name}).context["page"]] == [mine.pk]


@pytest.mark.scope_covers("members:import", "members:import_template")
def test_import_only_into_a_managed_unit(tree, commune_a_staff, cell_secretary, client_as):
    client = client_as(commune_a_staff)
    assert client.get(reverse("members:import_template")).status_code == 200
    assert client.get(reverse("members:import", args=[tree.commune_a.pk])).status_code == 200
    assert client.get(reverse("members:import", args=[tree.commune_b.pk])).status_code == 404
    # A secretary of a cell manages that cell only, not its commune.
    assert client_as(cell_secretary).get(reverse("members:import", args=[tree.commune_a.pk])).status_code == 404
    assert client_as(cell_secretary).get(reverse("members:import", args=[tree.cells_a[0].pk])).status_code == 200


@pytest.mark.scope_covers("api:people", "api:person")
def test_api_people_are_scoped(tree, commune_a_staff, client_as):
    client = client_as(commune_a_staff)
    ids = {p["id"] for p in client.get("/api/members/people", {"limit": 500}).json()}
    assert ids == {p.pk for cell in tree.cells_a for p in tree.people[cell.pk]}
    theirs = tree.people[tree.cells_b[0].pk][0]
    assert client.get(f"/api/members/people/{theirs.pk}").status_code == 404
    assert client.get("/api/members/people", {"unit": tree.cells_b[0].pk}).json() == []
