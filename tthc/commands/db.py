import click
from flask.cli import AppGroup

from ..migrate import upgrade
from . import emit_json, services

db = AppGroup("db", help="Cơ sở dữ liệu: tạo hoặc nâng cấp lược đồ.")


@db.command("upgrade")
@click.option("--json", "as_json", is_flag=True)
def upgrade_command(as_json):
    """Tạo hoặc nâng cấp lược đồ (Alembic)."""
    before, after = upgrade(services().settings["DATABASE_URL"])
    if as_json:
        emit_json({"status": "ok"})
    elif before is None:
        click.echo(f"Đã tạo lược đồ cơ sở dữ liệu (phiên bản {after}).")
    elif before != after:
        click.echo(f"Đã nâng cấp lược đồ cơ sở dữ liệu từ phiên bản {before} lên {after}.")
    else:
        click.echo(f"Lược đồ cơ sở dữ liệu đã ở phiên bản mới nhất ({after}).")
