"""Plans (plan versions), their scenario document, and their measures and investments."""

from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from handlingsrom.server import documents
from handlingsrom.server.auth import (
    EDITORS,
    Auth,
    Principal,
    engine_of,
    may_adopt,
    may_edit,
    may_publish,
    require_role,
    store_of,
)
from handlingsrom.server.compute import InvalidScenario, default_dataset
from handlingsrom.server.http import (
    API,
    expected_revision,
    next_link,
    plan_body,
    revision_or_none,
)
from handlingsrom.server.models import utcnow
from handlingsrom.server.problems import ApiError, FieldError, invalid
from handlingsrom.server.schemas import (
    SCENARIO_REF,
    InvestmentIn,
    InvestmentOut,
    InvestmentPatch,
    MeasureIn,
    MeasureOut,
    MeasurePatch,
    PlanCreate,
    PlanOut,
    PlanPage,
    PlanUpdate,
    Status,
)
from handlingsrom.server.store import Edit, PlanRecord

router = APIRouter(prefix=API)
Editor = Annotated[Principal, require_role(*EDITORS)]
PlanId = Annotated[int, Path(ge=1, le=2**31 - 1, description="the plan's id")]
IF_MATCH = {
    "parameters": [
        {
            "name": "If-Match",
            "in": "header",
            "required": False,
            "schema": {"type": "string"},
            "description": "the plan's ETag: the change is made only if nobody changed the "
            "plan since (else 412)",
        }
    ]
}


def _json(body: Any, plan: PlanRecord, status: int = 200) -> JSONResponse:
    from fastapi.encoders import jsonable_encoder

    return JSONResponse(jsonable_encoder(body), status_code=status, headers={"ETag": plan.etag})


def _problems(e: InvalidScenario, strip: str = "") -> ApiError:
    """A 422 from a document's problems; with ``strip``, the pointers under it are made
    relative to the edited row (the request's body)."""
    out = [FieldError(documents.relative(p.field, strip), p.expected, p.found) for p in e.problems]
    return invalid(out, "row" if strip else "scenario document")


def _check(request: Request, plan: PlanRecord, doc: Any, strip: str = "") -> None:
    try:
        engine_of(request).check(plan.dataset, doc, plan.scenario_name)
    except InvalidScenario as e:
        raise _problems(e, strip=strip) from None


# --------------------------------------------------------------------------- plans
@router.get("/plans", response_model=PlanPage, tags=["plans"])
def list_plans(
    request: Request,
    who: Auth,
    status: Status | None = Query(None),
    owner: str | None = Query(None, max_length=64),
    dataset: str | None = Query(None, max_length=100),
    parent: int | None = Query(None, ge=1, le=2**31 - 1),
    q: str | None = Query(None, max_length=200, description="part of the name"),
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0, le=1_000_000_000),
) -> dict[str, Any]:
    """Plan versions, newest first, filtered and paged."""
    page = store_of(request).plans(
        status=status,
        owner=owner,
        dataset=dataset,
        parent=parent,
        q=q,
        limit=limit,
        offset=offset,
    )
    return {
        "items": [plan_body(p) for p in page.items],
        "total": page.total,
        "limit": limit,
        "offset": offset,
        "next": next_link(request, page.total, limit, offset),
    }


@router.post("/plans", response_model=PlanOut, status_code=201, tags=["plans"])
def create_plan(request: Request, body: PlanCreate, who: Editor) -> JSONResponse:
    """A new plan version (a draft owned by you): empty, or a copy of ``parent``'s scenario.

    To change a published or adopted plan, make a new version with it as the parent."""
    store, engine = store_of(request), engine_of(request)
    scenario: dict[str, Any] = {}
    dataset = body.dataset
    if body.parent is not None:
        try:
            parent = store.plan(body.parent)
        except ApiError:
            raise invalid(
                [FieldError("/parent", "the id of an existing plan", str(body.parent))]
            ) from None
        if dataset is not None and dataset != parent.dataset:
            raise invalid(
                [
                    FieldError(
                        "/dataset",
                        f"the parent's dataset {parent.dataset} (or nothing)",
                        repr(dataset),
                    )
                ]
            )
        dataset = parent.dataset
        scenario = parent.scenario
    dataset = dataset or default_dataset()
    if not engine.has_dataset(dataset):
        names = ", ".join(d["name"] for d in engine.datasets())
        raise invalid([FieldError("/dataset", f"one of {names}", repr(dataset))])
    plan = store.create_plan(
        who.user,
        name=body.name,
        description=body.description,
        dataset=dataset,
        parent_id=body.parent,
        scenario=scenario,
    )
    response = _json(plan_body(plan), plan, 201)
    response.headers["Location"] = f"{API}/plans/{plan.id}"
    return response


