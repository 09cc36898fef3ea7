"""The dashboard's pages (server-rendered Jinja2) and their live updates.

Every page reads one plan version; its results region is rendered by the same template
block on the first request and on every live update (``POST /plans/{id}/live/{page}`` with
the browser's working scenario document), so the numbers are formatted in one place. Slow
results (required savings, stress tests, risk) come in a second region after the page is
shown. Saving goes through the JSON API (``PUT …/scenario``, ``POST /api/v1/plans``).
"""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool

from handlingsrom.server import security
from handlingsrom.server.auth import (
    CSRF_HEADER,
    EDITORS,
    SESSION_COOKIE,
    engine_of,
    settings_of,
    store_of,
)
from handlingsrom.server.compute import ComputeUnavailable, InvalidScenario
from handlingsrom.server.http import plan_body
from handlingsrom.server.problems import ApiError
from handlingsrom.server.store import PlanRecord, UserRecord
from handlingsrom.server.web import fmt
from handlingsrom.server.web.charts import FORMAT_LOCALES
from handlingsrom.server.web.i18n import LANGS, PAGES, TEXT, Lang, page_title, t
from handlingsrom.server.web.views import (
    LEVER_MEASURES,
    LONG_TERM_INDICATORS,
    View,
    risk_view,
    savings_view,
    stress_view,
    with_origin,
)

HERE = Path(__file__).resolve().parent
LANG_COOKIE = "handlingsrom_lang"
PAGE_IDS = tuple(p for p, _, _ in PAGES)
HEAVY = {"overview": ("savings",), "act-now": ("savings",), "risk": ("stress", "risk")}

router = APIRouter(include_in_schema=False)


def _script_json(value: Any) -> Markup:
    """JSON safe inside <script type="application/json">."""
    text = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


ENV = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=select_autoescape(["html", "j2"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
ENV.filters["script_json"] = _script_json
ENV.filters["mnok"] = fmt.mnok
ENV.filters["num"] = fmt.number


# --------------------------------------------------------------------------- who
def _lang(request: Request) -> Lang:
    q = request.query_params.get("lang")
    if q in LANGS:
        return q  # type: ignore[return-value]
    c = request.cookies.get(LANG_COOKIE)
    return c if c in LANGS else "nb"  # type: ignore[return-value]


def _user(request: Request) -> tuple[UserRecord, str] | None:
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        return None
    found = store_of(request).authenticate(cookie, "session")
    if found is None:
        return None
    return found[0], found[1] or ""


def _login_redirect(request: Request) -> RedirectResponse:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target)}", status_code=303)


def may_edit(user: UserRecord, plan: PlanRecord) -> bool:
    """The user may save changes into this version (a draft they may change)."""
    if plan.status != "draft" or user.role not in EDITORS:
        return False
    return user.role != "politician" or plan.owner_id == user.id


def _render(request: Request, name: str, ctx: dict[str, Any], status: int = 200) -> HTMLResponse:
    lang = ctx.get("lang") or _lang(request)
    base = {
        "lang": lang,
        "t": lambda key: t(key, lang),
        "TEXT": TEXT,
        "pages": [(p, page_title(p, lang)) for p in PAGE_IDS],
        "path": request.url.path,
        "switch_lang": "en" if lang == "nb" else "nb",
        "fmt": fmt,
    }
    html = ENV.get_template(name).render(**base, **ctx)
    response = HTMLResponse(html, status_code=status)
    if request.query_params.get("lang") in LANGS:
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, path="/", samesite="lax")
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self' 'unsafe-eval'; connect-src 'self'; frame-ancestors 'none'"
    )
    return response


def _render_block(name: str, block: str, ctx: dict[str, Any]) -> str:
    lang = ctx["lang"]
    tmpl = ENV.get_template(name)
    context = tmpl.new_context({"t": lambda key: t(key, lang), "fmt": fmt, **ctx})
    return "".join(tmpl.blocks[block](context))


# --------------------------------------------------------------------------- sign-in
@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> Response:
    return RedirectResponse("/plans", status_code=303)


