"""Assignments due in the year as evidence for the yearly grading of cells and committees."""

import datetime

from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate
from django.utils.translation import gettext as _

from .models import DELIVERED_STATES, AssigneeTask, overdue_q


def for_units(unit_ids, year: int) -> dict[int, list[tuple[str, str]]]:
    """Tasks due in the year: how many, how many delivered by their deadline, how many overdue now."""
    today = datetime.date.today()
    rows = (
        AssigneeTask.objects.filter(unit_id__in=unit_ids, due_on__year=year)
        .annotate(submitted_on=TruncDate("submitted_at"))
        .values("unit_id")
        .annotate(
            due=Count("id"),
            on_time=Count("id", filter=Q(state__in=DELIVERED_STATES, submitted_on__lte=F("due_on"))),
            overdue=Count("id", filter=overdue_q(today)),
        )
    )
    return {
        row["unit_id"]: [
            (_("Nhiệm vụ đúng hạn"), _("%(on_time)d/%(due)d") % row),
            (_("Nhiệm vụ quá hạn"), str(row["overdue"])),
        ]
        for row in rows
    }
