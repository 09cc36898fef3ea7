"""The API's bodies: request and response models (pydantic), with examples for the OpenAPI
document. Field names are English; Norwegian names of rules and indicators are given beside
the English ones where the model has them (``name_nb``)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from handlingsrom.server.compute import Column, Engine

Role = Literal["admin", "planner", "politician", "viewer"]
Status = Literal["draft", "published", "adopted"]
USERNAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


# --------------------------------------------------------------------------- system
class Health(BaseModel):
    status: Literal["ok"] = Field(examples=["ok"])
    version: str = Field(examples=["0.1.0"])
    database: str = Field(description="sqlite or postgresql", examples=["sqlite"])
    schema_revision: str | None = Field(description="the Alembic revision", examples=["0001"])


class DatasetOut(BaseModel):
    name: str = Field(examples=["oslo-2024"])
    title: str
    municipality: str = Field(examples=["Oslo"])
    municipality_number: str = Field(examples=["0219"])
    base_year: int = Field(examples=[2017])
    data_vintage: str
    description: str
    sha256: str = Field(description="hash of the dataset's files (part of the results' cache key)")


class IndicatorOut(BaseModel):
    indicator: str = Field(examples=["net_operating_result_pct"])
    unit: str = Field(examples=["percent"])
    description: str


# --------------------------------------------------------------------------- auth
class Credentials(Strict):
    username: str = Field(min_length=1, max_length=64, examples=["kari"])
    password: str = Field(min_length=1, max_length=1024, examples=["correct horse battery"])


class TokenOut(BaseModel):
    token: str = Field(description="send as `Authorization: Bearer <token>`")
    token_type: Literal["bearer"] = "bearer"
    expires_at: datetime
    username: str
    role: Role


class SessionOut(BaseModel):
    username: str
    role: Role
    csrf_token: str = Field(
        description="send as the `X-CSRF-Token` header (or a `csrf_token` form field) with "
        "every POST, PUT, PATCH and DELETE made with the session cookie"
    )
    expires_at: datetime | None = None


class UserOut(BaseModel):
    id: int
    username: str
    role: Role
    active: bool
    created_at: datetime
    updated_at: datetime


class UserCreate(Strict):
    username: str = Field(pattern=USERNAME_PATTERN, examples=["kari"])
    role: Role = Field(examples=["planner"])
    password: str = Field(min_length=8, max_length=1024)


class UserUpdate(Strict):
    role: Role | None = None
    password: str | None = Field(default=None, min_length=8, max_length=1024)
    active: bool | None = None


class UserPage(BaseModel):
    items: list[UserOut]
    total: int
    limit: int
    offset: int
    next: str | None = Field(description="the URL of the next page, if any")


# --------------------------------------------------------------------------- plans
class PlanCreate(Strict):
    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        json_schema_extra={
            "examples": [
                {"name": "Rådmannens forslag 2018–2021", "dataset": "oslo-2024", "parent": None},
                {"name": "Alternativt budsjett (H)", "parent": 1},
            ]
        },
    )

    name: str = Field(min_length=1, max_length=200)
    dataset: str | None = Field(
        default=None,
        max_length=100,
        description="an embedded dataset (GET /api/v1/datasets); default: the parent's, "
        "else the default dataset",
    )
    parent: int | None = Field(
        default=None,
        ge=1,
        le=2**31 - 1,
        description="the plan version this one starts from (its scenario is copied)",
    )
    description: str = Field(default="", max_length=10_000)


class PlanUpdate(Strict):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=10_000)


class PlanOut(BaseModel):
    id: int
    name: str
    description: str
    dataset: str
    parent: int | None
    owner: str
    status: Status
    revision: int = Field(description="grows by one with every change")
    etag: str = Field(description="send as If-Match when you change the plan")
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None
    adopted_at: datetime | None
    links: dict[str, str]


class PlanPage(BaseModel):
    items: list[PlanOut]
    total: int
    limit: int
    offset: int
    next: str | None


# --------------------------------------------------------------------------- results
class KeyFigure(BaseModel):
    year: int = Field(examples=[2018])
    indicator: str = Field(examples=["net_operating_result_pct"])
    value: float | None = Field(examples=[6.1], description="null where not defined")
    unit: str = Field(examples=["percent"])


class RuleYear(BaseModel):
    year: int
    rule: str = Field(examples=["resultatgrad"])
    name: str
    name_nb: str
    indicator: str
    operator: str = Field(examples=[">="])
    value: float | None
    threshold: float
    unit: str
    kept: bool


class SavingsSummary(BaseModel):
    start_year: int
    total_nok: float | None
    peak_nok: float | None
    final_level_nok: float | None
    feasible: bool


class SavingsOut(BaseModel):
    summary: SavingsSummary
    path: list[dict[str, Any]] = Field(
        description="year, level_nok, increment_nok, cap_nok, binding_rule, tightest_rule, margin"
    )
    by_sector: list[dict[str, Any]] = Field(description="year, sector, savings_nok")
    cost_of_waiting: list[dict[str, Any]] = Field(
        description="delay_years, total_nok, peak_nok, start_year, savings_total_nok, "
        "gap_while_waiting_nok, final_level_nok, feasible, rule_years_broken_waiting"
    )


class StressOut(BaseModel):
    summary: list[dict[str, Any]] = Field(description="one row per scenario (baseline first)")
    key_figures: list[dict[str, Any]] = Field(description="scenario, year, indicator, value, unit")


class RiskOut(BaseModel):
    paths: int
    seed: int
    rules: list[dict[str, Any]] = Field(description="year, rule, probability (of breaking it)")
    any_rule: list[dict[str, Any]] = Field(description="year, probability (of breaking any)")
    quantiles: list[dict[str, Any]] = Field(description="year, indicator, quantile, value")


class PlanRef(BaseModel):
    id: int
    name: str
    dataset: str
    revision: int


class CompareFigure(BaseModel):
    year: int
    indicator: str
    unit: str
    a: float | None
    b: float | None
    difference: float | None = Field(description="b − a")


class CompareRule(BaseModel):
    year: int
    rule: str
    kept_a: bool | None
    kept_b: bool | None
    value_a: float | None
    value_b: float | None


class CompareOut(BaseModel):
    a: PlanRef
    b: PlanRef
    key_figures: list[CompareFigure]
    rules: list[CompareRule]


# --------------------------------------------------------------------------- audit
class AuditOut(BaseModel):
    id: int
    at: datetime
    user: str
    action: str = Field(examples=["plan.scenario"])
    plan: int | None
    target: str
    summary: str
    before: Any = None
    after: Any = None


class AuditPage(BaseModel):
    items: list[AuditOut]
    total: int
    limit: int
    offset: int
    next: str | None


# --------------------------------------------------------------------------- rows
_PY_TYPES: dict[str, Any] = {"int": int, "float": float, "str": str, "bool": bool}


def _field(c: Column, partial: bool) -> tuple[Any, Any]:
    typ: Any = Literal[c.allowed] if c.allowed else _PY_TYPES[c.type]  # type: ignore[valid-type]
    kwargs: dict[str, Any] = {"description": c.description + (f" ({c.unit})" if c.unit else "")}
    if c.minimum is not None and c.type in ("int", "float"):
        kwargs["ge"] = c.minimum
    if c.maximum is not None and c.type in ("int", "float"):
        kwargs["le"] = c.maximum
    if c.type == "str" and not c.allowed:
        kwargs["max_length"] = 2000
    if c.type == "float":
        kwargs["allow_inf_nan"] = False
    if c.nullable or not c.required or partial:
        typ = typ | None
        return Annotated[typ, Field(default=None, **kwargs)], None
    return Annotated[typ, Field(**kwargs)], ...


def row_model(kind: str, partial: bool = False) -> type[BaseModel]:
    """A request body for one row of ``kind`` from the dataset schema (the same table that
    validates the dataset's CSV files); ``partial``: every field optional (PATCH)."""
    columns = Engine.columns(kind)
    fields = {c.name: _field(c, partial) for c in columns}
    suffix = "Patch" if partial else "In"
    title = kind[:-1].capitalize() + suffix
    examples: dict[str, dict[str, Any]] = {
        "measures": {
            "id": "omst-2019-skole",
            "name": "Larger school units",
            "sector": "Oppvekst",
            "kind": "restructuring",
            "initiative": "none",
            "start_year": 2019,
            "amount_nok": -20000000,
            "ramp_years": 2,
            "status": "proposed",
        },
        "investments": {
            "id": "ny-skole",
            "name": "New school",
            "sector": "Oppvekst",
            "category": "school",
            "status": "proposed",
            "cost_nok": 300000000,
            "start_year": 2019,
            "completion_year": 2021,
            "profile": "0.2;0.5;0.3",
            "vat_share": 0.2,
            "grant_nok": 0,
            "self_financing": False,
            "running_cost_nok": 0,
            "service": "grunnskole",
            "capacity": 600,
        },
    }
    example: dict[str, Any] = (
        {"amount_nok": -25000000} if partial and kind == "measures" else examples[kind]
    )
    if partial and kind == "investments":
        example = {"completion_year": 2022}
    return create_model(  # type: ignore[call-overload,no-any-return]
        title,
        __config__=ConfigDict(
            extra="forbid", strict=True, json_schema_extra={"examples": [example]}
        ),
        **fields,
    )


def row_out_model(kind: str) -> type[BaseModel]:
    columns = Engine.columns(kind)
    fields: dict[str, Any] = {
        c.name: (_PY_TYPES[c.type] | None, Field(default=None, description=c.description))
        for c in columns
    }
    fields["origin"] = (
        Literal["dataset", "changed", "added"],
        Field(description="from the dataset, a dataset row this plan changes, or added by it"),
    )
    return create_model(kind[:-1].capitalize() + "Out", **fields)  # type: ignore[call-overload,no-any-return]


MeasureIn = row_model("measures")
MeasurePatch = row_model("measures", partial=True)
MeasureOut = row_out_model("measures")
InvestmentIn = row_model("investments")
InvestmentPatch = row_model("investments", partial=True)
InvestmentOut = row_out_model("investments")


# --------------------------------------------------------------------------- scenarios
_NUMBER = {"type": "number"}
_YEAR = {"type": "integer", "minimum": 1800, "maximum": 2200}

SCENARIO_SCHEMAS: dict[str, Any] = {
    "ParameterOverride": {
        "title": "ParameterOverride",
        "description": "A change of a time-dated parameter: a number (every year), dated "
        'values {"2018": 0.03}, or one of set/add/scale with from, to, ramp_years.',
        "anyOf": [
            _NUMBER,
            {
                "type": "object",
                "title": "DatedValues",
                "patternProperties": {"^[0-9]{4}$": _NUMBER},
                "additionalProperties": False,
                "minProperties": 1,
            },
            {
                "type": "object",
                "title": "Form",
                "properties": {
                    "set": _NUMBER,
                    "add": _NUMBER,
                    "scale": _NUMBER,
                    "from": _YEAR,
                    "to": _YEAR,
                    "ramp_years": {"type": "integer", "minimum": 1, "maximum": 200},
                },
                "additionalProperties": False,
                "oneOf": [{"required": ["set"]}, {"required": ["add"]}, {"required": ["scale"]}],
            },
        ],
    },
    "TableChanges": {
        "title": "TableChanges",
        "description": "Changes of one table (measures, investments, loans, rules, budget, …): "
        "add rows, remove the rows matching some columns, update matching rows.",
        "type": "object",
        "properties": {
            "add": {"type": "array", "items": {"type": "object"}},
            "remove": {"type": "array", "items": {"type": "object", "minProperties": 1}},
            "update": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "where": {"type": "object", "minProperties": 1},
                        "set": {"type": "object"},
                    },
                    "required": ["where", "set"],
                    "additionalProperties": False,
                },
            },
        },
        "additionalProperties": False,
    },
    "ScenarioSection": {
        "title": "ScenarioSection",
        "description": "Keys with a dot are parameter paths (economy.interest_rate_floating); "
        "keys without are tables (measures).",
        "type": "object",
        "patternProperties": {
            "^[A-Za-z0-9_]+(\\.[A-Za-z0-9_]+)+$": {
                "$ref": "#/components/schemas/ParameterOverride"
            },
            "^[a-z_]+$": {"$ref": "#/components/schemas/TableChanges"},
        },
        "additionalProperties": False,
    },
    "ScenarioDocument": {
        "title": "ScenarioDocument",
        "description": "A scenario: the schema of the scenario TOML files (docs/scenarios.md), "
        "as JSON. Assumptions (what we expect) are kept apart from decisions (what the "
        "council decides).",
        "type": "object",
        "properties": {
            "name": {
                "type": "string",
                "pattern": "^[A-Za-z0-9][A-Za-z0-9_.+-]*$",
                "maxLength": 100,
            },
            "title": {"type": "string", "maxLength": 500},
            "description": {"type": "string", "maxLength": 10000},
            "source": {"type": "string", "maxLength": 1000},
            "kind": {"type": "string", "maxLength": 100},
            "assumptions": {"$ref": "#/components/schemas/ScenarioSection"},
            "decisions": {"$ref": "#/components/schemas/ScenarioSection"},
        },
        "additionalProperties": False,
        "examples": [
            {
                "title": "Renten 2 prosentpoeng høyere",
                "assumptions": {
                    "economy.interest_rate_floating": {"add": 0.02, "from": 2018},
                    "economy.interest_rate_fixed": {"add": 0.02, "from": 2018},
                },
            },
            {
                "title": "Larger kindergarten units",
                "decisions": {
                    "measures": {
                        "add": [
                            {
                                "id": "omst-2019",
                                "name": "Larger kindergarten units",
                                "sector": "Oppvekst",
                                "kind": "restructuring",
                                "initiative": "none",
                                "start_year": 2019,
                                "amount_nok": -50000000,
                                "ramp_years": 2,
                                "status": "adopted",
                            }
                        ]
                    }
                },
            },
        ],
    },
}
SCENARIO_REF = {"$ref": "#/components/schemas/ScenarioDocument"}


# --------------------------------------------------------------------------- errors
class ProblemItem(BaseModel):
    field: str = Field(
        description="a JSON pointer into the body (/assumptions/economy.x/from), or the name "
        "of a query, path or header parameter",
        examples=["/assumptions/economy.interest_rate_floating/add"],
    )
    in_: Literal["body", "query", "path", "header", "cookie"] = Field(alias="in")
    expected: str = Field(examples=["a number"])
    found: str = Field(examples=["'two'"])


class Problem(BaseModel):
    """Every error: the status, a stable code, a title, what happened, and for invalid
    input each problem with its field, what was expected and what was found."""

    status: int = Field(examples=[422])
    code: str = Field(examples=["invalid_input"])
    title: str = Field(examples=["Invalid input"])
    detail: str
    problems: list[ProblemItem] | None = None
