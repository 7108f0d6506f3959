"""Every `tthc` command group, registered on the app by the factory (tthc.app.create_app)."""

from __future__ import annotations

from flask import Flask

from .backup import backup, restore
from .catalogue import catalogue
from .db import db
from .decision import decision
from .demo import demo
from .printing import printing, servicepoint
from .search import index, search
from .sources import national, source
from .stats import stats
from .users import users

GROUPS = (
    db,
    catalogue,
    decision,
    demo,
    users,
    index,
    search,
    printing,
    servicepoint,
    backup,
    restore,
    stats,
    source,
    national,
)


def register_commands(app: Flask) -> None:
    for group in GROUPS:
        app.cli.add_command(group)
