"""Every module the package imports at run time is the standard library's, the package's
own, or a distribution declared in pyproject.toml's ``dependencies`` (not only installed
because something else pulled it in, like click with dask)."""

from __future__ import annotations

import ast
import re
import sys
from importlib import metadata
from pathlib import Path

import handlingsrom

SRC = Path(handlingsrom.__file__).parent


def _declared() -> set[str]:
    names = set()
    for req in metadata.requires("handlingsrom") or []:
        if "extra ==" in req:
            continue
        names.add(re.split(r"[\s\[<>=!~;]", req, maxsplit=1)[0].lower().replace("_", "-"))
    return names


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


def runtime_imports() -> dict[str, list[str]]:
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
            for name in names:
                top = name.split(".")[0]
                if top in ("handlingsrom", "__future__") or top in sys.stdlib_module_names:
                    continue
                found.setdefault(top, []).append(str(path.relative_to(SRC)))
    return found


def test_every_runtime_import_is_declared() -> None:
    declared = _declared()
    providers = metadata.packages_distributions()
    missing = {}
    for module, files in runtime_imports().items():
        dists = {d.lower().replace("_", "-") for d in providers.get(module, [module])}
        if not dists & declared:
            missing[module] = sorted(set(files))
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"


def test_the_check_sees_the_usual_imports() -> None:
    found = runtime_imports()
    assert {"numpy", "pandas", "typer", "yaml"} <= set(found)
