from django import template

from chibo.reporting.numbers import format_number

register = template.Library()


@register.filter
def vn_number(value):
    """1600000 → 1.600.000; 219.2 → 219,2; None → —."""
    return "—" if value is None or value == "" else format_number(value)


@register.filter
def figure(row, code):
    """The value of indicator `code` in a roll-up row."""
    f = row.figures.get(code)
    return None if f is None else f.value