def _safe_next(target: str | None) -> str:
    if not target or not target.startswith("/") or target.startswith("//"):
        return "/plans"
    return target


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str | None = None) -> Response:
    return _render(request, "login.html.j2", {"next": _safe_next(next), "error": ""})


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request) -> Response:
    from handlingsrom.server.routes.auth import _login

    origin = request.headers.get("origin")
    if origin is not None and origin.split("://", 1)[-1] != request.headers.get("host", ""):
        raise ApiError(403, f"sign-in from another site ({origin}) is refused", code="csrf_failed")
    form = await request.form()
    username = str(form.get("username") or "")
    password = str(form.get("password") or "")
    target = _safe_next(str(form.get("next") or ""))
    lang = _lang(request)
    try:
        user = await run_in_threadpool(_login, request, username, password)
    except ApiError as e:
        key = "login_limited" if e.status == 429 else "login_failed"
        return _render(
            request,
            "login.html.j2",
            {"next": target, "error": t(key, lang), "username": username},
            e.status,
        )
    hours = settings_of(request).session_hours
    secret, _, _ = await run_in_threadpool(
        store_of(request).issue, user, "session", timedelta(hours=hours)
    )
    response = RedirectResponse(target, status_code=303)
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


@router.post("/logout")
async def logout(request: Request) -> Response:
    found = _user(request)
    form = await request.form()
    if found is not None and security.same(str(form.get("csrf_token") or ""), found[1]):
        store_of(request).revoke(request.cookies.get(SESSION_COOKIE, ""))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/", secure=True, httponly=True)
    return response


# --------------------------------------------------------------------------- plans
@router.get("/plans", response_class=HTMLResponse)
def plans_page(request: Request) -> Response:
    found = _user(request)
    if found is None:
        return _login_redirect(request)
    user, csrf = found
    page = store_of(request).plans(limit=500, offset=0)
    datasets = engine_of(request).datasets()
    return _render(
        request,
        "plans.html.j2",
        {
            "user": user,
            "csrf": csrf,
            "plans": [plan_body(p) for p in page.items],
            "datasets": datasets,
            "may_create": user.role in EDITORS,
        },
    )


def _plan_or_404(request: Request, plan_id: int) -> PlanRecord | None:
    try:
        return store_of(request).plan(plan_id)
    except ApiError:
        return None


def _chain(request: Request, plan: PlanRecord, doc: dict[str, Any] | None = None) -> dict[str, Any]:
    """The chain's results of the plan (or of ``doc`` on its dataset), with the measures and
    investments marked by origin."""
    engine = engine_of(request)
    result = engine.check(plan.dataset, plan.scenario if doc is None else doc, plan.scenario_name)
    base = engine.dataset_info(plan.dataset)["baseline"]
    return {
        **result.data,
        **{
            kind: with_origin(result.data[kind], base[kind]) for kind in ("measures", "investments")
        },
    }


def _page_ctx(page: str, view: View, plan: PlanRecord, request: Request) -> dict[str, Any]:
    """The page-specific part of the results region."""
    nb = view.lang == "nb"
    ctx: dict[str, Any] = {"view": view, "page": page}
    if page == "overview":
        ctx["lead"] = view.lead()
        ctx["cards"] = view.rule_cards()
        ctx["chart"] = view.indicator_chart(
            ["net_operating_result_pct"],
            "Netto driftsresultat i % av driftsinntektene"
            if nb
            else "Net operating result, % of operating revenue",
            "ndr",
        )
        ctx["table"] = view.key_table(
            view.hp_years + [y for y in (view.base + 20, view.end) if y > view.hp_years[-1]],
            (
                "net_operating_result",
                "net_operating_result_pct",
                "loan_debt_pct",
                "buffer_fund",
                "liquidity_reserve",
                "population",
            ),
        )
    elif page == "population":
        ctx["pop"] = view.population()
    elif page == "services":
        ctx["svc"] = view.services()
    elif page == "programme":
        ctx["frames"] = view.frames()
        ctx["inv"] = view.investments()
        ctx["table"] = view.key_table(view.hp_years)
        ctx["rules"] = view.rules_table(view.hp_years)
    elif page == "long-term":
        titles = {
            "net_operating_result_pct": "Netto driftsresultat i % av driftsinntektene"
            if nb
            else "Net operating result, % of revenue",
            "loan_debt_pct": "Lånegjeld i % av driftsinntektene"
            if nb
            else "Loan debt, % of revenue",
            "buffer_fund": "Bufferfond (mill. kr)" if nb else "Buffer fund (NOK million)",
            "liquidity_reserve": "Likviditetsreserve (mill. kr)"
            if nb
            else "Liquidity reserve (NOK million)",
        }
        ctx["charts"] = [
            view.indicator_chart([i], titles[i], f"lt-{i}") for i in LONG_TERM_INDICATORS
        ]
        ctx["table"] = view.key_table(view.milestones)
        ctx["rules"] = view.rules_table(view.milestones)
    elif page == "assumptions":
        ctx["parameters"] = engine_of(request).parameters(
            plan.dataset, view.chain.get("_doc", plan.scenario), plan.scenario_name
        )
    return ctx