@router.get("/plans/{plan_id}", response_model=PlanOut, tags=["plans"])
def get_plan(request: Request, plan_id: PlanId, who: Auth) -> JSONResponse:
    """One plan version (with its ETag)."""
    plan = store_of(request).plan(plan_id)
    return _json(plan_body(plan), plan)


@router.patch("/plans/{plan_id}", response_model=PlanOut, tags=["plans"], openapi_extra=IF_MATCH)
def update_plan(request: Request, plan_id: PlanId, body: PlanUpdate, who: Editor) -> JSONResponse:
    """Rename a draft or change its description."""
    values = body.model_dump(exclude_none=True)
    expected = revision_or_none(expected_revision(request, plan_id, required=False))

    def change(plan: PlanRecord) -> Edit:
        before = {k: getattr(plan, k) for k in values}
        return Edit(
            "plan.update",
            f"plan {plan.id}: " + ", ".join(f"{k} changed" for k in values) or "no change",
            values=values,
            before=before,
            after=values,
        )

    plan = store_of(request).edit_plan(who.user, plan_id, expected, may_edit, change)
    return _json(plan_body(plan), plan)


@router.delete("/plans/{plan_id}", status_code=204, tags=["plans"], openapi_extra=IF_MATCH)
def delete_plan(request: Request, plan_id: PlanId, who: Editor) -> Response:
    """Delete a draft that no other version starts from."""
    expected = revision_or_none(expected_revision(request, plan_id, required=False))
    store_of(request).delete_plan(who.user, plan_id, expected, may_edit)
    return Response(status_code=204)


def _status_change(request: Request, who: Principal, plan_id: int, status: str) -> JSONResponse:
    expected = revision_or_none(expected_revision(request, plan_id, required=False))
    permit = may_publish if status == "published" else may_adopt

    def change(plan: PlanRecord) -> Edit:
        stamp = "published_at" if status == "published" else "adopted_at"
        return Edit(
            f"plan.{status[:-2] if status.endswith('ed') else status}",
            f"plan {plan.id} {plan.name!r} {status}",
            values={"status": status, stamp: utcnow()},
            before={"status": plan.status},
            after={"status": status},
        )

    plan = store_of(request).edit_plan(who.user, plan_id, expected, permit, change)
    return _json(plan_body(plan), plan)


@router.post(
    "/plans/{plan_id}/publish", response_model=PlanOut, tags=["plans"], openapi_extra=IF_MATCH
)
def publish(
    request: Request, plan_id: PlanId, who: Annotated[Principal, require_role("admin", "planner")]
) -> JSONResponse:
    """Publish a draft (planners and admins): from now on it never changes."""
    return _status_change(request, who, plan_id, "published")


@router.post(
    "/plans/{plan_id}/adopt", response_model=PlanOut, tags=["plans"], openapi_extra=IF_MATCH
)
def adopt(
    request: Request, plan_id: PlanId, who: Annotated[Principal, require_role("admin", "planner")]
) -> JSONResponse:
    """Record that the council adopted a published plan (planners and admins)."""
    return _status_change(request, who, plan_id, "adopted")


# --------------------------------------------------------------------------- scenario
@router.get(
    "/plans/{plan_id}/scenario",
    tags=["scenario"],
    responses={200: {"content": {"application/json": {"schema": SCENARIO_REF}}}},
)
def get_scenario(request: Request, plan_id: PlanId, who: Auth) -> JSONResponse:
    """The plan's scenario document (the schema of the scenario TOML files, as JSON)."""
    plan = store_of(request).plan(plan_id)
    return _json(plan.scenario, plan)


