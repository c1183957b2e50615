"""What the member's home and the secretary's cell view read: the member's own records and their own cell."""

import datetime

import pytest
from django.utils import timezone

from chibo.activities import services as activity_services
from chibo.activities.models import AttendanceStatus
from chibo.assignments import services as assignment_services
from chibo.bookshelves import services as shelf_services
from chibo.me import selectors, services

from .factories import meeting, member_user

pytestmark = pytest.mark.django_db


def _held_meeting(actor, cell, on, present):
    """A past meeting whose roll call marks `present` people present and the others excused."""
    activity = meeting(actor, cell, on=on, topic=f"Sinh hoạt {on:%m/%Y}", readings=())
    marks = {row.pk: (AttendanceStatus.PRESENT if row.person in present else AttendanceStatus.EXCUSED, 0)
             for row in activity.attendance.all()}
    activity_services.do_record_roll_call(actor, activity, marks)
    activity_services.do_record_minutes(actor, activity, contents="Nội dung.")
    return activity


def test_home_gathers_next_meeting_documents_tasks_attendance_and_bookshelf(
        tree, cell_secretary, commune_a_staff, django_assert_max_num_queries):
    cell = tree.cells_a[0]
    me, other = tree.people[cell.pk][:2]
    user = member_user(me)
    today = timezone.localdate()
    next_one = meeting(cell_secretary, cell, readings=("Nghị quyết 57", "Đề cương sinh hoạt"))
    later = meeting(cell_secretary, cell, on=today + datetime.timedelta(days=30), readings=())
    held_on = today - datetime.timedelta(days=20)
    if held_on.year == today.year:
        _held_meeting(cell_secretary, cell, held_on, present=[me])
    _held_meeting(cell_secretary, cell, today - datetime.timedelta(days=2), present=[other])
    assignment_services.do_fan_out_assignment(
        commune_a_staff, issuer=tree.commune_a, title="Báo cáo tình hình tháng", units=[cell],
        deadline=today + datetime.timedelta(days=10),
    )
    shelf = shelf_services.do_create_shelf(cell_secretary, cell, name="Tủ sách thôn 1", place="Nhà văn hoá thôn 1")
    shelf_services.do_register_supporter(user, shelf, me, pledge="Tặng 5 đầu sách")
    services.do_mark_read(user, next_one.attachments.get(title="Nghị quyết 57"))

    with django_assert_max_num_queries(12):
        home = selectors.home(user, today)
        assert [m.pk for m in home.meetings] == [next_one.pk, later.pk]
    assert home.next_meeting.checkin_open and not home.meetings[1].checkin_open
    assert home.next_meeting.my_status == AttendanceStatus.INVITED
    assert {r.title: r.read_at is not None for r in home.next_meeting.my_readings} == {
        "Nghị quyết 57": True, "Đề cương sinh hoạt": False}
    assert home.unread == 1
    assert [t.assignment.title for t in home.tasks] == ["Báo cáo tình hình tháng"]
    held_this_year = 2 if held_on.year == today.year else 1
    assert home.attendance["invited"] == held_this_year
    assert home.attendance["present"] == held_this_year - 1
    assert home.attendance["excused"] == 1
    assert [s.shelf_id for s in home.supports] == [shelf.pk]
    assert home.shelves == []  # already supported: not offered again
    assert home.managed == []


def test_home_shows_nothing_of_another_cell(tree, cell_secretary, commune_b_staff):
    meeting(cell_secretary, tree.cells_a[0])
    meeting(commune_b_staff, tree.cells_b[0])
    neighbour = member_user(tree.people[tree.cells_a[1].pk][0])
    home = selectors.home(neighbour, timezone.localdate())
    assert home.meetings == [] and home.readings == [] and home.tasks == []


def test_invited_to_another_units_activity_shows_it(tree, cell_secretary, commune_a_staff):
    guest_member = tree.people[tree.cells_a[1].pk][0]
    seminar = meeting(commune_a_staff, tree.cells_a[0], topic="Tọa đàm")
    activity_services.do_add_attendee(commune_a_staff, seminar, person=guest_member)
    home = selectors.home(member_user(guest_member), timezone.localdate())
    assert [m.pk for m in home.meetings] == [seminar.pk]
    assert len(home.readings) == 1


def test_account_without_member_record_gets_an_empty_home(tree, cell_secretary):
    home = selectors.home(cell_secretary, timezone.localdate())
    assert home.person is None and home.meetings == []
    assert [c.pk for c in home.managed] == [tree.cells_a[0].pk]


def test_cell_view_shows_who_read_and_who_checked_in(tree, cell_secretary, django_assert_max_num_queries):
    cell = tree.cells_a[0]
    first, second, third = tree.people[cell.pk]
    activity = meeting(cell_secretary, cell, readings=("Tài liệu 1", "Tài liệu 2"))
    doc1, doc2 = activity.attachments.order_by("id")
    u1, u2 = member_user(first), member_user(second)
    services.do_mark_read(u1, doc1)
    services.do_mark_read(u1, doc2)
    services.do_mark_read(u2, doc2)
    services.do_check_in(u2, activity, activity.checkin_code)
    with django_assert_max_num_queries(8):
        view = selectors.cell_view(cell_secretary, cell, timezone.localdate())
    assert view.meeting.pk == activity.pk
    assert [p.pk for p in view.members] == sorted([first.pk, second.pk, third.pk],
                                                  key=lambda pk: next(p.name_folded for p in view.members if p.pk == pk))
    assert set(view.read_by[doc1.pk]) == {first.pk}
    assert set(view.read_by[doc2.pk]) == {first.pk, second.pk}
    assert view.rows[second.pk].status == AttendanceStatus.PRESENT
    assert view.rows[first.pk].status == AttendanceStatus.INVITED
