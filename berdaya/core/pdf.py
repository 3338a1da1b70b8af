"""PDF documents (letters, certificates) from HTML templates with WeasyPrint, and QR codes."""

from __future__ import annotations

import segno
from django.template.loader import render_to_string


def qr_svg_data_uri(url: str, *, scale: int = 4) -> str:
    """A QR code for ``url`` as an SVG data URI, for <img src> in HTML and PDF templates."""
    return segno.make(url, error="m").svg_data_uri(scale=scale, border=2)


def render_pdf(template_name: str, context: dict, *, base_url: str | None = None) -> bytes:
    """Render a Django template to PDF bytes. Templates keep their CSS inline (no network)."""
    from weasyprint import HTML

    html = render_to_string(template_name, context)
    return HTML(string=html, base_url=base_url).write_pdf()
