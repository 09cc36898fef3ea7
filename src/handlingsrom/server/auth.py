"""Who is asking, and may they: API tokens, browser sessions with CSRF protection, roles.

- ``Authorization: Bearer <token>`` (from ``POST /api/v1/tokens``) for scripts.
- A browser session (``POST /api/v1/session``): an HttpOnly, Secure, SameSite=Lax cookie,
  and a CSRF token (synchronizer pattern: kept with the session in the database) that every
  POST, PUT, PATCH and DELETE made with the cookie must send back, as the ``X-CSRF-Token``
  header or a ``csrf_token`` form field.

Roles (docs/server.md): viewers read; politicians create plans and change their own drafts;
planners change any draft, publish and adopt; admins do all that and manage users.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from handlingsrom.server import security
from handlingsrom.server.compute import Engine
from handlingsrom.server.problems import ApiError
from handlingsrom.server.settings import Settings
from handlingsrom.server.store import PlanRecord, Store, UserRecord

SESSION_COOKIE = "handlingsrom_session"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
EDITORS = ("admin", "planner", "politician")
PUBLISHERS = ("admin", "planner")


@dataclass(frozen=True)
class Principal:
    user: UserRecord
    via: Literal["token", "session"]
    secret: str
    csrf_token: str | None = None


def store_of(request: Request) -> Store:
    return request.app.state.store  # type: ignore[no-any-return]


def engine_of(request: Request) -> Engine:
    return request.app.state.engine  # type: ignore[no-any-return]


def settings_of(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


def _unauthorized(detail: str, error: str = "") -> ApiError:
    value = 'Bearer realm="handlingsrom"' + (f', error="{error}"' if error else "")
    return ApiError(401, detail, headers={"WWW-Authenticate": value})


async def principal(request: Request) -> Principal:
    """The signed-in user of this request (401 when there is none, 403 on a CSRF failure)."""
    store = store_of(request)
    header = request.headers.get("authorization")
    if header is not None:
        scheme, _, value = header.partition(" ")
        token = value.strip()
        if scheme.lower() != "bearer" or not token:
            raise _unauthorized(
                "expected the header Authorization: Bearer <token>", "invalid_request"
            )
        found = await run_in_threadpool(store.authenticate, token, "token")
        if found is None:
            raise _unauthorized(
                "the token is not valid (unknown, expired or revoked)", "invalid_token"
            )
        return Principal(found[0], "token", token)
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        found = await run_in_threadpool(store.authenticate, cookie, "session")
        if found is None:
            raise _unauthorized("the session has ended; sign in again")
        user, csrf = found
        if request.method not in SAFE_METHODS:
            sent: str | None = request.headers.get(CSRF_HEADER)
            if sent is None and request.headers.get("content-type", "").startswith(
                ("application/x-www-form-urlencoded", "multipart/form-data")
            ):
                form = await request.form()
                field = form.get("csrf_token")
                sent = field if isinstance(field, str) else None
            if not security.same(sent, csrf):
                raise ApiError(
                    403,
                    f"a request made with the session cookie must send the session's CSRF "
                    f"token in the {CSRF_HEADER} header (GET /api/v1/session gives it)",
                    code="csrf_failed",
                )
        return Principal(user, "session", cookie, csrf)
    raise _unauthorized(
        "sign in first: POST /api/v1/tokens with username and password, then send "
        "Authorization: Bearer <token>"
    )


Auth = Annotated[Principal, Depends(principal)]


def require_role(*roles: str):  # type: ignore[no-untyped-def]
    """A dependency: the principal, if their role is one of ``roles`` (else 403)."""

    async def dependency(who: Auth) -> Principal:
        if who.user.role not in roles:
            raise ApiError(
                403,
                f"this needs the role {' or '.join(roles)}; you are {who.user.role}",
            )
        return who

    return Depends(dependency)


# --------------------------------------------------------------------------- plan rules
def may_edit(user: UserRecord, plan: PlanRecord) -> None:
    """Change a plan's content: a draft; politicians only their own."""
    if user.role not in EDITORS:
        raise ApiError(403, f"a {user.role} cannot change plans")
    if user.role == "politician" and plan.owner_id != user.id:
        raise ApiError(403, f"plan {plan.id} belongs to {plan.owner}; politicians change their own")
    if plan.status != "draft":
        raise ApiError(
            409,
            f"plan {plan.id} is {plan.status} and cannot change; make a new version: "
            f'POST /api/v1/plans {{"name": …, "parent": {plan.id}}}',
            code="immutable",
        )


def may_publish(user: UserRecord, plan: PlanRecord) -> None:
    if user.role not in PUBLISHERS:
        raise ApiError(403, f"publishing needs the role planner or admin; you are {user.role}")
    if plan.status != "draft":
        raise ApiError(409, f"plan {plan.id} is {plan.status}, not a draft", code="immutable")


def may_adopt(user: UserRecord, plan: PlanRecord) -> None:
    if user.role not in PUBLISHERS:
        raise ApiError(403, f"adopting needs the role planner or admin; you are {user.role}")
    if plan.status != "published":
        raise ApiError(
            409, f"plan {plan.id} is {plan.status}; only a published plan can be adopted"
        )
