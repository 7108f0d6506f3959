import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy.orm import Session

from ..annex.word import WordProblem, document_problems
from ..dates import vn_date
from ..decisions.effect import apply_due
from ..decisions.file_import import ReadFile, import_read_file, read_decision_file
from ..models.import_jobs import ImportJobKind
from ..problems import DomainError, ImportProblem
from ..records.flat import read_jsonl
from . import emit_json, fail, parse_date_option, services

decision = AppGroup("decision", help="Quyết định công bố: nạp, so sánh, áp dụng.")


WORD_OPERATOR_MAX_BYTES = 200 * 1024 * 1024


def read_file(path: Path) -> ReadFile:
    """The decision file read (tthc.decisions.file_import, as the web reads an upload), or JSON Lines;
    what a Word or PDF reader doubts goes to standard error."""
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".xlsm", ".docx", ".pdf"):
        return ReadFile(rows=read_jsonl(path))
    kind = ImportJobKind.EXCEL if suffix in (".xlsx", ".xlsm") else ImportJobKind.WORD
    try:
        read = read_decision_file(
            path.read_bytes(),
            kind,
            max_rows=services().settings.get("MAX_ANNEX_ROWS"),
            max_bytes=WORD_OPERATOR_MAX_BYTES,
            progress=_progress if kind == ImportJobKind.EXCEL else None,
        )
    except WordProblem as error:
        raise ImportProblem(f"Không đọc được tệp {suffix.lstrip('.').upper()}: {error}") from None
    if not read.process_only:
        for doubt in read.doubts():
            click.echo(f"Cần kiểm tra: {doubt}", err=True)
    return read


def _show_processes(read: ReadFile, as_json: bool) -> None:
    """A process-only decision: its processes printed (or as JSON), the way to attach them named."""
    document = read.document or {}
    if as_json:
        emit_json(
            [
                {
                    "id": None,
                    "number": document["heading"].get("number"),
                    "entries": 0,
                    "processes": document["processes"],
                    "doubts": [p.as_dict() for p in document_problems(document)],
                }
            ]
        )
        return
    for item in document["processes"]:
        named = "; ".join(f"{p['code']} {p['name'][:70]}".strip() for p in item["procedures"]) or "(chưa nêu thủ tục)"
        steps = sum(len(c["steps"]) for c in item["process"]["cases"])
        click.echo(f"Bảng {item['table']}: quy trình nội bộ của {named} ({steps} bước)")
    for doubt in read.doubts():
        click.echo(f"Cần kiểm tra: {doubt}", err=True)


def _progress(done: int, total: int) -> None:
    """Large workbooks: a line on standard error every 500 rows (stdout stays clean for --json)."""
    if total >= 1000:
        click.echo(f"Đã đọc {done}/{total} dòng...", err=True)


@decision.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--signed", is_flag=True, help="Ghi nhận quyết định đã ký (hiệu lực theo ngày của quyết định).")
@click.option("--dry-run", is_flag=True, help="Chỉ in báo cáo thêm / sửa / bỏ của từng mục, không ghi gì.")
@click.option("--json", "as_json", is_flag=True)
@click.option("--attach-to", "attach_to", type=int, help="Gắn quy trình nội bộ trong tệp vào dự thảo có mã số này.")
def import_command(file, signed, dry_run, as_json, attach_to):
    """Nạp quyết định từ JSON Lines, phụ lục Excel, văn bản Word (.docx) hoặc PDF có lớp chữ."""
    from ..decisions.import_report import import_report

    if attach_to is not None:
        _attach_command(file, attach_to, dry_run, as_json)
        return
    try:
        read = read_file(file)
        if read.process_only:
            _show_processes(read, as_json)
            return
        with _unit_of_work(dry_run) as session:
            created = import_read_file(session, read, signed=signed, actor="cli")
            result = [
                {
                    "id": None if dry_run else d.id,
                    "number": d.number,
                    "status": d.status,
                    "effective_date": d.effective_date.isoformat() if d.effective_date else None,
                    "entries": len(d.entries),
                    "report": import_report(session, d),
                    "doubts": list((d.extra or {}).get("doubts") or []),  # what the reader doubts (issue 22)
                }
                for d in created
            ]
    except DomainError as error:  # ImportProblem, a text past its column (db.ValueTooLong), a conflict
        fail(str(error))
    if as_json:
        emit_json(result)
        return
    for item in result:
        verb = "Sẽ nạp" if dry_run else "Đã nạp"
        click.echo(f"{verb} quyết định {item['number']} ({item['entries']} mục, trạng thái {item['status']}).")
        for line in report_lines(item["report"]):
            click.echo(line)


def _attach_command(file: Path, decision_id: int, dry_run: bool, as_json: bool) -> None:
    """`decision import FILE --attach-to ID`: the process annex in FILE attached to the entries of draft ID."""
    from ..decisions.attach import attach_process_file
    from ..decisions.policy import EDITABLE_STATES

    with _unit_of_work(dry_run) as session:
        decision = _decision_or_fail(session, decision_id)
        if decision.status not in EDITABLE_STATES:
            fail(f"Quyết định {decision.number or decision_id} không còn là dự thảo; không gắn quy trình được.")
        try:
            result = attach_process_file(
                session, decision, file.read_bytes(), actor="cli", max_bytes=WORD_OPERATOR_MAX_BYTES
            )
        except DomainError as error:
            fail(str(error))
    if as_json:
        emit_json({"id": decision_id, **result})
        return
    for item in result["attached"]:
        click.echo(f"Đã gắn quy trình vào mục {item['entry'] + 1}: {item['code'] or ''} {item['name'][:60]}")
    for doubt in result["doubts"]:
        click.echo(f"Cần kiểm tra: {doubt}", err=True)


