"""Server-rendered inline SVG charts: bars by child unit, lines by period (no JavaScript, no CDN)."""

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .numbers import format_number

WIDTH = 640
BAR_HEIGHT = 22
LABEL_WIDTH = 220


def bar_chart(title: str, items: list[tuple[str, Decimal | None]]) -> str:
    """Horizontal bars, one per (label, value); missing values are drawn as 'chưa có'."""
    values = [v for _l, v in items if v is not None]
    top = max(values, default=Decimal(0)) or Decimal(1)
    height = BAR_HEIGHT * len(items) + 30
    span = WIDTH - LABEL_WIDTH - 90
    parts = [f'<svg class="chart bars" role="img" aria-label="{escape(title)}" viewBox="0 0 {WIDTH} {height}" '
             f'width="100%" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>']
    missing = escape(_("chưa có"))
    for i, (label, value) in enumerate(items):
        y = 20 + i * BAR_HEIGHT
        parts.append(f'<text x="{LABEL_WIDTH - 6}" y="{y + 15}" text-anchor="end" font-size="12">{escape(label[:40])}</text>')
        if value is None:
            parts.append(f'<text x="{LABEL_WIDTH + 4}" y="{y + 15}" font-size="12" fill="#888">{missing}</text>')
            continue
        w = max(1, int(span * (Decimal(value) / top))) if value > 0 else 0
        parts.append(f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{w}" height="{BAR_HEIGHT - 6}" fill="#b22222"/>')
        parts.append(f'<text x="{LABEL_WIDTH + w + 4}" y="{y + 15}" font-size="12">{escape(format_number(value))}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def line_chart(title: str, labels: list[str], values: list[Decimal | None]) -> str:
    """A line through the values of consecutive periods; gaps where a period has no figure."""
    height, left, bottom, top_pad = 220, 60, 40, 20
    present = [v for v in values if v is not None]
    top = max(present, default=Decimal(0)) or Decimal(1)
    n = max(len(values), 1)
    step = (WIDTH - left - 20) / max(n - 1, 1)
    plot_h = height - bottom - top_pad

    def xy(i, v):
        return left + i * step, top_pad + plot_h - float(Decimal(v) / top) * plot_h

    parts = [f'<svg class="chart lines" role="img" aria-label="{escape(title)}" viewBox="0 0 {WIDTH} {height}" '
             f'width="100%" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>',
             f'<line x1="{left}" y1="{top_pad + plot_h}" x2="{WIDTH - 10}" y2="{top_pad + plot_h}" stroke="#999"/>',
             f'<text x="{left - 6}" y="{top_pad + 4}" text-anchor="end" font-size="11">{escape(format_number(top))}</text>']
    segment = []
    for i, v in enumerate(values):
        if v is None:
            if len(segment) > 1:
                parts.append(f'<polyline fill="none" stroke="#b22222" stroke-width="2" points="{" ".join(segment)}"/>')
            segment = []
            continue
        x, y = xy(i, v)
        segment.append(f"{x:.1f},{y:.1f}")
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="#b22222"><title>{escape(labels[i])}: {escape(format_number(v))}</title></circle>')
    if len(segment) > 1:
        parts.append(f'<polyline fill="none" stroke="#b22222" stroke-width="2" points="{" ".join(segment)}"/>')
    for i, label in enumerate(labels):
        if n <= 12 or i % 2 == 0:
            parts.append(f'<text x="{left + i * step:.1f}" y="{height - 15}" text-anchor="middle" font-size="10">{escape(label)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))
