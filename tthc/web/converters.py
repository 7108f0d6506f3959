"""URL converters: `<int:...>` matches only ids a database integer column can hold."""

from __future__ import annotations

from flask import Flask
from werkzeug.routing.converters import IntegerConverter

from . import MAX_DB_INT


class DatabaseIntConverter(IntegerConverter):
    """<int:...> that only matches ids a database integer column can hold: a 40-digit id in a URL is a
    404 at routing, not an out-of-range error (500) from PostgreSQL."""

    def __init__(self, map, fixed_digits=0, min=None, max=None, signed=False):  # noqa: A002 - werkzeug's names
        super().__init__(map, fixed_digits, min, MAX_DB_INT if max is None else max, signed)


def init_converters(app: Flask) -> None:
    """Before any blueprint: the rules are built with the converters known when they are added."""
    app.url_map.converters["int"] = DatabaseIntConverter
