"""CLI commands of the services layer."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """No commands yet."""
