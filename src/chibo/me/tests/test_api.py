"""The member's-space API: the same scope as the pages (own records, own cell, managed cell)."""

import pytest
from django.urls import reverse

from chibo.activities.models import AttendanceStatus
from chibo.me.models import ReadReceipt

from .factories import meeting, member_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(tree, cell_secretary, commune_b_staff):
    ours = meeting(cell_secretary, tree.cells_a[0], topic="Sinh hoạt thôn 1")
    theirs = meeting(commune_b_staff, tree.cells_b[0], topic="Sinh hoạt khu phố 1")
    return ours, theirs, member_user(tree.people[tree.cells_a[0].pk][0]), member_user(tree.people[tree.cells_b[0].pk][0])


@pytest.mark.scope_covers("api:me_home")
def test_home_lists_only_the_members_own_meetings(setup, client_as):
    ours, theirs, member_a, member_b = setup
    data = client_as(member_a).get(reverse("api:me_home")).json()
    assert data["person_id"] == member_a.person.pk
    assert [m["id"] for m in data["meetings"]] == [ours.pk]
    assert data["meetings"][0]["checkin_open"] is True
    assert [r["read_at"] for r in data["meetings"][0]["readings"]] == [None]
    assert [m["id"] for m in client_as(member_b).get(reverse("api:me_home")).json()["meetings"]] == [theirs.pk]


@pytest.mark.scope_covers("api:me_mark_read", "api:me_check_in")
def test_mark_read_and_check_in_only_on_own_cells_meeting(setup, client_as):
    ours, theirs, member_a, member_b = setup
    reading = ours.attachments.get()
    outsider = client_as(member_b)
    assert outsider.post(reverse("api:me_mark_read", args=[reading.pk])).status_code == 404
    check_in = reverse("api:me_check_in", args=[ours.pk])
    assert outsider.post(check_in, {"code": ours.checkin_code}, content_type="application/json").status_code == 404
    assert not ReadReceipt.objects.exists()
    own = client_as(member_a)
    assert own.post(reverse("api:me_mark_read", args=[reading.pk])).json()["reading_id"] == reading.pk
    wrong = own.post(check_in, {"code": "x"}, content_type="application/json")
    assert wrong.status_code == 400 and "Mã điểm danh không đúng" in wrong.json()["detail"]
    done = own.post(check_in, {"code": ours.checkin_code}, content_type="application/json").json()
    assert done == {"activity_id": ours.pk, "status": AttendanceStatus.PRESENT}


@pytest.mark.scope_covers("api:me_cell")
def test_cell_view_for_its_secretary_only(setup, tree, client_as, cell_secretary, commune_b_staff):
    ours, theirs, member_a, member_b = setup
    reading = ours.attachments.get()
    client_as(member_a).post(reverse("api:me_mark_read", args=[reading.pk]))
    url = reverse("api:me_cell", args=[tree.cells_a[0].pk])
    data = client_as(cell_secretary).get(url).json()
    assert data["meeting_id"] == ours.pk and data["reading_ids"] == [reading.pk]
    by_person = {m["person_id"]: m for m in data["members"]}
    assert by_person[member_a.person.pk]["read"] == [reading.pk]
    assert all(m["read"] == [] for pk, m in by_person.items() if pk != member_a.person.pk)
    assert client_as(commune_b_staff).get(url).status_code == 404
    assert client_as(member_a).get(url).status_code == 404
