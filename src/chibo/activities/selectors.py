"""Reads of activities, attendance and their roll-ups: every query starts from the scope helper."""

import calendar
import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Sum
from django.http import Http404
from django.utils.html import escape, linebreaks

from chibo import text
from chibo.accounts import scope
from chibo.members.models import Person
from chibo.orgs.models import Unit, UnitKind, subtree_q

from .models import (
    Activity,
    ActivityKind,
    ActivityStatus,
    Attachment,
    AttachmentKind,
    Attendance,
    AttendanceStatus,
    AttendeeCategory,
)


def visible_activities(user):
    return scope.visible(user, Activity).select_related("unit")


def activities_of(user, unit: Unit | None = None, *, include_subtree: bool = True):
    qs = visible_activities(user)
    if unit is not None:
        qs = qs.filter(subtree_q([unit], prefix="unit__")) if include_subtree else qs.filter(unit=unit)
    return qs


def attendance_rows(activity: Activity):
    """The activity's attendance, members first, then sympathisers, then guests."""
    order = {AttendeeCategory.MEMBER: 0, AttendeeCategory.SYMPATHISER: 1, AttendeeCategory.GUEST: 2}
    rows = list(activity.attendance.select_related("person"))
    return sorted(rows, key=lambda r: (order[r.category], r.person.name_folded if r.person_id else r.guest_name.lower(), r.pk))


def display_title(activity: Activity) -> str:
    """“Tọa đàm: Vai trò của đảng viên…”, without saying the kind twice when the topic already names it
    (“Sinh hoạt chuyên đề: nâng cao chất lượng…”, a regular meeting titled “Sinh hoạt chi bộ thường kỳ”)."""
    kind = activity.get_kind_display()
    if text.fold(activity.topic).startswith(text.fold(kind)):
        return activity.topic
    return f"{kind}: {activity.topic}"


def topic_phrase(activity: Activity) -> str:
    """The topic as said after the kind: “… tổ chức sinh hoạt chuyên đề về “nâng cao chất lượng…””."""
    kind, topic = activity.get_kind_display(), activity.topic
    if text.fold(topic).startswith(text.fold(kind)):
        return topic[len(kind):].lstrip(" :–-") or topic
    return topic


def linked_documents(user, activity: Activity):
    """The registry's documents the activity carries out, those the user may see."""
    from chibo.documents.selectors import visible_documents

    return visible_documents(user).filter(activities=activity).order_by("issued_on", "id")


def linked_task(user, activity: Activity):
    """The assigned task the activity answers, if the user may see it."""
    from chibo.assignments.models import AssigneeTask

    if activity.task_id is None:
        return None
    return scope.visible(user, AssigneeTask).select_related("assignment").filter(pk=activity.task_id).first()


@dataclass(frozen=True)
class Counts:
    """Số lượng trong biên bản: how many of each category came, read from the activity."""

    members_expected: int
    members_present: int
    members_absent_excused: int
    members_absent_unexcused: int
    sympathisers_present: int
    guests_present: int
    contributions: int

    @property
    def present_total(self) -> int:
        return self.members_present + self.sympathisers_present + self.guests_present

    @property
    def members_unmarked(self) -> int:
        """Members on the list not yet marked present or absent."""
        return max(0, self.members_expected - self.members_present - self.members_absent_excused
                   - self.members_absent_unexcused)

    @classmethod
    def of(cls, activity: Activity) -> "Counts":
        return cls(**{f: getattr(activity, f) for f in cls.__dataclass_fields__})


def contributors(activity: Activity) -> list[Attendance]:
    return [r for r in attendance_rows(activity) if r.contributions]


def month_bounds(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, month, 1), datetime.date(year, month, calendar.monthrange(year, month)[1])


def calendar_month(user, unit: Unit, year: int, month: int) -> list[list[tuple[datetime.date | None, list[Activity]]]]:
    """Lịch tháng: weeks (Monday first) of (day, activities of the unit's subtree that day)."""
    first, last = month_bounds(year, month)
    items: dict[datetime.date, list[Activity]] = {}
    for activity in activities_of(user, unit).filter(on__gte=first, on__lte=last).order_by("on", "starts_at", "id")[:2000]:
        items.setdefault(activity.on, []).append(activity)
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append([(day if day.month == month else None, items.get(day, []) if day.month == month else []) for day in week])
    return weeks


def held_regular_q(first: datetime.date, last: datetime.date) -> Q:
    return Q(kind=ActivityKind.REGULAR, status=ActivityStatus.HELD, on__gte=first, on__lte=last)


