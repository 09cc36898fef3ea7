"""The cohort-component step: pure NumPy over arrays, no knowledge of datasets.

Every function works on arrays with any number of leading dimensions (``...``), so the
same step serves one deterministic projection (``(2, N_AGES)``) and a batch of stochastic
paths (``(paths, 2, N_AGES)``).

One year ``t`` leads from the population on 1 January ``t`` (``pop``) to 1 January
``t + 1``:

1. ``deaths = pop * q``: ``q`` is the probability that a person aged ``x`` on 1 January
   dies during the year; the survivors move up one age, and the open age group
   (``OPEN_AGE`` and older) keeps its own survivors as well as receiving the ones from
   ``OPEN_AGE - 1``.
2. Net migrants by age on 1 January ``t + 1`` are added (ages 1 and older).
3. Births: age-specific fertility × women's person-years at each age, approximated by the
   mean of the women aged ``x`` on 1 January ``t`` and ``t + 1`` (the Lexis square).
   Births are split by sex with ``male_share`` (from the sex ratio at birth).
4. Age 0 on 1 January ``t + 1`` = births × newborn survival ``s0`` + net migrants aged 0.

No cell goes negative: where net emigration exceeds the people there, the emigration is cut
to what is there; the migrants actually applied are returned, so that
``next = survivors + surviving births + applied migrants`` holds exactly in every cell.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

OPEN_AGE = 105
N_AGES = OPEN_AGE + 1


def q_from_m(mx: np.ndarray, a0: float = 0.1) -> np.ndarray:
    """Probability of dying within a year from the central death rate m(x).

    ``q = m / (1 + (1 - a) m)`` with ``a = 0.5`` (deaths mid-year on average) at every age
    but 0, where ``a0`` (deaths of infants come early in the year of life) is used. The
    last axis is age. Capped at 1.
    """
    a = np.full(mx.shape[-1], 0.5)
    a[0] = a0
    return np.minimum(mx / (1.0 + (1.0 - a) * mx), 1.0)


@dataclass(frozen=True)
class StepResult:
    """One year's result; shapes have the same leading dimensions as the input."""

    population: np.ndarray  # (..., 2, N) on 1 January t+1
    births: np.ndarray  # (..., 2)
    deaths: np.ndarray  # (..., 2, N) by age on 1 January t
    newborn_deaths: np.ndarray  # (..., 2) deaths among the year's births before 1 January t+1
    migration: np.ndarray  # (..., 2, N) applied net migrants by age on 1 January t+1
    clipped: np.ndarray  # (...) persons of emigration that were cut to avoid negative cells


