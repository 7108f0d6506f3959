"""Public pages (no login): the catalogue in force, search and browse, one procedure, open data;
any past date via ?ngay=."""

from __future__ import annotations

import datetime as dt
import secrets
import threading
import zlib
from collections import OrderedDict
from collections.abc import Callable
from itertools import groupby
from types import SimpleNamespace
from typing import Any
from urllib.parse import quote_plus

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from markupsafe import Markup
from sqlalchemy import select

from ..catalogue.agencies import feedback_address, load_register
from ..catalogue.designations import (
    DESIGNATIONS,
    filter_by_designation,
)
from ..catalogue.queries import (
    catalogue_rows,
    current_revision,
    revision_on,
    version_rows,
)
from ..catalogue.service_points import list_service_points
from ..decisions.effect import announced_decisions
from ..decisions.form_files import public_form
from ..decisions.policy import visible_to
from ..models.decisions import Decision, DecisionKind
from ..procedure_view import procedure_view
from ..records import CHANNELS, LEVELS
from ..records.presence import ONLINE_AVAILABILITY
from ..search import STATUS_LABELS, SearchQuery, SearchService, service_for
from ..search.query import count_facets
from ..security import clean_query
from ..text import ascii_number, sort_key
from . import db_session, requested_date, services
from .caching import conditional, current_state, per_state, shared_with_anyone
from .downloads import send_download
from .events import events_in_force
from .history import ATTACHMENT_CSP
from .paging import paginate
from .search_log import log_opened, log_public_search, opened_token

bp = Blueprint("public", __name__)
LEVEL_ORDER = list(LEVELS)
# Page parameter → SearchQuery field (Vietnamese in the address bar, English in the code).
PAGE_FILTERS = {
    "cap": "level",
    "linh_vuc": "sector",
    "co_quan": "agency",
    "kenh": "channel",
    "truc_tuyen": "online_level",
    "trang_thai": "status",
}
FACET_PARAMS = {
    "level": "cap",
    "sector": "linh_vuc",
    "agency": "co_quan",
    "channels": "kenh",
    "online_level": "truc_tuyen",
    "status": "trang_thai",
}
PARAM_FACETS = {param: field for field, param in FACET_PARAMS.items()}
FACET_TITLES = {
    "level": "Cấp thực hiện",
    "sector": "Lĩnh vực",
    "agency": "Cơ quan thực hiện",
    "channels": "Cách thức nộp",
    "online_level": "Dịch vụ công trực tuyến",
    "status": "Tình trạng",
}
FACET_LABELS = {"level": LEVELS, "channels": CHANNELS, "online_level": ONLINE_AVAILABILITY, "status": STATUS_LABELS}
PER_PAGE = 20
NATIONAL_PORTAL = "https://dichvucong.gov.vn"


def search_service() -> SearchService:
    """One search service per process (its searcher stays open between requests)."""
    extensions = current_app.extensions
    if "tthc_search" not in extensions:
        # Under test, answers must follow each change at once, without threads (unless a test says otherwise).
        extensions["tthc_search"] = service_for(
            services().settings, services().session_factory, quiet=current_app.testing
        )
    return extensions["tthc_search"]


def page_number(raw: str | None) -> int:
    """?trang=: a page from 1 to 500; anything that is not ASCII digits is page 1."""
    return max(1, min(500, ascii_number(raw, 10**9) or 1))


LIST_PER_PAGE = 50
# ?sap_xep= on the list: the order and what it groups by (the administrative order groups by level and sector).
LIST_ORDERS = {
    "": "Theo cấp và lĩnh vực",
    "ten": "Theo tên (A–Z)",
    "ma": "Theo mã thủ tục",
    "moi": "Mới có hiệu lực trước",
}
LIST_FILTERS = {"cap": "level", "linh_vuc": "sector", "co_quan": "agency"}
LIST_PARAMS = ("noi", "danh_muc", "trang", "sap_xep", *LIST_FILTERS)
NOT_RECORDED = "chua-xac-dinh"  # ?cap=…, ?linh_vuc=…: the procedures that record no level, no sector
HOME_AGENCIES = 30  # the landing page names the agencies with most procedures; the list filters by any


def _level_rank(level: str) -> int:
    return LEVEL_ORDER.index(level) if level in LEVEL_ORDER else 99


def sort_rows(rows, order: str) -> list:
    """The list's order: administrative (level, then sector and name the Vietnamese way), by name,
    by code, or the latest in force first."""
    if order == "ten":
        return list(rows)  # the query's order: Vietnamese alphabetical
    if order == "ma":
        return sorted(rows, key=lambda v: v.code)
    if order == "moi":
        return sorted(rows, key=lambda v: v.valid_from, reverse=True)
    return sorted(rows, key=lambda v: (_level_rank(v.level), sort_key(v.sector), v.sort_key))


