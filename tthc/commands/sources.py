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
        click.echo(f"Hạn công bố: {vn_date(head['deadline'])} ({_timeliness(head)})")
    for item in answer["entries"]:
        target = f" → {item['procedure']}" if item["procedure"] else ""
        click.echo(f"  [{FOR_US_LABELS[item['for_us']]}] {item['code'] or '(chưa có mã)'} {item['name'][:70]}{target}")


def _timeliness(head: dict) -> str:
    lag = head["announced_days_late"]
    if head["late"]:
        return f"trễ {-head['days_left']} ngày"
    if lag is not None:
        when = f"trễ {lag} ngày" if lag > 0 else f"sớm {-lag} ngày" if lag < 0 else "đúng hạn"
        return f"tỉnh công bố ngày {vn_date(head['announced'])}: {when}"
    return f"còn {head['days_left']} ngày" if head["days_left"] >= 0 else "đã xử lý xong"


national = AppGroup("national", help="Đối chiếu với Cơ sở dữ liệu quốc gia về thủ tục hành chính.")


def read_snapshot_file(path: Path) -> list[tuple[int, dict]]:
    """(line, procedure) from JSON Lines, plain or .xz-compressed (as catalogue snapshots are kept)."""
    import json
    import lzma

    from ..text import nfc

    opener = lzma.open if path.suffix == ".xz" else open
    rows = []
    try:
        with opener(path, "rt", encoding="utf-8-sig") as handle:
            for number, line in enumerate(handle, start=1):
                if line.strip():
                    value = json.loads(line)
                    if not isinstance(value, dict):
                        fail(f"Dòng {number}: mỗi dòng phải là một đối tượng JSON.")
                    rows.append((number, nfc(value)))
    except (ValueError, OSError, lzma.LZMAError) as error:
        fail(f"Không đọc được tệp {path.name}: {error}")
    return rows


@national.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--date", "date", help="Ngày của bản CSDL quốc gia (YYYY-MM-DD), mặc định hôm nay.")
@click.option("--json", "as_json", is_flag=True)
def national_import_command(file, date, as_json):
    """Nạp một bản danh mục của CSDL quốc gia (JSON Lines, định dạng trao đổi)."""
    import datetime as dt

    from ..sources.national import import_snapshot

    snapshot_date = parse_date_option(date, "--date") or dt.date.today()
    rows = read_snapshot_file(file)
    try:
        with transaction(services().session_factory) as session:
            snapshot = import_snapshot(session, rows, snapshot_date, file_name=file.name, actor="cli")
            answer = {"id": snapshot.id, "date": snapshot_date.isoformat(), "count": snapshot.count}
    except DomainError as error:
        fail(str(error))
    if as_json:
        emit_json(answer)
    else:
        click.echo(f"Đã nạp bản CSDL quốc gia ngày {vn_date(snapshot_date)}: {answer['count']} thủ tục.")


@national.command("reconcile")
@click.option("--json", "as_json", is_flag=True)
@click.option("--xlsx", "xlsx", type=click.Path(dir_okay=False, path_type=Path), help="Ghi báo cáo ra tệp Excel.")
def reconcile_command(as_json, xlsx):
    """Đối chiếu danh mục đang có hiệu lực với bản CSDL quốc gia mới nhất, theo từng loại khác biệt."""
    from ..sources.export import reconciliation_xlsx
    from ..sources.national import CLASS_LABELS, CLASSES, reconcile
    from ..sources.service import levels_of

    with services().session_factory() as session:
        report = reconcile(session, levels_of(services().settings))
        if report.snapshot is None:
            fail("Chưa nạp bản CSDL quốc gia nào (tthc national import FILE).")
        answer = report.as_dict()
        if xlsx:
            xlsx.write_bytes(reconciliation_xlsx(report))
    if as_json:
        emit_json(answer)
        return
    click.echo(f"Đối chiếu với bản CSDL quốc gia ngày {vn_date(answer['snapshot']['date'])}:")
    for kind in CLASSES:
        click.echo(f"  {CLASS_LABELS[kind]}: {len(answer[kind])}")
    click.echo(f"  Khác biệt giữ có chủ ý: {len(answer['intended'])}")
