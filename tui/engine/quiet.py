"""Imported first by the reader's fork server: it, and every worker it forks, writes nowhere
and yields the CPU to the reader.

The server inherits the terminal the reader draws on; a warning printed while spaCy is
imported, or a traceback of a worker, would land in the middle of the reader's screen. And it
imports spaCy (a second of CPU) while the reader starts and answers keys: at a lower priority,
the reader always wins the core.
"""

from __future__ import annotations

import contextlib
import os

NICENESS = 5
"""How much lower than the reader the fork server (and so its workers) runs."""

_null = os.open(os.devnull, os.O_WRONLY)
os.dup2(_null, 1)
os.dup2(_null, 2)
os.close(_null)
with contextlib.suppress(OSError):
    os.nice(NICENESS)
