"""Every module the package imports at run time is the standard library's, the package's
own, or a distribution declared in pyproject.toml (not only installed because something
else pulled it in, like click with dask): a module-level import of the core in
``dependencies``; an import of an optional feature (the server package, or inside a
function that only that feature runs) in ``dependencies`` or one of the extras other than
``dev``."""

from __future__ import annotations

import ast
import re
import sys
from importlib import metadata
from pathlib import Path

import handlingsrom

SRC = Path(handlingsrom.__file__).parent


def _declared() -> tuple[set[str], set[str]]:
    """The distributions of ``dependencies``, and those of the optional extras (not dev)."""
    core, optional = set(), set()
    for req in metadata.requires("handlingsrom") or []:
        name = re.split(r"[\s\[<>=!~;]", req, maxsplit=1)[0].lower().replace("_", "-")
        extra = re.search(r"extra == \"([^\"]+)\"", req)
        if extra is None:
            core.add(name)
        elif extra.group(1) != "dev":
            optional.add(name)
    return core, optional


def _lazy(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    """Inside a function: run only when that function is called."""
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            return True
    return False


def _fallback(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    """Inside ``except ImportError:`` (a fallback for another version) or ``if
    TYPE_CHECKING:`` (never run)."""
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.ExceptHandler):
            return True
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            return True
    return False


def runtime_imports(optional: bool = False) -> dict[str, list[str]]:
    """Top-level module -> files importing it: those the core needs when it is imported
    (``optional=False``) or those of the optional features (``optional=True``)."""
    found: dict[str, list[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            if _fallback(node, parents):
                continue
            feature = path.relative_to(SRC).parts[0] == "server" or _lazy(node, parents)
            if feature != optional:
                continue
            for name in names:
                top = name.split(".")[0]
                if top in ("handlingsrom", "__future__") or top in sys.stdlib_module_names:
                    continue
                found.setdefault(top, []).append(str(path.relative_to(SRC)))
    return found


def _undeclared(found: dict[str, list[str]], declared: set[str]) -> dict[str, list[str]]:
    providers = metadata.packages_distributions()
    missing = {}
    for module, files in found.items():
        dists = {d.lower().replace("_", "-") for d in providers.get(module, [module])}
        if not dists & declared:
            missing[module] = sorted(set(files))
    return missing


def test_every_runtime_import_is_declared() -> None:
    core, _optional = _declared()
    missing = _undeclared(runtime_imports(), core)
    assert not missing, f"imported but not in pyproject.toml's dependencies: {missing}"


def test_every_import_of_an_optional_feature_is_declared() -> None:
    core, optional = _declared()
    missing = _undeclared(runtime_imports(optional=True), core | optional)
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"


def test_the_check_sees_the_usual_imports() -> None:
    found = runtime_imports()
    assert {"numpy", "pandas", "typer", "yaml"} <= set(found)
    assert "sqlalchemy" not in found  # the server's: optional, imported only when used
