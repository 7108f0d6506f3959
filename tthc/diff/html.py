"""HTML for diffs, built from escaped tokens only (markupsafe; no Flask).

Insertions and deletions are marked by more than colour: a visible symbol (＋/－, hidden from screen
readers) and visually-hidden words ("bắt đầu phần thêm" ...) that screen readers announce. Every
change carries class `chg` so the review page can step through them (next/previous change).
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

from ..records.word_diff import Op

_CUES = {
    "insert": ("ins", "d-ins", "+", "Thêm: ", " (hết phần thêm)"),
    "delete": ("del", "d-del", "−", "Bỏ: ", " (hết phần bỏ)"),
}
ITEM_STATUS = {
    "added": ("Thêm mới", "+"),
    "removed": ("Bãi bỏ", "−"),
    "changed": ("Sửa đổi", "~"),
    "moved": ("Chuyển vị trí", "↕"),
    "same": ("Không đổi", ""),
}


def _mark(tag: str, text: str) -> Markup:
    element, css, symbol, start, end = _CUES[tag]
    return Markup(
        '<{0} class="{1} chg"><span class="d-sym" aria-hidden="true">{2}</span>'
        '<span class="vh">{3}</span>{4}<span class="vh">{5}</span></{0}>'
    ).format(element, css, symbol, start, escape(text), end)


def ops_html(ops: list[Op], side: str = "inline") -> Markup:
    """One text's word diff: `inline` shows both, `before` only deletions, `after` only insertions."""
    out = []
    for tag, text in ops:
        if tag == "equal":
            out.append(escape(text))
        elif side == "inline" or (side == "before" and tag == "delete") or (side == "after" and tag == "insert"):
            out.append(_mark(tag, text))
    return Markup("").join(out)


def whole_html(text: str, tag: str) -> Markup:
    return _mark(tag, text) if text else Markup("")


def _item_row(item: dict[str, Any], mode: str) -> Markup:
    status = item["status"]
    word, symbol = ITEM_STATUS[status]
    badge = (
        Markup('<span class="d-badge d-{0}"><span aria-hidden="true">{1}</span> {2}</span> ').format(
            status, symbol, word
        )
        if status != "same"
        else Markup("")
    )
    if status == "changed":
        body_before, body_after = ops_html(item["ops"], "before"), ops_html(item["ops"], "after")
        inline = ops_html(item["ops"])
    elif status == "added":
        body_before, body_after = Markup(""), whole_html(item["after"], "insert")
        inline = body_after
    elif status == "removed":
        body_before, body_after = whole_html(item["before"], "delete"), Markup("")
        inline = body_before
    else:
        body_before, body_after = escape(item["before"]), escape(item["after"])
        inline = body_after
    extra = ' chg' if status == "moved" else ''
    css = f"d-item d-{status}{extra}"
    if mode == "side":
        return Markup('<tr class="{0}"><td>{1}{2}</td><td>{3}{4}</td></tr>').format(
            css, badge if status != "added" else "", body_before, badge if status != "removed" else "", body_after
        )
    # The number a reader sees is the item's place in the new list (or in the old one, if removed).
    number = item["after_index"] if item["after_index"] is not None else item["before_index"]
    return Markup('<li class="{0}" value="{1}">{2}{3}</li>').format(css, number + 1, badge, inline)


CONTEXT = 1  # unchanged list items kept on each side of a change; longer unchanged runs fold


def _folded(items: list[dict[str, Any]]) -> list[dict[str, Any] | int]:
    """Items with long runs of unchanged ones replaced by their count (a 50-step list with one changed
    step shows that step, its neighbours and "48 mục không đổi")."""
    out: list[dict[str, Any] | int] = []
    run: list[dict[str, Any]] = []

    def flush(last: bool) -> None:
        keep_head = 0 if not out else CONTEXT
        keep_tail = 0 if last else CONTEXT
        if len(run) > keep_head + keep_tail + 1:
            out.extend(run[:keep_head])
            out.append(len(run) - keep_head - keep_tail)
            out.extend(run[len(run) - keep_tail :])
        else:
            out.extend(run)
        run.clear()

    for item in items:
        if item["status"] == "same":
            run.append(item)
        else:
            flush(False)
            out.append(item)
    flush(True)
    return out


def _fold_row(count: int, mode: str) -> Markup:
    text = Markup('<span class="d-fold">… {0} mục không thay đổi …</span>').format(count)
    if mode == "side":
        return Markup('<tr class="d-item d-same"><td colspan="2">{0}</td></tr>').format(text)
    return Markup('<li class="d-item d-same d-folded">{0}</li>').format(text)


def _list_rows(items: list[dict[str, Any]], mode: str) -> Markup:
    return Markup("").join(
        _fold_row(item, mode) if isinstance(item, int) else _item_row(item, mode) for item in _folded(items)
    )


def change_html(change: dict[str, Any], mode: str = "inline") -> Markup:
    """One changed part (from tthc.records.diff) as HTML: `inline` or `side` (before | after columns)."""
    kind = change["kind"]
    if kind == "list":
        rows = _list_rows(change["items"], mode)
        if mode == "side":
            return Markup(
                '<table class="d-side"><thead><tr><th scope="col">Trước</th><th scope="col">Sau</th>'
                '</tr></thead><tbody>{0}</tbody></table>'
            ).format(rows)
        return Markup('<ol class="d-list">{0}</ol>').format(rows)
    if kind == "text":
        ops = change["ops"]
        before, after, inline = ops_html(ops, "before"), ops_html(ops, "after"), ops_html(ops)
    else:
        before = whole_html(change["before_text"], "delete")
        after = whole_html(change["after_text"], "insert")
        inline = before + Markup(" ") + after
    if mode == "side":
        return Markup(
            '<table class="d-side"><thead><tr><th scope="col">Trước</th><th scope="col">Sau</th></tr>'
            '</thead><tbody><tr><td class="pre">{0}</td><td class="pre">{1}</td></tr></tbody></table>'
        ).format(before, after)
    return Markup('<p class="d-text pre">{0}</p>').format(inline)


LEGEND = Markup(
    '<dl class="d-legend" aria-label="Chú giải">'
    '<dt><ins class="d-ins"><span class="d-sym" aria-hidden="true">+</span>chữ được thêm</ins></dt>'
    '<dd>Nội dung thêm mới (gạch chân, dấu +)</dd>'
    '<dt><del class="d-del"><span class="d-sym" aria-hidden="true">−</span>chữ bị bỏ</del></dt>'
    '<dd>Nội dung bị bỏ (gạch ngang, dấu −)</dd>'
    '<dt><span class="d-badge d-moved"><span aria-hidden="true">↕</span> Chuyển vị trí</span></dt>'
    '<dd>Mục giữ nguyên nội dung nhưng đổi thứ tự</dd></dl>'
)