def cells_without_regular_meeting(user, root: Unit, year: int, month: int):
    """Chi bộ chưa sinh hoạt thường kỳ trong tháng: current cells of the subtree, one query.

    A cell counts as having met when a regular meeting of that month is recorded as held.
    """
    first, last = month_bounds(year, month)
    held = Activity.objects.filter(held_regular_q(first, last), unit=OuterRef("pk"))
    cells = scope.visible(user, Unit).filter(subtree_q([root])).filter(kind__in=(UnitKind.CELL, UnitKind.GRASSROOTS_CELL))
    return cells.current(on=last).filter(~Exists(held)).order_by("path")


def parent_names(units) -> dict[int, str]:
    """The name of each unit's direct superior, in one query (for a page of cells)."""
    units = list(units)
    paths = {u.pk: u.path[: -Unit.steplen] for u in units if u.depth > 1}
    names = dict(Unit.objects.filter(path__in=set(paths.values())).values_list("path", "name"))
    return {pk: names.get(path, "") for pk, path in paths.items()}


def _rate(present, expected):
    return round(present / expected, 4) if expected else None


def attendance_rate(user, root: Unit, year: int) -> dict:
    """Tỷ lệ đảng viên dự sinh hoạt thường kỳ over a year in a subtree: one aggregate query."""
    figures = (
        activities_of(user, root)
        .filter(held_regular_q(datetime.date(year, 1, 1), datetime.date(year, 12, 31)))
        .aggregate(meetings=Count("id"), expected=Sum("members_expected", default=0),
                   present=Sum("members_present", default=0), contributions=Sum("contributions", default=0))
    )
    figures["rate"] = _rate(figures["present"], figures["expected"])
    return figures


def attendance_by_cell(user, root: Unit, year: int):
    """Per cell of the subtree: meetings held, members expected and present, rate. One grouped query."""
    rows = (
        activities_of(user, root)
        .filter(held_regular_q(datetime.date(year, 1, 1), datetime.date(year, 12, 31)))
        .values("unit_id", "unit__name", "unit__path")
        .annotate(meetings=Count("id"), expected=Sum("members_expected"), present=Sum("members_present"),
                  contributions=Sum("contributions"))
        .order_by("unit__path")
    )
    return [{**row, "rate": _rate(row["present"], row["expected"])} for row in rows]


def attendance_by_member(user, root: Unit, year: int):
    """Per member invited to the subtree's regular meetings of the year: invited, present, rate."""
    rows = (
        scope.visible(user, Attendance)
        .filter(subtree_q([root], prefix="activity__unit__"), person__isnull=False, category=AttendeeCategory.MEMBER)
        .filter(activity__kind=ActivityKind.REGULAR, activity__status=ActivityStatus.HELD,
                activity__on__gte=datetime.date(year, 1, 1), activity__on__lte=datetime.date(year, 12, 31))
        .values("person_id", "person__full_name", "person__unit_id")
        .annotate(invited=Count("id"), present=Count("id", filter=Q(status=AttendanceStatus.PRESENT)),
                  contributions=Sum("contributions"))
        .order_by("person__unit_id", "person__full_name", "person_id")
    )
    return [{**row, "rate": _rate(row["present"], row["invited"])} for row in rows]


def invitations_for(user, *, days_back: int = 31):
    """Giấy mời của tôi: activities the user's own member record is invited to, upcoming first.

    Each row's activity carries `readings`: the documents sent ahead to read before it.
    """
    person = getattr(user, "person", None)
    if person is None:
        return Attendance.objects.none()
    since = datetime.date.today() - datetime.timedelta(days=days_back)
    return (
        Attendance.objects.filter(person=person, activity__on__gte=since)
        .exclude(activity__status=ActivityStatus.CANCELLED)
        .select_related("activity", "activity__unit")
        .prefetch_related(Prefetch("activity__attachments", to_attr="readings",
                                   queryset=Attachment.objects.filter(kind=AttachmentKind.READING).order_by("id")))
        .order_by("activity__on", "activity__starts_at")
    )


def readings_of(activity: Activity):
    """Tài liệu gửi trước: the documents to read before the activity."""
    return activity.attachments.filter(kind=AttachmentKind.READING).order_by("id")


def attachment_for(user, pk: int) -> Attachment:
    """A file of an activity in the user's scope, or a document sent ahead to an invitee; else 404."""
    found = scope.visible(user, Attachment).filter(pk=pk).first()
    person = getattr(user, "person", None)
    if found is None and person is not None:
        found = Attachment.objects.filter(pk=pk, kind=AttachmentKind.READING, activity__attendance__person=person).first()
    if found is None:
        raise Http404
    return found


def announced_meeting(activity: Activity) -> Activity | None:
    """The regular meeting that the activity announced for next month, once it is on the calendar."""
    on = activity.next_meeting_on
    if on is None:
        return None
    return (
        Activity.objects.filter(unit_id=activity.unit_id, kind=ActivityKind.REGULAR, on=on)
        .exclude(status=ActivityStatus.CANCELLED).exclude(pk=activity.pk).order_by("id").first()
    )


