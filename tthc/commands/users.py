import click
from flask.cli import AppGroup

from ..accounts.service import AccountError, create_user
from ..db import transaction
from . import emit_json, fail, services

users = AppGroup("users", help="Tài khoản cán bộ.")


@users.command("create")
@click.argument("name")
@click.option("--role", type=click.Choice(["drafter", "reviewer", "signer", "admin"]), required=True)
@click.option("--agency", help="Cơ quan (bắt buộc với cán bộ soạn thảo).")
@click.option("--full-name", default="")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              envvar="TTHC_NEW_USER_PASSWORD", help="Mật khẩu (hoặc biến môi trường TTHC_NEW_USER_PASSWORD).")
@click.option("--json", "as_json", is_flag=True)
def create_command(name, role, agency, full_name, password, as_json):
    """Tạo tài khoản."""
    try:
        with transaction(services().session_factory) as session:
            user = create_user(session, name, role, password, agency=agency, full_name=full_name, actor="cli")
            result = {"id": user.id, "username": user.username, "role": user.role, "agency": agency or ""}
    except AccountError as error:
        fail(str(error))
    if as_json:
        emit_json(result)
    else:
        click.echo(f"Đã tạo tài khoản {result['username']} ({result['role']}).")
