"""JSON API of the member's own space: my home data, mark read, check in; the secretary's cell view."""

import datetime

from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError

from chibo.activities.models import Activity

from . import selectors, services

router = Router()


class ReadingOut(Schema):
    id: int
    activity_id: int
    title: str
    read_at: datetime.datetime | None

    @staticmethod
    def resolve_title(obj):
        return obj.title or obj.file.name


class MeetingOut(Schema):
    id: int
    unit_id: int
    topic: str
    on: datetime.date
    starts_at: datetime.time | None
    place: str
    agenda: str
    checkin_open: bool
    my_status: str | None
    readings: list[ReadingOut]

    @staticmethod
    def resolve_readings(obj):
        return obj.my_readings


class TaskOut(Schema):
    id: int
    title: str
    issuer: str
    due_on: datetime.date
    state: str

    @staticmethod
    def resolve_title(obj):
        return obj.assignment.title

    @staticmethod
    def resolve_issuer(obj):
        return obj.assignment.issuer.name

    @staticmethod
    def resolve_state(obj):
        return obj.shown_state


class AttendanceOut(Schema):
    year: int
    invited: int
    present: int
    excused: int
    unexcused: int
    rate: float | None


class SupportOut(Schema):
    shelf_id: int
    shelf: str
    registered_on: datetime.date
    pledge: str

    @staticmethod
    def resolve_shelf(obj):
        return obj.shelf.name


class HomeOut(Schema):
    person_id: int | None
    name: str | None
    cell_id: int | None
    cell: str | None
    meetings: list[MeetingOut]
    tasks: list[TaskOut]
    attendance: AttendanceOut | None
    supports: list[SupportOut]
    managed_cell_ids: list[int]


class MemberRowOut(Schema):
    person_id: int
    name: str
    checkin: str | None
    read: list[int]
    """Ids of the focus meeting's documents the member has read."""
    year_present: int
    year_invited: int


class CellOut(Schema):
    id: int
    name: str
    meeting_id: int | None
    reading_ids: list[int]
    members: list[MemberRowOut]


class CodeIn(Schema):
    code: str


class ReceiptOut(Schema):
    reading_id: int
    read_at: datetime.datetime


class CheckinOut(Schema):
    activity_id: int
    status: str


@router.get("/home", response=HomeOut, url_name="me_home")
def get_home(request):
    data = selectors.home(request.user, timezone.localdate())
    person = data.person
    return {
        "person_id": person.pk if person else None, "name": person.full_name if person else None,
        "cell_id": data.cell.pk if data.cell else None, "cell": data.cell.name if data.cell else None,
        "meetings": data.meetings, "tasks": data.tasks, "attendance": data.attendance or None,
        "supports": data.supports, "managed_cell_ids": [c.pk for c in data.managed],
    }


@router.post("/readings/{reading_id}/read", response=ReceiptOut, url_name="me_mark_read")
def mark_read(request, reading_id: int):
    reading = selectors.get_my_reading(request.user, reading_id)
    try:
        receipt = services.do_mark_read(request.user, reading)
    except services.MeError as exc:
        raise HttpError(400, str(exc)) from exc
    return {"reading_id": reading.pk, "read_at": receipt.read_at}


@router.post("/meetings/{activity_id}/check-in", response=CheckinOut, url_name="me_check_in")
def check_in(request, activity_id: int, payload: CodeIn):
    activity: Activity = selectors.get_my_activity(request.user, activity_id)
    try:
        row = services.do_check_in(request.user, activity, payload.code)
    except services.MeError as exc:
        raise HttpError(400, str(exc)) from exc
    return {"activity_id": activity.pk, "status": row.status}


@router.get("/cells/{unit_id}", response=CellOut, url_name="me_cell")
def get_cell(request, unit_id: int, meeting: int | None = None):
    cell = selectors.get_managed_cell(request.user, unit_id)
    view = selectors.cell_view(request.user, cell, timezone.localdate(), meeting)
    members = []
    for person in view.members:
        row = view.rows.get(person.pk)
        year = view.attendance.get(person.pk) or {}
        members.append({
            "person_id": person.pk, "name": person.full_name, "checkin": row.status if row else None,
            "read": [r.pk for r in view.readings if person.pk in view.read_by.get(r.pk, {})],
            "year_present": year.get("present", 0), "year_invited": year.get("invited", 0),
        })
    return {"id": cell.pk, "name": cell.name, "meeting_id": view.meeting.pk if view.meeting else None,
            "reading_ids": [r.pk for r in view.readings], "members": members}
