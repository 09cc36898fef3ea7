"""Time-dated parameters (a value is a history keyed by the year it takes effect) and the
registry that declares every parameter once."""

from handlingsrom.params.history import Parameter, ParameterSet, ValuePoint
from handlingsrom.params.registry import Finding, ParamSpec, Registry

__all__ = ["Finding", "ParamSpec", "Parameter", "ParameterSet", "Registry", "ValuePoint"]