def step(
    pop: np.ndarray,
    q: np.ndarray,
    asfr: np.ndarray,
    male_share: np.ndarray | float,
    migration: np.ndarray,
    s0: np.ndarray,
    migration_rate: np.ndarray | None = None,
    migration_scale: np.ndarray | float | None = None,
    migration_unit: np.ndarray | None = None,
    migration_target: np.ndarray | float | None = None,
    growth_weight: np.ndarray | float | None = None,
    trend_growth: np.ndarray | float | None = None,
) -> StepResult:
    """Advance ``pop`` (..., 2, N) one year.

    ``q`` (..., 2, N) death probabilities; ``asfr`` (..., N) births per woman-year by age;
    ``male_share`` (...) share of boys among births; ``migration`` (..., 2, N) net migrants
    by age on 1 January of the next year; ``s0`` (..., 2) share of the year's births alive
    on 1 January of the next year. ``migration_rate`` (..., 2, N), if given, adds net
    migrants = rate × the population at risk (the survivors reaching each age; at age 0 the
    surviving births). ``migration_scale`` (...), if given, adds ``migration_scale`` × the
    total population on 1 January × ``migration_unit`` (2, N) (net migrants that grow with
    the population). ``migration_target`` (...), if given, is the total net migration of the
    year: the difference between it and the migrants above is spread over ages 1+ in
    proportion to ``|migration_unit|`` (after the births, which it does not change; the
    same spread as the growth combination's, so that the baseline's own total given back
    as a target reproduces the baseline). ``growth_weight`` w
    and ``trend_growth`` g, if given, combine the total's growth with a trend: the total on
    1 January t+1 becomes (1 − w) × the cohort total + w × g × the total on 1 January t, the
    difference spread over ages 1+ in proportion to ``|migration_unit|`` (where people move)
    as net migrants.
    """
    deaths = pop * q
    surv = pop - deaths
    nxt = np.empty_like(pop)
    nxt[..., 1:] = surv[..., :-1]
    nxt[..., OPEN_AGE] += surv[..., OPEN_AGE]
    ms = np.asarray(male_share)
    # Age 0 first gets the births, computed after ages 1+ are complete (women on 1 January t+1).
    nxt[..., 0] = 0.0
    if migration_scale is not None and migration_unit is not None:
        total = pop.sum(axis=(-2, -1))
        migration = (
            migration + (np.asarray(migration_scale) * total)[..., None, None] * migration_unit
        )
    if migration_rate is not None:
        migration = migration.copy()
        migration[..., 1:] += migration_rate[..., 1:] * nxt[..., 1:]
    nxt[..., 1:] += migration[..., 1:]
    shortfall = np.minimum(nxt, 0.0)
    nxt -= shortfall
    exposure = 0.5 * (pop[..., 0, :] + nxt[..., 0, :])
    total_births = np.einsum("...a,...a->...", asfr, exposure)
    births = np.stack([total_births * (1.0 - ms), total_births * ms], axis=-1)
    surviving_births = births * s0
    if migration_rate is not None:
        migration[..., 0] += migration_rate[..., 0] * surviving_births
    age0 = surviving_births + migration[..., 0]
    shortfall[..., 0] = np.minimum(age0, 0.0)
    nxt[..., 0] = age0 - shortfall[..., 0]
    applied = migration - shortfall
    if migration_target is not None and migration_unit is not None:
        extra = _target_extra(migration_target, applied.sum(axis=(-2, -1)), np.abs(migration_unit))
        new = nxt + extra
        cut = np.minimum(new, 0.0)
        nxt = new - cut
        applied = applied + extra - cut
        shortfall = shortfall + cut
    if growth_weight is not None and trend_growth is not None and migration_unit is not None:
        cohort = nxt.sum(axis=(-2, -1))
        want = (1.0 - growth_weight) * cohort + growth_weight * trend_growth * pop.sum(
            axis=(-2, -1)
        )
        extra = _target_extra(want, cohort, np.abs(migration_unit))
        new = nxt + extra
        cut = np.minimum(new, 0.0)
        nxt = new - cut
        applied = applied + extra - cut
        shortfall = shortfall + cut
    clipped = -shortfall.sum(axis=(-2, -1))
    return StepResult(
        population=nxt,
        births=births,
        deaths=deaths,
        newborn_deaths=births - surviving_births,
        migration=applied,
        clipped=clipped,
    )


def _target_extra(target, applied_total, unit: np.ndarray) -> np.ndarray:
    """Migrants by age (..., 2, N) that bring ``applied_total`` to ``target`` (ages 1+);
    ``unit`` (2, N) or one per leading index (..., 2, N)."""
    u = unit.copy()
    u[..., 0] = 0.0
    total = u.sum(axis=(-2, -1))
    flat = np.abs(total) < 1e-12
    if flat.any():  # no profile: spread evenly over ages 1+
        even = np.zeros(unit.shape[-2:])
        even[:, 1:] = 1.0
        u = np.where(flat[..., None, None], even, u)
        total = u.sum(axis=(-2, -1))
    gap = np.asarray(target) - applied_total
    return gap[..., None, None] * (u / np.asarray(total)[..., None, None])


@dataclass(frozen=True)
class ProjectionInputs:
    """Everything the deterministic projection needs, one row per projected year.

    ``T`` = number of steps (years − 1). Row ``i`` holds the rates of calendar year
    ``years[i]``.
    """

    years: np.ndarray  # (T + 1,)
    base_population: np.ndarray  # (2, N)
    q: np.ndarray  # (T, 2, N)
    asfr: np.ndarray  # (T, N)
    male_share: np.ndarray  # (T,)
    migration: np.ndarray  # (T, 2, N)
    s0: np.ndarray  # (T, 2)
    mx: np.ndarray | None = None  # (T, 2, N) central death rates behind ``q``
    migration_unit: np.ndarray | None = None  # (2, N) migrants by age per extra person of level
    migration_rate: np.ndarray | None = None  # (T, 2, N) net rates on the population at risk
    migration_scale: np.ndarray | None = None  # (T,) net migrants per resident × migration_unit
    migration_target: np.ndarray | None = None  # (T,) total net migration when it is given
    growth_weight: np.ndarray | None = None  # (T,) weight of the trend in the total's growth
    trend_growth: np.ndarray | None = None  # (T,) trend growth factor of the total


