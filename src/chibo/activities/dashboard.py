"""Dashboard panel: upcoming activities of the unit's subtree and cells yet to meet this month."""

from django.utils import timezone
from django.utils.translation import gettext as _

from . import selectors


def panel(request, unit):
    today = timezone.localdate()
    upcoming = list(selectors.activities_of(request.user, unit).filter(on__gte=today).order_by("on", "starts_at")[:5])
    missing = None
    if not unit.is_cell:
        missing = selectors.cells_without_regular_meeting(request.user, unit, today.year, today.month).count()
    if not upcoming and not missing:
        return None
    return {"title": _("Hoạt động"), "template": "activities/_dashboard.html",
            "context": {"upcoming": upcoming, "missing": missing, "unit": unit, "today": today}}
