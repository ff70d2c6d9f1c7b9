"""Tests of tui/exports."""
