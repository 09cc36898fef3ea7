"""CLI commands of the plan workspace: ``serve``, ``db upgrade|current`` and ``users …``.

FastAPI, SQLAlchemy and friends are imported inside the commands, so that ``handlingsrom
--help`` and the other commands do not pay for them (and work without the ``server`` extra).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import typer

from handlingsrom.errors import HandlingsromError

if TYPE_CHECKING:
    from handlingsrom.server.settings import Settings
    from handlingsrom.server.store import Store

ROLES = ("admin", "planner", "politician", "viewer")
DbOption = typer.Option(
    None,
    "--db",
    help="Database URL: sqlite:///path.db, postgresql+psycopg://user:pw@host/db, or a file "
    "path (default: $HANDLINGSROM_DB, else handlingsrom.db in the working directory).",
)

db_app = typer.Typer(help="The plan workspace's database (migrations).", no_args_is_help=True)
users_app = typer.Typer(help="Users of the plan workspace and their roles.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.add_typer(db_app, name="db")
    app.add_typer(users_app, name="users")


def _settings(db: str | None, **overrides: Any) -> Settings:
    try:
        from handlingsrom.server.settings import Settings
    except ImportError as e:  # pragma: no cover - the extra is part of the dev install
        raise HandlingsromError(
            f"the plan workspace needs the server extra: pip install 'handlingsrom[server]' ({e})"
        ) from None
    try:
        return Settings.from_env(db=db, **overrides)
    except (TypeError, ValueError) as e:
        raise HandlingsromError(f"a HANDLINGSROM_* setting is not valid: {e}") from None


@contextmanager
def _opened(db: str | None) -> Iterator[Store]:
    """The store of ``--db`` (migrated), closed again after the command."""
    store = _store(_settings(db))
    try:
        yield store
    finally:
        store.engine.dispose()


def _store(settings: Settings) -> Store:
    from sqlalchemy.exc import SQLAlchemyError

    from handlingsrom.server.db import make_engine, upgrade
    from handlingsrom.server.store import Store

    try:
        engine = make_engine(settings.db)
        upgrade(engine)
    except (SQLAlchemyError, OSError) as e:
        raise HandlingsromError(f"cannot open the database {_safe(settings.db)}: {e}") from None
    return Store(engine)


def _safe(url: str) -> str:
    """A database URL without its password (for messages)."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "(the given URL)"


def _api_errors(fn: Any, *args: Any, **kwargs: Any) -> Any:
    from handlingsrom.server.problems import ApiError

    try:
        return fn(*args, **kwargs)
    except ApiError as e:
        raise HandlingsromError(e.detail) from None


# --------------------------------------------------------------------------- serve
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
    db: str = DbOption,
    workers: int = typer.Option(
        1, "--workers", min=1, max=64, help="Server processes (each with its own cache)."
    ),
    heavy_workers: int = typer.Option(
        None,
        "--heavy-workers",
        min=1,
        max=64,
        help="Processes for the slow results: savings, stress, risk, report (default 1).",
    ),
    cache_entries: int = typer.Option(
        None,
        "--cache-entries",
        min=0,
        help="Results kept in memory, by content hash (default 512; 0 = no cache).",
    ),
    log_level: str = typer.Option("info", "--log-level", help="uvicorn's log level."),
) -> None:
    """Serve the plan workspace: the JSON API under /api/v1, OpenAPI at /openapi.json.

    Applies the database migrations first. See docs/server.md."""
    import os

    import uvicorn

    settings = _settings(db, cache_entries=cache_entries, heavy_workers=heavy_workers)
    store = _store(settings)
    store.engine.dispose()
    typer.echo(
        f"Handlingsrom plan workspace on http://{host}:{port} "
        f"(database {_safe(settings.db)}; API docs at /docs)",
        err=True,
    )
    if workers == 1:
        from handlingsrom.server.app import create_app

        uvicorn.run(create_app(settings), host=host, port=port, log_level=log_level)
    else:
        os.environ.update(settings.to_env())
        uvicorn.run(
            "handlingsrom.server.app:app_from_env",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level=log_level,
        )


