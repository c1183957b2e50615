"""JSON API of activities: only the caller's subtrees; writes need a managing role there."""

import datetime

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from chibo.accounts import scope
from chibo.orgs.models import Unit

from . import selectors, services
from .models import Activity, Attendance

router = Router()


class ActivityOut(Schema):
    id: int
    unit_id: int
    unit_name: str
    kind: str
    topic: str
    on: datetime.date
    starts_at: datetime.time | None
    ends_at: datetime.time | None
    place: str
    status: str
    chair: str | None
    members_expected: int
    members_present: int
    members_absent_excused: int
    members_absent_unexcused: int
    sympathisers_present: int
    guests_present: int
    contributions: int
    duration_minutes: int | None

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name

    @staticmethod
    def resolve_chair(obj):
        return obj.chair.full_name if obj.chair_id else None


class DocumentRef(Schema):
    id: int
    notation: str


class ActivityDetailOut(ActivityOut):
    carries_out: str
    documents: list[DocumentRef]
    task_id: int | None

    @staticmethod
    def resolve_documents(obj, context):
        """The registry documents it carries out that the caller may see."""
        return list(scope.visible(context["request"].user, obj.documents.all()).order_by("recency", "id"))


class AttendanceOut(Schema):
    id: int
    person_id: int | None
    name: str
    category: str
    status: str
    absence_reason: str
    contributions: int

    @staticmethod
    def resolve_name(obj):
        return obj.display_name


class AttendanceIn(Schema):
    status: str | None = None
    reason: str | None = None
    contributions: int | None = None


class RateOut(Schema):
    unit_id: int
    year: int
    meetings: int
    expected: int
    present: int
    contributions: int
    rate: float | None


class CellRateOut(Schema):
    unit_id: int
    name: str
    meetings: int
    expected: int
    present: int
    rate: float | None


class CellOut(Schema):
    id: int
    name: str
    path: str


@router.get("/activities", response=list[ActivityOut], url_name="activities_list")
def list_activities(request, unit: int | None = None, since: datetime.date | None = None,
                    until: datetime.date | None = None, kind: str = "", limit: int = 100, offset: int = 0):
    limit = max(1, min(limit, 500))
    root = scope.get_visible(request.user, Unit, pk=unit) if unit is not None else None
    qs = selectors.activities_of(request.user, root).select_related("chair")
    if since:
        qs = qs.filter(on__gte=since)
    if until:
        qs = qs.filter(on__lte=until)
    if kind:
        qs = qs.filter(kind=kind)
    return list(qs.order_by("-on", "-id")[offset : offset + limit])


@router.get("/activities/{activity_id}", response=ActivityDetailOut, url_name="activity")
def get_activity(request, activity_id: int):
    return scope.get_visible(request.user, Activity.objects.select_related("unit", "chair"), pk=activity_id)


@router.get("/activities/{activity_id}/attendance", response=list[AttendanceOut], url_name="activity_attendance")
def get_attendance(request, activity_id: int):
    activity = scope.get_visible(request.user, Activity, pk=activity_id)
    return selectors.attendance_rows(activity)


@router.post("/activities/{activity_id}/attendance/{row_id}", response=AttendanceOut, url_name="activity_attendance_set")
def set_attendance(request, activity_id: int, row_id: int, payload: AttendanceIn):
    activity = scope.get_visible(request.user, Activity, pk=activity_id)
    row = get_object_or_404(Attendance.objects.select_related("person"), pk=row_id, activity=activity)
    try:
        return services.do_record_attendance(request.user, row, status=payload.status, reason=payload.reason,
                                             contributions=payload.contributions)
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from exc
    except services.ActivityError as exc:
        raise HttpError(400, str(exc)) from exc


@router.get("/rates/{unit_id}", response=RateOut, url_name="activity_rate")
def get_rate(request, unit_id: int, year: int):
    unit = scope.get_visible(request.user, Unit, pk=unit_id)
    return {"unit_id": unit.pk, "year": year, **selectors.attendance_rate(request.user, unit, year)}


@router.get("/rates/{unit_id}/cells", response=list[CellRateOut], url_name="activity_rate_cells")
def get_cell_rates(request, unit_id: int, year: int):
    unit = scope.get_visible(request.user, Unit, pk=unit_id)
    return [{"unit_id": r["unit_id"], "name": r["unit__name"], **{k: r[k] for k in ("meetings", "expected", "present", "rate")}}
            for r in selectors.attendance_by_cell(request.user, unit, year)]


@router.get("/missing/{unit_id}", response=list[CellOut], url_name="activity_missing")
def get_missing(request, unit_id: int, year: int, month: int, limit: int = 1000, offset: int = 0):
    unit = scope.get_visible(request.user, Unit, pk=unit_id)
    if not 1 <= month <= 12:
        raise HttpError(400, _("Tháng phải từ 1 đến 12."))
    limit = max(1, min(limit, 5000))
    return list(selectors.cells_without_regular_meeting(request.user, unit, year, month)[offset : offset + limit])
