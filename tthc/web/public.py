"""Public pages (no login): the catalogue in force, search and browse, one procedure, open data;
any past date via ?ngay=."""
from __future__ import annotations

import datetime as dt
import io
import threading
import zlib
from collections import OrderedDict
from itertools import groupby
from urllib.parse import quote_plus

from flask import Blueprint, abort, current_app, render_template, request, send_file, url_for
from markupsafe import Markup

from ..catalogue.designations import DESIGNATIONS, filter_by_designation, groups_of, procedure_designations
from ..catalogue.queries import (
    catalogue_on,
    current_revision,
    history,
    latest_version,
    revision_on,
    source_decision_number,
)
from ..catalogue.service_points import list_service_points
from ..decisions.effect import announced_version
from ..decisions.forms import public_form, version_forms
from ..records import CHANNELS, LEVELS
from ..records.presence import ONLINE_AVAILABILITY, not_recorded_text, online_availability
from ..search import STATUS_LABELS, SearchQuery, SearchService, service_for
from ..search.query import count_facets
from ..security import clean_query
from ..text import sort_key
from . import db_session, requested_date, services
from .caching import conditional
from .history import ATTACHMENT_CSP
from .search_log import log_opened, log_public_search

bp = Blueprint("public", __name__)
LEVEL_ORDER = list(LEVELS)
# Page parameter → SearchQuery field (Vietnamese in the address bar, English in the code).
PAGE_FILTERS = {"cap": "level", "linh_vuc": "sector", "co_quan": "agency", "kenh": "channel",
                "truc_tuyen": "online_level", "trang_thai": "status"}
FACET_PARAMS = {"level": "cap", "sector": "linh_vuc", "agency": "co_quan", "channels": "kenh",
                "online_level": "truc_tuyen", "status": "trang_thai"}
PARAM_FACETS = {param: field for field, param in FACET_PARAMS.items()}
FACET_TITLES = {"level": "Cấp thực hiện", "sector": "Lĩnh vực", "agency": "Cơ quan thực hiện",
                "channels": "Cách thức nộp", "online_level": "Dịch vụ công trực tuyến", "status": "Tình trạng"}
FACET_LABELS = {"level": LEVELS, "channels": CHANNELS, "online_level": ONLINE_AVAILABILITY, "status": STATUS_LABELS}
PER_PAGE = 20
NATIONAL_PORTAL = "https://dichvucong.gov.vn"


def search_service() -> SearchService:
    """One search service per process (its searcher stays open between requests)."""
    extensions = current_app.extensions
    if "tthc_search" not in extensions:
        settings = dict(services().settings)
        if current_app.testing:  # answers must follow each change at once, without threads
            settings.setdefault("SEARCH_BACKGROUND_REBUILD", False)
            settings.setdefault("SEARCH_CHECK_SECONDS", 0)
        extensions["tthc_search"] = service_for(settings, services().session_factory)
    return extensions["tthc_search"]


def page_number(raw: str | None) -> int:
    try:
        return max(1, min(500, int(raw or 1)))
    except ValueError:
        return 1


def group_catalogue(versions):
    """[(level, [(sector, [versions])])]: levels in administrative order, sectors alphabetically."""
    by_level = sorted(versions, key=lambda v: (LEVEL_ORDER.index(v.level) if v.level in LEVEL_ORDER else 99,
                                               sort_key(v.sector), v.sort_key))
    grouped = []
    for level, in_level in groupby(by_level, key=lambda v: v.level):
        sectors = [(sector, list(items)) for sector, items in groupby(in_level, key=lambda v: v.sector)]
        grouped.append((level, sectors))
    return grouped


def browse_lists(versions) -> dict[str, list[tuple[str, int]]]:
    """Levels (administrative order), sectors and agencies (Vietnamese alphabetical) with counts."""
    facets = count_facets({"level": v.level, "sector": v.sector, "agency": v.agency} for v in versions)
    facets["level"].sort(key=lambda item: LEVEL_ORDER.index(item[0]) if item[0] in LEVEL_ORDER else 99)
    return {k: facets[k] for k in ("level", "sector", "agency")}


@bp.route("/")
@conditional()
def index():
    on_date = requested_date()
    session = db_session()
    versions = catalogue_on(session, on_date or dt.date.today())
    revision = revision_on(session, on_date) if on_date else current_revision(session)
    points = list_service_points(session)
    point_id = request.args.get("noi", type=int)
    designation = request.args.get("danh_muc", "")
    chosen = next((p for p in points if p.id == point_id), None)
    if chosen is not None or designation in DESIGNATIONS:
        versions = filter_by_designation(session, versions, on_date or dt.date.today(), chosen,
                                         designation if designation in DESIGNATIONS else "")
    return render_template("public/catalogue.html", groups=group_catalogue(versions), total=len(versions),
                           points=points, chosen_point=chosen, designation=designation, DESIGNATIONS=DESIGNATIONS,
                           on_date=on_date, revision=revision, browse=browse_lists(versions),
                           facet_params=FACET_PARAMS, facet_titles=FACET_TITLES, facet_labels=FACET_LABELS)


def search_state() -> str:
    return search_service().state()


