"""Every page, export and feed of activities stays inside the user's subtree; writes need a managing role."""

import datetime
import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from chibo.accounts.models import RoleKind
from chibo.activities import services
from chibo.activities.models import Activity, AttendanceStatus
from chibo.core.testing import make_user

from .factories import regular_meeting


@pytest.fixture
def meetings(tree, cell_secretary, commune_b_staff):
    mine = regular_meeting(cell_secretary, tree.cells_a[0], on=timezone.localdate())
    theirs = regular_meeting(commune_b_staff, tree.cells_b[0], on=timezone.localdate())
    for activity in (mine, theirs):
        services.do_record_minutes(commune_b_staff if activity is theirs else cell_secretary, activity, contents="Nội dung.")
    return mine, theirs


def _get(client, name, *args, **params):
    return client.get(reverse(f"activities:{name}", args=args), params)


@pytest.mark.scope_covers("activities:detail", "activities:minutes_docx")
def test_activity_page_and_minutes_are_404_outside_the_subtree(meetings, commune_a_staff, client_as):
    mine, theirs = meetings
    client = client_as(commune_a_staff)
    page = _get(client, "detail", mine.pk)
    assert page.status_code == 200
    # The check-in QR code is drawn on the server as inline SVG and carries the meeting's own check-in link.
    qr = page.content.decode().split('class="qr"', 1)[1].split("</div>", 1)[0]
    assert "<svg" in qr and "<img" not in qr
    assert page.context["checkin_url"].endswith(reverse("activities:checkin_qr", args=[mine.pk, mine.checkin_code]))
    assert _get(client, "minutes_docx", mine.pk).status_code == 200
    assert _get(client, "detail", theirs.pk).status_code == 404
    assert _get(client, "minutes_docx", theirs.pk).status_code == 404


@pytest.mark.scope_covers("activities:list")
def test_list_shows_only_the_subtrees_activities(meetings, commune_a_staff, client_as):
    mine, theirs = meetings
    client = client_as(commune_a_staff)
    assert [a.pk for a in _get(client, "list").context["page"]] == [mine.pk]
    assert _get(client, "list", unit=theirs.unit_id).status_code == 404


@pytest.mark.scope_covers("activities:create", "activities:edit", "activities:series_create")
def test_scheduling_only_for_managed_units(tree, meetings, cell_secretary, client_as):
    mine, theirs = meetings
    client = client_as(cell_secretary)
    assert _get(client, "create", unit=tree.cells_a[0].pk).status_code == 200
    assert _get(client, "create", unit=tree.cells_b[0].pk).status_code == 404
    assert _get(client, "create", unit=tree.cells_a[1].pk).status_code == 404  # a sibling cell is out of scope
    response = client.post(reverse("activities:create"), {
        "unit": tree.cells_b[0].pk, "kind": "regular", "topic": "Chen ngang", "on": "05/04/2025"})
    assert response.status_code == 200 and "unit" in response.context["form"].errors
    assert _get(client, "edit", mine.pk).status_code == 200
    assert _get(client, "edit", theirs.pk).status_code == 404
    form = _get(client, "series_create").context["form"]
    assert list(form.fields["unit"].queryset) == [tree.cells_a[0]]
    response = client.post(reverse("activities:series_create"), {
        "unit": tree.cells_b[0].pk, "title": "x", "day_of_month": 5, "start_time": "14:00", "starts_on": "01/01/2025",
        "months": 2})
    assert "unit" in response.context["form"].errors
    # A viewer at the commune sees the meeting but may not change it.
    viewer = make_user(tree.commune_a, RoleKind.VIEWER)
    assert client_as(viewer).get(reverse("activities:detail", args=[mine.pk])).status_code == 200
    assert client_as(viewer).get(reverse("activities:edit", args=[mine.pk])).status_code == 403


