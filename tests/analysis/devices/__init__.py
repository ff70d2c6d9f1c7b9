"""Tests of tui/analysis/devices."""