def group_catalogue(versions):
    """[(level, [(sector, [versions])])] in the order given (consecutive runs of one level and sector)."""
    grouped = []
    for level, in_level in groupby(versions, key=lambda v: v.level):
        sectors = [(sector, list(items)) for sector, items in groupby(in_level, key=lambda v: v.sector)]
        grouped.append((level, sectors))
    return grouped


def browse_lists(versions) -> dict[str, list[tuple[str, int]]]:
    """Levels (administrative order), sectors and agencies (Vietnamese alphabetical) with counts;
    nothing blank (a procedure without a sector or agency is counted in the total, not as an entry)."""
    facets = count_facets({"level": v.level, "sector": v.sector, "agency": v.agency} for v in versions)
    facets["level"].sort(key=lambda item: _level_rank(item[0]))
    return {k: [(value, n) for value, n in facets[k] if value] for k in ("level", "sector", "agency")}


def _top_agencies(items: list[tuple[str, int]]) -> list[tuple[str, int]]:
    top = sorted(items, key=lambda item: -item[1])[:HOME_AGENCIES]
    return sorted(top, key=lambda item: sort_key(item[0]))


@bp.route("/")
@conditional(args=LIST_PARAMS)  # read to send the list's old filters on to /danh-muc
def index():
    """The landing page: search, browse with counts, the latest decisions and what changes soon. The
    whole catalogue is the paginated list (/danh-muc) and the downloads; the list's old filters on
    this address lead there."""
    if any(request.args.get(param) for param in LIST_PARAMS):
        filters: dict[str, Any] = request.args.to_dict()
        return redirect(url_for("public.catalogue", **filters))
    on_date = requested_date()
    day = on_date or dt.date.today()
    session = db_session()
    rows = catalogue_rows(session, day)
    revision = revision_on(session, on_date) if on_date else current_revision(session)
    register = per_state("agency register", lambda: load_register(session))
    browse = browse_lists(
        [SimpleNamespace(level=v.level, sector=v.sector, agency=(register.names(v.agency) or [""])[0]) for v in rows]
    )
    latest = session.scalars(
        select(Decision)
        .where(visible_to(None), Decision.effective_date <= day, Decision.kind != DecisionKind.BASELINE)
        .order_by(Decision.effective_date.desc(), Decision.id.desc())
        .limit(5)
    ).all()
    upcoming = [] if on_date else announced_decisions(session, day)[:5]
    return render_template(
        "public/home.html",
        total=len(rows),
        on_date=on_date,
        revision=revision,
        browse=browse,
        unlevelled=sum(1 for v in rows if not v.level),
        not_recorded=NOT_RECORDED,
        agencies_shown=_top_agencies(browse["agency"]),
        latest=latest,
        upcoming=upcoming,
        facet_params=FACET_PARAMS,
        facet_titles=FACET_TITLES,
        facet_labels=FACET_LABELS,
    )


@bp.route("/danh-muc")
@conditional(args=LIST_PARAMS)
def catalogue():
    """The catalogue in force (or on ?ngay=), a page at a time, sortable, filtered by service point,
    designation, level, sector or agency."""
    on_date = requested_date()
    day = on_date or dt.date.today()
    session = db_session()
    points = list_service_points(session)
    point_id = request.args.get("noi", type=int)
    designation = request.args.get("danh_muc", "")
    chosen = next((p for p in points if p.id == point_id), None)
    if chosen is not None or designation in DESIGNATIONS:  # the rules read a few parts of the records
        rows = filter_by_designation(
            session, version_rows(session, day), day, chosen, designation if designation in DESIGNATIONS else ""
        )
    else:
        rows = catalogue_rows(session, day)
    filters = {param: request.args.get(param, "").strip() for param in LIST_FILTERS}
    choices = _list_choices(rows)
    register = per_state("agency register", lambda: load_register(session))
    for param, field in LIST_FILTERS.items():
        if filters[param] and field == "agency":  # the register's name, however the record spells it
            rows = [v for v in rows if filters[param] in register.names(v.agency)]
        elif filters[param] == NOT_RECORDED:
            rows = [v for v in rows if not getattr(v, field)]
        elif filters[param]:
            rows = [v for v in rows if getattr(v, field) == filters[param]]
    order = request.args.get("sap_xep", "")
    order = order if order in LIST_ORDERS else ""
    rows = sort_rows(rows, order)
    listing = paginate(len(rows), LIST_PER_PAGE)
    page, pages, shown = listing.number, listing.pages, rows[listing.items]
    revision = revision_on(session, on_date) if on_date else current_revision(session)
    return render_template(
        "public/catalogue.html",
        groups=group_catalogue(shown),
        shown=shown,
        total=len(rows),
        page=page,
        pages=pages,
        listing=listing,
        per_page=LIST_PER_PAGE,
        order=order,
        orders=LIST_ORDERS,
        filters=filters,
        list_url=_list_urls(),
        points=points,
        chosen_point=chosen,
        designation=designation,
        DESIGNATIONS=DESIGNATIONS,
        on_date=on_date,
        revision=revision,
        facet_params=FACET_PARAMS,
        facet_titles=FACET_TITLES,
        facet_labels=FACET_LABELS,
        choices=choices,
        not_recorded=NOT_RECORDED,
    )


