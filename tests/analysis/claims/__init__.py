"""Tests of tui/analysis/claims."""
