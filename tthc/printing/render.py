"""HTML → PDF with WeasyPrint: the shipped fonts, a locked-down URL fetcher, shared caches.

One process-wide FontConfiguration and image cache serve every document (notes/perf.md §3: start-up
and font loading dominate small documents). Templates live in tthc/templates/print/ and are rendered with a
plain Jinja environment, so the CLI, background jobs and tests need no Flask.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import segno
from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..config import PACKAGE_DIR
from ..dates import vn_date, vn_long_date
from ..models.decisions import ACTION_LABELS
from ..records import AGENCY_ROLE_LABELS, CHANNELS, LEVELS, ONLINE_LEVELS

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FAMILY = "TTHC Tinos"  # a private family name: fontconfig can never substitute another font for it
TEMPLATE_DIR = PACKAGE_DIR / "templates" / "print"
# Bump when a print template changes in a way that must invalidate cached sheets and bundles.
LAYOUT_VERSION = "4"

_lock = threading.Lock()
_shared: dict[str, Any] = {}


def method_time(method: dict[str, Any]) -> str:
    """The time limit as every door shows it (records.presence: a bare number is marked)."""
    return method_time_text(method)


def roman(number: int) -> str:
    """I, II, III ... for sector groups and the parts of a decision."""
    numerals = (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    )
    out = ""
    for value, letters in numerals:
        count, number = divmod(number, value)
        out += letters * count
    return out


def qr_data_uri(url: str) -> str:
    """The QR code as an SVG data: URI (embedded, nothing fetched)."""
    return segno.make(url, error="m").svg_data_uri(border=1, scale=4)


from ..records.presence import method_time_text, online_availability, part_state, time_limit_text  # noqa: E402
from ..records.process import check_process_time, step_time_text  # noqa: E402


def jinja_env() -> Environment:
    env = _shared.get("jinja")
    if env is None:
        env = Environment(
            loader=FileSystemLoader(str(TEMPLATE_DIR)),
            autoescape=select_autoescape(["html"]),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        env.filters.update(
            vn_date=vn_date,
            vn_long_date=vn_long_date,
            roman=roman,
            method_time=method_time,
            time_limit_text=time_limit_text,
            qr=qr_data_uri,
            level_label=lambda v: LEVELS.get(v or "", v),
            channel_label=lambda v: CHANNELS.get(v or "", v),
            online_label=lambda v: ONLINE_LEVELS.get(v or "", v),
            action_label=lambda v: ACTION_LABELS.get(v, v),
            step_time=step_time_text,
        )
        env.globals.update(
            process_checks=check_process_time, part_state=part_state, online_availability=online_availability
        )
        env.globals.update(AGENCY_ROLES=AGENCY_ROLE_LABELS, FONT_FAMILY=FONT_FAMILY)
        _shared["jinja"] = env
    return env


def render_html(template: str, **context: Any) -> str:
    return jinja_env().get_template(template).render(**context)


# --- WeasyPrint ------------------------------------------------------------------------------------
def _weasy():
    """Import WeasyPrint once (0.5 s) and build the shared font configuration, stylesheet and caches."""
    with _lock:
        if "fetcher" not in _shared:
            import weasyprint
            from weasyprint.text.fonts import FontConfiguration
            from weasyprint.urls import URLFetcher

            class ShippedOnlyFetcher(URLFetcher):
                """Serves data: URIs and the shipped font files; refuses everything else (no network, no
                other local files), so a record's text can never make the renderer fetch anything."""

                def fetch(self, url, headers=None):
                    scheme = url.split(":", 1)[0].lower()
                    if scheme == "data":
                        return super().fetch(url, headers)
                    if scheme == "file":
                        path = Path(unquote(urlsplit(url).path)).resolve()
                        if path.parent == FONT_DIR and path.suffix == ".ttf":
                            return super().fetch(url, headers)
                    raise ValueError(f"Không tải tài nguyên ngoài khi in: {url[:80]}")

            font_config = FontConfiguration()
            fetcher = ShippedOnlyFetcher(allowed_protocols=("data", "file"))
            css_text = render_html("print.css", font_dir=FONT_DIR.as_uri(), family=FONT_FAMILY)
            stylesheet = weasyprint.CSS(string=css_text, font_config=font_config, url_fetcher=fetcher)
            _shared.update(
                weasyprint=weasyprint, font_config=font_config, fetcher=fetcher, stylesheet=stylesheet, image_cache={}
            )
    return _shared


def layout(html: str):
    """Lay one HTML document out: a weasyprint Document whose pages can be merged with others."""
    shared = _weasy()
    document = shared["weasyprint"].HTML(string=html, base_url=str(TEMPLATE_DIR) + "/", url_fetcher=shared["fetcher"])
    return document.render(
        stylesheets=[shared["stylesheet"]], font_config=shared["font_config"], cache=shared["image_cache"]
    )


def write_pdf(documents: Iterable[Any]) -> bytes:
    """Merge laid-out documents into one PDF: one write, so fonts are subset and embedded once."""
    documents = list(documents)
    pages = [page for document in documents for page in document.pages]
    merged = documents[0].copy(pages)
    buffer = io.BytesIO()
    # Tagged PDF (structure tree in document order, language from <html lang>): screen readers and
    # reflow read headings, lists and tables, and the two-column header blocks in the order written.
    merged.write_pdf(buffer, pdf_tags=True)
    return buffer.getvalue()


def html_to_pdf(html: str) -> bytes:
    return write_pdf([layout(html)])