def _list_choices(rows) -> dict[str, list[tuple[str, str]]]:
    """The list's level and sector choices, (value, label): those the procedures have, in administrative
    and Vietnamese order, and «not recorded» when some record none (else they could not be reached)."""
    levels = sorted({v.level for v in rows if v.level}, key=_level_rank)
    sectors = sorted({v.sector for v in rows if v.sector}, key=sort_key)
    choices = {
        "cap": [(level, LEVELS.get(level, level)) for level in levels],
        "linh_vuc": [(sector, sector) for sector in sectors],
    }
    if any(not v.level for v in rows):
        choices["cap"].append((NOT_RECORDED, "Chưa xác định cấp thực hiện"))
    if any(not v.sector for v in rows):
        choices["linh_vuc"].append((NOT_RECORDED, "Chưa xác định lĩnh vực"))
    return choices


def _list_urls():
    """list_url(**changes): this list's address with some parameters changed (None removes one)."""
    base = {k: request.args[k][:200] for k in ("ngay", *LIST_PARAMS) if request.args.get(k)}

    def list_url(**changes) -> str:
        args = {**base, **{k: v for k, v in changes.items() if v is not None}}
        for key in [k for k, v in changes.items() if v is None]:
            args.pop(key, None)
        return url_for("public.catalogue", **args)

    return list_url


def search_state() -> str:
    return search_service().state()


def _page_filters() -> dict[str, Any]:
    """The search page's filters by the SearchQuery field each sets."""
    return {field: request.args.get(param, "").strip() for param, field in PAGE_FILTERS.items()}


@bp.route("/tim-kiem")
@conditional(extra=search_state, cache=lambda: not _logs_search(), args=("q", "trang", "tr", *PAGE_FILTERS))
def search():
    on_date = requested_date()
    query = SearchQuery(
        text=clean_query(request.args.get("q", "")),
        page=page_number(request.args.get("trang")),
        per_page=PER_PAGE,
        **_page_filters(),
    )
    result = search_service().search(query, on_date)
    # The gaps page is about the catalogue in force (what a synonym can still fix): a search on a
    # past date is history reading and is not logged (nor does it pay for a write).
    logged = query.text and query.page == 1 and on_date is None
    log_id = log_public_search(query.text, result, request.args.get("tr")) if logged else None

    def render(log_id_text) -> str:
        active = {param: request.args[param] for param in PAGE_FILTERS if request.args.get(param)}
        page_url = _page_urls()
        return render_template(
            "public/search.html",
            result=result,
            query=query,
            on_date=on_date,
            active=active,
            facet_params=FACET_PARAMS,
            facet_titles=FACET_TITLES,
            facet_labels=FACET_LABELS,
            param_facets=PARAM_FACETS,
            page_url=page_url,
            log_id=log_id_text,
            portal=NATIONAL_PORTAL,
            facets_html=facets_html(result, active, page_url),
        )

    if not logged or not shared_with_anyone():
        return render(opened_token(log_id))
    # A logged first page differs from the last one for the same search only by its log id (in the
    # result links): kept once per answer and address with a slot for the id, filled per request.
    page = kept_html("tthc_search_pages", (result.state, result.stale, request.full_path), lambda: render(LOG_ID_SLOT))
    return page.replace(LOG_ID_SLOT, opened_token(log_id))


KEPT_HTML_SIZE = 256  # answers kept per kind and process (facet lists, logged search pages)
LOG_ID_SLOT = secrets.token_hex(8)  # stands for the search-log id in a kept search page: never in real text
_kept_html_lock = threading.Lock()


def kept_html(name: str, key: tuple, render: Callable[[], str]) -> str:
    """`render()` once per `key` (a bounded LRU per application and `name`)."""
    cache: OrderedDict[tuple, str] = current_app.extensions.setdefault(name, OrderedDict())
    with _kept_html_lock:
        cached = cache.get(key)
        if cached is not None:
            cache.move_to_end(key)
            return cached
    html = render()
    with _kept_html_lock:
        cache[key] = html
        while len(cache) > KEPT_HTML_SIZE:
            cache.popitem(last=False)
    return html


