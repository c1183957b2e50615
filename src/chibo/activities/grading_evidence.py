"""Meeting attendance as evidence for the yearly grading (one grouped query per call)."""

import datetime

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractMonth
from django.utils.translation import gettext as _

from .models import Activity, ActivityKind, ActivityStatus, Attendance, AttendanceStatus, AttendeeCategory


def _year(prefix: str, year: int) -> Q:
    return Q(**{f"{prefix}on__gte": datetime.date(year, 1, 1), f"{prefix}on__lte": datetime.date(year, 12, 31)})


def for_people(person_ids, year: int) -> dict[int, list[tuple[str, str]]]:
    """Regular cell meetings a member was invited to in the year, how many attended, contributions."""
    rows = (
        Attendance.objects.filter(person_id__in=person_ids, category=AttendeeCategory.MEMBER,
                                  activity__kind=ActivityKind.REGULAR, activity__status=ActivityStatus.HELD)
        .filter(_year("activity__", year))
        .values("person_id")
        .annotate(invited=Count("id"), present=Count("id", filter=Q(status=AttendanceStatus.PRESENT)),
                  contributions=Sum("contributions"))
    )
    return {
        row["person_id"]: [
            (_("Dự sinh hoạt chi bộ"), _("%(present)d/%(invited)d buổi") % row),
            (_("Ý kiến phát biểu"), str(row["contributions"] or 0)),
        ]
        for row in rows
    }


def for_units(unit_ids, year: int) -> dict[int, list[tuple[str, str]]]:
    """Months of the year in which the unit held its regular meeting."""
    rows = (
        Activity.objects.filter(unit_id__in=unit_ids, kind=ActivityKind.REGULAR, status=ActivityStatus.HELD)
        .filter(_year("", year))
        .values("unit_id")
        .annotate(months=Count(ExtractMonth("on"), distinct=True))
    )
    return {row["unit_id"]: [(_("Tháng có sinh hoạt thường kỳ"), _("%(months)d/12") % row)] for row in rows}
