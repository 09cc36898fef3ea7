"""Time-dated parameters: a value is a history keyed by the year it takes effect."""

from handlingsrom.params.history import Parameter, ParameterSet, ValuePoint

__all__ = ["Parameter", "ParameterSet", "ValuePoint"]
