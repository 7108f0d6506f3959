import click
from flask.cli import AppGroup

from ..accounts.service import (
    DRAFTER_NEEDS_AGENCY,
    AccountError,
    create_user,
    find_user,
    list_users,
    reset_password,
    set_active,
)
from ..db import transaction
from ..models.accounts import User
from . import emit_json, fail, services

users = AppGroup("users", help="Tài khoản cán bộ.")


def _as_dict(user: User) -> dict:
    return {
        "id": user.id,
        "username": user.username,
        "role": user.role,
        "agency": user.agency.name if user.agency else "",
        "active": user.active,
    }


@users.command("create")
@click.argument("name")
@click.option("--role", type=click.Choice(["drafter", "reviewer", "signer", "admin", "counter"]), required=True)
@click.option("--agency", help="Cơ quan (bắt buộc với cán bộ soạn thảo).")
@click.option("--full-name", default="")
@click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    envvar="TTHC_NEW_USER_PASSWORD",
    help="Mật khẩu (hoặc biến môi trường TTHC_NEW_USER_PASSWORD).",
)
@click.option("--json", "as_json", is_flag=True)
def create_command(name, role, agency, full_name, password, as_json):
    """Tạo tài khoản."""
    try:
        with transaction(services().session_factory) as session:
            user = create_user(session, name, role, password, agency=agency, full_name=full_name, actor="cli")
            result = {"id": user.id, "username": user.username, "role": user.role, "agency": agency or ""}
    except AccountError as error:
        fail(f"{error} (--agency)" if str(error) == DRAFTER_NEEDS_AGENCY else str(error))
    if as_json:
        emit_json(result)
    else:
        click.echo(f"Đã tạo tài khoản {result['username']} ({result['role']}).")


@users.command("list")
@click.option("--json", "as_json", is_flag=True)
def list_command(as_json):
    """Liệt kê tài khoản."""
    with services().session_factory() as session:
        rows = [_as_dict(u) for u in list_users(session)]
    if as_json:
        emit_json(rows)
        return
    for row in rows:
        click.echo(f"{row['username']}\t{row['role']}\t{row['agency']}\t{'hoạt động' if row['active'] else 'đã khóa'}")


def _change(name: str, change) -> dict:
    try:
        with transaction(services().session_factory) as session:
            user = find_user(session, name)
            if user is None:
                raise AccountError(f"Không có tài khoản «{name}».")
            change(session, user)
            return _as_dict(user)
    except AccountError as error:
        fail(str(error))


def _activation_command(command_name: str, active: bool, help_text: str, done: str) -> None:
    @users.command(command_name, help=help_text)
    @click.argument("name")
    @click.option("--json", "as_json", is_flag=True)
    def command(name, as_json):
        result = _change(name, lambda session, user: set_active(session, user, active, actor="cli"))
        emit_json(result) if as_json else click.echo(f"{done} {name}.")


_activation_command(
    "deactivate", False, "Khóa tài khoản (không đăng nhập được nữa; lịch sử giữ nguyên).", "Đã khóa tài khoản"
)
_activation_command("activate", True, "Mở khóa tài khoản.", "Đã mở khóa tài khoản")


@users.command("reset-password")
@click.argument("name")
@click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    envvar="TTHC_NEW_USER_PASSWORD",
    help="Mật khẩu mới (hoặc biến môi trường TTHC_NEW_USER_PASSWORD).",
)
@click.option("--json", "as_json", is_flag=True)
def reset_password_command(name, password, as_json):
    """Đặt lại mật khẩu (và gỡ tạm khóa do nhập sai)."""
    result = _change(name, lambda session, user: reset_password(session, user, password, actor="cli"))
    emit_json(result) if as_json else click.echo(f"Đã đặt lại mật khẩu cho {name}.")


@users.command("unlock-link")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True)
def unlock_link_command(name, as_json):
    """Cấp đường dẫn mở khóa dùng một lần (24 giờ) để người dùng đăng nhập dù đang bị tạm khóa."""
    from ..accounts.service import issue_unlock_link

    holder = {}

    def issue(session, user):
        holder["token"] = issue_unlock_link(session, user, actor="cli")

    result = _change(name, issue)
    base = str(services().settings.get("PUBLIC_BASE_URL") or "").rstrip("/")
    result["link"] = f"{base}/dang-nhap/mo-khoa/{holder['token']}"
    emit_json(result) if as_json else click.echo(result["link"])


@users.command("set-points")
@click.argument("name")
@click.option(
    "--service-point",
    "point_ids",
    type=int,
    multiple=True,
    help="Nơi tiếp nhận (số) mà cán bộ một cửa in niêm yết; lặp lại cho nhiều nơi, bỏ trống để gỡ hết.",
)
@click.option("--json", "as_json", is_flag=True)
def set_points_command(name, point_ids, as_json):
    """Giao nơi tiếp nhận cho cán bộ một cửa (vai trò counter)."""
    from ..accounts.counters import set_points

    result = _change(name, lambda session, user: set_points(session, user, list(point_ids), actor="cli"))
    result["service_points"] = sorted(set(point_ids))
    emit_json(result) if as_json else click.echo(f"Đã giao {len(result['service_points'])} nơi tiếp nhận cho {name}.")
