"""Every page of the member's space shows only the member's own records and their own cell;
the secretary's view only a cell the user manages. Out of scope looks the same as absent (404)."""

import json

import pytest
from django.urls import reverse

from chibo.accounts.models import RoleKind
from chibo.activities.models import AttendanceStatus
from chibo.core.testing import make_user
from chibo.me.models import ReadReceipt

from .factories import meeting, member_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(tree, cell_secretary, commune_b_staff):
    """A meeting (with a document) in a cell of commune A and one in commune B, a member of each."""
    ours = meeting(cell_secretary, tree.cells_a[0], topic="Sinh hoạt thôn 1")
    theirs = meeting(commune_b_staff, tree.cells_b[0], topic="Sinh hoạt khu phố 1")
    member_a = member_user(tree.people[tree.cells_a[0].pk][0], username="dv_a")
    member_b = member_user(tree.people[tree.cells_b[0].pk][0], username="dv_b")
    return ours, theirs, member_a, member_b


@pytest.mark.scope_covers("me:home", "me:print")
def test_home_and_print_show_only_the_members_own_cell(setup, client_as):
    ours, theirs, member_a, member_b = setup
    for name in ("me:home", "me:print"):
        page_a = client_as(member_a).get(reverse(name)).content.decode()
        page_b = client_as(member_b).get(reverse(name)).content.decode()
        assert ours.topic in page_a and theirs.topic not in page_a
        assert theirs.topic in page_b and ours.topic not in page_b


@pytest.mark.scope_covers("me:meeting", "me:reading", "me:reading_file")
def test_meeting_and_documents_of_another_cell_are_404(setup, tree, client_as, commune_b_staff):
    ours, theirs, member_a, member_b = setup
    reading = ours.attachments.get()
    neighbour = member_user(tree.people[tree.cells_a[1].pk][0])  # same commune, another cell
    urls = [reverse("me:meeting", args=[ours.pk]), reverse("me:reading", args=[reading.pk]),
            reverse("me:reading_file", args=[reading.pk])]
    for url in urls:
        assert client_as(member_a).get(url).status_code == 200
        for outsider in (member_b, neighbour, commune_b_staff):
            assert client_as(outsider).get(url).status_code == 404, (url, outsider)


@pytest.mark.scope_covers("me:mark_read", "me:checkin")
def test_writes_on_another_cells_meeting_are_404_and_change_nothing(setup, client_as):
    ours, theirs, member_a, member_b = setup
    reading = ours.attachments.get()
    client = client_as(member_b)
    assert client.post(reverse("me:mark_read", args=[reading.pk])).status_code == 404
    assert client.post(reverse("me:checkin", args=[ours.pk]), {"code": ours.checkin_code}).status_code == 404
    assert not ReadReceipt.objects.exists()
    assert not ours.attendance.filter(status=AttendanceStatus.PRESENT).exists()
    own = client_as(member_a)
    assert own.post(reverse("me:mark_read", args=[reading.pk])).status_code == 302
    assert own.post(reverse("me:checkin", args=[ours.pk]), {"code": ours.checkin_code}).status_code == 302
    assert ReadReceipt.objects.get().person == member_a.person
    assert ours.attendance.get(person=member_a.person).status == AttendanceStatus.PRESENT


@pytest.mark.scope_covers("me:cell")
def test_cell_view_only_for_a_cell_the_user_manages(setup, tree, client_as, cell_secretary, commune_a_staff,
                                                   commune_b_staff):
    ours, theirs, member_a, member_b = setup
    url = reverse("me:cell", args=[tree.cells_a[0].pk])
    assert client_as(cell_secretary).get(url).status_code == 200
    assert client_as(commune_a_staff).get(url).status_code == 200
    sibling_secretary = make_user(tree.cells_a[1], RoleKind.SECRETARY)
    for outsider in (commune_b_staff, sibling_secretary, member_a):  # a plain member does not manage the cell
        assert client_as(outsider).get(url).status_code == 404
    assert client_as(cell_secretary).get(reverse("me:cell", args=[tree.cells_b[0].pk])).status_code == 404
    assert client_as(cell_secretary).get(reverse("me:cell", args=[tree.commune_a.pk])).status_code == 404  # not a cell


@pytest.mark.scope_covers("me:manifest", "me:service_worker")
def test_manifest_and_service_worker_name_no_person_or_unit(setup, client, tree):
    ours, theirs, member_a, member_b = setup
    manifest = client.get(reverse("me:manifest"))
    assert manifest.status_code == 200 and manifest["Content-Type"] == "application/manifest+json"
    data = json.loads(manifest.content)
    assert data["start_url"] == data["scope"] == reverse("me:home")
    worker = client.get(reverse("me:service_worker"))
    assert worker.status_code == 200 and worker["Content-Type"].startswith("text/javascript")
    for body in (manifest.content.decode(), worker.content.decode()):
        for secret in (ours.topic, theirs.topic, tree.cells_a[0].name, member_a.person.full_name):
            assert secret not in body
