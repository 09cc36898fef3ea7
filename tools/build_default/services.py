"""The services layer's part of the default dataset."""

from __future__ import annotations

from pathlib import Path


def build(shared: Path, out: Path) -> None:
    """Nothing yet."""
