"""The audit trail: who changed what, when, from what to what."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request

from handlingsrom.server.auth import Auth, store_of
from handlingsrom.server.http import API, next_link
from handlingsrom.server.schemas import AuditPage

router = APIRouter(prefix=API, tags=["audit"])


@router.get("/audit", response_model=AuditPage)
def audit(
    request: Request,
    who: Auth,
    plan: int | None = Query(None, ge=1, le=2**31 - 1, description="only this plan"),
    user: str | None = Query(None, max_length=64, description="only this user's changes"),
    action: str | None = Query(None, max_length=40, examples=["plan.scenario"]),
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0, le=1_000_000_000),
) -> dict[str, Any]:
    """Every change, newest first: user and plan changes with their before and after."""
    page = store_of(request).audit(
        plan_id=plan, username=user, action=action, limit=limit, offset=offset
    )
    return {
        "items": [
            {
                "id": a.id,
                "at": a.at,
                "user": a.username,
                "action": a.action,
                "plan": a.plan_id,
                "target": a.target,
                "summary": a.summary,
                "before": a.before,
                "after": a.after,
            }
            for a in page.items
        ],
        "total": page.total,
        "limit": limit,
        "offset": offset,
        "next": next_link(request, page.total, limit, offset),
    }
