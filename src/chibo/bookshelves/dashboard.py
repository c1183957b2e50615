"""Dashboard panel: the unit's shelf figures and campaign targets with their progress."""

from django.utils.translation import gettext as _

from . import selectors


def panel(request, unit) -> dict | None:
    figures = selectors.subtree_figures(unit)
    targets = selectors.target_progress(request.user, unit)
    if not figures["shelves"] and not targets:
        return None
    return {
        "title": _("Tủ sách chi bộ"),
        "template": "bookshelves/dashboard_panel.html",
        "context": {"figures": figures, "targets": targets, "unit": unit},
    }
