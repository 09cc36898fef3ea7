"""Regenerate the result figures of `docs/scenarios.md` and `docs/services.md`.

The figures are written between markers `<!-- NAME:start -->` and `<!-- NAME:end -->` in the
docs, so the prose around them stays hand-written and survives a rerun.
"""
