"""The dashboard: pages for planners and politicians, served by ``handlingsrom serve``
(``docs/dashboard.md``). Server-rendered Jinja2 templates, a small JavaScript module and
vendored Vega-Lite charts; every asset is served by the application (no CDN)."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from starlette.staticfiles import StaticFiles

STATIC = Path(__file__).resolve().parent / "static"


def install(app: FastAPI) -> None:
    """Add the pages and the static files to ``app``."""
    from handlingsrom.server.web.routes import router

    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
