"""Slant: a terminal reader that shows how a text argues."""

__version__ = "0.1.0"