@pytest.mark.scope_covers("activities:roll_call", "activities:roll_call_row", "activities:add_guest")
def test_roll_call_is_for_the_units_managers_only(tree, meetings, cell_secretary, commune_a_staff, client_as):
    mine, theirs = meetings
    client = client_as(cell_secretary)
    assert _get(client, "roll_call", mine.pk).status_code == 200
    assert _get(client, "roll_call", theirs.pk).status_code == 404
    their_row = theirs.attendance.first()
    my_row = mine.attendance.first()
    url = reverse("activities:roll_call_row", args=[theirs.pk, their_row.pk])
    assert client.post(url, {"status": "present"}).status_code == 404
    # A row of another activity cannot be reached through my activity either.
    assert client.post(reverse("activities:roll_call_row", args=[mine.pk, their_row.pk]), {"status": "present"}).status_code == 404
    their_row.refresh_from_db()
    assert their_row.status == AttendanceStatus.INVITED
    assert client.post(reverse("activities:roll_call_row", args=[mine.pk, my_row.pk]), {"status": "present"}).status_code == 302
    my_row.refresh_from_db()
    assert my_row.status == AttendanceStatus.PRESENT
    assert client.post(reverse("activities:add_guest", args=[theirs.pk]), {"guest_name": "Khách"}).status_code == 404
    assert client.post(reverse("activities:add_guest", args=[mine.pk]), {"guest_name": "Khách", "category": "guest",
                                                                          "present": "on"}).status_code == 302
    assert mine.attendance.filter(guest_name="Khách").exists() and not theirs.attendance.filter(guest_name="Khách").exists()
    # A member of the cell (not a manager) sees the meeting but not the roll call.
    member = make_user(tree.cells_a[0], RoleKind.MEMBER)
    assert client_as(member).get(reverse("activities:roll_call", args=[mine.pk])).status_code == 403


@pytest.mark.scope_covers("activities:checkin", "activities:checkin_qr", "activities:mine")
def test_members_check_in_only_to_their_own_meetings(tree, meetings, client_as):
    mine, theirs = meetings
    member = tree.people[tree.cells_a[0].pk][0]
    user = make_user(None, person=member)  # a member account with no role: invitations only
    client = client_as(user)
    assert _get(client, "checkin_qr", theirs.pk, theirs.checkin_code).status_code == 404
    assert client.post(reverse("activities:checkin_qr", args=[theirs.pk, theirs.checkin_code])).status_code == 404
    response = client.post(reverse("activities:checkin"), {"code": theirs.checkin_code})
    assert theirs.checkin_code == mine.checkin_code or response.context["form"].errors
    assert not theirs.attendance.filter(status=AttendanceStatus.PRESENT).exists()
    assert _get(client, "checkin_qr", mine.pk, mine.checkin_code).status_code == 200
    assert client.post(reverse("activities:checkin"), {"code": mine.checkin_code}).status_code == 302
    assert mine.attendance.get(person=member).status == AttendanceStatus.PRESENT
    rows = _get(client, "mine").context["rows"]
    assert [r.activity_id for r in rows] == [mine.pk]


