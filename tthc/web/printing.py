"""Staff pages: service points, posting bundles (produced outside the request), re-post lists,
single posting sheets and the decision document. Thin over tthc.printing and tthc.catalogue."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from ..catalogue.designations import rows_received
from ..catalogue.queries import current_revision
from ..catalogue.service_points import (
    CONTACT_KEYS,
    KINDS,
    create_service_point,
    list_service_points,
    update_service_point,
)
from ..decisions import policy
from ..decisions.policy import Page
from ..models.accounts import Role
from ..models.catalogue import CatalogueRevision, ServicePoint
from ..models.decisions import Decision
from ..models.printing import PrintJob, PrintJobKind, PrintJobStatus
from ..printing import decision_doc, jobs, postings
from ..records import LEVELS
from . import db_session, id_param, read_only, run_change, services
from .access import staff_page
from .caching import per_state
from .downloads import send_download
from .paging import paginate

bp = Blueprint("printing", __name__, url_prefix="/can-bo/niem-yet")
# A point that receives the whole catalogue lists 3,065 procedures and as many incomplete sheets (970 KB
# of HTML on one page): both lists are paged, the bundle (PDF) holds them all.
POINT_LIST_PER_PAGE = 200
INCOMPLETE_PER_PAGE = 100
# The re-post page: points ten a page, each list cut at twenty names (a decision that replaces the whole
# catalogue put 3,065 sheets per point on one page, 610 KB); one point's page (?noi=) pages its lists.
REPOST_POINTS_PER_PAGE = 10
REPOST_SHOWN = 20
REPOST_PER_PAGE = 200


def _settings() -> postings.PrintSettings:
    return postings.PrintSettings.from_settings(services().settings)


def _point_or_404(point_id: int) -> ServicePoint:
    point = db_session().get(ServicePoint, point_id)
    if point is None:
        abort(404)
    return point


def _printable_point_or_404(point_id: int) -> ServicePoint:
    """A point the user may print for; another counter's point does not exist for them."""
    point = _point_or_404(point_id)
    if not policy.can_print(db_session(), current_user, point.id):
        abort(404)
    return point


def _printable_points(include_inactive: bool = False) -> list[ServicePoint]:
    session = db_session()
    allowed = policy.printable_point_ids(session, current_user)
    points = list_service_points(session, include_inactive=include_inactive)
    return points if allowed is None else [p for p in points if p.id in allowed]


def _form_values() -> dict:
    form = request.form
    rules = {key: form.get(key, "") for key in ("sectors", "agencies", "include", "exclude")}  # one per line
    return {
        "name": form.get("name", ""),
        "kind": form.get("kind", ""),
        "address": form.get("address", ""),
        "feedback_contact": {key: form.get(f"contact_{key}", "") for key in CONTACT_KEYS},
        "rules": dict(rules, levels=form.getlist("levels"), non_territorial=form.get("non_territorial") == "1"),
    }


@bp.route("/")
@staff_page(Page.PRINTING)
def index():
    session = db_session()
    points = [(p, len(rows_received(session, p))) for p in _printable_points(include_inactive=True)]
    revisions = session.scalars(select(CatalogueRevision).order_by(CatalogueRevision.id.desc()).limit(20)).all()
    return render_template(
        "staff/printing/index.html",
        points=points,
        revisions=revisions,
        revision=current_revision(session),
        manages=policy.manages_points(current_user),
        print_problem=_print_problem(),
    )


def _print_problem() -> str:
    """Why printing is refused now (the base URL), or ""; shown before anyone starts a job."""
    try:
        postings.ensure_printable(_settings())
    except postings.PrintError as error:
        return str(error)
    return ""


@bp.route("/noi-tiep-nhan/moi", methods=["GET", "POST"])
@staff_page(Page.SERVICE_POINTS)
def create_point():
    if request.method == "POST":
        values = _form_values()
        point = run_change(
            lambda session: create_service_point(session, values.pop("name"), **values, user=current_user),
            page=lambda refusal: _new_point_page(str(refusal), _form_values()),
        )
        flash(f"Đã tạo nơi tiếp nhận «{point.name}».")
        return redirect(url_for(".point", point_id=point.id))
    return _new_point_page()


