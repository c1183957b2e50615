"""Dashboard panels: each app may offer `chibo.<app>.dashboard.panel(request, unit)`.

A panel returns None or a dict {"title", "template", "context"} rendered on the dashboard.
"""

from importlib import import_module
from importlib.util import find_spec

PANEL_APPS = ("documents", "assignments", "reporting", "activities", "bookshelves", "portal")


def dashboard_panels(request, unit) -> list[dict]:
    panels = []
    for app in PANEL_APPS:
        if find_spec(f"chibo.{app}.dashboard"):
            panel = import_module(f"chibo.{app}.dashboard").panel(request, unit)
            if panel:
                panels.append(panel)
    return panels