def _state(
    user: UserRecord, csrf: str, plan: PlanRecord, view: View, page: str, lang: Lang
) -> dict[str, Any]:
    info = view.info
    return {
        "plan": {
            "id": plan.id,
            "name": plan.name,
            "status": plan.status,
            "etag": plan.etag,
            "revision": plan.revision,
            "dataset": plan.dataset,
        },
        "page": page,
        "lang": lang,
        "csrf": csrf,
        "may_edit": may_edit(user, plan),
        "may_change": user.role in EDITORS,
        "doc": plan.scenario,
        "rows": {"measures": view.chain["measures"], "investments": view.chain["investments"]},
        "base_rows": info["baseline"],
        "levers": info["levers"],
        "lever_measures": list(LEVER_MEASURES),
        "years": [info["base_year"], info["end_year"]],
        "heavy": list(HEAVY.get(page, ())),
        "text": {
            k: t(k, lang)
            for k in (
                "unsaved",
                "computing",
                "updating",
                "problems",
                "error",
                "conflict",
                "saved",
                "new_name",
                "changed",
                "added",
                "remove",
                "amount_mnok",
                "start_year",
                "restructuring",
                "initiative",
                "other",
                "adopted",
                "proposed",
            )
        },
        "format_locale": FORMAT_LOCALES[lang],
    }


@router.get("/plans/{plan_id}", response_class=HTMLResponse)
def plan_home(request: Request, plan_id: int) -> Response:
    return RedirectResponse(f"/plans/{plan_id}/overview", status_code=303)


@router.get("/plans/{plan_id}/{page}", response_class=HTMLResponse)
def plan_page(request: Request, plan_id: int, page: str) -> Response:
    found = _user(request)
    if found is None:
        return _login_redirect(request)
    user, csrf = found
    lang = _lang(request)
    plan = _plan_or_404(request, plan_id)
    if plan is None or page not in PAGE_IDS:
        return _render(
            request,
            "error.html.j2",
            {"user": user, "csrf": csrf, "message": f"404: {request.url.path}"},
            404,
        )
    engine = engine_of(request)
    info = engine.dataset_info(plan.dataset)
    try:
        chain = _chain(request, plan)
    except InvalidScenario as e:
        return _render(
            request, "error.html.j2", {"user": user, "csrf": csrf, "message": str(e)}, 409
        )
    view = View(info, chain, lang)
    ctx = _page_ctx(page, view, plan, request)
    ctx.update(
        {
            "user": user,
            "csrf": csrf,
            "plan": plan_body(plan),
            "plan_record": plan,
            "info": info,
            "may_edit": may_edit(user, plan),
            "may_change": user.role in EDITORS,
            "state": _state(user, csrf, plan, view, page, lang),
            "title": page_title(page, lang),
            "heavy": HEAVY.get(page, ()),
            "lever_rows": _lever_rows(info, plan.scenario, lang),
            "revenue": _revenue_rows(info, chain["measures"], lang),
            "measures": view.measures(),
            "investments": chain["investments"],
            "lang_url": request.url.path
            + "?"
            + urlencode({"lang": "en" if lang == "nb" else "nb"}),
        }
    )
    if page == "history":
        ctx["audit"] = _audit(request, plan, lang)
        ctx["lineage"] = _lineage(request, plan)
    if page == "assumptions":
        ctx["sources"] = info["sources"]
    return _render(request, f"pages/{page}.html.j2", ctx)


