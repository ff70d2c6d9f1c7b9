"""Tests of tui/engine."""
