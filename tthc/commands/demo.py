"""`tthc demo load`: the shipped real sample as the catalogue, for a first start."""

import datetime as dt
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from ..catalogue.io import import_baseline
from ..db import transaction
from ..decisions.effect import apply_due
from ..decisions.importing import import_decisions
from ..models.decisions import Decision
from ..records.flat import read_jsonl
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
    with transaction(factory) as session:
        add_demo_service_points(session)
    return True


def add_demo_service_points(session) -> None:
    """Two clearly labelled example counters so posting sheets can be tried at once. Their contact data
    is placeholder text, never real-looking numbers: staff replace it on the Niêm yết page."""
    from ..catalogue.service_points import create_service_point

    contact = {
        "agency": "Bộ phận tiếp nhận phản ánh, kiến nghị (ví dụ – cần thay bằng thông tin thật)",
        "address": "(ví dụ) ghi địa chỉ thật tại đây",
        "phone": "(ví dụ) chưa cấu hình",
        "email": "(ví dụ) chưa cấu hình",
        "website": "",
    }
    create_service_point(
        session,
        "Trung tâm Phục vụ hành chính công tỉnh (ví dụ)",
        kind="tinh",
        address="(ví dụ) địa chỉ của trung tâm",
        feedback_contact=contact,
        rules={"levels": ["tinh"]},
        actor="demo",
    )
    # A commune centre receives commune procedures and, here, one provincial one (received ≠ decided).
    create_service_point(
        session,
        "Trung tâm Phục vụ hành chính công xã (ví dụ)",
        kind="xa",
        address="(ví dụ) địa chỉ của trung tâm",
        feedback_contact=contact,
        rules={"levels": ["xa"], "include": ["2.000829"]},
        actor="demo",
    )


@demo.command("load")
def load_command():
    """Nạp danh mục mẫu (thủ tục thật và hai quyết định) nếu cơ sở dữ liệu còn trống."""
    settings = services().settings
    if load_demo(services().session_factory, Path(settings["DATA_DIR"])):
        click.echo("Đã nạp danh mục mẫu.")
    else:
        click.echo("Cơ sở dữ liệu đã có dữ liệu; không nạp lại.")
