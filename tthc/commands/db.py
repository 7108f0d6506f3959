import click
from flask.cli import AppGroup

from ..migrate import upgrade
from . import emit_json, services

db = AppGroup("db", help="Cơ sở dữ liệu: tạo hoặc nâng cấp lược đồ.")


@db.command("upgrade")
@click.option("--json", "as_json", is_flag=True)
def upgrade_command(as_json):
    """Tạo hoặc nâng cấp lược đồ (Alembic)."""
    upgrade(services().settings["DATABASE_URL"])
    if as_json:
        emit_json({"status": "ok"})
    else:
        click.echo("Lược đồ cơ sở dữ liệu đã ở phiên bản mới nhất.")
