from django import template
from django.utils.html import format_html

from chibo.text import format_number

from ..models import STATE_BADGES, TaskState

register = template.Library()


@register.simple_tag
def state_badge(state: str):
    """The shown state as a coloured badge."""
    return format_html('<span class="badge {}" data-state="{}">{}</span>', STATE_BADGES.get(state, ""), state,
                       TaskState(state).label)


@register.filter
def num(value):
    """A count as written in Vietnamese (1.234.567): one fast call, for pages with thousands of them."""
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}".replace(",", ".")
    return "" if value is None or value == "" else format_number(value)


@register.filter
def pct(value):
    """A percentage with one decimal, Vietnamese style (66,7%); empty when there is none."""
    return "" if value is None else f"{format_number(value, decimals=1)}%"