@contextmanager
def _unit_of_work(dry_run: bool) -> Iterator[Session]:
    """A session whose changes are committed when the block ends, or rolled back with --dry-run (and
    whenever the block fails or exits)."""
    session = services().session_factory()
    try:
        yield session
        if not dry_run:
            session.commit()
    finally:
        session.rollback()
        session.close()


def _decision_or_fail(session: Session, decision_id: int):
    """The decision with this id (the operator sees every one), or exit with a message."""
    from ..decisions import policy

    try:
        return policy.visible_decision(session, policy.OPERATOR, decision_id)
    except policy.NotVisible:
        fail(f"Không có quyết định số hiệu {decision_id}.")


def report_lines(report) -> list[str]:
    """The import report as text: one line per entry, then what it adds (+), changes (~) and removes (-)."""
    lines = []
    for entry in report:
        lines.append(f"Mục {entry['position'] + 1}: {entry['action_label']} {entry['code']} {entry['name'][:60]}")
        for sign, key in (("+", "added"), ("~", "changed"), ("-", "removed")):
            lines.extend(f"  {sign} {text[:160]}" for text in entry[key])
    return lines


@decision.command("apply-due")
@click.option("--today", help="Coi hôm nay là ngày này (YYYY-MM-DD).")
@click.option("--json", "as_json", is_flag=True)
def apply_due_command(today, as_json):
    """Áp dụng mọi quyết định đã ký đến ngày hiệu lực, cũ trước."""
    on_date = parse_date_option(today, "--today")
    if on_date is not None and on_date > dt.date.today():
        # Applied before its date, a decision would show as in force while the pages still show the
        # catalogue of today: --today only catches up days the command missed.
        fail(
            f"--today {on_date.isoformat()} là ngày trong tương lai: chỉ áp dụng các quyết định đã đến ngày "
            "hiệu lực (bỏ --today để tính đến hôm nay)."
        )
    outcomes = apply_due(services().session_factory, on_date, actor="cli")
    if as_json:
        emit_json([o.as_dict() for o in outcomes])
    else:
        if not outcomes:
            click.echo("Không có quyết định nào đến ngày hiệu lực.")
        for o in outcomes:
            if o.status == "applied":
                click.echo(
                    f"Đã áp dụng {o.number} (hiệu lực {vn_date(o.effective_date)}, phiên bản danh mục {o.revision})."
                )
            elif o.status == "conflict":
                click.echo(f"Không áp dụng được {o.number}: " + "; ".join(o.problems or []), err=True)
            else:
                click.echo(f"Bỏ qua {o.number}: đã được áp dụng ở nơi khác.")
    if any(o.status == "conflict" for o in outcomes):
        raise SystemExit(1)


@decision.command("diff")
@click.argument("decision_id", type=int)
@click.option("--json", "as_json", is_flag=True)
def diff_command(decision_id, as_json):
    """Những gì quyết định thay đổi so với danh mục ngay trước ngày hiệu lực (docs/review.md)."""
    from ..diff.decision import diff_decision

    with services().session_factory() as session:
        result = diff_decision(session, _decision_or_fail(session, decision_id))
    if as_json:
        emit_json(result)
        return
    head = result["decision"]
    click.echo(
        f"Quyết định {head['number'] or head['id']} ({head['status_label']}), so với danh mục ngày "
        f"{result['baseline_date']}:"
    )
    for entry in result["entries"]:
        fields = ", ".join(entry["changed_fields"]) or "không thay đổi nội dung nào"
        flag = " [CẢNH BÁO: sửa đổi không thay đổi gì]" if entry["noop"] else ""
        click.echo(
            f"  {entry['position'] + 1}. {entry['action_label']} {entry['code'] or ''} "
            f"{entry['name'][:60]}: {fields}{flag}"
        )
    for problem in result["problems"]:
        click.echo(f"  Xung đột: {problem}", err=True)


@decision.command("show")
@click.argument("decision_id", type=int)
@click.option("--json", "as_json", is_flag=True)
def show_command(decision_id, as_json):
    """Một quyết định và các mục của nó (docs/drafting.md)."""
    from ..decisions.showing import decision_as_dict

    with services().session_factory() as session:
        result = decision_as_dict(_decision_or_fail(session, decision_id))
    if as_json:
        emit_json(result)
        return
    head = result["decision"]
    click.echo(
        f"Quyết định {head['number'] or head['id']} ({head['status']}), {head['issuer']}, "
        f"ngày {head['date'] or '—'}, hiệu lực {head['effective_date'] or '—'}: {len(result['entries'])} mục"
    )
    for entry in result["entries"]:
        code = entry['code'] or '(chưa có mã)'
        click.echo(f"  {entry['position'] + 1}. {entry['action']} {code} {(entry['name'] or '')[:70]}")
