"""How the web shows a refusal of the domain: one handler for every `tthc.problems.DomainError`.

A view changes data only through `tthc.web.run_change`, which commits once or, on a refusal, rolls back
and raises it again; a view that reads may raise a refusal too (`policy.visible_decision`). The refusal
reaches `show_refusal`, which answers, in this order:
- `NotFound` (`NotVisible` among them): the app's 404 page (an id tells nothing about what the user may
  not see);
- a JSON request (the API, a form's autosave): `{"error", "status", "message", "problems", "saved": false}`;
- a refusal of a forged request (FORGED_REQUESTS): the error page;
- a refusal with a page of its own (REFUSAL_PAGES: the import problems list);
- the page the view named with `run_change(page=...)`: that page re-rendered with the message;
- the page the view named with `run_change(back=...)` or `refusals_back_to(...)`: the message flashed
  there (redirect 302);
- otherwise the error page with the message.
The status is the refusal's (STATUS: 403, 404, 409, 429; 400 for any other refusal).
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, flash, g, jsonify, redirect, render_template, request
from werkzeug.wrappers import Response

from ..annex import WorkbookProblem
from ..catalogue.apply import DecisionConflict
from ..decisions.entry_form import FormTooLarge
from ..decisions.import_jobs import TooManyJobs
from ..decisions.policy import NotPermitted
from ..decisions.workflow import StaleDecision
from ..problems import DomainError, NotFound

# The most specific first; any other refusal is a 400 (the request cannot be done as asked).
STATUS: tuple[tuple[type[DomainError], int], ...] = (
    (NotFound, 404),
    (NotPermitted, 403),
    (StaleDecision, 409),
    (DecisionConflict, 409),
    (TooManyJobs, 429),
)
TITLES = {
    400: "Yêu cầu không thực hiện được",
    403: "Không có quyền thực hiện",
    404: "Không tìm thấy trang",
    409: "Yêu cầu xung đột với dữ liệu hiện có",
    429: "Quá nhiều yêu cầu cùng lúc",
}
# Refusals that have a page of their own: the template gets `problems` and `more`.
REFUSAL_PAGES: dict[type[DomainError], str] = {WorkbookProblem: "staff/drafting/import_problems.html"}
# Refusals of a request no page of the site sends (a row count of 99999999): the error page, never a
# message flashed on the form the request claims to come from.
FORGED_REQUESTS: tuple[type[DomainError], ...] = (FormTooLarge,)


def status_of(refusal: DomainError) -> int:
    for kind, status in STATUS:
        if isinstance(refusal, kind):
            return status
    return 400


def refusals_back_to(url: str) -> None:
    """A refusal raised from now on in this request is flashed on `url` (the page the form was on)."""
    g.refusal_back = url


def refusals_shown_by(page: Callable[[DomainError], object]) -> None:
    """A refusal raised from now on in this request re-renders the page: `page(refusal)`, a response."""
    g.refusal_page = page


def _wants_json() -> bool:
    return (
        request.blueprint == "api"
        or request.headers.get("X-Autosave") == "1"
        or request.accept_mimetypes.best == "application/json"
    )


def show_refusal(refusal: DomainError):
    status = status_of(refusal)
    message = str(refusal)
    if isinstance(refusal, NotFound):
        return _error_page(404, "Địa chỉ bạn mở không tồn tại hoặc đã được thay đổi.")
    if _wants_json():
        body = {
            "error": TITLES.get(status, TITLES[400]),
            "status": status,
            "message": message,
            "problems": [p.as_dict() if hasattr(p, "as_dict") else str(p) for p in refusal.problems],
            "saved": False,
        }
        return jsonify(body), status
    if isinstance(refusal, FORGED_REQUESTS):
        return _error_page(status, message)
    for kind, template in REFUSAL_PAGES.items():
        if isinstance(refusal, kind):
            return render_template(template, problems=refusal.problems, more=getattr(refusal, "more", 0)), status
    page = g.pop("refusal_page", None)
    if page is not None:
        response = page(refusal)
        return response if isinstance(response, (Response, tuple)) else (response, status)
    back = g.pop("refusal_back", None)
    if back:
        flash(message, "error")
        return redirect(back)  # 302, as every form of the site is answered
    return _error_page(status, message)


def _error_page(status: int, message: str):
    return render_template("error.html", code=status, title=TITLES.get(status, TITLES[400]), message=message), status


def init_refusals(app: Flask) -> None:
    app.register_error_handler(DomainError, show_refusal)
