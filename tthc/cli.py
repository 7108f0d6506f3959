"""The `tthc` command (also `flask --app tthc ...`)."""
from __future__ import annotations

import click
from flask import Flask
from flask.cli import FlaskGroup


def register_commands(app: Flask) -> None:
    from .commands.backup import backup, restore
    from .commands.catalogue import catalogue
    from .commands.db import db
    from .commands.decision import decision
    from .commands.demo import demo
    from .commands.printing import printing, servicepoint
    from .commands.search import index, search
    from .commands.stats import stats
    from .commands.users import users
    for group in (db, catalogue, decision, demo, users, index, search, printing, servicepoint, backup, restore,
                  stats):
        app.cli.add_command(group)


def _create_app():
    from .app import create_app
    context = click.get_current_context(silent=True)
    # Only the server applies due decisions as it starts; every other command does just what it says
    # (`decision apply-due --today D` must not have applied today's decisions before it runs).
    serving = context is not None and context.info_name == "run"
    return create_app(None if serving else {"APPLY_DUE_ON_START": False})


main = FlaskGroup(create_app=_create_app, help="tthc: danh mục thủ tục hành chính.")
