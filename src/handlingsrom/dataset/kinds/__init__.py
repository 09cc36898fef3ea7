"""The registry of input kinds. Each layer declares its kinds in its own module here."""

from __future__ import annotations

from handlingsrom.dataset.kinds import demography, economy, organisation, services
from handlingsrom.dataset.schema import InputKind

KINDS: tuple[InputKind, ...] = (
    *demography.KINDS,
    *organisation.KINDS,
    *services.KINDS,
    *economy.KINDS,
)
KINDS_BY_NAME: dict[str, InputKind] = {k.name: k for k in KINDS}

__all__ = ["KINDS", "KINDS_BY_NAME", "InputKind"]
