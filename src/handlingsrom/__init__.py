"""Handlingsrom: long-term planning of a municipality's services and economy."""

__version__ = "0.1.0"
