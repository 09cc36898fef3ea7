"""Health, datasets and indicators."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from handlingsrom import __version__
from handlingsrom.server.auth import Auth, engine_of, store_of
from handlingsrom.server.schemas import DatasetOut, Health, IndicatorOut

router = APIRouter()


@router.get("/healthz", response_model=Health, tags=["system"])
async def healthz(request: Request) -> dict[str, Any]:
    """Liveness and readiness: the server answers and its database too (no sign-in)."""
    store = store_of(request)
    await run_in_threadpool(store.ping)
    return {
        "status": "ok",
        "version": __version__,
        "database": store.engine.dialect.name,
        "schema_revision": request.app.state.schema_revision,
    }


@router.get("/api/v1/datasets", response_model=list[DatasetOut], tags=["datasets"])
def datasets(request: Request, who: Auth) -> list[dict[str, Any]]:
    """The embedded datasets a plan can be made on."""
    return engine_of(request).datasets()


@router.get("/api/v1/indicators", response_model=list[IndicatorOut], tags=["datasets"])
def indicators(request: Request, who: Auth) -> list[dict[str, str]]:
    """Every key figure the model computes, with its unit and how it is defined."""
    return engine_of(request).indicators()
