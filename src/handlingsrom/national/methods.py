"""The candidate population methods of the national back-test, and the naive benchmarks.

A method is a set of population-engine settings (``demography.*``, see
:data:`handlingsrom.demography.assumptions.METHOD_DEFAULTS`) on top of the defaults. The
names say what varies: the migration model (``level`` = net migrants as a level × an age
profile; ``rate`` = net rates by age and sex on the population at risk; ``share`` = one net
rate on the total population × the age profile), the windows
(``w3`` = the mean of the last 3 years; ``w3>12h10`` = the mean of the last 3 years moving
in a straight line to the mean of the last 12 over 10 years) and fertility (``f0`` = the
national TFR of the jump-off year held; ``f5``/``f10`` = its 5-year trend continued for 5 or
10 years, then held).
"""

from __future__ import annotations

from dataclasses import dataclass

from handlingsrom.demography import assumptions as asm
from handlingsrom.params import Parameter, ParameterSet, ValuePoint

BENCHMARKS = ("constant-growth", "hamilton-perry")
BENCHMARK_WINDOW = 5  # years of history behind both naive methods

# (label, migration_window_years, migration_long_window_years, migration_convergence_years)
MIGRATION_VARIANTS: tuple[tuple[str, int, int, int], ...] = (
    ("w3", 3, 3, 10),
    ("w6", 6, 6, 10),
    ("w12", 12, 12, 10),
    ("w3>12h5", 3, 12, 5),
    ("w3>12h10", 3, 12, 10),
    ("w3>12h20", 3, 12, 20),
)
FERTILITY_VARIANTS: tuple[tuple[str, int], ...] = (("f0", 0), ("f5", 5), ("f10", 10))
MODELS: tuple[tuple[str, int], ...] = (("level", 0), ("rate", 1), ("share", 2))


@dataclass(frozen=True)
class Method:
    name: str
    settings: tuple[tuple[str, float], ...]

    def params(self, extra: ParameterSet | None = None) -> ParameterSet:
        """The settings as parameters valid from any base year, ``extra`` on top."""
        out = ParameterSet(
            Parameter(f"{asm.NS}.{k}", (ValuePoint(1900, float(v), "method"),))
            for k, v in self.settings
        )
        return out.merged(extra) if extra is not None else out


def first_round() -> tuple[Method, ...]:
    """The first round's candidates (3 models × 6 windows × 3 fertility = 54)."""
    out = []
    for model, code in MODELS:
        for label, mw, lw, h in MIGRATION_VARIANTS:
            for flabel, k in FERTILITY_VARIANTS:
                out.append(
                    Method(
                        f"{model}-{label}-{flabel}",
                        (
                            ("migration_model", code),
                            ("migration_window_years", mw),
                            ("migration_long_window_years", lw),
                            ("migration_convergence_years", h),
                            ("tfr_trend_horizon_years", k),
                            ("growth_combination_weight", 0.0),
                        ),
                    )
                )
    return tuple(out)


def candidates() -> tuple[Method, ...]:
    """Every candidate method of the back-test: both rounds (54 + 5)."""
    return (*first_round(), *second_round())


# The second round (docs/population.md, stated before it was run): forecast combination with
# constant growth (weight ½) and in-migration tied to the national population ("pool").
SECOND_ROUND: tuple[tuple[str, int, int, float], ...] = (
    # (name, migration_model, tfr_trend_horizon_years, growth_combination_weight)
    ("rate-w12-f0-c50", 1, 0, 0.5),
    ("rate-w12-f5-c50", 1, 5, 0.5),
    ("level-w12-f0-c50", 0, 0, 0.5),
    ("pool-w12-f0", 3, 0, 0.0),
    ("pool-w12-f0-c50", 3, 0, 0.5),
)


def second_round() -> tuple[Method, ...]:
    return tuple(
        Method(
            name,
            (
                ("migration_model", model),
                ("migration_window_years", 12),
                ("migration_long_window_years", 12),
                ("migration_convergence_years", 10),
                ("tfr_trend_horizon_years", k),
                ("growth_combination_weight", w),
            ),
        )
        for name, model, k, w in SECOND_ROUND
    )


def default_method() -> Method:
    """The engine's defaults (the method the back-test chose) as a named method."""
    return Method("default", ())


def by_name(names: list[str] | None) -> tuple[Method, ...]:
    """Methods by name (``default`` = the engine's defaults); all candidates for None."""
    table = {m.name: m for m in (*candidates(), default_method())}
    if not names:
        return candidates()
    unknown = [n for n in names if n not in table]
    if unknown:
        raise asm.DemographyError(
            f"unknown method {unknown[0]!r}; expected default or one of the candidates such as "
            f"{', '.join(m.name for m in candidates()[:3])} … (see docs/population.md)"
        )
    return tuple(table[n] for n in names)
