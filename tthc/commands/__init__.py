"""CLI command groups (names are a contract: README.md, docs/). Each group lives in its own module."""

from __future__ import annotations

import json
import sys
from typing import Any, NoReturn

import click
from flask import current_app

from ..services import Services


def services() -> Services:
    return current_app.extensions["tthc"]


def fail(message: str) -> NoReturn:
    """One line on standard error, exit status 1: what scripts calling us rely on."""
    click.echo(f"Lỗi: {message}".replace("\n", " "), err=True)
    sys.exit(1)


def emit_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False))


def parse_date_option(value: str | None, name: str):
    import datetime as dt

    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(f"{name} «{value}» không đúng dạng YYYY-MM-DD.")
