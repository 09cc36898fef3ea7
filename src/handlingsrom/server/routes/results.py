"""The model's results for a plan: computed on first request, cached by content hash.

Each result carries an ETag (the hash of its inputs); a client that sends it back as
``If-None-Match`` gets 304 Not Modified without a body. ``X-Compute-Seconds`` says how long
the computation took and ``X-Cache`` whether this response came from the cache.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from fastapi import APIRouter, Query, Request, Response
from fastapi.encoders import jsonable_encoder

from handlingsrom.server.auth import Auth, engine_of, store_of
from handlingsrom.server.compute import ComputeUnavailable, InvalidScenario, Result
from handlingsrom.server.http import API
from handlingsrom.server.problems import ApiError
from handlingsrom.server.routes.plans import PlanId
from handlingsrom.server.schemas import (
    CompareOut,
    KeyFigure,
    RiskOut,
    RuleYear,
    SavingsOut,
    StressOut,
)
from handlingsrom.server.store import PlanRecord

router = APIRouter(prefix=API, tags=["results"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _result(request: Request, plan: PlanRecord, stage: str, **options: Any) -> Result:
    engine = engine_of(request)
    try:
        if stage == "chain":
            return engine.chain(plan.dataset, plan.scenario, plan.scenario_name)
        return engine.heavy(stage, plan.dataset, plan.scenario, plan.scenario_name, **options)
    except InvalidScenario as e:  # a stored document the model no longer accepts
        raise ApiError(409, f"plan {plan.id}'s scenario cannot be computed: {e}") from None
    except ComputeUnavailable as e:
        raise ApiError(503, str(e), headers={"Retry-After": "5"}) from None


def _respond(
    request: Request,
    result: Result,
    body: bytes,
    media_type: str = "application/json",
    tag: str = "",
    headers: dict[str, str] | None = None,
) -> Response:
    etag = f'"{tag or result.stage}-{result.key[:40]}"'
    extra = {
        "ETag": etag,
        "Cache-Control": "private, no-cache",
        "X-Compute-Seconds": f"{result.seconds:.4f}",
        "X-Cache": "hit" if result.cached else "miss",
        **(headers or {}),
    }
    sent = request.headers.get("if-none-match")
    if sent and any(t.strip() in (etag, "*") for t in sent.split(",")):
        return Response(status_code=304, headers=extra)
    return Response(body, media_type=media_type, headers=extra)


def _encode(request: Request, result: Result, part: str, rows: Any) -> bytes:
    """The JSON of a result's part, encoded once and cached beside the result."""
    cache = engine_of(request).cache

    def encode() -> bytes:
        return json.dumps(jsonable_encoder(rows), ensure_ascii=False, allow_nan=False).encode()

    body, _ = cache.get_or_compute(f"{result.key}/{part}.json", encode)
    return body  # type: ignore[no-any-return]


def _filtered(
    rows: list[dict[str, Any]], field: str, wanted: list[str] | None, lo: int | None, hi: int | None
) -> list[dict[str, Any]]:
    keep = set(wanted) if wanted else None
    return [
        r
        for r in rows
        if (keep is None or r[field] in keep)
        and (lo is None or r["year"] >= lo)
        and (hi is None or r["year"] <= hi)
    ]


@router.get("/plans/{plan_id}/key-figures", response_model=list[KeyFigure])
def key_figures(
    request: Request,
    plan_id: PlanId,
    who: Auth,
    indicator: list[str] | None = Query(None, description="only these (repeatable)"),
    year_from: int | None = Query(None, alias="from", ge=1800, le=2200, description="first year"),
    year_to: int | None = Query(None, alias="to", ge=1800, le=2200, description="last year"),
) -> Response:
    """Key figures year by year: ``[{year, indicator, value, unit}]`` (NOK in fixed prices of
    the base year; shares in percent). GET /api/v1/indicators describes each indicator."""
    plan = store_of(request).plan(plan_id)
    result = _result(request, plan, "chain")
    rows = result.data["key_figures"]
    if indicator or year_from is not None or year_to is not None:
        body = json.dumps(
            _filtered(rows, "indicator", indicator, year_from, year_to), allow_nan=False
        ).encode()
        return _respond(request, result, body, tag="kf")
    return _respond(request, result, _encode(request, result, "key_figures", rows), tag="kf")


@router.get("/plans/{plan_id}/rules", response_model=list[RuleYear])
def rules(
    request: Request,
    plan_id: PlanId,
    who: Auth,
    rule: list[str] | None = Query(None, description="only these rules (repeatable)"),
    year_from: int | None = Query(None, alias="from", ge=1800, le=2200),
    year_to: int | None = Query(None, alias="to", ge=1800, le=2200),
) -> Response:
    """The financial rules (handlingsregler), kept or broken, year by year."""
    plan = store_of(request).plan(plan_id)
    result = _result(request, plan, "chain")
    rows = _filtered(result.data["rules"], "rule", rule, year_from, year_to)
    return _respond(request, result, json.dumps(rows, allow_nan=False).encode(), tag="rules")