def facets_html(result, active: dict[str, str], page_url) -> Markup:
    """The facet lists with their links (hundreds at a large catalogue: most of the page's rendering),
    rendered once per answer and address: the catalogue state the answer reflects (a past date's
    state names the catalogue of that date), the search's own parameters (the links carry them; the
    page number is not among them) and whether the answer is stale."""
    address = tuple(sorted((k, request.args[k][:200]) for k in SEARCH_PARAMS if request.args.get(k)))
    return Markup(
        kept_html(
            "tthc_facets_html",
            (result.state, result.stale, address),
            lambda: render_template(
                "public/_facets.html",
                result=result,
                facets=shown_facets(result.facets, active),
                active=active,
                facet_params=FACET_PARAMS,
                facet_titles=FACET_TITLES,
                facet_labels=FACET_LABELS,
                page_url=page_url,
            ),
        )
    )


FACET_SHOWN = 12  # values shown per filter on the search page: the most frequent, and the one chosen


def shown_facets(facets: dict[str, list[tuple[str, int]]], active: dict[str, str]):
    """{field: (values shown, how many more)}: a filter of hundreds of values (sectors and agencies of a
    large catalogue) shows its most frequent ones, in their own order; nothing blank is offered."""
    shown = {}
    for field, items in facets.items():
        items = [(value, count) for value, count in items if value]
        chosen = active.get(FACET_PARAMS.get(field, ""), "")
        top = {value for value, _ in sorted(items, key=lambda item: -item[1])[:FACET_SHOWN]} | {chosen}
        kept = [(value, count) for value, count in items if value in top]
        shown[field] = (kept, len(items) - len(kept))
    return shown


def _logs_search() -> bool:
    """A first page of a text search is logged and carries its log id: never served from memory."""
    return bool(request.args.get("q")) and page_number(request.args.get("trang")) == 1


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
def form_file(form_id: int, filename: str):  # noqa: ARG001  (the name is only for the browser)
    """A form (mẫu đơn, tờ khai) of a published procedure version: always a download, never rendered
    in the site's origin (sandbox CSP, nosniff)."""
    found = public_form(db_session(), form_id)
    if found is None or found.content is None:
        abort(404)
    response = send_download(
        found.content,
        found.filename,
        found.content_type,
        etag=found.sha256,
        max_age=3600,
    )
    response.headers["Content-Security-Policy"] = ATTACHMENT_CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def feedback_state() -> str:
    """The procedure page shows the feedback address setting: a changed setting is a changed page."""
    settings = f"{current_app.config.get('FEEDBACK_ADDRESS', '')}|{current_app.config.get('AUTHORITY_ADDRESS', '')}"
    return zlib.crc32(settings.encode()).to_bytes(4, "big").hex()


@bp.route("/thu-tuc/<path:code>")
# The address is a setting: fixed while the process runs. ?tk= (a click from search, logged) is never kept.
@conditional(extra=feedback_state, shortcut=True, args=("tk",))
def procedure(code: str):
    log_opened(request.args.get("tk"))
    session = db_session()
    # One round trip for the procedure; what the whole catalogue shares (linked groups, designations,
    # the agency register) is read once per catalogue state by the process, not once per page; announced
    # decisions are looked for only while the catalogue state says some are signed.
    view = procedure_view(
        session,
        code,
        requested_date(),
        announced_possible=current_state().announced,
        events=events_in_force(),
        memo=per_state,
    )
    if view is None:
        abort(404)
    return render_template(
        "public/procedure.html",
        view=view,
        version=view.version,
        versions=view.versions,
        code=code,
        on_date=view.on_date,
        record=view.record,
        designations=view.designations,
        linked_groups=view.linked_groups,
        member_names=view.member_names,
        missing=view.facts.not_recorded_text if view.facts else "",
        online=view.facts.online if view.facts else None,
        form_files=view.form_files,
        feedback=_feedback(session, view.record),
    )


def _feedback(session, record):
    """Where this procedure's phản ánh, kiến nghị go (tthc.catalogue.agencies.feedback_address). The register,
    addresses included, is read once per catalogue state: a page costs no extra round trip (an address an
    administrator records shows once the state moves on or the process restarts, as pages already kept do)."""
    config = current_app.config
    register = per_state("agency register", lambda: load_register(session))
    return feedback_address(
        register,
        record,
        config.get("FEEDBACK_ADDRESS", ""),
        config["AUTHORITY_NAME"],
        config.get("AUTHORITY_ADDRESS", ""),
    )