def checkin_target(user, activity_id: int) -> Activity:
    """The activity a member may check in to: one they are invited to, or one in their scope."""
    person = getattr(user, "person", None)
    qs = Activity.objects.select_related("unit")
    q = scope.scope_q(user, Activity) or Q()
    if person is not None:
        q |= Q(attendance__person=person) | Q(unit_id=person.unit_id)
    activity = qs.filter(q, pk=activity_id).distinct().first()
    if activity is None:
        raise Http404
    return activity


def people_to_invite(user, activity: Activity):
    """People of the unit's subtree not yet on the list (sympathisers, members of other cells)."""
    taken = activity.attendance.filter(person__isnull=False).values("person_id")
    return (
        scope.visible(user, Person).filter(subtree_q([activity.unit], prefix="unit__"))
        .exclude(pk__in=taken).exclude(status="left").order_by("name_folded")[:500]
    )


def news_site(activity: Activity):
    """The portal site that would carry the activity's news: its unit's, or the nearest ancestor's."""
    from chibo.portal.services import site_for_unit

    return site_for_unit(activity.unit)


def news_body_html(activity: Activity) -> str:
    """The draft article's body: who met, when, how many came and spoke, then the minutes' text."""
    counts = Counts.of(activity)
    opening = (
        f"Ngày {activity.on:%d/%m/%Y}, {activity.unit.name} tổ chức {activity.get_kind_display().lower()} "
        f"về chủ đề “{topic_phrase(activity)}”"
        + (f" với sự chủ trì của đồng chí {activity.chair.full_name}" if activity.chair_id else "")
        + f", với sự tham gia của {counts.members_present:02d} đảng viên"
        + (f", {counts.sympathisers_present:02d} cảm tình đảng" if counts.sympathisers_present else "")
        + (f", {counts.guests_present:02d} khách mời" if counts.guests_present else "") + "."
    )
    parts = [f"<p>{escape(opening)}</p>"]
    if counts.contributions:
        parts.append(f"<p>{escape(f'Buổi {activity.get_kind_display().lower()} có {counts.contributions} lượt ý kiến phát biểu.')}</p>")
    for part in (activity.contents, activity.conclusions):
        if part:
            parts.append(linebreaks(escape(part)))
    return "".join(parts)


def regular_meeting_figures(units, first: datetime.date, last: datetime.date) -> dict[int, dict]:
    """For each unit: regular meetings held in [first, last] in its subtree, members expected and present.

    One query with a conditional aggregate per unit (the caller has already scoped `units`).
    """
    units = list(units)
    if not units:
        return {}
    aggregates = {}
    for unit in units:
        within = subtree_q([unit], prefix="unit__")
        aggregates |= {
            f"m{unit.pk}": Count("id", filter=within),
            f"e{unit.pk}": Sum("members_expected", filter=within, default=0),
            f"p{unit.pk}": Sum("members_present", filter=within, default=0),
        }
    row = Activity.objects.filter(held_regular_q(first, last)).filter(subtree_q(units, prefix="unit__")).aggregate(**aggregates)
    return {
        u.pk: {"meetings": row[f"m{u.pk}"], "expected": row[f"e{u.pk}"], "present": row[f"p{u.pk}"],
               "rate": _rate(row[f"p{u.pk}"], row[f"e{u.pk}"])}
        for u in units
    }


HELD_FIGURES = ("members_present", "sympathisers_present", "guests_present", "contributions")


def held_activity_figures(units, first: datetime.date, last: datetime.date) -> dict[int, dict]:
    """For each unit: activities of every kind held in [first, last] in its subtree, attendance by
    category and contributions, as the check-in left them. One query (the caller has scoped `units`)."""
    units = list(units)
    if not units:
        return {}
    aggregates = {}
    for unit in units:
        within = subtree_q([unit], prefix="unit__")
        aggregates[f"n{unit.pk}"] = Count("id", filter=within)
        aggregates |= {f"{name}{unit.pk}": Sum(name, filter=within, default=0) for name in HELD_FIGURES}
    row = (
        Activity.objects.filter(status=ActivityStatus.HELD, on__gte=first, on__lte=last)
        .filter(subtree_q(units, prefix="unit__")).aggregate(**aggregates)
    )
    return {
        u.pk: {"activities": row[f"n{u.pk}"], **{name: row[f"{name}{u.pk}"] for name in HELD_FIGURES}} for u in units
    }


def activity_totals(user, root: Unit, first: datetime.date, last: datetime.date) -> dict:
    """All activities held in a subtree over a span: attendance by category and contributions, one query."""
    return (
        activities_of(user, root).filter(status=ActivityStatus.HELD, on__gte=first, on__lte=last)
        .aggregate(activities=Count("id"), members_present=Sum("members_present", default=0),
                   sympathisers_present=Sum("sympathisers_present", default=0),
                   guests_present=Sum("guests_present", default=0), contributions=Sum("contributions", default=0))
    )