@router.put(
    "/plans/{plan_id}/scenario",
    tags=["scenario"],
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": SCENARIO_REF}},
        },
        "parameters": [{**IF_MATCH["parameters"][0], "required": True}],
    },
    responses={200: {"content": {"application/json": {"schema": SCENARIO_REF}}}},
)
def put_scenario(
    request: Request, plan_id: PlanId, who: Editor, doc: Annotated[Any, Body()]
) -> JSONResponse:
    """Replace the plan's scenario document. Needs ``If-Match`` with the plan's ETag.

    The document is checked against the plan's dataset and run through the model before it
    is stored: every problem comes back as a 422 naming its place in the document (a JSON
    pointer), what was expected and what was found."""
    expected = expected_revision(request, plan_id, required=True)
    store = store_of(request)
    if expected is not None and expected < 0:
        expected = store.plan(plan_id).revision  # If-Match: * — whatever is there now

    def change(plan: PlanRecord) -> Edit:
        _check(request, plan, doc)
        return Edit(
            "plan.scenario",
            f"scenario of plan {plan.id} replaced (revision {plan.revision} → {plan.revision + 1})",
            scenario=doc,
            before=plan.scenario,
            after=doc,
        )

    plan = store.edit_plan(who.user, plan_id, expected, may_edit, change)
    return _json(plan.scenario, plan)


