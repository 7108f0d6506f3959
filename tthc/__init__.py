"""tthc: the catalogue of administrative procedures, changed only by announcement decisions.

Importing the package (or any core module under it) loads no web framework: the Flask application is
built only when `create_app` is called (`flask --app tthc`, `tthc:create_app()`, the `tthc` command).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask


def create_app(config: dict[str, Any] | None = None) -> Flask:
    from .app import create_app as factory

    return factory(config)
