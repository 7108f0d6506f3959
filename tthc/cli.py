"""The `tthc` command (also `flask --app tthc ...`)."""
from __future__ import annotations

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
    from .commands.users import users
    for group in (db, catalogue, decision, demo, users, index, search, printing, servicepoint, backup, restore):
        app.cli.add_command(group)


def _create_app():
    from .app import create_app
    return create_app()


main = FlaskGroup(create_app=_create_app, help="tthc: danh mục thủ tục hành chính.")
