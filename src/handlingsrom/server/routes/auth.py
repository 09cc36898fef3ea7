"""Signing in (API tokens, browser sessions), and user management (admins)."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from handlingsrom.server.auth import (
    SESSION_COOKIE,
    Auth,
    Principal,
    require_role,
    settings_of,
    store_of,
)
from handlingsrom.server.http import API, next_link
from handlingsrom.server.models import utcnow
from handlingsrom.server.problems import ApiError, FieldError, invalid
from handlingsrom.server.schemas import (
    Credentials,
    SessionOut,
    TokenOut,
    UserCreate,
    UserOut,
    UserPage,
    UserUpdate,
)
from handlingsrom.server.security import password_problem
from handlingsrom.server.store import UserRecord

router = APIRouter(prefix=API)
Admin = Annotated[Principal, require_role("admin")]


def _user(u: UserRecord) -> dict[str, Any]:
    return {
        "id": u.id,
        "username": u.username,
        "role": u.role,
        "active": u.active,
        "created_at": u.created_at,
        "updated_at": u.updated_at,
    }


def _login(request: Request, username: str, password: str) -> UserRecord:
    """Check a user name and password under the login rate limit (429 when exceeded)."""
    store, settings = store_of(request), settings_of(request)
    window = timedelta(seconds=settings.login_window_seconds)
    host = request.client.host if request.client else "unknown"
    keys = [f"user:{username.lower()}", f"ip:{host}"]
    counts = store.recent_failures(keys, window)
    for key in keys:
        if counts.get(key, 0) >= settings.login_max_failures:
            oldest = store.oldest_failure(key, window)
            wait = window - (utcnow() - oldest) if oldest else window
            retry = max(1, int(wait.total_seconds()) + 1)
            raise ApiError(
                429,
                f"too many failed sign-ins; try again in {retry} s",
                headers={"Retry-After": str(retry)},
            )
    user = store.check_password(username, password)
    if user is None:
        store.record_failure(keys, window)
        raise ApiError(401, "wrong user name or password (or the user is disabled)")
    store.clear_failures(keys[0])
    return user


@router.post("/tokens", response_model=TokenOut, status_code=201, tags=["auth"])
def create_token(request: Request, body: Credentials) -> dict[str, Any]:
    """An API token for scripts: send it as `Authorization: Bearer <token>`.

    Failed attempts are limited per user name and per client address (429 with
    Retry-After)."""
    user = _login(request, body.username, body.password)
    days = settings_of(request).token_days
    token, _, expires = store_of(request).issue(user, "token", timedelta(days=days))
    return {"token": token, "expires_at": expires, "username": user.username, "role": user.role}


@router.delete("/tokens/current", status_code=204, tags=["auth"])
def revoke_token(request: Request, who: Auth) -> Response:
    """Revoke the token (or end the session) this request is made with."""
    store_of(request).revoke(who.secret)
    response = Response(status_code=204)
    if who.via == "session":
        response.delete_cookie(SESSION_COOKIE, path="/", secure=True, httponly=True)
    return response


_LOGIN_BODY = {
    "type": "object",
    "properties": {
        "username": {"type": "string", "minLength": 1, "maxLength": 64},
        "password": {"type": "string", "minLength": 1, "maxLength": 1024},
    },
    "required": ["username", "password"],
}


@router.post(
    "/session",
    response_model=SessionOut,
    status_code=201,
    tags=["auth"],
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": _LOGIN_BODY},
                "application/x-www-form-urlencoded": {"schema": _LOGIN_BODY},
            },
        }
    },
)
async def create_session(request: Request) -> Response:
    """Sign in a browser: JSON or a form with `username` and `password`. Sets the session
    cookie (HttpOnly, Secure, SameSite=Lax) and returns the CSRF token to send with every
    change. A request from another site (Origin) is refused."""
    origin = request.headers.get("origin")
    if origin is not None and origin.split("://", 1)[-1] != request.headers.get("host", ""):
        raise ApiError(403, f"sign-in from another site ({origin}) is refused", code="csrf_failed")
    ctype = request.headers.get("content-type", "")
    if ctype.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        raw: Any = {k: v for k, v in form.items() if isinstance(v, str)}
    else:
        try:
            raw = await request.json()
        except ValueError:
            raise invalid(
                [FieldError("", "a JSON object with username and password", "no JSON")]
            ) from None
    if not isinstance(raw, dict):
        raise invalid([FieldError("", "an object with username and password", repr(raw)[:100])])
    problems = [
        FieldError(
            f"/{k}",
            "text of 1 to 1024 characters",
            "nothing" if k not in raw else repr(raw[k])[:100],
        )
        for k in ("username", "password")
        if not isinstance(raw.get(k), str) or not 0 < len(raw[k]) <= 1024
    ]
    if problems:
        raise invalid(problems)
    user = await run_in_threadpool(_login, request, raw["username"], raw["password"])
    hours = settings_of(request).session_hours
    secret, csrf, expires = await run_in_threadpool(
        store_of(request).issue, user, "session", timedelta(hours=hours)
    )
    body = SessionOut(
        username=user.username,
        role=user.role,  # type: ignore[arg-type]
        csrf_token=csrf or "",
        expires_at=expires,
    )
    response = Response(body.model_dump_json(), status_code=201, media_type="application/json")
    response.set_cookie(
        SESSION_COOKIE,
        secret,
        max_age=int(hours * 3600),
        path="/",
        secure=True,
        httponly=True,
        samesite="lax",
    )
    return response


@router.get("/session", response_model=SessionOut, tags=["auth"])
def get_session(who: Auth) -> dict[str, Any]:
    """Who is signed in (and, for a browser session, its CSRF token)."""
    return {
        "username": who.user.username,
        "role": who.user.role,
        "csrf_token": who.csrf_token or "",
    }


@router.delete("/session", status_code=204, tags=["auth"])
def delete_session(request: Request, who: Auth) -> Response:
    """Sign out: the session (or token) ends and the cookie is removed."""
    return revoke_token(request, who)


@router.get("/users/me", response_model=UserOut, tags=["users"])
def me(who: Auth) -> dict[str, Any]:
    """The signed-in user."""
    return _user(who.user)


@router.get("/users", response_model=UserPage, tags=["users"])
def list_users(
    request: Request,
    who: Admin,
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0, le=1_000_000_000),
) -> dict[str, Any]:
    """Every user (admins)."""
    page = store_of(request).users(limit, offset)
    return {
        "items": [_user(u) for u in page.items],
        "total": page.total,
        "limit": limit,
        "offset": offset,
        "next": next_link(request, page.total, limit, offset),
    }


@router.post("/users", response_model=UserOut, status_code=201, tags=["users"])
def create_user(request: Request, body: UserCreate, who: Admin) -> dict[str, Any]:
    """Add a user (admins)."""
    problem = password_problem(body.password)
    if problem:
        raise invalid([FieldError("/password", problem, f"{len(body.password)} characters")])
    return _user(store_of(request).add_user(who.user, body.username, body.role, body.password))


@router.get("/users/{username}", response_model=UserOut, tags=["users"])
def get_user(request: Request, username: str, who: Admin) -> dict[str, Any]:
    """One user (admins)."""
    u = store_of(request).user(username)
    if u is None:
        raise ApiError(404, f"no user named {username!r}")
    return _user(u)


@router.patch("/users/{username}", response_model=UserOut, tags=["users"])
def update_user(request: Request, username: str, body: UserUpdate, who: Admin) -> dict[str, Any]:
    """Change a user's role, password or whether they may sign in (admins). A new password
    or disabling ends the user's sessions and tokens."""
    if body.password is not None and (problem := password_problem(body.password)):
        raise invalid([FieldError("/password", problem, f"{len(body.password)} characters")])
    u = store_of(request).change_user(
        who.user, username, role=body.role, password=body.password, active=body.active
    )
    return _user(u)
