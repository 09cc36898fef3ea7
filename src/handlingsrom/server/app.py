"""The web application: ``create_app(settings)`` gives the FastAPI app (``docs/server.md``).

On start it opens the database and applies every Alembic migration not yet applied.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from handlingsrom import __version__
from handlingsrom.server import db
from handlingsrom.server.compute import Engine, dataset_names
from handlingsrom.server.problems import MEDIA_TYPE, ApiError, install
from handlingsrom.server.routes import audit, auth, plans, results, system
from handlingsrom.server.schemas import SCENARIO_SCHEMAS, Problem
from handlingsrom.server.settings import Settings
from handlingsrom.server.store import Store

DESCRIPTION = """\
The plan workspace of Handlingsrom: plan versions (a dataset + a scenario document + edits
to measures and investments) in a database, the model's results for each, users with roles
and an audit trail.

**Sign in**: `POST /api/v1/tokens` with `{"username", "password"}` gives a token; send it as
`Authorization: Bearer <token>`. Browsers use `POST /api/v1/session` (a cookie and a CSRF
token).

**Roles**: viewers read; politicians create plans and change their own drafts; planners
change any draft, publish and adopt; admins do all that and manage users.

**Changing a plan**: a draft changes; a published or adopted plan never does (make a new
version with it as `parent`). Every change needs the plan's ETag in `If-Match` where a whole
document is replaced (`PUT …/scenario`) and accepts it everywhere else (412 when someone
changed the plan since).

**Errors** all have one shape (`application/problem+json`): `status`, `code`, `title`,
`detail` and, for invalid input, `problems` — each with its `field` (a JSON pointer into the
body), what was `expected` and what was `found`. A request that fails changes nothing.
"""

TAGS = [
    {"name": "system", "description": "Health"},
    {"name": "auth", "description": "API tokens and browser sessions"},
    {"name": "users", "description": "Users and roles (admins)"},
    {"name": "datasets", "description": "What plans are made on"},
    {"name": "plans", "description": "Plan versions: drafts, published, adopted"},
    {"name": "scenario", "description": "A plan's scenario document (docs/scenarios.md)"},
    {"name": "measures", "description": "A plan's measures (omstilling, satsinger)"},
    {"name": "investments", "description": "A plan's investment projects"},
    {"name": "results", "description": "The model's results for a plan (cached)"},
    {"name": "audit", "description": "Who changed what, when"},
]
PUBLIC = {("/healthz", "get"), ("/api/v1/tokens", "post"), ("/api/v1/session", "post")}


class BodyLimit:
    """413 for a request body larger than ``limit`` bytes."""

    def __init__(self, app: ASGIApp, limit: int):
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            response = ApiError(413, f"the body is larger than {self.limit} bytes").response()
            await response(scope, receive, send)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise ApiError(413, f"the body is larger than {self.limit} bytes")
            return message

        await self.app(scope, limited, send)


def _openapi(app: FastAPI) -> Callable[[], dict[str, Any]]:
    def build() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(
            title=app.title,
            version=app.version,
            description=app.description,
            routes=app.routes,
            tags=TAGS,
        )
        components = schema.setdefault("components", {})
        schemas = components.setdefault("schemas", {})
        schemas.update(SCENARIO_SCHEMAS)
        schemas["Problem"] = Problem.model_json_schema(
            by_alias=True, ref_template="#/components/schemas/{model}"
        )
        schemas.update(schemas["Problem"].pop("$defs", {}))
        datasets = dataset_names()
        schemas["PlanCreate"]["properties"]["dataset"]["anyOf"][0]["enum"] = datasets
        schemas.pop("HTTPValidationError", None)
        schemas.pop("ValidationError", None)
        components["securitySchemes"] = {
            "bearer": {"type": "http", "scheme": "bearer", "description": "POST /api/v1/tokens"},
            "session": {
                "type": "apiKey",
                "in": "cookie",
                "name": "handlingsrom_session",
                "description": "POST /api/v1/session (send X-CSRF-Token with changes)",
            },
        }
        problem = {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
        for path, methods in schema.get("paths", {}).items():
            for method, op in methods.items():
                responses = op.setdefault("responses", {})
                responses.pop("422", None)
                responses["422"] = {"description": "Invalid input", "content": problem}
                responses["default"] = {"description": "An error", "content": problem}
                if (path, method) not in PUBLIC:
                    op["security"] = [{"bearer": []}, {"session": []}]
        app.openapi_schema = schema
        return schema

    return build


def create_app(settings: Settings | None = None) -> FastAPI:
    """The app over ``settings.db`` (migrated to the newest schema first)."""
    settings = settings or Settings.from_env()
    engine = db.make_engine(settings.db)
    db.upgrade(engine)
    compute = Engine(
        cache_entries=settings.cache_entries,
        heavy_workers=settings.heavy_workers,
        risk_paths=settings.risk_paths,
        report_paths=settings.report_paths,
        seed=settings.seed,
        years=settings.horizon_years or None,
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        compute.close()
        engine.dispose()

    app = FastAPI(
        title="Handlingsrom plan workspace",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        openapi_url="/openapi.json",
        docs_url="/docs",
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.store = Store(engine)
    app.state.engine = compute
    app.state.schema_revision = db.current_revision(engine)
    install(app)
    for module in (system, auth, plans, results, audit):
        app.include_router(module.router)
    app.openapi = _openapi(app)  # type: ignore[method-assign]
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    return app


def app_from_env() -> FastAPI:
    """The app for ``uvicorn --factory`` (settings from ``HANDLINGSROM_*`` variables)."""
    return create_app(Settings.from_env())
