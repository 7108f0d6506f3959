"""The declarative access policy every view carries, and the refusal of any endpoint that declares none.

Every endpoint declares who may reach it, and the app refuses (403) any endpoint that declares nothing:
- `@staff_page(Page.DRAFTING)` lets in the roles the policy names for that group of pages
  (tthc.decisions.policy.PAGE_ROLES) through `role_required`, which records them on the view
  (`view.tthc_roles`; admin always added);
- `@public_view` marks one view public (`view.tthc_public`);
- `PUBLIC_BLUEPRINTS` marks whole blueprints public, for the methods listed (the JSON API only reads).
`policy_for(app, endpoint, method)` answers from these marks; tests/web/test_authorization.py walks every
rule of the url_map with it.
"""

from __future__ import annotations

import logging
from functools import wraps

from flask import Flask, abort, current_app, request
from flask_login import current_user, login_required

from ..decisions.policy import Page, page_roles
from ..models.accounts import Role
from . import READ_METHODS

PUBLIC = "public"
# Blueprints whose views are public unless a view says otherwise: blueprint → methods (None = all).
# `history` is the public record of decisions and changes (/quyet-dinh/, /thay-doi/): read-only.
PUBLIC_BLUEPRINTS: dict[str, frozenset[str] | None] = {
    "public": None,
    "api": READ_METHODS,
    "history": READ_METHODS,
    "stats": READ_METHODS,
}
PUBLIC_ENDPOINTS = frozenset({"static"})
log = logging.getLogger(__name__)


def role_required(*roles: str):
    """Only these roles (and the administrator) reach the view; anonymous users go to the login page."""
    allowed = frozenset(roles) | {Role.ADMIN}

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in allowed:
                abort(403)
            return view(*args, **kwargs)

        wrapped.tthc_roles = allowed  # type: ignore[attr-defined]  # read by the authorization walk
        return wrapped

    return decorator


def staff_page(page: Page):
    """The roles the policy lets reach this group of pages (tthc.decisions.policy.PAGE_ROLES), and the
    administrator: how every staff view declares who reaches it."""
    return role_required(*page_roles(page))


def public_view(view):
    """Anyone, logged in or not, reaches the view."""
    view.tthc_public = True
    return view


def policy_for(app: Flask, endpoint: str, method: str) -> str | frozenset[str] | None:
    """PUBLIC, the set of roles allowed, or None when the endpoint declares no policy."""
    if endpoint in PUBLIC_ENDPOINTS:
        return PUBLIC
    view = app.view_functions.get(endpoint)
    roles = getattr(view, "tthc_roles", None)
    if roles is not None:
        return roles
    if getattr(view, "tthc_public", False):
        return PUBLIC
    blueprint = endpoint.rpartition(".")[0]
    if blueprint in PUBLIC_BLUEPRINTS:
        methods = PUBLIC_BLUEPRINTS[blueprint]
        if methods is None or method in methods:
            return PUBLIC
    return None


def init_access(app: Flask) -> None:
    """Every request to an endpoint that declares no policy is refused."""
    app.before_request(_deny_undeclared)


def _deny_undeclared():
    # Deny by default: an endpoint nobody declared a policy for is a bug, never an open door.
    if request.endpoint is None:
        return None
    if policy_for(current_app, request.endpoint, request.method) is None:
        log.error("endpoint %s (%s) declares no access policy; refused", request.endpoint, request.method)
        abort(403)
    return None
