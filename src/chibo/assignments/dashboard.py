"""Dashboard panel: the user's open tasks and the latest assignments their units issued."""

from django.utils.translation import gettext_lazy as _

from . import clock, selectors


def panel(request, unit) -> dict | None:
    user = request.user
    today = clock.today()
    counts = selectors.inbox_counts(user, today)
    issued = [(a, selectors.summary(a, today)) for a in selectors.issued_assignments(user)[:5]]
    if not counts["total"] and not issued:
        return None
    return {"title": _("Nhiệm vụ"), "template": "assignments/_dashboard_panel.html",
            "context": {"counts": counts, "issued": issued}}
