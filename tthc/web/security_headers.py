"""The security headers on every answer: the Content Security Policy, no sniffing or framing, HSTS over
HTTPS, and no caching of what a logged-in member of staff is shown."""

from __future__ import annotations

from flask import Flask, request
from flask_login import current_user

from .access import PUBLIC_BLUEPRINTS

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def init_security_headers(app: Flask) -> None:
    app.after_request(_security_headers)


def _security_headers(response):
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    if current_user.is_authenticated:  # staff pages and files must not be stored by any cache
        if request.blueprint in PUBLIC_BLUEPRINTS:
            response.headers.setdefault("Cache-Control", "no-store")
        else:  # overriding send_file's "no-cache" on draft workbooks, signed PDFs, print bundles
            response.headers["Cache-Control"] = "no-store"
    return response
