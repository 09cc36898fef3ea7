"""Health, datasets and indicators."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from handlingsrom import __version__
from handlingsrom.server.auth import Auth, engine_of, store_of
from handlingsrom.server.problems import ApiError
from handlingsrom.server.schemas import (
    DatasetDetail,
    DatasetOut,
    Health,
    IndicatorOut,
    ParameterSpecOut,
)

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


@router.get("/api/v1/datasets/{name}", response_model=DatasetDetail, tags=["datasets"])
def dataset(request: Request, name: str, who: Auth) -> dict[str, Any]:
    """One dataset as the forms need it: its years, sectors, initiatives, services and
    rules, the columns of measures and investments (type, unit, bounds, allowed values),
    the levers (the registry's specs of the parameters the dashboard changes, with their
    baseline by year), its own measures and investments, and its sources."""
    engine = engine_of(request)
    if not engine.has_dataset(name):
        raise ApiError(404, f"no dataset named {name!r}")
    return engine.dataset_info(name)


@router.get("/api/v1/parameters", response_model=list[ParameterSpecOut], tags=["datasets"])
def parameters(request: Request, who: Auth) -> list[dict[str, Any]]:
    """Every parameter of the chain (the registry): unit, default, hard bounds, plausible
    range and description. ``{service}`` in a path stands for each service of a dataset."""
    return engine_of(request).registry()
