"""The `tthc` command (also `flask --app tthc ...`)."""

from __future__ import annotations

import sys

import click
from flask.cli import FlaskGroup


def _create_app():
    from .app import create_app
    from .config import SettingError

    context = click.get_current_context(silent=True)
    # Only the server applies due decisions as it starts; every other command does just what it says
    # (`decision apply-due --today D` must not have applied today's decisions before it runs).
    serving = context is not None and context.info_name == "run"
    try:
        return create_app(None if serving else {"APPLY_DUE_ON_START": False})
    except SettingError as error:  # a setting that cannot be read: one line naming it, not a traceback
        click.echo(f"Lỗi: {error}", err=True)
        sys.exit(1)


main = FlaskGroup(create_app=_create_app, help="tthc: danh mục thủ tục hành chính.")
