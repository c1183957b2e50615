"""Managers change the tree through the pages; nobody changes units outside their scope."""

import pytest
from django.urls import reverse

from chibo.orgs.models import Unit, UnitEventKind


@pytest.mark.scope_covers("orgs:add_child", "orgs:rename")
def test_commune_staff_adds_and_renames_only_inside_their_commune(tree, commune_a_staff, cell_secretary, client_as):
    client = client_as(commune_a_staff)
    response = client.post(reverse("orgs:add_child", args=[tree.commune_a.pk]),
                           {"name": "Chi bộ thôn 5", "kind": "cell", "code": "CB", "valid_from": "01/09/2025"})
    new = Unit.objects.get(name="Chi bộ thôn 5")
    assert response.status_code == 302 and new.get_parent().pk == tree.commune_a.pk
    assert str(new.valid_from) == "2025-09-01"
    assert client.post(reverse("orgs:add_child", args=[tree.commune_b.pk]), {"name": "X", "kind": "cell"}).status_code == 404
    client.post(reverse("orgs:rename", args=[new.pk]), {"name": "Chi bộ thôn Năm", "on": "02/09/2025"})
    assert Unit.objects.get(pk=new.pk).name == "Chi bộ thôn Năm"
    assert client.get(reverse("orgs:rename", args=[tree.commune_b.pk])).status_code == 404
    # A cell secretary sees the cell's commune? No: only their own cell, which they may not rename away from a member role.
    assert client_as(cell_secretary).get(reverse("orgs:rename", args=[tree.cells_a[0].pk])).status_code == 200
    assert client_as(cell_secretary).get(reverse("orgs:rename", args=[tree.cells_a[1].pk])).status_code == 404


@pytest.mark.scope_covers("orgs:move", "orgs:merge", "orgs:dissolve")
def test_targets_outside_scope_are_refused(tree, commune_a_staff, province_staff, client_as):
    client = client_as(commune_a_staff)
    cell = tree.cells_a[1]
    refused = client.post(reverse("orgs:move", args=[cell.pk]), {"target": tree.commune_b.pk, "on": "01/07/2025"})
    assert refused.status_code == 200 and "trong phạm vi bạn quản lý" in refused.text
    assert Unit.objects.get(pk=cell.pk).get_parent().pk == tree.commune_a.pk
    for name in ("orgs:move", "orgs:merge", "orgs:dissolve"):
        assert client.get(reverse(name, args=[tree.cells_b[0].pk])).status_code == 404
    # The province merges commune B into commune A; B stays readable under its successor.
    merged = client_as(province_staff).post(reverse("orgs:merge", args=[tree.commune_b.pk]),
                                             {"target": tree.commune_a.pk, "on": "01/07/2025", "note": "Nghị quyết 1656"})
    assert merged.status_code == 302
    b = Unit.objects.get(pk=tree.commune_b.pk)
    assert b.successor_id == tree.commune_a.pk and b.events.get(kind=UnitEventKind.MERGED).note == "Nghị quyết 1656"
    assert set(Unit.objects.get(pk=tree.commune_a.pk).get_children().values_list("name", flat=True)) >= {
        "Chi bộ khu phố 1", "Chi bộ khu phố 2", "Đảng ủy phường Rạch Dừa"}
    dissolved = client_as(province_staff).post(reverse("orgs:dissolve", args=[tree.cells_a[0].pk]), {"on": "01/08/2025"})
    assert dissolved.status_code == 302 and Unit.objects.get(pk=tree.cells_a[0].pk).valid_to is not None
