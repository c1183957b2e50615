"""Dashboard panel: completeness of the unit's reports for the period just ended, and approvals waiting."""

from django.utils.translation import gettext as _

from chibo.accounts import scope

from . import selectors, services


def panel(request, unit):
    if unit is None or not scope.can_see_unit(request.user, unit):
        return None
    forms = list(selectors.visible_forms(request.user)[:5])
    if not forms:
        return None
    rows = []
    for form in forms:
        if form.period_kind == "custom":
            continue
        period = services.last_ended_period(form.period_kind)
        rows.append({"form": form, "period": period, "row": selectors.unit_totals(unit, form, period)})
    return {
        "title": _("Báo cáo số liệu"),
        "template": "reporting/dashboard_panel.html",
        "context": {"unit": unit, "rows": rows, "pending": selectors.pending_approvals(request.user).count()},
    }
