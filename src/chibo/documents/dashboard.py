"""Dashboard panel: the latest documents of the user's unit."""

from django.utils.translation import gettext as _

from .selectors import visible_documents


def panel(request, unit):
    if unit is None:
        return None
    latest = list(visible_documents(request.user, mine=True).filter(owner__path__startswith=unit.path)[:5])
    return {"title": _("Văn bản mới"), "template": "documents/_panel.html", "context": {"documents": latest}}