# --------------------------------------------------------------------------- db
@db_app.command("upgrade")
def db_upgrade(db: str = DbOption) -> None:
    """Apply every migration not yet applied (``serve`` does it too on start)."""
    from handlingsrom.server.db import current_revision

    settings = _settings(db)
    with _opened(db) as store:
        revision = current_revision(store.engine)
    typer.echo(f"{_safe(settings.db)}: schema at revision {revision}")


@db_app.command("current")
def db_current(db: str = DbOption) -> None:
    """Show the schema revision of the database and the newest one this version knows."""
    from handlingsrom.server.db import current_revision, head_revision, make_engine

    settings = _settings(db)
    engine = make_engine(settings.db)
    try:
        typer.echo(f"current: {current_revision(engine) or 'none'}; newest: {head_revision()}")
    finally:
        engine.dispose()


# --------------------------------------------------------------------------- users
def _read_password(password_stdin: bool) -> str:
    from handlingsrom.server.security import password_problem

    if password_stdin:
        password = sys.stdin.readline()
        if password.endswith("\n"):
            password = password[:-1]
        if password.endswith("\r"):
            password = password[:-1]
    elif sys.stdin.isatty():
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        raise HandlingsromError("give the password on standard input with --password-stdin")
    problem = password_problem(password)
    if problem:
        raise HandlingsromError(f"the password must have {problem}")
    return password


def _role(role: str) -> str:
    if role not in ROLES:
        raise HandlingsromError(f"--role: expected one of {', '.join(ROLES)}, found {role!r}")
    return role


@users_app.command("add")
def users_add(
    name: str = typer.Argument(..., help="User name (letters, digits, . _ @ -)."),
    role: str = typer.Option(..., "--role", help="admin, planner, politician or viewer."),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the password from standard input (one line)."
    ),
    db: str = DbOption,
) -> None:
    """Add a user (the password is asked for, or read from standard input)."""
    import re

    from handlingsrom.server.schemas import USERNAME_PATTERN

    if not re.match(USERNAME_PATTERN, name):
        raise HandlingsromError(
            f"user name: expected 1–64 letters, digits or . _ @ - (first a letter or digit), "
            f"found {name!r}"
        )
    _role(role)
    password = _read_password(password_stdin)
    with _opened(db) as store:
        user = _api_errors(store.add_user, None, name, role, password)
    typer.echo(f"added {user.username} ({user.role})")


@users_app.command("list")
def users_list(db: str = DbOption) -> None:
    """List the users with their roles."""
    with _opened(db) as store:
        page = store.users(limit=10_000)
    for u in page.items:
        state = "" if u.active else "  (disabled)"
        typer.echo(f"{u.username}\t{u.role}{state}")


@users_app.command("set-role")
def users_set_role(
    name: str = typer.Argument(..., help="User name."),
    role: str = typer.Argument(..., help="admin, planner, politician or viewer."),
    db: str = DbOption,
) -> None:
    """Change a user's role."""
    with _opened(db) as store:
        user = _api_errors(store.change_user, None, name, role=_role(role))
    typer.echo(f"{user.username} is now {user.role}")


@users_app.command("set-password")
def users_set_password(
    name: str = typer.Argument(..., help="User name."),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the password from standard input (one line)."
    ),
    db: str = DbOption,
) -> None:
    """Set a user's password (ends their sessions and tokens)."""
    password = _read_password(password_stdin)
    with _opened(db) as store:
        _api_errors(store.change_user, None, name, password=password)
    typer.echo(f"password of {name} changed")


@users_app.command("disable")
def users_disable(name: str = typer.Argument(..., help="User name."), db: str = DbOption) -> None:
    """Stop a user from signing in (ends their sessions and tokens)."""
    with _opened(db) as store:
        _api_errors(store.change_user, None, name, active=False)
    typer.echo(f"{name} disabled")


@users_app.command("enable")
def users_enable(name: str = typer.Argument(..., help="User name."), db: str = DbOption) -> None:
    """Let a disabled user sign in again."""
    with _opened(db) as store:
        _api_errors(store.change_user, None, name, active=True)
    typer.echo(f"{name} enabled")
