"""Sign-in for the workspace, once any account exists (with none, it runs open on this
machine, as a single analyst's tool).

Every request but the sign-in page and the static scripts needs a live session: a page is
redirected to /login, anything else gets 401. The session cookie is HttpOnly and
SameSite=Strict, and Secure whenever the app is served beyond this machine (so only over
HTTPS, behind a proxy). A POST whose Origin is another site is refused, and the sign-in form
carries a token its cookie must match. `acting` is what every server-side action calls: the
role check happens there, whatever the page showed.
"""

from __future__ import annotations

import hmac
import re
import secrets
from urllib.parse import urlparse

from flask import Flask, g, has_request_context, jsonify, make_response, redirect, request
from markupsafe import escape
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wrappers import Response

from inputs.errors import PortfolioError
from review.accounts import Accounts, SignInError
from review.roles import AccessError, Action, User, require

COOKIE = "reset_session"
FORM_TOKEN = "reset_form"
OPEN_PATHS = ("/login", "/_dash-component-suites/", "/_favicon.ico", "/favicon.ico")
OPEN_ACTIONS = frozenset({Action.READ, Action.WHAT_IF})
"""What anyone at this machine may do while no account exists."""
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
FORM_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{22}")
"""A form token as this app makes it (16 random bytes, url-safe base64): anything else in the
cookie is replaced, never copied into the page."""


def install(server: Flask, accounts: Accounts, host: str, behind_proxy: bool = False) -> None:
    """Guard every route of `server` and add /login and /logout. `behind_proxy`: served
    behind an HTTPS reverse proxy on this machine, whose X-Forwarded-For, -Proto and -Host
    headers are trusted (one hop), so the throttle sees each client's address and the
    cookies are Secure."""
    secure = behind_proxy or host not in LOOPBACK
    if behind_proxy:
        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]

    @server.before_request
    def _guard() -> Response | None:
        g.user = None
        if request.method == "POST" and not _same_origin():
            return _refused(403, "this request came from another site")
        if request.path.startswith(OPEN_PATHS) or not accounts.any():
            return None  # the scripts and the sign-in page cost no database read
        g.user = accounts.session_user(request.cookies.get(COOKIE))
        if g.user is not None:
            return None
        if request.method == "GET" and not request.path.startswith("/_dash"):
            return redirect("/login")
        return _refused(401, "sign in first: your session has ended or was never started")

    @server.get("/login")
    def _login_page() -> Response:
        return _form("", 200)

    @server.post("/login")
    def _login() -> Response:
        sent, held = request.form.get(FORM_TOKEN, ""), request.cookies.get(FORM_TOKEN, "")
        if not held or not hmac.compare_digest(sent, held):
            return _form("The sign-in form had expired: please try again.", 400)
        address = request.remote_addr or "unknown"
        accounts.sign_out(request.cookies.get(COOKIE))  # a new sign-in ends the old session
        try:
            _, token = accounts.sign_in(
                request.form.get("name", ""), request.form.get("password", ""), address
            )
        except SignInError as error:
            return _form(f"Not signed in: {error}.", 429 if "too many" in str(error) else 401)
        answer = make_response(redirect("/"))
        answer.set_cookie(
            COOKIE,
            token,
            max_age=int(accounts.settings.lifetime.total_seconds()),
            httponly=True,
            secure=secure,
            samesite="Strict",
        )
        answer.delete_cookie(FORM_TOKEN)
        return answer

    @server.post("/logout")
    def _logout() -> Response:
        accounts.sign_out(request.cookies.get(COOKIE))
        answer = make_response(redirect("/login"))
        answer.delete_cookie(COOKIE)
        return answer

    def _form(message: str, status: int) -> Response:
        held = request.cookies.get(FORM_TOKEN, "")
        token = held if FORM_TOKEN_SHAPE.fullmatch(held) else secrets.token_urlsafe(16)
        answer = make_response(_FORM.format(message=escape(message), token=token), status)
        answer.set_cookie(FORM_TOKEN, token, httponly=True, secure=secure, samesite="Strict")
        return answer


def current_user() -> User | None:
    """Who is signed in for this request (None while no account exists)."""
    if not has_request_context():  # Dash lays the page out once at start-up to check it
        return None
    user: User | None = g.get("user")
    return user


def acting(accounts: Accounts, action: Action, directorate: str | None = None) -> User | None:
    """The signed-in user, allowed to take `action` (on `directorate`'s projects); None while
    the workspace runs without accounts and the action is one anyone may take then.

    Raises:
        AccessError: not signed in, or the role does not allow it.
    """
    user = current_user()
    if user is None:
        if accounts.any():
            raise AccessError("sign in first: your session has ended or was never started")
        if action not in OPEN_ACTIONS:
            raise AccessError(
                f"to {action.value}, the workspace needs accounts: add them with "
                "prioritise users add, then sign in"
            )
        return None
    require(user, action, directorate)
    return user


def refusal(error: PortfolioError) -> str:
    """A refused action, in the words the page shows."""
    return f"Not done: {error}"


def _same_origin() -> bool:
    origin = request.headers.get("Origin")
    return origin is None or urlparse(origin).netloc == request.host


def _refused(status: int, message: str) -> Response:
    answer = jsonify(error=message)
    answer.status_code = status
    return answer


_FORM = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in: portfolio reset</title>
<style>body{{font-family:sans-serif;margin:3em auto;max-width:24em}}
label,input,button{{display:block;margin-top:.5em;width:100%}}</style></head>
<body><h1>Portfolio reset</h1><p id="signin-message">{message}</p>
<form method="post" action="/login">
<input type="hidden" name="reset_form" value="{token}">
<label for="name">Name</label><input id="name" name="name" autocomplete="username" required>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button id="signin" type="submit">Sign in</button></form></body></html>
"""