@router.get("/plans/{plan_id}/savings", response_model=SavingsOut)
def savings(request: Request, plan_id: PlanId, who: Auth) -> Response:
    """The smallest restructuring path that keeps every rule (savings grow by at most 1 % of
    the operating frame a year), spread over the sectors, and the cost of waiting 0–10
    years. Takes seconds the first time."""
    plan = store_of(request).plan(plan_id)
    result = _result(request, plan, "savings")
    return _respond(request, result, _encode(request, result, "all", result.data))


@router.get("/plans/{plan_id}/stress", response_model=StressOut)
def stress(request: Request, plan_id: PlanId, who: Auth) -> Response:
    """The dataset's own stress tests on top of this plan, beside the plan itself."""
    plan = store_of(request).plan(plan_id)
    result = _result(request, plan, "stress")
    return _respond(request, result, _encode(request, result, "all", result.data))


@router.get("/plans/{plan_id}/risk", response_model=RiskOut)
def risk(request: Request, plan_id: PlanId, who: Auth) -> Response:
    """The probability of breaking each rule per year, and quantiles of every key figure,
    over stochastic paths of population, interest and the tax level."""
    plan = store_of(request).plan(plan_id)
    result = _result(request, plan, "risk")
    return _respond(request, result, _encode(request, result, "all", result.data))


@router.get("/plans/{a}/compare/{b}", response_model=CompareOut)
def compare(request: Request, a: PlanId, b: PlanId, who: Auth) -> Response:
    """Two plan versions side by side: every key figure (``difference`` = b − a) and rule."""
    store = store_of(request)
    pa, pb = store.plan(a), store.plan(b)
    ra, rb = _result(request, pa, "chain"), _result(request, pb, "chain")

    def index(rows: list[dict[str, Any]], field: str) -> dict[tuple[int, str], dict[str, Any]]:
        return {(r["year"], r[field]): r for r in rows}

    ka, kb = index(ra.data["key_figures"], "indicator"), index(rb.data["key_figures"], "indicator")
    figures = []
    for year, name in sorted(set(ka) | set(kb)):
        va, vb = ka.get((year, name)), kb.get((year, name))
        x = va["value"] if va else None
        y = vb["value"] if vb else None
        figures.append(
            {
                "year": year,
                "indicator": name,
                "unit": (va or vb or {}).get("unit", ""),
                "a": x,
                "b": y,
                "difference": None if x is None or y is None else y - x,
            }
        )
    sa, sb = index(ra.data["rules"], "rule"), index(rb.data["rules"], "rule")
    rule_rows = [
        {
            "year": year,
            "rule": rule,
            "kept_a": sa[(year, rule)]["kept"] if (year, rule) in sa else None,
            "kept_b": sb[(year, rule)]["kept"] if (year, rule) in sb else None,
            "value_a": sa[(year, rule)]["value"] if (year, rule) in sa else None,
            "value_b": sb[(year, rule)]["value"] if (year, rule) in sb else None,
        }
        for year, rule in sorted(set(sa) | set(sb))
    ]

    def ref(p: PlanRecord) -> dict[str, Any]:
        return {"id": p.id, "name": p.name, "dataset": p.dataset, "revision": p.revision}

    body = {"a": ref(pa), "b": ref(pb), "key_figures": figures, "rules": rule_rows}
    result = Result(
        "compare", ra.key[:20] + rb.key[:20], {}, ra.seconds + rb.seconds, ra.cached and rb.cached
    )
    return _respond(request, result, json.dumps(body, allow_nan=False).encode())


@router.get(
    "/plans/{plan_id}/report",
    response_class=Response,
    responses={200: {"content": {"text/html": {"schema": {"type": "string"}}}}},
)
def report(
    request: Request,
    plan_id: PlanId,
    who: Auth,
    lang: Literal["nb", "en"] = Query("nb", description="bokmål or English"),
) -> Response:
    """The plan's report: one self-contained HTML page (the same as `handlingsrom run`
    writes). Takes several seconds the first time."""
    plan = store_of(request).plan(plan_id)
    result = _result(request, plan, "report", lang=lang)
    return _respond(request, result, result.data["html"], "text/html; charset=utf-8", "report")


@router.get(
    "/plans/{plan_id}/plan.xlsx",
    response_class=Response,
    responses={200: {"content": {XLSX: {"schema": {"type": "string", "format": "binary"}}}}},
)
def workbook(
    request: Request,
    plan_id: PlanId,
    who: Auth,
    lang: Literal["nb", "en"] = Query("nb"),
) -> Response:
    """Every table of the report as a sheet of an Excel workbook."""
    plan = store_of(request).plan(plan_id)
    result = _result(request, plan, "report", lang=lang)
    disposition = {"Content-Disposition": f'attachment; filename="plan-{plan.id}.xlsx"'}
    return _respond(request, result, result.data["xlsx"], XLSX, "xlsx", disposition)
