"""Input kinds of the economy layer (budget, measures, investments, loans, rules)."""

from __future__ import annotations

from handlingsrom.dataset.schema import InputKind

KINDS: tuple[InputKind, ...] = ()
