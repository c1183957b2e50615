"""Reports of the year's periods as evidence for the yearly grading of cells and committees."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from .models import COUNTED_STATUSES, Submission


def for_units(unit_ids, year: int) -> dict[int, list[tuple[str, str]]]:
    """The unit's own reports for periods ending in the year: sent, and sent on time."""
    rows = (
        Submission.objects.filter(unit_id__in=unit_ids, kind=Submission.Kind.OWN, period__end__year=year)
        .values("unit_id")
        .annotate(sent=Count("id", filter=Q(status__in=COUNTED_STATUSES)),
                  on_time=Count("id", filter=Q(status__in=COUNTED_STATUSES, on_time=True)))
    )
    return {row["unit_id"]: [(_("Báo cáo đúng hạn"), _("%(on_time)d/%(sent)d báo cáo đã gửi") % row)]
            for row in rows}