@pytest.mark.scope_covers("activities:minutes", "activities:send_invitations", "activities:publish_news")
def test_minutes_invitations_and_news_need_a_managing_role_in_scope(tree, meetings, cell_secretary, client_as):
    from chibo.portal.models import ArticlePage
    from chibo.portal.tests.factories import make_site

    mine, theirs = meetings
    client = client_as(cell_secretary)
    assert _get(client, "minutes", mine.pk).status_code == 200
    assert _get(client, "minutes", theirs.pk).status_code == 404
    assert client.post(reverse("activities:minutes", args=[theirs.pk]), {"contents": "Ghi đè"}).status_code == 404
    assert Activity.objects.get(pk=theirs.pk).contents == "Nội dung."
    assert client.post(reverse("activities:send_invitations", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("activities:publish_news", args=[theirs.pk])).status_code == 404
    make_site(tree.commune_a)
    make_site(tree.commune_b)
    assert client.post(reverse("activities:publish_news", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("activities:publish_news", args=[mine.pk])).status_code == 302
    assert [a.origin for a in ArticlePage.objects.all()] == [f"activities.activity:{mine.pk}"]


@pytest.mark.scope_covers("activities:attach", "activities:attachment")
def test_attachments_are_scoped(tree, meetings, cell_secretary, commune_b_staff, client_as, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    mine, theirs = meetings
    services.do_attach_file(commune_b_staff, theirs, SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4"))
    client = client_as(cell_secretary)
    upload = SimpleUploadedFile("anh.png", b"\x89PNG\r\n", content_type="image/png")
    assert client.post(reverse("activities:attach", args=[theirs.pk]), {"file": upload, "kind": "photo"}).status_code == 404
    upload = SimpleUploadedFile("anh.png", b"\x89PNG\r\n", content_type="image/png")
    assert client.post(reverse("activities:attach", args=[mine.pk]), {"file": upload, "kind": "photo"}).status_code == 302
    assert _get(client, "attachment", mine.attachments.get().pk).status_code == 200
    assert _get(client, "attachment", theirs.attachments.get().pk).status_code == 404


def test_an_invited_member_reads_the_documents_sent_ahead_and_nothing_else(tree, meetings, cell_secretary,
                                                                             commune_b_staff, client_as, settings,
                                                                             tmp_path):
    settings.MEDIA_ROOT = tmp_path
    mine, theirs = meetings
    reading = services.do_attach_file(cell_secretary, mine, SimpleUploadedFile("nq.pdf", b"%PDF"), kind="reading",
                                      title="Nghị quyết số 21-NQ/TW")
    photo = services.do_attach_file(cell_secretary, mine, SimpleUploadedFile("a.png", b"\x89PNG", content_type="image/png"),
                                    kind="photo")
    other = services.do_attach_file(commune_b_staff, theirs, SimpleUploadedFile("x.pdf", b"%PDF"), kind="reading")
    member = make_user(None, person=tree.people[tree.cells_a[0].pk][0])  # no role: invitations only
    client = client_as(member)
    page = _get(client, "mine")
    assert [f.title for r in page.context["rows"] for f in r.activity.readings] == ["Nghị quyết số 21-NQ/TW"]
    assert "Nghị quyết số 21-NQ/TW" in page.content.decode()
    assert _get(client, "attachment", reading.pk).status_code == 200
    assert _get(client, "attachment", photo.pk).status_code == 404
    assert _get(client, "attachment", other.pk).status_code == 404


@pytest.mark.scope_covers("activities:calendar", "activities:ical")
def test_calendar_and_feed_show_only_the_subtree(tree, meetings, commune_a_staff, client_as):
    mine, theirs = meetings
    client = client_as(commune_a_staff)
    today = timezone.localdate()
    response = _get(client, "calendar", tree.commune_a.pk, today.year, today.month)
    shown = {a.pk for week in response.context["weeks"] for _, items in week for a in items}
    assert shown == {mine.pk}
    assert _get(client, "calendar", tree.commune_b.pk, today.year, today.month).status_code == 404
    # The province calendar of a commune user is out of scope too.
    assert _get(client, "calendar", tree.province.pk, today.year, today.month).status_code == 404
    feed = _get(client, "ical", tree.commune_a.pk).content.decode()
    assert f"UID:activity-{mine.pk}@" in feed and f"activity-{theirs.pk}@" not in feed
    assert _get(client, "ical", tree.commune_b.pk).status_code == 404
    # The signed link works without a session, for this user's scope and this unit only.
    token = response.context["feed_url"].split("k=")[1]
    anonymous = Client()
    assert anonymous.get(reverse("activities:ical", args=[tree.commune_a.pk]), {"k": token}).status_code == 200
    assert anonymous.get(reverse("activities:ical", args=[tree.commune_b.pk]), {"k": token}).status_code == 404
    assert anonymous.get(reverse("activities:ical", args=[tree.commune_a.pk]), {"k": token + "x"}).status_code == 404


@pytest.mark.scope_covers("activities:missing", "activities:rates", "activities:rates_xlsx")
def test_roll_ups_count_only_the_subtree(tree, meetings, commune_a_staff, province_staff, client_as):
    mine, theirs = meetings
    today = timezone.localdate()
    client = client_as(commune_a_staff)
    missing = _get(client, "missing", tree.commune_a.pk, thang=f"{today.year}-{today.month}").context["page"]
    assert [c.pk for c in missing] == [tree.cells_a[1].pk]
    assert _get(client, "missing", tree.commune_b.pk).status_code == 404
    assert _get(client, "missing", tree.province.pk).status_code == 404
    province = [c.pk for c in _get(client_as(province_staff), "missing", tree.province.pk,
                                   thang=f"{today.year}-{today.month}").context["page"]]
    assert province == [tree.cells_a[1].pk, tree.cells_b[1].pk]
    rates = _get(client, "rates", tree.commune_a.pk, nam=today.year).context
    assert [r["unit_id"] for r in rates["cells"]] == [mine.unit_id] and rates["total"]["meetings"] == 1
    assert _get(client, "rates", tree.commune_b.pk).status_code == 404
    assert _get(client, "rates_xlsx", tree.commune_b.pk).status_code == 404
    assert _get(client, "rates_xlsx", tree.commune_a.pk).status_code == 200


def test_minutes_docx_opens_and_names_the_cell(meetings, commune_a_staff, client_as):
    mine, _ = meetings
    content = _get(client_as(commune_a_staff), "minutes_docx", mine.pk).content
    document = docx.Document(io.BytesIO(content))
    texts = [p.text for p in document.paragraphs]
    assert "BIÊN BẢN" in texts
    assert datetime.date.today().strftime("%d") in " ".join(texts)
