"""One error shape for every error the API returns (``application/problem+json``, after
RFC 9457): ``status``, a stable ``code``, a ``title``, a ``detail`` and, for invalid input,
``problems`` — each naming the field (a JSON pointer into the body, or a parameter name),
what was expected and what was found. Nothing is changed by a request that gets an error.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("handlingsrom.server")

MEDIA_TYPE = "application/problem+json"

_TITLES = {
    400: "Bad request",
    401: "Not signed in",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    409: "Conflict",
    412: "Changed by someone else",
    413: "Body too large",
    415: "Unsupported media type",
    422: "Invalid input",
    428: "If-Match required",
    429: "Too many attempts",
    500: "Internal error",
    503: "Try again",
}
_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    412: "precondition_failed",
    413: "body_too_large",
    415: "unsupported_media_type",
    422: "invalid_input",
    428: "precondition_required",
    429: "rate_limited",
    500: "internal_error",
    503: "unavailable",
}


@dataclass(frozen=True)
class FieldError:
    field: str
    expected: str
    found: str
    where: str = "body"  # body, query, path, header

    def as_dict(self) -> dict[str, str]:
        return {
            "field": self.field,
            "in": self.where,
            "expected": self.expected,
            "found": self.found,
        }


@dataclass
class ApiError(Exception):
    status: int
    detail: str
    code: str = ""
    problems: list[FieldError] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)

    def body(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "status": self.status,
            "code": self.code or _CODES.get(self.status, "error"),
            "title": _TITLES.get(self.status, "Error"),
            "detail": self.detail,
        }
        if self.problems:
            out["problems"] = [p.as_dict() for p in self.problems]
        return out

    def response(self) -> JSONResponse:
        return JSONResponse(
            self.body(),
            status_code=self.status,
            headers=self.headers or None,
            media_type=MEDIA_TYPE,
        )


def invalid(problems: list[FieldError], what: str = "request") -> ApiError:
    n = len(problems)
    first = problems[0]
    where = first.field or "(the whole body)"
    detail = (
        f"the {what} has {n} problem{'s' if n != 1 else ''}; first: {where}: "
        f"expected {first.expected}, found {first.found}"
    )
    return ApiError(422, detail, "invalid_input", problems)


def _pointer(loc: tuple[Any, ...]) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in loc)


def _short(value: Any, limit: int = 200) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _expected(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    msg = str(error.get("msg", ""))
    if kind == "missing":
        return "a value (required)"
    if kind == "extra_forbidden":
        return "only the documented fields"
    if kind == "json_invalid":
        return "valid JSON"
    for prefix in ("Input should be ", "Value error, ", "Assertion failed, "):
        if msg.startswith(prefix):
            return msg[len(prefix) :]
    return msg


def _found(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    if kind == "missing":
        return "nothing"
    if kind == "extra_forbidden":
        return f"unknown field {error['loc'][-1]!r}" if error.get("loc") else "an unknown field"
    if kind == "json_invalid":
        ctx = error.get("ctx") or {}
        return str(ctx.get("error", "text that is not JSON"))
    return _short(error.get("input"))


def from_validation_error(exc: RequestValidationError) -> ApiError:
    problems = []
    for error in exc.errors():
        loc = tuple(error.get("loc", ()))
        where = str(loc[0]) if loc else "body"
        rest = loc[1:] if loc else ()
        # drop pydantic's union-branch labels (e.g. 'float', 'int', 'function-after[...]')
        rest = tuple(
            p
            for p in rest
            if not (
                isinstance(p, str)
                and (
                    "[" in p
                    or p
                    in {"float", "int", "str", "bool", "list", "dict", "constrained-str", "none"}
                )
            )
        )
        name = _pointer(rest) if where == "body" else ".".join(str(p) for p in rest)
        problems.append(FieldError(name, _expected(error), _found(error), where))
    if not problems:
        problems.append(FieldError("", "a valid request", "an invalid one"))
    return invalid(problems)


def install(app: FastAPI) -> None:
    """Route every error through the one shape."""

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return exc.response()

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        return from_validation_error(exc).response()

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else _TITLES.get(exc.status_code, "")
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"no such resource: {request.url.path}"
        if exc.status_code == 405:
            detail = f"{request.method} is not allowed on {request.url.path}"
        headers = dict(exc.headers or {})
        return ApiError(exc.status_code, detail, headers=headers).response()

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception) -> JSONResponse:
        log.error("internal error on %s %s", request.method, request.url.path, exc_info=exc)
        return ApiError(500, "an internal error; it has been logged").response()