def _new_point_page(error: str | None = None, values: dict | None = None):
    return render_template(
        "staff/printing/point_form.html",
        point=None,
        values=values,
        error=error,
        kinds=KINDS,
        levels=LEVELS,
        contact_keys=CONTACT_KEYS,
    ), (400 if error else 200)


@bp.route("/noi-tiep-nhan/<int:point_id>")
@staff_page(Page.PRINTING)
def point(point_id: int):
    """A point's page: its sheets, incomplete sheets and print history for whoever prints for it (counter
    staff for their own points, read-only); its settings form for the managers."""
    return _point_page(_printable_point_or_404(point_id))


@bp.route("/noi-tiep-nhan/<int:point_id>", methods=["POST"])
@staff_page(Page.SERVICE_POINTS)
def save_point(point_id: int):
    point = _point_or_404(point_id)
    values = _form_values()
    run_change(
        lambda session: update_service_point(
            session,
            point,
            name=values.pop("name"),
            **values,
            active=request.form.get("active") == "1",
            user=current_user,
        ),
        "Đã lưu nơi tiếp nhận.",
        page=lambda refusal: _point_page(_point_or_404(point_id), str(refusal)),
    )
    return redirect(url_for(".point", point_id=point.id))


def _point_page(point: ServicePoint, error: str | None = None):
    session = db_session()
    versions = rows_received(session, point)  # light rows: the list shows names and codes
    # The parts each version misses, read from the records once per catalogue state and shared by every
    # point's page (versions are immutable: the map holds while the state does).
    today = dt.date.today()
    missing = per_state("missing parts", lambda: postings.missing_parts(session, today), today)
    recent = session.scalars(
        select(PrintJob).where(PrintJob.service_point_id == point.id).order_by(PrintJob.id.desc()).limit(5)
    ).all()
    incomplete = postings.incomplete_sheets(versions, missing)
    listing = paginate(len(versions), POINT_LIST_PER_PAGE, anchor="#danh-sach")
    incomplete_page = paginate(len(incomplete), INCOMPLETE_PER_PAGE, "trang_thieu", "#thieu-noi-dung")
    return render_template(
        "staff/printing/point_form.html",
        point=point,
        values=None,
        error=error,
        kinds=KINDS,
        levels=LEVELS,
        contact_keys=CONTACT_KEYS,
        versions=versions[listing.items],
        received=len(versions),
        listing=listing,
        jobs=recent,
        incomplete=incomplete[incomplete_page.items],
        incomplete_total=len(incomplete),
        incomplete_page=incomplete_page,
        manages=policy.manages_points(current_user),
    ), (400 if error else 200)


@bp.route("/noi-tiep-nhan/<int:point_id>/in", methods=["POST"])
@staff_page(Page.PRINTING)
def start_print(point_id: int):
    """Start a bundle (or, with `tu_phien_ban`, only the sheets to put up) outside the request."""
    session = db_session()
    point = _printable_point_or_404(point_id)
    problem = _print_problem()
    if problem:  # refused before any job exists: citizens must not be sent to this address
        flash(problem)
        return redirect(url_for(".index"))
    since_revision = id_param(request.form.get("tu_phien_ban"), "Phiên bản danh mục")
    job = jobs.unfinished_job(session, point, since_revision)
    if job is None:  # a second click while the same bundle is being made just follows the first
        job = run_change(lambda s: jobs.create_job(s, point, since_revision=since_revision, user=current_user))
        jobs.start_in_background(services().session_factory, services().settings, job.id)
    return redirect(url_for(".job", job_id=job.id))


def _job_or_404(job_id: int) -> PrintJob:
    job = db_session().get(PrintJob, job_id)
    if job is None or not policy.can_print(db_session(), current_user, job.service_point_id):
        abort(404)
    return job


@bp.route("/viec/<int:job_id>")
@staff_page(Page.PRINTING)
def job(job_id: int):
    return render_template("staff/printing/job.html", job=_job_or_404(job_id))


@bp.route("/viec/<int:job_id>/trang-thai")
@staff_page(Page.PRINTING)
def job_state(job_id: int):
    job = _job_or_404(job_id)
    state = jobs.job_status(job)
    if state["ready"]:
        state["download"] = url_for(".download", job_id=job.id)
    return jsonify(state)


