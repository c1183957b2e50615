"""Scheduling, invitations, check-in, roll call and minutes: one check-in fills every count."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from chibo.accounts.models import AuditEvent, RoleKind
from chibo.activities import services
from chibo.activities.models import Activity, ActivityKind, ActivityStatus, AttendanceStatus, AttendeeCategory
from chibo.activities.services import ActivityError
from chibo.core.testing import make_user

from .factories import regular_meeting, sympathiser


def test_creating_a_meeting_invites_the_cells_members_and_sympathisers(tree, cell_secretary):
    cell = tree.cells_a[0]
    helper = sympathiser(cell)
    activity = regular_meeting(cell_secretary, cell)
    rows = {r.person_id: r.category for r in activity.attendance.all()}
    assert rows == {**{p.pk: AttendeeCategory.MEMBER for p in tree.people[cell.pk]}, helper.pk: AttendeeCategory.SYMPATHISER}
    assert activity.members_expected == 3 and activity.members_present == 0
    assert len(activity.checkin_code) == 6 and activity.checkin_code.isdigit()
    assert AuditEvent.objects.filter(action="activities.create", object_id=str(activity.pk), unit=cell).exists()


def test_secretary_cannot_schedule_for_another_cell(tree, cell_secretary):
    with pytest.raises(PermissionDenied):
        regular_meeting(cell_secretary, tree.cells_a[1])
    assert not Activity.objects.exists()


def test_regular_meeting_only_in_a_cell_and_times_ordered(tree, commune_a_staff):
    with pytest.raises(ActivityError, match="chỉ do một chi bộ"):
        regular_meeting(commune_a_staff, tree.commune_a)
    with pytest.raises(ActivityError, match="Giờ kết thúc"):
        regular_meeting(commune_a_staff, tree.cells_a[0], starts_at=datetime.time(14), ends_at=datetime.time(13))


def test_monthly_series_makes_one_meeting_a_month_each_announcing_the_next(tree, cell_secretary):
    cell = tree.cells_a[0]
    regular_meeting(cell_secretary, cell, on=datetime.date(2025, 3, 2))  # March already scheduled by hand
    series = services.do_schedule_monthly_meetings(
        cell_secretary, cell, title="Sinh hoạt chi bộ thường kỳ", day_of_month=5, start_time=datetime.time(19, 30),
        starts_on=datetime.date(2025, 1, 10), months=4)
    made = list(series.activities.order_by("on"))
    assert [a.on for a in made] == [datetime.date(2025, 2, 5), datetime.date(2025, 4, 5), datetime.date(2025, 5, 5)]
    assert made[0].next_meeting_on == datetime.date(2025, 3, 5)
    assert all(a.attendance.count() == 3 for a in made)
    with pytest.raises(ActivityError, match="từ 1 đến 28"):
        services.do_schedule_monthly_meetings(cell_secretary, cell, title="x", day_of_month=31,
                                              start_time=datetime.time(8), starts_on=datetime.date(2025, 1, 1))


def test_one_check_in_fills_attendance_and_counts(tree, cell_secretary):
    cell = tree.cells_a[0]
    member = tree.people[cell.pk][0]
    user = make_user(cell, RoleKind.MEMBER, person=member)
    activity = regular_meeting(cell_secretary, cell, on=timezone.localdate())
    with pytest.raises(ActivityError, match="không đúng"):
        services.do_check_in(user, activity, "000000" if activity.checkin_code != "000000" else "111111")
    row = services.do_check_in(user, activity, activity.checkin_code)
    assert row.status == AttendanceStatus.PRESENT and row.checkin_method == "code"
    activity.refresh_from_db()
    assert (activity.members_present, activity.members_expected) == (1, 3)


def test_check_in_outside_the_meeting_day_is_refused(tree, cell_secretary):
    cell = tree.cells_a[0]
    user = make_user(cell, RoleKind.MEMBER, person=tree.people[cell.pk][0])
    activity = regular_meeting(cell_secretary, cell, on=timezone.localdate() + datetime.timedelta(days=10))
    with pytest.raises(ActivityError, match="trong ngày"):
        services.do_check_in(user, activity, activity.checkin_code)


def test_roll_call_records_absences_contributions_and_guests(tree, cell_secretary):
    cell = tree.cells_a[0]
    helper = sympathiser(cell)
    activity = regular_meeting(cell_secretary, cell)
    rows = {r.person_id: r for r in activity.attendance.all()}
    a, b, c = tree.people[cell.pk]
    services.do_record_attendance(cell_secretary, rows[a.pk], status=AttendanceStatus.PRESENT, contributions=3)
    services.do_record_attendance(cell_secretary, rows[b.pk], status=AttendanceStatus.EXCUSED, reason="Ốm")
    services.do_record_attendance(cell_secretary, rows[c.pk], status=AttendanceStatus.UNEXCUSED)
    services.do_record_attendance(cell_secretary, rows[helper.pk], status=AttendanceStatus.PRESENT, contributions=1)
    services.do_add_attendee(cell_secretary, activity, guest_name="Lê Văn Khách", guest_organisation="Công đoàn",
                             status=AttendanceStatus.PRESENT)
    activity.refresh_from_db()
    assert (activity.members_present, activity.members_absent_excused, activity.members_absent_unexcused) == (1, 1, 1)
    assert (activity.sympathisers_present, activity.guests_present, activity.contributions) == (1, 1, 4)
    with pytest.raises(ActivityError, match="Chỉ người có mặt"):
        services.do_record_attendance(cell_secretary, rows[c.pk], contributions=2)
    with pytest.raises(ActivityError, match="họ tên khách"):
        services.do_add_attendee(cell_secretary, activity, guest_name="  ")


def test_minutes_mark_the_meeting_held_and_need_contents(tree, cell_secretary):
    activity = regular_meeting(cell_secretary, tree.cells_a[0])
    with pytest.raises(ActivityError, match="nội dung"):
        services.do_record_minutes(cell_secretary, activity, contents=" ")
    services.do_record_minutes(cell_secretary, activity, contents="Quán triệt nghị quyết.", ends_at=datetime.time(16, 5))
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.HELD and activity.duration_minutes == 125


def test_invitations_are_queued_for_people_with_an_address(tree, cell_secretary, django_capture_on_commit_callbacks):
    cell = tree.cells_a[0]
    person = tree.people[cell.pk][0]
    person.email = "dv@example.org"
    person.save()
    activity = regular_meeting(cell_secretary, cell)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert services.do_send_invitations(cell_secretary, activity) == 1
    assert len(callbacks) == 1
    activity.refresh_from_db()
    assert activity.invitations_sent_at is not None


def test_invitation_email_names_the_time_and_place(tree, cell_secretary, mailoutbox):
    from chibo.activities.tasks import send_invitation_emails

    cell = tree.cells_a[0]
    person = tree.people[cell.pk][0]
    person.email = "dv@example.org"
    person.save()
    activity = regular_meeting(cell_secretary, cell, place="Nhà văn hoá thôn")
    assert send_invitation_emails.call(activity.pk) == 1
    assert mailoutbox[0].to == ["dv@example.org"]
    assert "05/03/2025" in mailoutbox[0].subject and "Nhà văn hoá thôn" in mailoutbox[0].body


def test_publish_as_news_refuses_without_a_portal(tree, cell_secretary):
    activity = regular_meeting(cell_secretary, tree.cells_a[0])
    with pytest.raises(ActivityError, match="chưa có cổng thông tin"):
        services.do_publish_as_news(cell_secretary, activity)


def test_publish_as_news_drafts_a_prefilled_article_on_the_communes_portal(tree, cell_secretary):
    from chibo.portal.models import ArticlePage
    from chibo.portal.tests.factories import make_site

    home = make_site(tree.commune_a)
    cell = tree.cells_a[0]
    activity = regular_meeting(cell_secretary, cell, topic="Học tập Chỉ thị 05")
    rows = list(activity.attendance.order_by("id"))
    services.do_record_roll_call(cell_secretary, activity, {
        rows[0].pk: (AttendanceStatus.PRESENT, 2), rows[1].pk: (AttendanceStatus.PRESENT, 0),
        rows[2].pk: (AttendanceStatus.EXCUSED, 0)})
    services.do_record_minutes(cell_secretary, activity, contents="Quán triệt Chỉ thị 05-CT/TW.")
    article = services.do_publish_as_news(cell_secretary, activity)
    assert article.unit == tree.commune_a and not article.live and article.workflow_in_progress
    assert article.get_ancestors().filter(pk=home.pk).exists()
    assert article.title == "Chi bộ thôn 1 tổ chức sinh hoạt chi bộ thường kỳ về “Học tập Chỉ thị 05”"
    assert "05/03/2025" in article.body and "02 đảng viên" in article.body and "2 lượt ý kiến" in article.body
    assert "Quán triệt Chỉ thị 05-CT/TW." in article.body
    assert article.origin == f"activities.activity:{activity.pk}"
    # Publishing again updates the same draft.
    assert services.do_publish_as_news(cell_secretary, activity).pk == article.pk
    assert ArticlePage.objects.count() == 1
    assert AuditEvent.objects.filter(action="activities.publish_news", object_id=str(activity.pk)).count() == 2


def test_kind_list_covers_the_seminar_and_ceremony():
    assert {"seminar", "ceremony", "regular", "thematic"} <= set(ActivityKind.values)


def test_minutes_announce_next_months_meeting_creating_it_when_missing(tree, cell_secretary):
    cell = tree.cells_a[0]
    march = regular_meeting(cell_secretary, cell)
    services.do_record_minutes(cell_secretary, march, contents="Nội dung.", next_meeting_on=datetime.date(2025, 4, 8),
                               next_meeting_topic="Học tập Nghị quyết Trung ương")
    april = Activity.objects.get(unit=cell, on=datetime.date(2025, 4, 8))
    assert (april.kind, april.status, april.topic) == (ActivityKind.REGULAR, ActivityStatus.PLANNED,
                                                      "Học tập Nghị quyết Trung ương")
    assert april.starts_at == march.starts_at and april.members_expected == 3
    from chibo.activities.selectors import announced_meeting

    assert announced_meeting(march) == april


def test_minutes_move_and_retitle_the_series_meeting_of_next_month(tree, cell_secretary):
    cell = tree.cells_a[0]
    series = services.do_schedule_monthly_meetings(
        cell_secretary, cell, title="Sinh hoạt chi bộ thường kỳ", day_of_month=5, start_time=datetime.time(19, 30),
        starts_on=datetime.date(2025, 3, 1), months=3)
    march, april, may = series.activities.order_by("on")
    services.do_record_minutes(cell_secretary, march, contents="Nội dung.", next_meeting_on=datetime.date(2025, 4, 12),
                               next_meeting_topic="Kỷ niệm 95 năm Ngày thành lập Đảng")
    april.refresh_from_db()
    assert (april.on, april.topic) == (datetime.date(2025, 4, 12), "Kỷ niệm 95 năm Ngày thành lập Đảng")
    assert series.activities.count() == 3
    assert AuditEvent.objects.filter(action="activities.announce_next", object_id=str(april.pk)).exists()
    with pytest.raises(ActivityError, match="phải sau"):
        services.do_record_minutes(cell_secretary, may, contents="x", next_meeting_on=datetime.date(2025, 5, 1))


def test_invitation_email_carries_the_documents_to_read(tree, cell_secretary, mailoutbox, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from chibo.activities.models import AttachmentKind
    from chibo.activities.tasks import send_invitation_emails

    settings.MEDIA_ROOT = tmp_path
    cell = tree.cells_a[0]
    person = tree.people[cell.pk][0]
    person.email = "dv@example.org"
    person.save()
    activity = regular_meeting(cell_secretary, cell)
    services.do_attach_file(cell_secretary, activity, SimpleUploadedFile("chi-thi-05.pdf", b"%PDF-1.4 x"),
                            kind=AttachmentKind.READING, title="Chỉ thị số 05-CT/TW")
    services.do_attach_file(cell_secretary, activity, SimpleUploadedFile("anh.png", b"\x89PNG", content_type="image/png"),
                            kind=AttachmentKind.PHOTO)
    assert send_invitation_emails.call(activity.pk) == 1
    message = mailoutbox[0]
    assert "Tài liệu đọc trước:\n- Chỉ thị số 05-CT/TW" in message.body
    assert [(name, content) for name, content, _mime in message.attachments] == [("chi-thi-05.pdf", b"%PDF-1.4 x")]
