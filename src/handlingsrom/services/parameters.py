"""Every parameter the services layer reads, declared once (:mod:`handlingsrom.params.registry`).

``{service}`` stands for each service id of the dataset's catalogue (``services.csv``).
"""

from __future__ import annotations

from handlingsrom.params import ParamSpec, Registry

LAYER = "services"

SPECS: tuple[ParamSpec, ...] = (
    ParamSpec(
        "services.wage_cost_per_fte_nok",
        "NOK per FTE",
        LAYER,
        "Wage cost of one full-time equivalent, incl. social costs, in the calibration year; "
        "FTEs = gross cost × wage share / this",
        default=650_000.0,
        minimum=1.0,
        soft_minimum=300_000.0,
        soft_maximum=1_500_000.0,
        note="a Norwegian municipal FTE cost 0.5–0.9 MNOK in 2016",
    ),
    ParamSpec(
        "services.{service}.coverage_change",
        "fraction",
        LAYER,
        "Change in the service's coverage relative to the calibration year (0.1 = 10 % more "
        "users per resident of each age band)",
        default=0.0,
        minimum=-1.0,
        maximum=10.0,
        soft_minimum=-0.5,
        soft_maximum=1.0,
    ),
    ParamSpec(
        "services.{service}.standard_change",
        "fraction",
        LAYER,
        "Change in the service's unit cost from a changed standard, relative to the "
        "calibration year (0.05 = 5 % dearer per user)",
        default=0.0,
        minimum=-1.0,
        maximum=10.0,
        soft_minimum=-0.5,
        soft_maximum=1.0,
    ),
    ParamSpec(
        "services.{service}.efficiency",
        "fraction per year",
        LAYER,
        "Yearly efficiency gain after the calibration year: the unit cost falls by this share "
        "each year (compounded)",
        default=0.0,
        minimum=-0.5,
        maximum=0.5,
        soft_minimum=-0.05,
        soft_maximum=0.05,
        note="sustained gains above 5 % a year are unheard of",
    ),
    ParamSpec(
        "services.{service}.new_unit_size",
        "places per unit",
        LAYER,
        "Places per unit (school, kindergarten, nursing home) of new capacity; 0 = new places "
        "do not change the average unit size",
        default=0.0,
        minimum=0.0,
        maximum=100_000.0,
    ),
    ParamSpec(
        "services.{service}.unit_size_elasticity",
        "elasticity",
        LAYER,
        "Elasticity of the unit cost with respect to the average unit size (0.1: units twice "
        "as large cost about 7 % less per user)",
        default=0.0,
        minimum=-2.0,
        maximum=2.0,
        soft_minimum=0.0,
        soft_maximum=0.5,
    ),
)

REGISTRY = Registry(SPECS)