# --------------------------------------------------------------------------- live updates
async def _web_principal(request: Request, need_editor: bool) -> tuple[UserRecord, str]:
    found = await run_in_threadpool(_user, request)
    if found is None:
        raise ApiError(401, "sign in again")
    user, csrf = found
    if not security.same(request.headers.get(CSRF_HEADER), csrf):
        raise ApiError(
            403, "the CSRF token is missing or wrong; reload the page", code="csrf_failed"
        )
    if need_editor and user.role not in EDITORS:
        raise ApiError(403, f"a {user.role} cannot change plans")
    return user, csrf


async def _doc_of(request: Request) -> tuple[dict[str, Any] | None, dict[str, Any]]:
    try:
        body = await request.json()
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    doc = body.get("doc")
    return (doc if isinstance(doc, dict) else None), body


@router.post("/plans/{plan_id}/live/{page}")
async def live(request: Request, plan_id: int, page: str) -> Response:
    """The page's results region for the browser's working document (not stored)."""
    doc, _ = await _doc_of(request)
    await _web_principal(request, need_editor=doc is not None)
    lang = _lang(request)
    plan = _plan_or_404(request, plan_id)
    if plan is None or page not in PAGE_IDS:
        raise ApiError(404, "no such page")

    def work() -> dict[str, Any]:
        info = engine_of(request).dataset_info(plan.dataset)
        try:
            chain = _chain(request, plan, doc)
        except InvalidScenario as e:
            return {
                "problems": [
                    {"field": p.field, "expected": p.expected, "found": p.found} for p in e.problems
                ]
            }
        view = View(info, {**chain, "_doc": doc if doc is not None else plan.scenario}, lang)
        ctx = _page_ctx(page, view, plan, request) | {"lang": lang, "plan": plan_body(plan)}
        return {
            "html": _render_block(f"pages/{page}.html.j2", "results", ctx),
            "rows": {"measures": chain["measures"], "investments": chain["investments"]},
        }

    return JSONResponse(await run_in_threadpool(work), headers={"Cache-Control": "no-store"})


# The newest slow request of each user, plan and page: an older one that has not started its
# computation yet is dropped (its answer would be stale), so a person changing values fast
# queues at most one slow computation behind the one running.
_LATEST: dict[tuple[int, int, str], int] = {}
_LATEST_LOCK = threading.Lock()


def _newest(key: tuple[int, int, str], generation: int | None = None) -> int:
    with _LATEST_LOCK:
        if generation is None:
            _LATEST[key] = _LATEST.get(key, 0) + 1
        return _LATEST[key]


@router.post("/plans/{plan_id}/heavy/{page}")
async def heavy(request: Request, plan_id: int, page: str) -> Response:
    """The page's slow region (required savings, stress tests, risk)."""
    doc, body = await _doc_of(request)
    user, _ = await _web_principal(request, need_editor=doc is not None)
    key = (user.id, plan_id, page)
    generation = _newest(key)
    lang = _lang(request)
    plan = _plan_or_404(request, plan_id)
    if plan is None or page not in HEAVY:
        raise ApiError(404, "no such page")
    start = body.get("savings_start")

    def work() -> dict[str, Any]:
        engine = engine_of(request)
        info = engine.dataset_info(plan.dataset)
        the_doc = plan.scenario if doc is None else doc
        try:
            chain = _chain(request, plan, the_doc)
            view = View(info, chain, lang)
            ctx: dict[str, Any] = {
                "lang": lang,
                "view": view,
                "page": page,
                "plan": plan_body(plan),
            }
            if _newest(key, generation) != generation:
                return {"superseded": True}
            if "savings" in HEAVY[page]:
                opts = {}
                if isinstance(start, int) and info["base_year"] <= start <= info["end_year"]:
                    opts["start_year"] = start
                data = engine.heavy(
                    "savings", plan.dataset, the_doc, plan.scenario_name, **opts
                ).data
                ctx["savings"] = savings_view(data, view)
            if "stress" in HEAVY[page]:
                ctx["stress"] = stress_view(
                    engine.heavy("stress", plan.dataset, the_doc, plan.scenario_name).data, view
                )
                ctx["risk"] = risk_view(
                    engine.heavy("risk", plan.dataset, the_doc, plan.scenario_name).data, view
                )
        except InvalidScenario as e:
            return {
                "problems": [
                    {"field": p.field, "expected": p.expected, "found": p.found} for p in e.problems
                ]
            }
        except ComputeUnavailable as e:
            return {"error": str(e)}
        return {"html": _render_block(f"pages/{page}.html.j2", "heavy", ctx)}

    return JSONResponse(await run_in_threadpool(work), headers={"Cache-Control": "no-store"})


