"""Small HTTP helpers shared by the routes: ETags, pagination links, plan bodies."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from fastapi import Request

from handlingsrom.server.problems import ApiError
from handlingsrom.server.store import PlanRecord

API = "/api/v1"
_PLAN_TAG = re.compile(r'^(?:W/)?"plan-(\d+)-r(\d+)"$')
ANY = -1  # If-Match: *


def expected_revision(request: Request, plan_id: int, required: bool) -> int | None:
    """The revision an ``If-Match`` header names for ``plan_id``: None when absent (428
    when ``required``), :data:`ANY` for ``*``; 412 when it names no revision of this plan."""
    header = request.headers.get("if-match")
    if header is None or not header.strip():
        if required:
            raise ApiError(
                428,
                "send If-Match with the plan's ETag (from GET of the plan or its scenario), "
                "so that you never overwrite a change you have not seen",
            )
        return None
    for tag in (t.strip() for t in header.split(",")):
        if tag == "*":
            return ANY
        m = _PLAN_TAG.match(tag)
        if m and int(m.group(1)) == plan_id:
            return int(m.group(2))
    raise ApiError(412, f"If-Match {header!r} names no version of plan {plan_id}")


def revision_or_none(value: int | None) -> int | None:
    return None if value in (None, ANY) else value


def next_link(request: Request, total: int, limit: int, offset: int) -> str | None:
    if offset + limit >= total:
        return None
    params = dict(request.query_params)
    params["offset"] = str(offset + limit)
    params["limit"] = str(limit)
    return f"{request.url.path}?{urlencode(params)}"


def plan_links(plan_id: int, parent: int | None) -> dict[str, str]:
    base = f"{API}/plans/{plan_id}"
    links = {
        "self": base,
        "scenario": f"{base}/scenario",
        "measures": f"{base}/measures",
        "investments": f"{base}/investments",
        "key_figures": f"{base}/key-figures",
        "rules": f"{base}/rules",
        "savings": f"{base}/savings",
        "stress": f"{base}/stress",
        "risk": f"{base}/risk",
        "report": f"{base}/report",
        "xlsx": f"{base}/plan.xlsx",
        "audit": f"{API}/audit?plan={plan_id}",
    }
    if parent is not None:
        links["parent"] = f"{API}/plans/{parent}"
    return links


def plan_body(p: PlanRecord) -> dict[str, Any]:
    return {
        "id": p.id,
        "name": p.name,
        "description": p.description,
        "dataset": p.dataset,
        "parent": p.parent_id,
        "owner": p.owner,
        "status": p.status,
        "revision": p.revision,
        "etag": p.etag,
        "created_at": p.created_at,
        "updated_at": p.updated_at,
        "published_at": p.published_at,
        "adopted_at": p.adopted_at,
        "links": plan_links(p.id, p.parent_id),
    }
