"""The activities API returns only the caller's subtree and refuses writes outside it."""

import json

import pytest
from django.utils import timezone

from chibo.activities import services
from chibo.activities.models import AttendanceStatus

from .factories import regular_meeting


@pytest.fixture
def meetings(tree, cell_secretary, commune_b_staff):
    mine = regular_meeting(cell_secretary, tree.cells_a[0], on=timezone.localdate())
    theirs = regular_meeting(commune_b_staff, tree.cells_b[0], on=timezone.localdate())
    services.do_record_minutes(cell_secretary, mine, contents="Nội dung.")
    services.do_record_minutes(commune_b_staff, theirs, contents="Nội dung.")
    return mine, theirs


@pytest.mark.scope_covers("api:activities_list", "api:activity", "api:activity_attendance")
def test_api_lists_and_reads_only_the_subtree(tree, meetings, commune_a_staff, client_as):
    mine, theirs = meetings
    client = client_as(commune_a_staff)
    assert [a["id"] for a in client.get("/api/activities/activities").json()] == [mine.pk]
    assert client.get("/api/activities/activities", {"unit": tree.cells_b[0].pk}).status_code == 404
    body = client.get(f"/api/activities/activities/{mine.pk}").json()
    assert body["members_expected"] == 3 and body["unit_name"] == "Chi bộ thôn 1"
    assert client.get(f"/api/activities/activities/{theirs.pk}").status_code == 404
    assert len(client.get(f"/api/activities/activities/{mine.pk}/attendance").json()) == 3
    assert client.get(f"/api/activities/activities/{theirs.pk}/attendance").status_code == 404


@pytest.mark.scope_covers("api:activity_attendance_set")
def test_api_roll_call_needs_a_managing_role_in_scope(tree, meetings, cell_secretary, client_as):
    from chibo.accounts.models import RoleKind
    from chibo.core.testing import make_user

    mine, theirs = meetings
    client = client_as(cell_secretary)
    their_row, my_row = theirs.attendance.first(), mine.attendance.first()
    post = lambda url, data: client.post(url, json.dumps(data), content_type="application/json")  # noqa: E731
    assert post(f"/api/activities/activities/{theirs.pk}/attendance/{their_row.pk}", {"status": "present"}).status_code == 404
    assert post(f"/api/activities/activities/{mine.pk}/attendance/{their_row.pk}", {"status": "present"}).status_code == 404
    response = post(f"/api/activities/activities/{mine.pk}/attendance/{my_row.pk}", {"status": "present", "contributions": 2})
    assert response.status_code == 200 and response.json()["contributions"] == 2
    mine.refresh_from_db()
    assert (mine.members_present, mine.contributions) == (1, 2)
    bad = post(f"/api/activities/activities/{mine.pk}/attendance/{my_row.pk}", {"status": "lost"})
    assert bad.status_code == 400 and "không hợp lệ" in bad.json()["detail"]
    viewer = make_user(tree.cells_a[0], RoleKind.VIEWER)
    vc = client_as(viewer)
    assert vc.post(f"/api/activities/activities/{mine.pk}/attendance/{my_row.pk}", json.dumps({"status": "unexcused"}),
                   content_type="application/json").status_code == 403
    my_row.refresh_from_db()
    assert my_row.status == AttendanceStatus.PRESENT


@pytest.mark.scope_covers("api:activity_rate", "api:activity_rate_cells", "api:activity_missing")
def test_api_roll_ups_stay_in_scope(tree, meetings, commune_a_staff, client_as):
    mine, theirs = meetings
    year, month = mine.on.year, mine.on.month
    client = client_as(commune_a_staff)
    rate = client.get(f"/api/activities/rates/{tree.commune_a.pk}", {"year": year}).json()
    assert (rate["meetings"], rate["expected"], rate["present"]) == (1, 3, 0)
    assert client.get(f"/api/activities/rates/{tree.commune_b.pk}", {"year": year}).status_code == 404
    cells = client.get(f"/api/activities/rates/{tree.commune_a.pk}/cells", {"year": year}).json()
    assert [c["unit_id"] for c in cells] == [mine.unit_id]
    assert client.get(f"/api/activities/rates/{tree.province.pk}/cells", {"year": year}).status_code == 404
    missing = client.get(f"/api/activities/missing/{tree.commune_a.pk}", {"year": year, "month": month}).json()
    assert [c["id"] for c in missing] == [tree.cells_a[1].pk]
    assert client.get(f"/api/activities/missing/{tree.commune_b.pk}", {"year": year, "month": month}).status_code == 404


@pytest.mark.scope_covers("api:activity")
def test_api_shows_the_documents_an_activity_carries_out_only_when_visible(tree, meetings, commune_a_staff, client_as):
    from chibo.documents.models import Distribution
    from chibo.documents.services import do_register_document

    mine, _theirs = meetings
    public = do_register_document(owner=tree.province, notation="13-KH/TU", abstract="Kế hoạch thực hiện")
    internal = do_register_document(owner=tree.commune_b, notation="19-KH/ĐU", abstract="Nội bộ",
                                    distribution=Distribution.INTERNAL)
    mine.documents.add(public, internal)
    body = client_as(commune_a_staff).get(f"/api/activities/activities/{mine.pk}").json()
    assert body["documents"] == [{"id": public.pk, "notation": "13-KH/TU"}]
    assert body["task_id"] is None
