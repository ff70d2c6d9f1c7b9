"""Slant: a terminal reader that shows how a text argues."""

import logging

__version__ = "0.1.0"

# Problems are reported to the user as messages; without a handler, Python's last-resort
# handler would print log records (with tracebacks) straight onto the terminal.
logging.getLogger(__name__).addHandler(logging.NullHandler())
