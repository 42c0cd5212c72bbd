"""Figures: numbers found and parsed (``numbers``), joined into ranges (``ranges``), given their
currency (``currencies``) or unit (``units``, ``measure``), and kept or dropped (``find``)."""

from .find import VERSION, boilerplate, figures, is_reference

__all__ = ["VERSION", "boilerplate", "figures", "is_reference"]
