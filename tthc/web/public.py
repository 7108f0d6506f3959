"""Public pages (no login): the catalogue in force, one procedure, any past date via ?ngay=."""
from __future__ import annotations

import datetime as dt
from itertools import groupby

from flask import Blueprint, abort, render_template

from ..catalogue.queries import catalogue_on, current_revision, history, latest_version, revision_on
from ..records import LEVELS
from ..text import sort_key
from . import db_session, requested_date

bp = Blueprint("public", __name__)
LEVEL_ORDER = list(LEVELS)


def group_catalogue(versions):
    """[(level, [(sector, [versions])])]: levels in administrative order, sectors alphabetically."""
    by_level = sorted(versions, key=lambda v: (LEVEL_ORDER.index(v.level) if v.level in LEVEL_ORDER else 99,
                                               sort_key(v.sector), v.sort_key))
    grouped = []
    for level, in_level in groupby(by_level, key=lambda v: v.level):
        sectors = [(sector, list(items)) for sector, items in groupby(in_level, key=lambda v: v.sector)]
        grouped.append((level, sectors))
    return grouped


@bp.route("/")
def index():
    on_date = requested_date()
    session = db_session()
    versions = catalogue_on(session, on_date or dt.date.today())
    revision = revision_on(session, on_date) if on_date else current_revision(session)
    return render_template("public/catalogue.html", groups=group_catalogue(versions), total=len(versions),
                           on_date=on_date, revision=revision)


@bp.route("/thu-tuc/<path:code>")
def procedure(code: str):
    on_date = requested_date()
    session = db_session()
    version = latest_version(session, code, on_date or dt.date.today())
    versions = history(session, code)
    if not versions:
        abort(404)
    return render_template("public/procedure.html", version=version, versions=versions, code=code,
                           on_date=on_date, record=version.record if version else None)
