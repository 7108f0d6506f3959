import datetime as dt
from pathlib import Path

import click
from flask.cli import AppGroup

from ..dates import vn_date
from ..decisions.effect import apply_due
from ..decisions.importing import import_decisions
from ..problems import DomainError, ImportProblem
from ..records.flat import read_jsonl
from . import emit_json, fail, parse_date_option, services

decision = AppGroup("decision", help="Quyết định công bố: nạp, so sánh, áp dụng.")


def read_decision_file(path: Path):
    """Rows of flat decisions from JSON Lines (an Excel annex is read by tthc.annex.read, a Word
    decision by tthc.annex.word)."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from ..annex import read_decision_workbook

        return read_decision_workbook(path, progress=_progress, max_rows=services().settings.get("MAX_ANNEX_ROWS"))
    if path.suffix.lower() in (".docx", ".pdf"):
        return read_word_file(path)
    return read_jsonl(path)


WORD_OPERATOR_MAX_BYTES = 200 * 1024 * 1024


def read_word_file(path: Path):
    """[(1, flat decision)] from a .docx or .pdf; what the reader assumed or doubts goes to standard error."""
    from ..annex.pdf import read_decision_document
    from ..annex.word import WordProblem

    try:
        parsed = read_decision_document(path.read_bytes(), max_bytes=WORD_OPERATOR_MAX_BYTES)
    except WordProblem as error:
        raise ImportProblem(f"Không đọc được tệp {path.suffix.lower().lstrip('.').upper()}: {error}") from None
    if parsed.process_only:
        raise ProcessOnly(parsed)
    for doubt in parsed.doubts():
        click.echo(f"Cần kiểm tra: {doubt}", err=True)
    return [(1, parsed.flat())]


class ProcessOnly(Exception):
    """The file holds internal processes only: read and shown, nothing created (they go --attach-to a draft)."""

    def __init__(self, parsed):
        super().__init__("process only")
        self.parsed = parsed


def _show_processes(parsed, as_json: bool) -> None:
    """A process-only decision: its processes printed (or as JSON), the way to attach them named."""
    if as_json:
        emit_json(
            [
                {
                    "id": None,
                    "number": parsed.heading.get("number"),
                    "entries": 0,
                    "processes": parsed.processes,
                    "doubts": [p.as_dict() for p in parsed.problems()],
                }
            ]
        )
        return
    for item in parsed.processes:
        named = "; ".join(f"{p['code']} {p['name'][:70]}".strip() for p in item["procedures"]) or "(chưa nêu thủ tục)"
        steps = sum(len(c["steps"]) for c in item["process"]["cases"])
        click.echo(f"Bảng {item['table']}: quy trình nội bộ của {named} ({steps} bước)")
    for doubt in parsed.doubts():
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
    from ..decisions.patching import import_report

    if attach_to is not None:
        _attach_command(file, attach_to, dry_run, as_json)
        return
    try:
        try:
            rows = read_decision_file(file)
        except ProcessOnly as only:
            _show_processes(only.parsed, as_json)
            return
        session = services().session_factory()
        try:
            created = import_decisions(session, rows, signed=signed, actor="cli")
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
            if dry_run:
                session.rollback()
            else:
                session.commit()
        finally:
            session.rollback()
            session.close()
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
    from ..models.decisions import Decision
    from ..problems import DomainError

    session = services().session_factory()
    try:
        decision = session.get(Decision, decision_id)
        if decision is None:
            fail(f"Không có quyết định số hiệu {decision_id}.")
        if decision.status not in EDITABLE_STATES:
            fail(f"Quyết định {decision.number or decision_id} không còn là dự thảo; không gắn quy trình được.")
        try:
            result = attach_process_file(session, decision, file.read_bytes(), actor="cli")
        except DomainError as error:
            fail(str(error))
        if dry_run:
            session.rollback()
        else:
            session.commit()
    finally:
        session.rollback()
        session.close()
    if as_json:
        emit_json({"id": decision_id, **result})
        return
    for item in result["attached"]:
        click.echo(f"Đã gắn quy trình vào mục {item['entry'] + 1}: {item['code'] or ''} {item['name'][:60]}")
    for doubt in result["doubts"]:
        click.echo(f"Cần kiểm tra: {doubt}", err=True)


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
    from ..decisions import policy
    from ..diff.decision import diff_decision

    with services().session_factory() as session:
        try:
            found = policy.visible_decision(session, policy.OPERATOR, decision_id)
        except policy.NotVisible:
            fail(f"Không có quyết định số hiệu {decision_id}.")
        result = diff_decision(session, found)
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
    from ..models.decisions import Decision

    with services().session_factory() as session:
        found = session.get(Decision, decision_id)
        if found is None:
            fail(f"Không có quyết định số hiệu {decision_id}.")
        result = decision_as_dict(found)
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