# --------------------------------------------------------------------------- compare
@router.get("/compare", response_class=HTMLResponse)
def compare_page(request: Request, a: int | None = None, b: int | None = None) -> Response:
    found = _user(request)
    if found is None:
        return _login_redirect(request)
    user, csrf = found
    lang = _lang(request)
    nb = lang == "nb"
    store = store_of(request)
    plans = [plan_body(p) for p in store.plans(limit=500, offset=0).items]
    ctx: dict[str, Any] = {
        "user": user,
        "csrf": csrf,
        "plans": plans,
        "a": a,
        "b": b,
        "title": t("compare_title", lang),
        "lang_url": request.url.path
        + "?"
        + urlencode(
            {
                k: v
                for k, v in {"a": a, "b": b, "lang": "en" if nb else "nb"}.items()
                if v is not None
            }
        ),
    }
    pa = _plan_or_404(request, a) if a else None
    pb = _plan_or_404(request, b) if b else None
    if pa is not None and pb is not None:
        engine = engine_of(request)
        try:
            va = View(engine.dataset_info(pa.dataset), _chain(request, pa), lang)
            vb = View(engine.dataset_info(pb.dataset), _chain(request, pb), lang)
        except InvalidScenario as e:
            return _render(
                request, "error.html.j2", {"user": user, "csrf": csrf, "message": str(e)}, 409
            )
        ctx["compare"] = _comparison(va, vb, pa, pb, lang)
    return _render(request, "compare.html.j2", ctx)


def _comparison(va: View, vb: View, pa: PlanRecord, pb: PlanRecord, lang: Lang) -> dict[str, Any]:
    nb = lang == "nb"
    years = [y for y in va.years if y in set(vb.years)]
    shown = [y for y in years if y < va.base + 4 or y in va.milestones]
    figures = []
    for ind in (
        "net_operating_result",
        "net_operating_result_pct",
        "loan_debt_pct",
        "buffer_fund",
        "liquidity_reserve",
        "equity_financing_pct",
        "net_operating_expenditure",
    ):
        sa, sb = va.series(ind), vb.series(ind)
        unit = va.unit(ind)
        rows = []
        for y in shown:
            x, z = sa.get(y), sb.get(y)
            diff = None if x is None or z is None else z - x
            rows.append(
                {
                    "year": y,
                    "a": fmt.value(x, unit, lang),
                    "b": fmt.value(z, unit, lang),
                    "diff": fmt.signed(fmt.value(diff, unit, lang), diff),
                    "differs": diff is not None and abs(diff) > (1e5 if unit == "NOK" else 0.005),
                }
            )
        figures.append({"indicator": ind, "name": va_name(ind, lang), "rows": rows})
    ra, rb = va.rule_years(), vb.rule_years()
    rules = []
    for rule in va.rules():
        cells = []
        for y in shown:
            ka = ra[rule["id"]].get(y, {}).get("kept")
            kb = rb[rule["id"]].get(y, {}).get("kept")
            cells.append({"a": ka, "b": kb, "differs": ka != kb})
        rules.append({"name": va.rule_name(rule), "cells": cells})
    label_a, label_b = f"A: {pa.name}", f"B: {pb.name}"
    charts = [
        va.indicator_chart(
            ["net_operating_result_pct"],
            "Netto driftsresultat i %, A og B" if nb else "Net operating result, %, A and B",
            "cmp-ndr",
            others={label_a: va, label_b: vb},
        ),
        va.indicator_chart(
            ["loan_debt_pct"],
            "Lånegjeld i % av inntektene, A og B" if nb else "Loan debt, % of revenue, A and B",
            "cmp-debt",
            others={label_a: va, label_b: vb},
        ),
    ]
    return {"a": pa, "b": pb, "years": shown, "figures": figures, "rules": rules, "charts": charts}


def va_name(indicator: str, lang: Lang) -> str:
    from handlingsrom.server.web.i18n import indicator_name

    return indicator_name(indicator, lang)