@bp.route("/viec/<int:job_id>/tai-ve")
@staff_page(Page.PRINTING)
def download(job_id: int):
    job = _job_or_404(job_id)
    if job.status != PrintJobStatus.DONE or not job.path:
        abort(404)
    path = _settings().export_dir / job.path
    if not path.is_file():
        abort(404)
    point = job.service_point.name if job.service_point else str(job.service_point_id)
    name = f"niem-yet-{point}-phien-ban-{job.revision}{'-moi' if job.kind == PrintJobKind.REPOST else ''}.pdf"
    return send_download(path, name, "application/pdf")


@bp.route("/thay-doi")
@staff_page(Page.PRINTING)
def changes():
    """After a decision takes effect: per service point, the sheets to take down and to put up; with
    `noi`, one point's whole lists, paged."""
    session = db_session()
    revision = current_revision(session)
    since = id_param(request.args.get("tu"), "Phiên bản danh mục")
    since = max(revision - 1, 0) if since is None else since
    points = _printable_points()
    one = id_param(request.args.get("noi"), "Nơi tiếp nhận")
    lists = {}
    if one is not None:
        points = [p for p in points if p.id == one]
        if not points:
            abort(404)
        point_page = paginate(1, 1)
    else:
        point_page = paginate(len(points), REPOST_POINTS_PER_PAGE)
        points = points[point_page.items]
    plan = postings.repost_plan(session, since, points)  # a PrintError: 400 with its message
    if one is not None:
        [entry] = plan["service_points"]
        lists = {
            "take_down": paginate(len(entry["take_down"]), REPOST_PER_PAGE, "trang_go", "#go-xuong"),
            "put_up": paginate(len(entry["put_up"]), REPOST_PER_PAGE, "trang_moi", "#niem-yet-moi"),
        }
    decisions = {
        d.id: d
        for d in session.scalars(select(Decision).where(Decision.id.in_([r["decision_id"] for r in plan["revisions"]])))
    }
    return render_template(
        "staff/printing/changes.html",
        plan=plan,
        decisions=decisions,
        since=since,
        revision=revision,
        point_page=point_page,
        one=one,
        lists=lists,
        shown=REPOST_SHOWN,
    )


@bp.route("/thu-tuc/<path:code>.pdf")
@staff_page(Page.SHEETS)
def procedure_sheet(code: str):
    """One procedure's posting sheets (a few pages: rendered in the request, then cached). Counter staff
    print them for their own points only."""
    session = db_session()
    point = None
    point_id = id_param(request.args.get("noi"), "Nơi tiếp nhận")
    if point_id is not None:
        point = _point_or_404(point_id)
    if current_user.role == Role.COUNTER and not policy.can_print(session, current_user, point_id):
        abort(404)
    postings.ensure_printable(_settings())  # a PrintError: 400 with its message
    # The sheets rendered are kept (a derived artifact); a code not in force is a 404 (NotInForce).
    content, _ = run_change(lambda s: postings.procedure_sheets(s, _settings(), [code], point))
    return send_download(content, f"niem-yet-{code}.pdf", "application/pdf", inline=True)


@bp.route("/quyet-dinh/<int:decision_id>.pdf")
@staff_page(Page.SHEETS)  # counter staff: the published decisions their re-post lists name
def decision_document(decision_id: int):
    session = db_session()
    # What the user may not see is a 404 (tthc.decisions.policy; walked by tests/web/test_authorization.py).
    decision = policy.visible_decision(session, current_user, decision_id)
    content = run_change(lambda s: decision_doc.decision_document(s, decision, _settings().export_dir))
    name = decision.number or f"du-thao-{decision.id}"
    return send_download(content, f"quyet-dinh-{name}.pdf", "application/pdf", inline=True)


@bp.route("/quyet-dinh/<int:decision_id>.docx")
@staff_page(Page.WORK)
def decision_docx(decision_id: int):
    """The decision as Word, for the office to edit before signing (same access as the PDF)."""
    from ..printing.decision_docx import DOCX_MIMETYPE
    from ..printing.decision_docx import decision_docx as render

    session = db_session()
    decision = policy.visible_decision(session, current_user, decision_id)
    content = render(session, decision)
    read_only(session)
    name = decision.number or f"du-thao-{decision.id}"
    return send_download(content, f"quyet-dinh-{name}.docx", DOCX_MIMETYPE)
