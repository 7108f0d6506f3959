"""`tthc index rebuild|status` and `tthc search QUERY … --json` (names are a contract: docs/search.md)."""

import sys

import click
from flask.cli import AppGroup, with_appcontext

from ..search import IndexBusy, SearchQuery, SearchService, service_for
from . import emit_json, fail, parse_date_option, services

index = AppGroup("index", help="Chỉ mục tìm kiếm.")


def search_service() -> SearchService:
    """The CLI builds inline (no background thread): a one-off command waits for its index."""
    settings = services().settings.replace(search_background_rebuild=False, search_check_seconds=0.0)
    return service_for(settings, services().session_factory)


@index.command("rebuild")
@click.option("--if-stale", is_flag=True, help="Chỉ xây dựng khi chỉ mục không khớp với danh mục.")
@click.option("--json", "as_json", is_flag=True)
def rebuild_command(if_stale, as_json):
    """Xây dựng lại chỉ mục tìm kiếm từ cơ sở dữ liệu (thư mục mới, rồi chuyển sang)."""
    try:
        info = search_service().rebuild(wait=True, force=not if_stale)
    except IndexBusy as error:
        fail(str(error))
    if as_json:
        emit_json(info)
    else:
        click.echo(
            f"{'Đã xây dựng' if info['rebuilt'] else 'Đang khớp danh mục:'} chỉ mục {info['folder']}: "
            f"{info['documents']} thủ tục, "
            f"trạng thái danh mục {info['state']}, {info.get('seconds', 0)} giây."
        )


@index.command("status")
def status_command():
    """Chỉ mục hiện tại và việc nó có khớp với danh mục hay không (JSON)."""
    emit_json(search_service().status())


def hit_row(hit: dict) -> dict:
    keys = (
        "code",
        "name",
        "level",
        "sector",
        "agency",
        "status",
        "valid_from",
        "online_level",
        "channels",
        "replaced_by",
        "upcoming_date",
        "upcoming_action",
        "score",
        "confidence",
        "matched",
    )
    row = {k: hit.get(k) for k in keys}
    if hit.get("event"):  # optional: the hit is a step of the life event the query matched
        row["event"] = hit["event"]
    return row


@click.command("search")
@with_appcontext
@click.argument("query")
@click.option("--level", default="", help="Cấp thực hiện (tinh, xa, huyen, trung_uong, khac).")
@click.option("--sector", default="", help="Lĩnh vực (đúng tên).")
@click.option("--agency", default="", help="Cơ quan thực hiện (đúng tên).")
@click.option("--at", "at", help="Danh mục tại ngày (YYYY-MM-DD, mặc định hôm nay).")
@click.option("--limit", default=10, type=click.IntRange(1, 100), show_default=True)
@click.option("--json", "as_json", is_flag=True)
@click.option("--explain", is_flag=True, help="Giải thích vì sao mỗi kết quả đứng ở vị trí đó.")
@click.option("--prune", is_flag=True, help="Với «gaps»: xóa nhật ký tìm kiếm quá hạn lưu giữ trước.")
def search(query, level, sector, agency, at, limit, as_json, explain, prune):
    """Tìm thủ tục như trang tra cứu; QUERY «-» đọc mỗi dòng một câu tìm từ đầu vào chuẩn.
    «tthc search gaps [--json]»: các câu tìm thường gặp không có hoặc có ít kết quả."""
    if query == "gaps":
        return gaps_report(as_json, limit if limit != 10 else 50, prune)
    on_date = parse_date_option(at, "--at")
    service = search_service()
    queries = (line.rstrip("\n") for line in sys.stdin) if query == "-" else [query]
    for text in queries:
        if not text.strip() and query == "-":
            emit_json([]) if as_json else click.echo("")
            continue
        wanted = SearchQuery(
            text=text, level=level, sector=sector, agency=agency, per_page=limit, facets=False, explain=explain
        )
        result = service.search(wanted, on_date)
        hits = [hit_row(h) | ({"explain": h.get("explain", {})} if explain else {}) for h in result.hits]
        if explain and not as_json:
            print_explanation(result, hits)
            continue
        if as_json:
            emit_json(hits)
        else:
            for hit in hits:
                click.echo(f"{hit['code']}\t{hit['name']}")
            if query == "-":
                click.echo("")


def print_explanation(result, hits: list[dict]) -> None:
    """Why each hit ranks where it does: matched words and how, then the features and their values."""
    if result.corrections:
        click.echo("Sửa lỗi gõ: " + ", ".join(f"{a} → {b}" for a, b in result.corrections.items()))
    if result.nothing_fits:
        click.echo("Không có thủ tục khớp với đối tượng của câu tìm; dưới đây chỉ là các thủ tục gần nhất.")
    for rank, hit in enumerate(hits, 1):
        sure = "khớp" if hit.get("matched") else "không chắc"
        click.echo(
            f"{rank}. {hit['code']}\t{hit['name']}\t(điểm {hit['score']}, độ tin cậy {hit.get('confidence')}: {sure})"
        )
        explanation = hit.get("explain") or {}
        for match in explanation.get("matches", []):
            found = f"«{match['name']}» ({match['how']})" if match["name"] else match["how"]
            note = f" — {match['intent']}" if match.get("intent") else ""
            click.echo(f"     «{match['query']}»: {found}{note}")
        features = explanation.get("features") or {}
        if features:
            click.echo("     " + ", ".join(f"{k}={v}" for k, v in features.items()))


def gaps_report(as_json: bool, limit: int, prune: bool) -> None:
    from ..search.gaps import gaps
    from ..search.gaps import prune as prune_log

    factory = services().session_factory
    with factory() as session:
        removed = prune_log(session, services().settings.search_log_days) if prune else 0
        rows = gaps(session, limit=limit)
        session.commit()
    if as_json:
        emit_json(rows)
        return
    if prune:
        click.echo(f"Đã xóa {removed} dòng nhật ký quá hạn.")
    for row in rows:
        click.echo(f"{row['searches']}\t{row['max_results']}\t{row['query']}")