@dataclass(frozen=True)
class RawProjection:
    population: np.ndarray  # (T + 1, 2, N)
    births: np.ndarray  # (T, 2)
    deaths: np.ndarray  # (T, 2, N)
    newborn_deaths: np.ndarray  # (T, 2)
    migration: np.ndarray  # (T, 2, N)
    clipped: np.ndarray  # (T,)


def project(inputs: ProjectionInputs) -> RawProjection:
    """Run the deterministic projection over every year of ``inputs``."""
    t_steps = len(inputs.years) - 1
    pop = np.empty((t_steps + 1, 2, N_AGES))
    pop[0] = inputs.base_population
    births = np.empty((t_steps, 2))
    deaths = np.empty((t_steps, 2, N_AGES))
    newborn = np.empty((t_steps, 2))
    mig = np.empty((t_steps, 2, N_AGES))
    clipped = np.empty(t_steps)
    for i in range(t_steps):
        r = step(
            pop[i],
            inputs.q[i],
            inputs.asfr[i],
            inputs.male_share[i],
            inputs.migration[i],
            inputs.s0[i],
            None if inputs.migration_rate is None else inputs.migration_rate[i],
            None if inputs.migration_scale is None else inputs.migration_scale[i],
            inputs.migration_unit,
            None if inputs.migration_target is None else inputs.migration_target[i],
            None if inputs.growth_weight is None else float(inputs.growth_weight[i]),
            None if inputs.trend_growth is None else float(inputs.trend_growth[i]),
        )
        pop[i + 1] = r.population
        births[i] = r.births
        deaths[i] = r.deaths
        newborn[i] = r.newborn_deaths
        mig[i] = r.migration
        clipped[i] = r.clipped
    return RawProjection(pop, births, deaths, newborn, mig, clipped)


def project_many(inputs: list[ProjectionInputs]) -> np.ndarray:
    """(M, T + 1, 2, N) populations of many deterministic projections stepped together.

    Every input needs the same years and the same kinds of migration inputs (one set of
    method settings); each projection's numbers are the same as with :func:`project`
    alone and whatever else is in the batch (the step is elementwise per projection).
    """
    first = inputs[0]
    t_steps = len(first.years) - 1

    def stack(name: str) -> np.ndarray | None:
        values = [getattr(x, name) for x in inputs]
        if all(v is None for v in values):
            return None
        if any(v is None for v in values):
            raise ValueError(f"project_many: {name} is given for some projections only")
        return np.stack(values)

    q, asfr, ms = stack("q"), stack("asfr"), stack("male_share")
    mig, s0, unit = stack("migration"), stack("s0"), stack("migration_unit")
    rate, scale, target = (
        stack("migration_rate"),
        stack("migration_scale"),
        stack("migration_target"),
    )
    weight, growth = stack("growth_weight"), stack("trend_growth")
    assert q is not None and asfr is not None and ms is not None
    assert mig is not None and s0 is not None
    out = np.empty((len(inputs), t_steps + 1, 2, N_AGES))
    out[:, 0] = np.stack([x.base_population for x in inputs])
    for i in range(t_steps):
        out[:, i + 1] = step(
            out[:, i],
            q[:, i],
            asfr[:, i],
            ms[:, i],
            mig[:, i],
            s0[:, i],
            None if rate is None else rate[:, i],
            None if scale is None else scale[:, i],
            unit,
            None if target is None else target[:, i],
            None if weight is None else weight[:, i],
            None if growth is None else growth[:, i],
        ).population
    return out


