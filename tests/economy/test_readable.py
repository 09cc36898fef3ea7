"""The economy's steps are short enough to read at once (issue: a readable core)."""

from __future__ import annotations

import ast
from pathlib import Path

import handlingsrom.economy

LIMIT = 80  # lines per function, docstring included


def test_every_function_of_the_economy_is_short() -> None:
    root = Path(handlingsrom.economy.__file__).parent
    long = []
    for path in sorted(root.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                n = (node.end_lineno or node.lineno) - node.lineno + 1
                if n > LIMIT:
                    long.append(f"{path.name}:{node.lineno} {node.name} ({n} lines)")
    assert not long, long
