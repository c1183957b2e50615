"""Reads of a member's own space and of the secretary's phone view of the cell.

A member's own records are reached through their member record (`user.person`), the way
`activities.selectors.invitations_for` and `bookshelves.selectors.my_supports` do: a member
sees their own attendance, receipts and supports, and the meetings, documents and tasks of their
own cell (or of activities they are invited to), never another member's. The secretary's view goes
through the scope helper: a cell the user manages, else 404.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.http import Http404

from chibo.accounts import scope
from chibo.accounts.models import MANAGING_ROLES
from chibo.activities.models import (
    CHECKIN_WINDOW_DAYS,
    Activity,
    ActivityStatus,
    Attachment,
    AttachmentKind,
    Attendance,
    AttendanceStatus,
    AttendeeCategory,
)
from chibo.assignments.models import OPEN_STATES, AssigneeTask, effective_state
from chibo.bookshelves import selectors as shelf_selectors
from chibo.members.models import MEMBER_STATUSES, Person
from chibo.orgs.models import Unit

from .models import ReadReceipt

UPCOMING_LIMIT = 3


def member_of(user) -> Person | None:
    """The member record linked to the account, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    return getattr(user, "person", None)


def _my_activities_q(person: Person) -> Q:
    """Activities of the member's own cell, and any activity they are invited to."""
    invited = Attendance.objects.filter(activity=OuterRef("pk"), person=person)
    return Q(unit_id=person.unit_id) | Q(Exists(invited))


def my_activities(person: Person):
    return Activity.objects.filter(_my_activities_q(person)).select_related("unit")


def next_meetings(person: Person, today: datetime.date, limit: int = UPCOMING_LIMIT) -> list[Activity]:
    """Upcoming (and yesterday's, still open for check-in) activities, soonest first."""
    since = today - datetime.timedelta(days=CHECKIN_WINDOW_DAYS)
    return list(
        my_activities(person).filter(on__gte=since, status=ActivityStatus.PLANNED)
        .order_by("on", "starts_at", "id")[:limit]
    )


def readings_of(person: Person, activities) -> list[Attachment]:
    """Documents sent ahead of these activities, each with `read_at` (None when not yet read by the member)."""
    receipt = ReadReceipt.objects.filter(person=person, attachment=OuterRef("pk")).values("read_at")[:1]
    return list(
        Attachment.objects.filter(activity__in=list(activities), kind=AttachmentKind.READING)
        .annotate(read_at=Subquery(receipt)).order_by("activity__on", "id")
    )


def get_my_activity(user, pk: int) -> Activity:
    person = member_of(user)
    if person is None:
        raise Http404
    activity = my_activities(person).filter(pk=pk).first()
    if activity is None:
        raise Http404
    return activity


def get_my_reading(user, pk: int) -> Attachment:
    """A document sent ahead of one of the member's activities, with the member's `read_at`; else 404."""
    person = member_of(user)
    if person is None:
        raise Http404
    receipt = ReadReceipt.objects.filter(person=person, attachment=OuterRef("pk")).values("read_at")[:1]
    reading = (
        Attachment.objects.filter(pk=pk, kind=AttachmentKind.READING, activity__in=my_activities(person))
        .annotate(read_at=Subquery(receipt)).select_related("activity__unit").first()
    )
    if reading is None:
        raise Http404
    return reading


def my_open_tasks(person: Person, today: datetime.date, limit: int = 10):
    """Nhiệm vụ của chi bộ tôi: the open tasks handed to the member's cell, nearest deadline first."""
    return (
        AssigneeTask.objects.filter(unit_id=person.unit_id, state__in=OPEN_STATES)
        .annotate(shown_state=effective_state(today)).select_related("assignment__issuer")
        .order_by("due_on", "id")[:limit]
    )


def my_attendance(person: Person, year: int) -> dict:
    """My attendance this year at held activities: invited, present, excused, unexcused; one query."""
    figures = Attendance.objects.filter(
        person=person, activity__status=ActivityStatus.HELD,
        activity__on__gte=datetime.date(year, 1, 1), activity__on__lte=datetime.date(year, 12, 31),
    ).aggregate(
        invited=Count("id"),
        present=Count("id", filter=Q(status=AttendanceStatus.PRESENT)),
        excused=Count("id", filter=Q(status=AttendanceStatus.EXCUSED)),
        unexcused=Count("id", filter=Q(status=AttendanceStatus.UNEXCUSED)),
    )
    figures["year"] = year
    figures["rate"] = round(figures["present"] / figures["invited"], 4) if figures["invited"] else None
    return figures


def my_shelf_supports(user):
    """My open registrations to support a cell bookshelf (usually where I live)."""
    return list(shelf_selectors.my_supports(user).filter(ended_on__isnull=True)[:5])


def shelves_near_me(user):
    """Public shelves of my cell and of the cells where I am registered as resident, to support."""
    return list(shelf_selectors.shelves_for_member(user).select_related("unit")[:5])


def managed_cells(user) -> list[Unit]:
    """Cells the user manages directly (the secretary's own cells), for the link on the home page."""
    return [u for u in scope.role_units(user, MANAGING_ROLES) if u.is_cell]


