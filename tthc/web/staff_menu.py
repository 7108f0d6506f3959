"""The staff menu: each entry is shown to the roles its endpoint declares (so it follows the policy)."""

from __future__ import annotations

from flask import Flask, current_app, url_for
from flask_login import current_user

from .access import policy_for

STAFF_MENU = (
    ("drafting.index", "Soạn thảo"),
    ("review.dashboard", "Thẩm định"),
    ("sources.index", "Nguồn"),
    ("sources.reconcile", "Đối chiếu"),
    ("printing.index", "Niêm yết"),
    ("admin.users", "Tài khoản"),
    ("admin.agencies", "Cơ quan"),
    ("search_admin.search_gaps", "Tìm kiếm chưa thấy"),
    ("event_admin.index", "Sự kiện"),
)


def init_staff_menu(app: Flask) -> None:
    app.add_template_global(staff_menu)


def staff_menu() -> list[tuple[str, str]]:
    """(url, label) of the staff pages the current user may open."""
    if not current_user.is_authenticated:
        return []
    items = []
    for endpoint, label in STAFF_MENU:
        allowed = policy_for(current_app, endpoint, "GET")
        if endpoint in current_app.view_functions and isinstance(allowed, frozenset) and current_user.role in allowed:
            items.append((url_for(endpoint), label))
    return items
