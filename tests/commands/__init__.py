"""Tests of tui/commands."""