@dataclass
class Home:
    """Everything the member's home page shows, read in a handful of queries."""

    person: Person | None
    today: datetime.date
    cell: Unit | None = None
    meetings: list = field(default_factory=list)
    readings: list = field(default_factory=list)
    tasks: list = field(default_factory=list)
    attendance: dict = field(default_factory=dict)
    supports: list = field(default_factory=list)
    shelves: list = field(default_factory=list)
    managed: list = field(default_factory=list)
    grading: object = None
    """My assessment in the latest grading round (Assessment), if I am graded."""

    @property
    def next_meeting(self) -> Activity | None:
        return self.meetings[0] if self.meetings else None

    @property
    def unread(self) -> int:
        return sum(1 for r in self.readings if r.read_at is None)

    def readings_for(self, activity: Activity) -> list[Attachment]:
        return [r for r in self.readings if r.activity_id == activity.pk]


def home(user, today: datetime.date) -> Home:
    person = member_of(user)
    data = Home(person=person, today=today, managed=managed_cells(user))
    if person is None:
        return data
    data.cell = person.unit
    data.meetings = next_meetings(person, today)
    for activity in data.meetings:
        activity.checkin_open = activity.is_checkin_open(today)
    data.readings = readings_of(person, data.meetings)
    for activity in data.meetings:
        activity.my_readings = data.readings_for(activity)
    checked = dict(Attendance.objects.filter(person=person, activity__in=data.meetings).values_list("activity_id", "status"))
    for activity in data.meetings:
        activity.my_status = checked.get(activity.pk)
    data.tasks = list(my_open_tasks(person, today))
    data.attendance = my_attendance(person, today.year)
    data.supports = my_shelf_supports(user)
    supported = {s.shelf_id for s in data.supports}
    data.shelves = [s for s in shelves_near_me(user) if s.pk not in supported]
    data.grading = my_latest_assessment(user)
    return data


def my_latest_assessment(user):
    """My own assessment in the most recent grading round (self-assessment is done from the phone)."""
    from chibo.grading.selectors import my_assessments

    return my_assessments(user).first()


# --- The secretary's phone view of the cell ---------------------------------------------------------------------

def get_managed_cell(user, pk: int) -> Unit:
    """A cell the user may manage (its secretary, or staff above it); 404 otherwise."""
    unit = scope.get_visible(user, Unit, pk=pk)
    if not unit.is_cell or not scope.can_manage(user, unit):
        raise Http404
    return unit


@dataclass
class CellView:
    cell: Unit
    members: list
    meeting: Activity | None
    readings: list
    read_by: dict
    """{attachment id: {person id: read_at}}"""
    rows: list
    """The focus meeting's attendance rows of the cell's people, by person id."""
    attendance: dict
    """{person id: {"invited", "present", "rate"}} for the year's held regular meetings."""
    recent: list


def focus_meeting(user, cell: Unit, today: datetime.date, pk: int | None = None) -> Activity | None:
    """The meeting the view is about: the one asked for, else the next planned one, else the last one."""
    activities = scope.visible(user, Activity).filter(unit=cell)
    if pk is not None:
        return activities.filter(pk=pk).first()
    since = today - datetime.timedelta(days=CHECKIN_WINDOW_DAYS)
    upcoming = activities.filter(on__gte=since, status=ActivityStatus.PLANNED).order_by("on", "starts_at", "id").first()
    return upcoming or activities.exclude(status=ActivityStatus.CANCELLED).order_by("-on", "-id").first()


def cell_view(user, cell: Unit, today: datetime.date, meeting_pk: int | None = None) -> CellView:
    """Members, who has read the documents sent ahead, check-in of the focus meeting, attendance this year."""
    members = list(Person.objects.filter(unit=cell, status__in=MEMBER_STATUSES).order_by("name_folded", "id"))
    meeting = focus_meeting(user, cell, today, meeting_pk)
    readings, read_by, rows = [], {}, {}
    if meeting is not None:
        readings = list(meeting.attachments.filter(kind=AttachmentKind.READING).order_by("id"))
        read_by = {r.pk: {} for r in readings}
        for attachment_id, person_id, read_at in ReadReceipt.objects.filter(attachment__in=readings).values_list(
                "attachment_id", "person_id", "read_at"):
            read_by[attachment_id][person_id] = read_at
        rows = {r.person_id: r for r in meeting.attendance.filter(person__isnull=False)}
    year_rows = (
        Attendance.objects.filter(
            activity__unit=cell, activity__status=ActivityStatus.HELD, category=AttendeeCategory.MEMBER,
            activity__on__gte=datetime.date(today.year, 1, 1), activity__on__lte=datetime.date(today.year, 12, 31),
            person__isnull=False,
        ).values("person_id")
        .annotate(invited=Count("id"), present=Count("id", filter=Q(status=AttendanceStatus.PRESENT)))
    )
    attendance = {
        r["person_id"]: {**r, "rate": round(r["present"] / r["invited"], 4) if r["invited"] else None} for r in year_rows
    }
    recent = list(
        scope.visible(user, Activity).filter(unit=cell).exclude(status=ActivityStatus.CANCELLED)
        .order_by("-on", "-id")[:6]
    )
    return CellView(cell=cell, members=members, meeting=meeting, readings=readings, read_by=read_by, rows=rows,
                    attendance=attendance, recent=recent)