@bp.route("/tim-kiem")
@conditional(extra=search_state)
def search():
    on_date = requested_date()
    query = SearchQuery(text=clean_query(request.args.get("q", "")), page=page_number(request.args.get("trang")),
                        per_page=PER_PAGE, **{field: request.args.get(param, "").strip()
                                              for param, field in PAGE_FILTERS.items()})
    result = search_service().search(query, on_date)
    # The gaps page is about the catalogue in force (what a synonym can still fix): a search on a
    # past date is history reading and is not logged (nor does it pay for a write).
    logged = query.text and query.page == 1 and on_date is None
    log_id = log_public_search(query.text, result) if logged else None
    active = {param: request.args[param] for param in PAGE_FILTERS if request.args.get(param)}
    page_url = _page_urls()
    return render_template("public/search.html", result=result, query=query, on_date=on_date, active=active,
                           facet_params=FACET_PARAMS, facet_titles=FACET_TITLES, facet_labels=FACET_LABELS,
                           param_facets=PARAM_FACETS, page_url=page_url, log_id=log_id,
                           portal=NATIONAL_PORTAL, facets_html=facets_html(result, active, page_url))


FACETS_CACHE_SIZE = 256
_facets_lock = threading.Lock()


def facets_html(result, active: dict[str, str], page_url) -> Markup:
    """The facet lists with their links (hundreds at a large catalogue: most of the page's rendering),
    rendered once per answer and address: the catalogue state the answer reflects (a past date's
    state names the catalogue of that date), the search's own parameters (the links carry them; the
    page number is not among them) and whether the answer is stale. Bounded LRU per application."""
    address = tuple(sorted((k, request.args[k][:200]) for k in SEARCH_PARAMS if request.args.get(k)))
    key = (result.state, result.stale, address)
    cache: OrderedDict[tuple, Markup] = current_app.extensions.setdefault("tthc_facets_html", OrderedDict())
    with _facets_lock:
        cached = cache.get(key)
        if cached is not None:
            cache.move_to_end(key)
            return cached
    html = Markup(render_template("public/_facets.html", result=result, active=active, facet_params=FACET_PARAMS,
                                  facet_titles=FACET_TITLES, facet_labels=FACET_LABELS, page_url=page_url))
    with _facets_lock:
        cache[key] = html
        while len(cache) > FACETS_CACHE_SIZE:
            cache.popitem(last=False)
    return html


SEARCH_PARAMS = ("q", "ngay", *PAGE_FILTERS)  # what a search link carries; anything else is dropped


def _page_urls():
    """page_url(**changes) for the template: this search's address with some parameters changed (None
    removes one); the page resets to 1. Only the search's own parameters are kept (bounded in length),
    so junk in the address is not repeated in every link. The base is read once per page: a large
    catalogue's facets make hundreds of links."""
    base_path = url_for("public.search")
    base = {k: request.args[k][:200] for k in SEARCH_PARAMS if request.args.get(k)}
    quoted: dict[str, str] = {}  # each value is encoded once per page, not once per link

    def encoded(value) -> str:
        text = str(value)
        if text not in quoted:
            quoted[text] = quote_plus(text)
        return quoted[text]

    def page_url(**changes) -> str:
        args = dict(base)
        for key, value in changes.items():
            if value is None:
                args.pop(key, None)
            else:
                args[key] = value
        return base_path + ("?" + "&".join(f"{key}={encoded(value)}" for key, value in args.items()) if args else "")
    return page_url


@bp.route("/mau-don/<int:form_id>/<path:filename>")
def form_file(form_id: int, filename: str):
    """A form (mẫu đơn, tờ khai) of a published procedure version: always a download, never rendered
    in the site's origin (sandbox CSP, nosniff)."""
    found = public_form(db_session(), form_id)
    if found is None or found.content is None:
        abort(404)
    response = send_file(io.BytesIO(found.content), mimetype=found.content_type, as_attachment=True,
                         download_name=found.filename, etag=found.sha256, max_age=3600)
    response.headers["Content-Security-Policy"] = ATTACHMENT_CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def feedback_state() -> str:
    """The procedure page shows the feedback address setting: a changed setting is a changed page."""
    return zlib.crc32(current_app.config.get("FEEDBACK_ADDRESS", "").encode()).to_bytes(4, "big").hex()


@bp.route("/thu-tuc/<path:code>")
@conditional(extra=feedback_state)
def procedure(code: str):
    log_opened(request.args.get("tk"))
    on_date = requested_date()
    session = db_session()
    version = latest_version(session, code, on_date or dt.date.today())
    versions = history(session, code)
    announced = None if on_date else announced_version(session, code, dt.date.today())
    if not versions and announced is None:
        abort(404)
    record = version.record if version else (announced[1].record if announced else None)
    day = on_date or dt.date.today()
    linked_groups = groups_of(session, code, day)
    members = {m["code"] for g in linked_groups for m in g.record["members"]}
    member_names = {v.code: v.name for v in catalogue_on(session, day) if v.code in members}
    designations = procedure_designations(session, code, day)
    shown = version if version is not None and version.state == "in_force" else None
    number = source_decision_number(version) if version else announced[0].number if announced else ""
    return render_template("public/procedure.html", version=version, versions=versions, code=code,
                           on_date=on_date, record=record, announced=announced, designations=designations,
                           linked_groups=linked_groups, member_names=member_names,
                           missing=not_recorded_text(record, number) if record else "",
                           online=online_availability(record or {}, {d["designation"] for d in designations}),
                           form_files=version_forms(session, versions, shown),
                           feedback_address=current_app.config.get("FEEDBACK_ADDRESS", ""))
