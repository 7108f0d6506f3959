from pathlib import Path

import click
from flask.cli import with_appcontext

from ..stats import compute_stats
from ..stats.report import stats_report
from . import emit_json, parse_date_option, services


@click.command("stats")
@with_appcontext
@click.option("--at", "at", help="Ngày thống kê (YYYY-MM-DD, mặc định hôm nay).")
@click.option("--json", "as_json", is_flag=True, help="In toàn bộ số liệu dạng JSON (kèm danh sách thủ tục).")
@click.option("--xlsx", "xlsx", type=click.Path(dir_okay=False, path_type=Path), help="Ghi báo cáo Excel vào tệp.")
def stats(at, as_json, xlsx):
    """Thống kê thủ tục hành chính so với chỉ tiêu của kế hoạch (tại chỗ 20 % / 50 %, trực tuyến...)."""
    day = parse_date_option(at, "--at")
    with services().session_factory() as session:
        figures = compute_stats(session, day)
        if xlsx:
            xlsx.write_bytes(stats_report(session, figures))
    if as_json:
        emit_json(figures)
        return
    online, processes = figures["online"], figures["processes"]
    click.echo(f"Ngày {figures['date']}: {figures['total']} thủ tục đang có hiệu lực.")
    click.echo(
        f"Trực tuyến toàn trình: {online['full']} ({_pct(online['full_share'])}), "
        f"một phần: {online['partial']} ({_pct(online['partial_share'])})."
    )
    click.echo(f"Phi địa giới: {figures['non_territorial']['count']} ({_pct(figures['non_territorial']['share'])}).")
    for c in figures["on_the_spot"]["centres"]:
        click.echo(
            f"{c['name']}: giải quyết tại chỗ {c['on_the_spot']}/{c['received']} ({_pct(c['share'])}), "
            f"chỉ tiêu {_pct(c['target'])}: {'đạt' if c['met'] else 'chưa đạt'}."
        )
        if c.get("note"):
            click.echo(f"  Lưu ý: {c['note']}")
    click.echo(
        f"Chưa có quy trình nội bộ: {processes['missing']}; quy trình vượt thời hạn: {processes['over_time_limit']}."
    )
    for q in figures["decisions"]["quarters"]:
        days = "—" if q["days_mean"] is None else f"{str(q['days_mean']).replace('.', ',')} ngày"
        click.echo(
            f"{q['quarter']}: {q['decisions']} quyết định (mới {q['new']}, sửa đổi {q['amended']}, thay thế "
            f"{q['replaced']}, bãi bỏ {q['abolished']}), {q['list_decisions']} quyết định danh mục "
            f"({q['list_entries']} mục); từ ký đến hiệu lực trung bình {days}."
        )
    if xlsx:
        click.echo(f"Đã ghi báo cáo Excel: {xlsx}")


def _pct(value) -> str:
    return "—" if value is None else f"{value * 100:.1f}%".replace(".", ",")
