"""`tthc source …` and `tthc national …`: sources (a ministry's or the national decision) and the
reconciliation with the national catalogue, thin over tthc.sources."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from ..dates import vn_date
from ..db import transaction
from ..problems import DomainError
from ..sources.matching import FOR_US_LABELS
from ..sources.reading import OPERATOR_MAX_BYTES, import_source, read_source_bytes, source_summary
from ..sources.service import get_source, meaning_of
from . import emit_json, fail, parse_date_option, services

source = AppGroup("source", help="Nguồn: quyết định công bố của bộ, ngành (không làm thay đổi danh mục).")


@source.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--effective", help="Ngày văn bản pháp luật có hiệu lực (YYYY-MM-DD), nếu khác ngày trong quyết định.")
@click.option("--json", "as_json", is_flag=True)
def import_command(file, effective, as_json):
    """Nạp quyết định của bộ, ngành (.docx, .pdf, .jsonl) làm nguồn."""
    effective_date = parse_date_option(effective, "--effective")
    try:
        flat, doubts = read_source_bytes(file.read_bytes(), file.name, max_bytes=OPERATOR_MAX_BYTES)
        with transaction(services().session_factory) as session:
            summary = source_summary(
                import_source(
                    session, flat, file_name=file.name, doubts=doubts, effective_date=effective_date, actor="cli"
                )
            )
    except DomainError as error:
        fail(str(error))
    for doubt in doubts:
        click.echo(f"Cần kiểm tra: {doubt}", err=True)
    if as_json:
        emit_json(summary)
    else:
        click.echo(
            f"Đã nạp nguồn {summary['number']} của {summary['issuer']} ({summary['entries']} mục), số {summary['id']}."
        )


@source.command("show")
@click.argument("source_id", type=int)
@click.option("--today", help="Coi hôm nay là ngày này (YYYY-MM-DD), để tính hạn công bố.")
@click.option("--json", "as_json", is_flag=True)
def show_command(source_id, today, as_json):
    """Nguồn và ý nghĩa của từng mục đối với cơ quan (mới, sửa đổi, bãi bỏ, đã khớp, không thuộc cấp)."""
    with services().session_factory() as session:
        try:
            answer = meaning_of(
                session, get_source(session, source_id), services().settings, parse_date_option(today, "--today")
            ).as_dict()
        except DomainError as error:
            fail(str(error))
    if as_json:
        emit_json(answer)
        return
    head = answer["source"]
    click.echo(f"Nguồn {head['number']} ngày {vn_date(head['date'])} của {head['issuer']}")
    if head["deadline"]:
        click.echo(f"Hạn công bố: {vn_date(head['deadline'])} (còn {head['days_left']} ngày)")
    for item in answer["entries"]:
        target = f" → {item['procedure']}" if item["procedure"] else ""
        click.echo(f"  [{FOR_US_LABELS[item['for_us']]}] {item['code'] or '(chưa có mã)'} {item['name'][:70]}{target}")