def advance(
    pop: np.ndarray,
    q: np.ndarray,
    asfr: np.ndarray,
    fertility_factor: np.ndarray,
    male_share: float,
    migration: np.ndarray,
    s0: np.ndarray,
    migration_rate: np.ndarray | None = None,
    migration_target: np.ndarray | None = None,
    migration_unit: np.ndarray | None = None,
    growth_weight: float | None = None,
    trend_growth: float | None = None,
    level_shock: np.ndarray | None = None,
    survivors: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The same year as :func:`step` for a batch (paths, 2, N), lean on memory traffic.

    ``asfr`` (N,) is shared by the batch and scaled per path by ``fertility_factor``
    (paths,); ``q`` is overwritten (used as scratch). ``level_shock`` (paths,), the
    persons of net migration by which each path's ``migration`` deviates from the
    deterministic one, is kept whole by the growth combination (which would otherwise
    average it with the trend). Returns (next population, persons of emigration cut per
    path). ``survivors`` (paths, 2, N), if given, are pop × (1 − q) computed by the caller
    (``q`` is then not read). Only what the stochastic paths need is
    computed.
    """
    if survivors is not None:
        surv = survivors
    else:
        surv = np.subtract(1.0, q, out=q)
        surv *= pop
    nxt = np.empty_like(pop)
    nxt[..., 1:] = surv[..., :-1]
    nxt[..., OPEN_AGE] += surv[..., OPEN_AGE]
    if migration_rate is not None:
        nxt[..., 1:] *= 1.0 + migration_rate[..., 1:]
    nxt[..., 1:] += migration[..., 1:]
    nxt[..., 0] = 0.0
    if nxt.min() < 0.0:  # cut emigration to what is there (one pass when nothing is cut)
        before = nxt.sum(axis=(-2, -1))
        np.maximum(nxt, 0.0, out=nxt)
        clipped = nxt.sum(axis=(-2, -1)) - before
    else:
        clipped = np.zeros(nxt.shape[:-2])
    exposure = pop[..., 0, :] + nxt[..., 0, :]
    # einsum, not BLAS: the same path gives the same bits whatever the batch size.
    total_births = np.einsum("...a,a->...", exposure, asfr) * (0.5 * fertility_factor)
    births = total_births[..., None] * np.array([1.0 - male_share, male_share])
    age0 = births * s0
    if migration_rate is not None:
        age0 *= 1.0 + migration_rate[..., 0]
    age0 += migration[..., 0]
    clipped -= np.minimum(age0, 0.0).sum(axis=-1)
    nxt[..., 0] = np.maximum(age0, 0.0)
    if migration_target is not None and migration_unit is not None:
        # The migrants applied so far: next − survivors − surviving births.
        applied = nxt.sum(axis=(-2, -1)) - surv.sum(axis=(-2, -1)) - (births * s0).sum(axis=-1)
        nxt += _target_extra(migration_target, applied, np.abs(migration_unit))
        before = nxt.sum(axis=(-2, -1))
        np.maximum(nxt, 0.0, out=nxt)
        clipped += nxt.sum(axis=(-2, -1)) - before
    if growth_weight is not None and trend_growth is not None and migration_unit is not None:
        cohort = nxt.sum(axis=(-2, -1))
        want = (1.0 - growth_weight) * cohort + growth_weight * trend_growth * pop.sum(
            axis=(-2, -1)
        )
        if level_shock is not None:
            want = want + growth_weight * level_shock
        u = np.abs(migration_unit)
        u[..., 0] = 0.0
        u /= u.sum() if u.sum() > 0 else 1.0
        gap = want - cohort
        nxt += gap[..., None, None] * u
        if (gap < 0).any():  # only taking people out can empty a cell
            cut = np.minimum(nxt, 0.0).sum(axis=(-2, -1))
            np.maximum(nxt, 0.0, out=nxt)
            clipped -= cut
    return nxt, clipped


def life_expectancy(mx: np.ndarray, a0: float = 0.1) -> np.ndarray:
    """Period life expectancy at birth from m(x) (..., N_AGES); the last age is open."""
    q = q_from_m(mx, a0)
    surv = np.cumprod(1.0 - q, axis=-1)
    lx = np.concatenate([np.ones((*mx.shape[:-1], 1)), surv[..., :-1]], axis=-1)
    dx = lx * q
    a = np.full(mx.shape[-1], 0.5)
    a[0] = a0
    big_l = lx - (1.0 - a) * dx
    m_open = mx[..., -1]
    open_l = np.divide(lx[..., -1], m_open, out=np.zeros_like(m_open), where=m_open > 0)
    big_l[..., -1] = open_l
    return big_l.sum(axis=-1)