# --------------------------------------------------------------------------- helpers
def _lever_rows(info: dict[str, Any], doc: dict[str, Any], lang: Lang) -> list[dict[str, Any]]:
    """Each lever's form: its current setting in the document (or none), the registry's
    unit and bounds converted to what the form shows (fractions and ratios as percent)."""
    out = []
    assumptions = doc.get("assumptions") or {}
    base = info["base_year"]
    for lever in info["levers"]:
        scale = 100.0 if lever["unit"] in ("fraction", "ratio") else 1.0
        entry = assumptions.get(lever["paths"][0])
        key = lever["form"]
        editable = entry is None or (
            isinstance(entry, dict) and set(entry) <= {key, "from"} and key in entry
        )
        current = entry.get(key) if isinstance(entry, dict) and editable else None
        lo, hi = lever["minimum"], lever["maximum"]
        baseline_now = lever["baseline"].get(str(base))
        if key == "add":
            b0 = baseline_now or 0.0
            lo = None if lo is None else lo - b0
            hi = None if hi is None else hi - b0
        out.append(
            {
                "id": lever["id"],
                "label": t(f"lever_{lever['id']}", lang)
                if f"lever_{lever['id']}" in TEXT
                else lever["path"],
                "description": t(f"lever_{lever['id']}_help", lang)
                if f"lever_{lever['id']}_help" in TEXT
                else lever["description"],
                "paths": lever["paths"],
                "form": key,
                "scale": scale,
                "min": None if lo is None else round(lo * scale, 6),
                "max": None if hi is None else round(hi * scale, 6),
                "step": "any",
                "value": None if current is None else round(current * scale, 6),
                "from": (entry or {}).get("from", base + 1) if editable else None,
                "editable": editable,
                "baseline": _baseline_text(lever["baseline"], base, scale, lang),
                "unit": lever["unit"],
            }
        )
    return out


def _baseline_text(series: dict[str, Any], base: int, scale: float, lang: Lang) -> str | None:
    """The baseline's value in the base year, and where it changes later (a path such as
    real cost growth 0 in the action programme, then 1.24 % falling to 0.39 %) the values
    4, 13 and 20 years on, each with its year: the base year's value alone would mislead."""
    unit = " %" if scale == 100.0 else ""
    years = [y for y in (base, base + 4, base + 13, base + 20) if series.get(str(y)) is not None]
    if not years:
        return None
    values = [float(series[str(y)]) for y in years]
    if all(abs(v - values[0]) < 1e-12 for v in values):
        return fmt.number(values[0] * scale, 2, lang) + unit
    return ", ".join(
        f"{fmt.number(v * scale, 2, lang)}{unit} ({y})" for y, v in zip(years, values, strict=True)
    )


def _revenue_rows(
    info: dict[str, Any], measures: list[dict[str, Any]], lang: Lang
) -> list[dict[str, Any]]:
    rows = {m["id"]: m for m in measures}
    out = []
    default_sector = info["sectors"][-1]["id"] if info["sectors"] else ""
    for mid in LEVER_MEASURES:
        m = rows.get(mid)
        out.append(
            {
                "id": mid,
                "label": t("property_tax" if mid == "eiendomsskatt" else "fees", lang),
                "amount": None if m is None else round(-m["amount_nok"] / 1e6, 3),
                "from": info["base_year"] + 1 if m is None else m["start_year"],
                "sector": default_sector if m is None else m["sector"],
            }
        )
    return out


def _audit(request: Request, plan: PlanRecord, lang: Lang) -> list[dict[str, Any]]:
    page = store_of(request).audit(plan_id=plan.id, limit=200)
    out = []
    for a in page.items:
        out.append(
            {
                "at": a.at.strftime("%Y-%m-%d %H:%M"),
                "user": a.username,
                "action": a.action,
                "summary": a.summary,
                "before": _short(a.before),
                "after": _short(a.after),
            }
        )
    return out


def _short(value: Any) -> str:
    if value is None:
        return ""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= 400 else text[:400] + " …"


def _lineage(request: Request, plan: PlanRecord) -> list[dict[str, Any]]:
    out = []
    seen = {plan.id}
    current = plan
    while current.parent_id is not None and current.parent_id not in seen:
        parent = _plan_or_404(request, current.parent_id)
        if parent is None:
            break
        out.append(plan_body(parent))
        seen.add(parent.id)
        current = parent
    return out
