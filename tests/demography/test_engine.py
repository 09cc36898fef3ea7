"""The cohort-component step: exact small cases, the accounting identity, properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from handlingsrom.demography.engine import (
    N_AGES,
    OPEN_AGE,
    ProjectionInputs,
    StepResult,
    advance,
    project,
    q_from_m,
    step,
)


def _inputs(pop, years=3, q=None, asfr=None, srb=1.0, mig=None, s0=1.0):
    t = years - 1
    return ProjectionInputs(
        years=np.arange(2000, 2000 + years),
        base_population=np.asarray(pop, dtype=float),
        q=np.zeros((t, 2, N_AGES)) if q is None else np.broadcast_to(q, (t, 2, N_AGES)),
        asfr=np.zeros((t, N_AGES)) if asfr is None else np.broadcast_to(asfr, (t, N_AGES)),
        male_share=np.full(t, srb / (1 + srb)),
        migration=np.zeros((t, 2, N_AGES)) if mig is None else np.broadcast_to(mig, (t, 2, N_AGES)),
        s0=np.full((t, 2), s0),
    )


def test_ageing_without_mortality_fertility_or_migration_is_a_shift():
    pop = np.zeros((2, N_AGES))
    pop[0, 10] = 7.0
    pop[1, OPEN_AGE - 1] = 3.0
    pop[1, OPEN_AGE] = 2.0
    r = project(_inputs(pop, years=3))
    assert r.population[1, 0, 11] == 7.0
    assert r.population[2, 0, 12] == 7.0
    # 104 → 105+, and 105+ stays in the open group.
    assert r.population[1, 1, OPEN_AGE] == 5.0
    assert r.population[2, 1, OPEN_AGE] == 5.0
    assert r.population.sum(axis=(1, 2)).tolist() == [12.0, 12.0, 12.0]
    assert r.births.sum() == 0.0


def test_births_hand_computed():
    # 100 women aged 29 and 50 aged 30 on 1 January; fertility 0.1 at age 30 only.
    pop = np.zeros((2, N_AGES))
    pop[0, 29] = 100.0
    pop[0, 30] = 50.0
    asfr = np.zeros(N_AGES)
    asfr[30] = 0.1
    r = step(pop, np.zeros((2, N_AGES)), asfr, 0.5, np.zeros((2, N_AGES)), np.ones(2))
    # Women-years at age 30 = (50 on 1 Jan + 100 on 1 Jan next year) / 2 = 75 → 7.5 births.
    assert r.births.tolist() == [3.75, 3.75]
    assert r.population[:, 0].tolist() == [3.75, 3.75]
    assert r.population[0, 30] == 100.0 and r.population[0, 31] == 50.0


def test_mortality_and_newborn_survival_hand_computed():
    pop = np.zeros((2, N_AGES))
    pop[1, 40] = 1000.0
    pop[0, 30] = 200.0
    q = np.zeros((2, N_AGES))
    q[1, 40] = 0.01
    asfr = np.zeros(N_AGES)
    asfr[30] = 0.05  # 200 women at 30 → 0.5 × (200 + 0) × 0.05 = 5 births
    r = step(pop, q, asfr, 0.6, np.zeros((2, N_AGES)), np.array([0.9, 0.8]))
    assert r.deaths[1, 40] == pytest.approx(10.0)
    assert r.population[1, 41] == pytest.approx(990.0)
    assert r.births.tolist() == pytest.approx([2.0, 3.0])
    assert r.population[:, 0].tolist() == pytest.approx([1.8, 2.4])
    assert r.newborn_deaths.tolist() == pytest.approx([0.2, 0.6])


def _identity_holds(pop: np.ndarray, r: StepResult, q: np.ndarray) -> None:
    surv = pop * (1 - q)
    shifted = np.zeros_like(pop)
    shifted[..., 1:] = surv[..., :-1]
    shifted[..., OPEN_AGE] += surv[..., OPEN_AGE]
    shifted[..., 0] = r.births - r.newborn_deaths
    np.testing.assert_allclose(r.population, shifted + r.migration, atol=1e-9)


cells = arrays(np.float64, (2, N_AGES), elements=st.floats(0, 5000))


@settings(max_examples=60, deadline=None)
@given(
    pop=cells,
    qv=arrays(np.float64, (2, N_AGES), elements=st.floats(0, 1)),
    mig=arrays(np.float64, (2, N_AGES), elements=st.floats(-3000, 3000)),
    tfr=st.floats(0, 4),
)
def test_identity_and_no_negative_cells(pop, qv, mig, tfr):
    asfr = np.zeros(N_AGES)
    asfr[15:50] = tfr / 35
    s0 = np.full(2, 0.999)
    r = step(pop, qv, asfr, 0.51, mig, s0)
    assert (r.population >= 0).all()
    _identity_holds(pop, r, qv)
    # Only emigration is ever cut, never added: applied ≥ asked, and the cut is reported.
    assert (r.migration >= mig - 1e-9).all()
    assert r.clipped == pytest.approx((r.migration - mig).sum(), abs=1e-6)
    # The lean batch step of the stochastic paths gives the same year.
    batch, cut = advance(pop[None], qv[None].copy(), asfr, np.ones(1), 0.51, mig[None], s0[None])
    np.testing.assert_allclose(batch[0], r.population, rtol=1e-9, atol=1e-6)
    assert cut[0] == pytest.approx(r.clipped, abs=1e-6)


@settings(max_examples=40, deadline=None)
@given(pop=cells, k=st.floats(0.01, 100), qv=st.floats(0, 0.2), tfr=st.floats(0, 3))
def test_scaling_base_population_and_migration_scales_projection(pop, k, qv, tfr):
    asfr = np.zeros(N_AGES)
    asfr[20:40] = tfr / 20
    mig = np.linspace(-1, 2, N_AGES)[None].repeat(2, axis=0)
    a = project(_inputs(pop, years=6, q=np.full((2, N_AGES), qv), asfr=asfr, mig=mig))
    b = project(_inputs(pop * k, years=6, q=np.full((2, N_AGES), qv), asfr=asfr, mig=mig * k))
    if a.clipped.sum() == 0 and b.clipped.sum() == 0:
        np.testing.assert_allclose(b.population, a.population * k, rtol=1e-9, atol=1e-9)


def test_replacement_fertility_keeps_a_stationary_population_stationary():
    # Everyone dies in the year they are 59 on 1 January; 100 women and 105 men per age.
    pop = np.zeros((2, N_AGES))
    pop[0, :60] = 100.0
    pop[1, :60] = 105.0
    q = np.zeros((2, N_AGES))
    q[:, 59] = 1.0
    srb = 1.05
    asfr = np.zeros(N_AGES)
    asfr[30] = 1 + srb  # one daughter per woman: replacement without mortality before 59
    r = project(_inputs(pop, years=41, q=q, asfr=asfr, srb=srb))
    np.testing.assert_allclose(r.population[-1], pop, rtol=1e-12)
    # Below replacement the population shrinks once the first smaller cohorts arrive.
    low = project(_inputs(pop, years=41, q=q, asfr=asfr * 0.9, srb=srb))
    assert low.population[-1].sum() < pop.sum()
    assert low.births[0].sum() == pytest.approx(0.9 * 205.0)
    # After a generation (30 years) the daughters are 0.9 as many: 0.81 × the births.
    assert low.births[-1].sum() == pytest.approx(0.81 * 205.0)


def test_q_from_m():
    m = np.array([0.0, 0.02, 10.0])
    q = q_from_m(np.pad(m, (0, N_AGES - 3)))
    assert q[0] == 0.0
    assert q[1] == pytest.approx(0.02 / 1.01)
    assert q[2] <= 1.0
