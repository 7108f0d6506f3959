"""`tthc print ...` (posting sheets, decision documents) and `tthc servicepoint ...` (counters)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from flask.cli import AppGroup

from ..catalogue.designations import procedures_received
from ..catalogue.queries import current_revision
from ..catalogue.service_points import (
    ServicePointError,
    create_service_point,
    describe,
    list_service_points,
)
from ..db import transaction
from ..decisions import policy
from ..models.catalogue import ServicePoint
from ..printing import postings
from ..printing.decision_doc import decision_document
from . import emit_json, fail, services

printing = AppGroup("print", help="In phiếu niêm yết và văn bản quyết định (PDF).")
servicepoint = AppGroup("servicepoint", help="Nơi tiếp nhận hồ sơ (quầy, trung tâm phục vụ hành chính công).")


def _point(session, point_id: int) -> ServicePoint:
    point = session.get(ServicePoint, point_id)
    if point is None:
        fail(f"Không có nơi tiếp nhận số {point_id}.")
    return point


class _Bar:
    """A click progress bar that appears only for real work (big bundles), and commits as it goes so
    sheets already made stay cached if the command is interrupted."""

    def __init__(self, session, quiet: bool):
        self.session, self.quiet = session, quiet
        self.bar: Any = None  # a click progress bar, opened at the first call

    def __call__(self, done: int, total: int) -> None:
        self.session.commit()
        if self.quiet:
            return
        if self.bar is None:
            stderr = click.get_text_stream("stderr")  # type: ignore[operator]  # click annotates it as `object`
            self.bar = click.progressbar(length=total, label="Đang in phiếu niêm yết", file=stderr)
            self.bar.__enter__()
        self.bar.update(done - self.bar.pos)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


@printing.command("postings")
@click.option(
    "--service-point",
    "point_id",
    type=int,
    help="Số của nơi tiếp nhận: cả bộ niêm yết của nơi đó (với --code: chỉ các phiếu đó, in cho nơi đó).",
)
@click.option("--code", "codes", multiple=True, help="Mã thủ tục (lặp lại được): phiếu của các thủ tục này.")
@click.option(
    "--changes-since",
    "since",
    type=int,
    help="Phiên bản danh mục: chỉ liệt kê (và in) các phiếu cần gỡ xuống / niêm yết mới kể từ đó.",
)
@click.option("-o", "output", type=click.Path(dir_okay=False, path_type=Path), help="Tệp PDF kết quả.")
@click.option("--json", "as_json", is_flag=True)
def postings_command(point_id, codes, since, output, as_json):
    """Phiếu niêm yết: cả bộ của một nơi tiếp nhận, các thủ tục theo mã, hoặc chỉ những phiếu thay đổi."""
    settings = postings.PrintSettings.from_settings(services().settings)
    if since is None and not point_id and not codes:
        fail(
            "Chọn --service-point (cả bộ niêm yết) hoặc --code (các thủ tục; thêm --service-point để in địa chỉ phản "
            "ánh của nơi đó)."
        )
    if since is None and output is None:
        fail("Thiếu -o TỆP.pdf.")
    with transaction(services().session_factory) as session:
        bar = _Bar(session, quiet=as_json)
        try:
            if since is not None:
                result = _changes(session, settings, point_id, since, output, bar)
            elif codes:
                point = _point(session, point_id) if point_id else None
                content, versions = postings.procedure_sheets(session, settings, list(codes), point, bar)
                _write(output, content)
                result = {
                    "file": str(output),
                    "revision": current_revision(session),
                    "procedures": [v.code for v in versions],
                    "count": len(versions),
                }
            else:
                outcome = postings.bundle(session, settings, _point(session, point_id), bar)
                _write(output, outcome.path.read_bytes())
                result = dict(outcome.as_dict(), file=str(output), service_point=point_id)
        except postings.PrintError as error:
            fail(str(error))
        finally:
            bar.close()
    if as_json:
        emit_json(result)
    elif since is None:
        click.echo(f"Đã in {result['count']} thủ tục ra {output} (phiên bản danh mục {result['revision']}).")
    else:
        _echo_changes(result)


def _write(output: Path, content: bytes) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(content)


def _changes(session, settings, point_id, since, output, bar) -> dict:
    """The re-post list per point; with -o, the sheets to put up (one file per point that changed)."""
    points = [_point(session, point_id)] if point_id else list_service_points(session)
    plan = postings.repost_plan(session, since, points)
    for entry in plan["service_points"]:
        entry["file"] = None
        if output is None or not entry["put_up"]:
            continue
        point = session.get(ServicePoint, entry["service_point"]["id"])
        if point is None:
            continue
        content, _ = postings.repost_sheets(session, settings, point, since, bar)
        if content is None:
            continue
        target = output if point_id else output.with_name(f"{output.stem}-{point.id}{output.suffix}")
        _write(target, content)
        entry["file"] = str(target)
    return plan


def _echo_changes(plan: dict) -> None:
    click.echo(f"Thay đổi từ phiên bản danh mục {plan['since_revision']} đến {plan['revision']}:")
    for entry in plan["service_points"]:
        click.echo(f"- {entry['service_point']['name']} (số {entry['service_point']['id']}):")
        if not entry["take_down"] and not entry["put_up"]:
            click.echo("    không có gì thay đổi.")
        for label, key in (("Gỡ xuống", "take_down"), ("Niêm yết mới", "put_up")):
            for item in entry[key]:
                click.echo(f"    {label}: {item['code']} {item['name'][:70]} ({item['reason']})")
        if entry.get("file"):
            click.echo(f"    Phiếu cần niêm yết: {entry['file']}")


@printing.command("decision")
@click.argument("decision_id", type=int)
@click.option(
    "--format",
    "file_format",
    type=click.Choice(["pdf", "docx"]),
    default="pdf",
    show_default=True,
    help="pdf: sẵn sàng trình ký; docx: văn bản Word để văn phòng chỉnh sửa trước khi ký.",
)
@click.option("-o", "output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--json", "as_json", is_flag=True)
def decision_command(decision_id, file_format, output, as_json):
    """Văn bản quyết định công bố (theo Nghị định 30/2020): PDF sẵn sàng trình ký, hoặc Word (.docx)."""
    with transaction(services().session_factory) as session:
        try:
            decision = policy.visible_decision(session, policy.OPERATOR, decision_id)
        except policy.NotVisible:
            fail(f"Không có quyết định số {decision_id}.")
        if file_format == "docx":
            from ..printing.decision_docx import decision_docx

            _write(output, decision_docx(session, decision))
        else:
            _write(output, decision_document(session, decision, Path(services().settings["EXPORT_DIR"])))
        result = {"file": str(output), "decision": decision.id, "number": decision.number, "format": file_format}
    if as_json:
        emit_json(result)
    else:
        click.echo(f"Đã in quyết định {result['number'] or result['decision']} ra {output}.")


@servicepoint.command("create")
@click.argument("name")
@click.option("--kind", default="", help="tinh, xa, quay hoặc khac.")
@click.option("--address", default="")
@click.option("--level", "levels", multiple=True, help="Cấp thủ tục tiếp nhận (tinh, xa, ...); lặp lại được.")
@click.option("--sector", "sectors", multiple=True, help="Lĩnh vực tiếp nhận; lặp lại được.")
@click.option("--agency", "agencies", multiple=True, help="Cơ quan thực hiện; lặp lại được.")
@click.option("--include", multiple=True, help="Mã thủ tục tiếp nhận thêm.")
@click.option("--exclude", multiple=True, help="Mã thủ tục không tiếp nhận.")
@click.option("--non-territorial", is_flag=True, help="Tiếp nhận mọi thủ tục phi địa giới.")
@click.option(
    "--contact",
    default="{}",
    help='Địa chỉ phản ánh, kiến nghị (JSON: {"agency", "address", "phone", "email", "website"}).',
)
@click.option("--json", "as_json", is_flag=True)
def create_command(name, kind, address, levels, sectors, agencies, include, exclude, non_territorial, contact, as_json):
    """Tạo một nơi tiếp nhận hồ sơ."""
    try:
        contact_value = json.loads(contact)
    except json.JSONDecodeError:
        fail("--contact phải là JSON, ví dụ {\"phone\": \"...\"}.")
    rules = {
        "levels": levels,
        "sectors": sectors,
        "agencies": agencies,
        "include": include,
        "exclude": exclude,
        "non_territorial": non_territorial,
    }
    try:
        with transaction(services().session_factory) as session:
            point = create_service_point(
                session, name, kind=kind, address=address, feedback_contact=contact_value, rules=rules, actor="cli"
            )
            result = describe(point)
    except ServicePointError as error:
        fail(str(error))
    if as_json:
        emit_json(result)
    else:
        click.echo(f"Đã tạo nơi tiếp nhận số {result['id']}: {result['name']}.")


@servicepoint.command("list")
@click.option("--json", "as_json", is_flag=True)
def list_command(as_json):
    """Các nơi tiếp nhận và số thủ tục mỗi nơi tiếp nhận hôm nay."""
    with services().session_factory() as session:
        rows = [
            dict(describe(p), procedures=len(procedures_received(session, p)))
            for p in list_service_points(session, include_inactive=True)
        ]
    if as_json:
        emit_json(rows)
        return
    for row in rows:
        state = "" if row["active"] else " (ngừng hoạt động)"
        click.echo(f"{row['id']:>4}  {row['name']}{state}: {row['procedures']} thủ tục")


@servicepoint.command("show")
@click.argument("point_id", type=int)
def show_command(point_id):
    """Một nơi tiếp nhận và các thủ tục nơi đó tiếp nhận hôm nay (JSON)."""
    with services().session_factory() as session:
        point = _point(session, point_id)
        emit_json(
            dict(
                describe(point),
                procedures=[
                    {"code": v.code, "name": v.name, "level": v.level, "sector": v.sector}
                    for v in procedures_received(session, point)
                ],
            )
        )
