"""QR codes for printable copy labels (segno → inline SVG, nothing fetched from the network)."""

import io

import segno
from django.utils.safestring import mark_safe


def qr_svg(data: str, scale: int = 2) -> str:
    """An inline <svg> QR code of `data`."""
    buffer = io.BytesIO()
    segno.make(data, error="m").save(buffer, kind="svg", scale=scale, xmldecl=False, svgns=True, nl=False, border=1)
    return mark_safe(buffer.getvalue().decode())
