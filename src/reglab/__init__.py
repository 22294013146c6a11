"""Reglab platform: the learning network's programme and regional statistics."""

__version__ = "0.1.0"
