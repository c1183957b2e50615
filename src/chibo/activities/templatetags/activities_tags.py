"""Template filters of activities."""

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def percent(value, digits: int = 1) -> str:
    """0.923 → "92,3 %" (Vietnamese decimal comma); None → "—"."""
    if value is None or value == "":
        return "—"
    return f"{number_format(float(value) * 100, decimal_pos=int(digits))} %"


@register.filter
def duration(minutes) -> str:
    if not minutes:
        return "—"
    hours, rest = divmod(int(minutes), 60)
    if hours:
        return _("%(hours)d giờ %(minutes)02d phút") % {"hours": hours, "minutes": rest}
    return _("%(minutes)d phút") % {"minutes": rest}
