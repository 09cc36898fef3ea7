"""Input kinds of the services layer (service catalogue, facilities)."""

from __future__ import annotations

from handlingsrom.dataset.schema import InputKind

KINDS: tuple[InputKind, ...] = ()
