"""Marking a document read and checking in from the member's space."""

import datetime

import pytest
from django.utils import timezone

from chibo.accounts.models import AuditEvent
from chibo.activities.models import AttendanceStatus
from chibo.me import services
from chibo.me.models import ReadReceipt

from .factories import meeting, member_user

pytestmark = pytest.mark.django_db


def test_marking_read_twice_keeps_the_first_time_and_one_audit_row(tree, cell_secretary):
    cell = tree.cells_a[0]
    user = member_user(tree.people[cell.pk][0])
    reading = meeting(cell_secretary, cell).attachments.get()
    first = services.do_mark_read(user, reading)
    again = services.do_mark_read(user, reading)
    assert first.pk == again.pk and first.read_at == again.read_at
    assert ReadReceipt.objects.count() == 1
    event = AuditEvent.objects.get(action="me.mark_read")
    assert event.unit_id == cell.pk and event.actor_id == user.pk


def test_marking_read_needs_a_member_record(tree, cell_secretary):
    reading = meeting(cell_secretary, tree.cells_a[0]).attachments.get()
    with pytest.raises(services.MeError, match="chưa gắn với hồ sơ đảng viên"):
        services.do_mark_read(cell_secretary, reading)


def test_check_in_with_the_right_code_marks_present_and_counts(tree, cell_secretary):
    cell = tree.cells_a[0]
    person = tree.people[cell.pk][0]
    activity = meeting(cell_secretary, cell)
    with pytest.raises(services.MeError, match="Mã điểm danh không đúng"):
        services.do_check_in(member_user(person), activity, "000000" if activity.checkin_code != "000000" else "111111")
    row = services.do_check_in(person.user, activity, f" {activity.checkin_code} ")
    assert row.status == AttendanceStatus.PRESENT and row.checkin_method == "code"
    activity.refresh_from_db()
    assert activity.members_present == 1


def test_check_in_is_refused_outside_the_meeting_day(tree, cell_secretary):
    cell = tree.cells_a[0]
    activity = meeting(cell_secretary, cell, on=timezone.localdate() + datetime.timedelta(days=7))
    with pytest.raises(services.MeError, match="Chỉ điểm danh được trong ngày"):
        services.do_check_in(member_user(tree.people[cell.pk][0]), activity, activity.checkin_code)
