import datetime as dt
from pathlib import Path

import click
from flask.cli import AppGroup

from ..catalogue.apply import DecisionConflict
from ..catalogue.io import export_catalogue, import_baseline
from ..db import transaction
from ..problems import ImportProblem
from . import emit_json, fail, parse_date_option, services

catalogue = AppGroup("catalogue", help="Danh mục thủ tục: nạp và xuất.")


@catalogue.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--effective", help="Ngày có hiệu lực của danh mục ban đầu (YYYY-MM-DD, mặc định hôm nay).")
@click.option("--json", "as_json", is_flag=True)
def import_command(file, effective, as_json):
    """Nạp thủ tục (JSON Lines) làm danh mục ban đầu, qua một quyết định được ghi lại."""
    effective_date = parse_date_option(effective, "--effective") or dt.date.today()
    try:
        with transaction(services().session_factory) as session:
            result = import_baseline(session, file, effective_date, actor="cli")
    except (ImportProblem, DecisionConflict) as error:
        fail(str(error))
    if as_json:
        emit_json(result)
        return
    click.echo(
        f"Đã nạp {result['procedures']} thủ tục, hiệu lực từ {effective_date:%d/%m/%Y} "
        f"(phiên bản danh mục {result['revision']})."
    )
    if result["quality_report"]:
        click.echo(f"Báo cáo chất lượng dữ liệu: {len(result['quality_report'])} thủ tục thiếu thông tin bắt buộc:")
        for item in result["quality_report"]:
            fields = ", ".join(sorted({p["field"].split(".")[0] for p in item["problems"]}))
            click.echo(f"  - {item['code']} {item['name'][:70]}: {fields}")


@catalogue.command("export")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "xlsx"]), required=True)
@click.option("--at", "at", help="Danh mục tại ngày (YYYY-MM-DD, mặc định hôm nay).")
@click.option("-o", "output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--json", "as_json", is_flag=True)
def export_command(fmt, at, output, as_json):
    """Xuất danh mục có hiệu lực tại một ngày."""
    on_date = parse_date_option(at, "--at") or dt.date.today()
    with services().session_factory() as session:
        content, revision = export_catalogue(session, fmt, on_date)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(content)
    if as_json:
        emit_json({"file": str(output), "format": fmt, "date": on_date.isoformat(), "revision": revision})
    else:
        click.echo(f"Đã xuất danh mục ngày {on_date:%d/%m/%Y} (phiên bản {revision}) ra {output}.")
