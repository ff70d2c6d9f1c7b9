"""Tests of tui/documents."""