# --------------------------------------------------------------------------- rows
def _rows_router(
    kind: str,
    title: str,
    model_in: type[BaseModel],
    model_patch: type[BaseModel],
    model_out: type[BaseModel],
) -> None:
    key = "id"
    label = kind[:-1]

    def current_rows(request: Request, plan: PlanRecord) -> list[dict[str, Any]]:
        engine = engine_of(request)
        try:
            data = engine.chain(plan.dataset, plan.scenario, plan.scenario_name).data
        except InvalidScenario as e:  # a stored document that no longer computes
            raise ApiError(409, f"plan {plan.id}'s scenario cannot be computed: {e}") from None
        base = {r[key]: r for r in engine.chain(plan.dataset, {}, "baseline").data[kind]}
        out = []
        for row in data[kind]:
            if documents.added_index(plan.scenario, kind, key, row[key]) is not None:
                origin = "added"
            elif base.get(row[key]) != row:
                origin = "changed"
            else:
                origin = "dataset"
            out.append({**row, "origin": origin})
        return out

    def find(rows: list[dict[str, Any]], plan: PlanRecord, row_id: str) -> dict[str, Any]:
        for row in rows:
            if row[key] == row_id:
                return row
        raise ApiError(404, f"plan {plan.id} has no {label} {row_id!r}")

    def list_rows(request: Request, plan_id: PlanId, who: Auth) -> JSONResponse:
        plan = store_of(request).plan(plan_id)
        return _json(current_rows(request, plan), plan)

    list_rows.__doc__ = (
        f"The plan's {title}: the dataset's, with the plan's changes (``origin`` says which)."
    )

    def get_row(request: Request, plan_id: PlanId, row_id: str, who: Auth) -> JSONResponse:
        plan = store_of(request).plan(plan_id)
        return _json(find(current_rows(request, plan), plan, row_id), plan)

    get_row.__doc__ = f"One of the plan's {title}."

    def add(
        request: Request,
        plan_id: PlanId,
        body: model_in,  # type: ignore[valid-type]
        who: Editor,
    ) -> JSONResponse:
        row = body.model_dump(exclude_none=True)  # type: ignore[attr-defined]
        expected = revision_or_none(expected_revision(request, plan_id, required=False))

        def change(plan: PlanRecord) -> Edit:
            if any(r[key] == row[key] for r in current_rows(request, plan)):
                raise ApiError(409, f"plan {plan.id} already has a {label} {row[key]!r}")
            doc, ptr = documents.add_row(plan.scenario, kind, row)
            _check(request, plan, doc, strip=ptr)
            return Edit(
                f"{label}.add",
                f"{label} {row[key]} added to plan {plan.id}",
                target=f"{label}:{row[key]}",
                scenario=doc,
                after=row,
            )

        plan = store_of(request).edit_plan(who.user, plan_id, expected, may_edit, change)
        created = find(current_rows(request, plan), plan, row[key])
        response = _json(created, plan, 201)
        response.headers["Location"] = f"{API}/plans/{plan.id}/{kind}/{row[key]}"
        return response

    add.__doc__ = f"Add a {label} to a draft (checked like a row of the dataset's {kind}.csv)."

    def put_row(
        request: Request,
        plan_id: PlanId,
        row_id: str,
        body: model_in,  # type: ignore[valid-type]
        who: Editor,
        partial: bool = False,
    ) -> JSONResponse:
        values = body.model_dump(exclude_unset=partial)  # type: ignore[attr-defined]
        if values.get(key, row_id) != row_id:
            raise invalid(
                [FieldError(f"/{key}", f"{row_id!r} (the id in the path)", repr(values[key]))]
            )
        expected = revision_or_none(expected_revision(request, plan_id, required=False))

        def change(plan: PlanRecord) -> Edit:
            current = find(current_rows(request, plan), plan, row_id)
            current = {k: v for k, v in current.items() if k != "origin"}
            new_row = {**current, **values} if partial else {**values, key: row_id}
            doc, ptr = documents.set_row(plan.scenario, kind, key, row_id, current, new_row)
            _check(request, plan, doc, strip=ptr)
            return Edit(
                f"{label}.update",
                f"{label} {row_id} of plan {plan.id} changed",
                target=f"{label}:{row_id}",
                scenario=doc,
                before=current,
                after=new_row,
            )

        plan = store_of(request).edit_plan(who.user, plan_id, expected, may_edit, change)
        return _json(find(current_rows(request, plan), plan, row_id), plan)

    def replace_row(
        request: Request,
        plan_id: PlanId,
        row_id: str,
        body: model_in,  # type: ignore[valid-type]
        who: Editor,
    ) -> JSONResponse:
        return put_row(request, plan_id, row_id, body, who)

    replace_row.__doc__ = f"Replace a {label} of a draft (every column)."

    def patch_row(
        request: Request,
        plan_id: PlanId,
        row_id: str,
        body: model_patch,  # type: ignore[valid-type]
        who: Editor,
    ) -> JSONResponse:
        return put_row(request, plan_id, row_id, body, who, partial=True)

    patch_row.__doc__ = f"Change some columns of a {label} of a draft."

    def delete_row(request: Request, plan_id: PlanId, row_id: str, who: Editor) -> Response:
        expected = revision_or_none(expected_revision(request, plan_id, required=False))

        def change(plan: PlanRecord) -> Edit:
            current = find(current_rows(request, plan), plan, row_id)
            doc = documents.remove_row(plan.scenario, kind, key, row_id)
            _check(request, plan, doc)
            return Edit(
                f"{label}.delete",
                f"{label} {row_id} removed from plan {plan.id}",
                target=f"{label}:{row_id}",
                scenario=doc,
                before={k: v for k, v in current.items() if k != "origin"},
            )

        plan = store_of(request).edit_plan(who.user, plan_id, expected, may_edit, change)
        return Response(status_code=204, headers={"ETag": plan.etag})

    delete_row.__doc__ = f"Remove a {label} from a draft."

    tags: list[Any] = [kind]
    path = f"/plans/{{plan_id}}/{kind}"
    item = f"{path}/{{row_id}}"
    router.add_api_route(
        path,
        list_rows,
        methods=["GET"],
        response_model=list[model_out],  # type: ignore[valid-type]
        tags=tags,
        name=f"list_{kind}",
    )
    router.add_api_route(
        path,
        add,
        methods=["POST"],
        response_model=model_out,
        status_code=201,
        tags=tags,
        name=f"add_{label}",
        openapi_extra=IF_MATCH,
    )
    router.add_api_route(
        item, get_row, methods=["GET"], response_model=model_out, tags=tags, name=f"get_{label}"
    )
    router.add_api_route(
        item,
        replace_row,
        methods=["PUT"],
        response_model=model_out,
        tags=tags,
        name=f"replace_{label}",
        openapi_extra=IF_MATCH,
    )
    router.add_api_route(
        item,
        patch_row,
        methods=["PATCH"],
        response_model=model_out,
        tags=tags,
        name=f"change_{label}",
        openapi_extra=IF_MATCH,
    )
    router.add_api_route(
        item,
        delete_row,
        methods=["DELETE"],
        status_code=204,
        tags=tags,
        name=f"delete_{label}",
        openapi_extra=IF_MATCH,
    )


_rows_router(
    "measures",
    "measures (omstillingstiltak, satsinger, frame changes)",
    MeasureIn,
    MeasurePatch,
    MeasureOut,
)
_rows_router("investments", "investment projects", InvestmentIn, InvestmentPatch, InvestmentOut)
