"""Reads (no writes), one module per subject."""
