"""The pieces every door shares: settings, the engine and the session factory."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from .accounts.passwords import SESSION_INFO_KEY, check_method
from .config import Settings
from .db import make_engine, make_session_factory


@dataclass
class Services:
    settings: Settings
    engine: Engine
    session_factory: sessionmaker[Session]

    @classmethod
    def from_settings(cls, overrides: dict[str, Any] | None = None) -> Services:
        settings = Settings.load(overrides)
        engine = make_engine(settings.database_url)
        info = {SESSION_INFO_KEY: check_method(settings.password_hash_method)}
        return cls(settings, engine, make_session_factory(engine, info))
