"""`tthc demo load`: the shipped real sample as the catalogue, for a first start."""
import datetime as dt
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from ..catalogue.io import import_baseline
from ..db import transaction
from ..decisions.effect import apply_due
from ..decisions.importing import import_decisions, read_jsonl
from ..decisions.models import Decision
from . import services

demo = AppGroup("demo", help="Dữ liệu mẫu.")
# The sample procedures are the catalogue in force before its two decisions (19 and 20/11/2025).
DEMO_BASELINE_DATE = dt.date(2025, 1, 1)


def load_demo(factory, data_dir: Path) -> bool:
    """Load catalogue_data/ (baseline, then its decisions applied) into an empty database."""
    with factory() as session:
        if session.scalar(select(func.count(Decision.id))):
            return False
    with transaction(factory) as session:
        import_baseline(session, data_dir / "procedures.jsonl", DEMO_BASELINE_DATE, actor="demo")
        import_decisions(session, read_jsonl(data_dir / "decisions.jsonl"), signed=True, actor="demo")
    apply_due(factory, actor="demo")
    return True


@demo.command("load")
def load_command():
    """Nạp danh mục mẫu (thủ tục thật và hai quyết định) nếu cơ sở dữ liệu còn trống."""
    settings = services().settings
    if load_demo(services().session_factory, Path(settings["DATA_DIR"])):
        click.echo("Đã nạp danh mục mẫu.")
    else:
        click.echo("Cơ sở dữ liệu đã có dữ liệu; không nạp lại.")
