"""The one way Slant copies text: to the system clipboard and through the terminal.

Two routes, both always tried, because neither is reliable alone:

* :mod:`pyperclip` reaches the system clipboard (pbcopy, xclip / xsel, wl-copy, Windows),
  but a server or a container has none, which is normal, not an error.
* Textual's :meth:`~textual.app.App.copy_to_clipboard` sends OSC 52, which most terminal
  emulators honour even over SSH and inside tmux (and sets ``app.clipboard``), but Slant
  cannot tell whether the terminal accepted it.

Copied text comes from untrusted documents, so it is first cleaned with
:func:`~tui.analysis.textsafety.copy_safe`: no controls, no bidi controls, no tag
characters reach a clipboard (and from there someone's shell).
"""

from __future__ import annotations

import logging

from textual.app import App

from ..analysis.textsafety import copy_safe

__all__ = ["copy_text"]

_log = logging.getLogger(__name__)


def copy_text(app: App[object], text: str, what: str = "text") -> str:
    """Copy ``text`` (made safe) to the clipboard; return a one-line message saying how.

    Args:
        app: the running app, whose terminal receives the OSC 52 sequence.
        text: what to copy; controls, bidi controls and tag characters are removed.
        what: what is being copied, for the message (``"1 claim"``, ``"12 claims"``).

    Returns:
        A message for a notification, e.g. ``"Copied 1 claim (142 characters) to the
        system clipboard"``. It contains ``what`` verbatim: show it with markup off.

    Never raises: a clipboard failure is reported in the message.
    """
    safe = copy_safe(text)
    if not safe:
        return f"Nothing to copy ({what} is empty)"
    size = f"{len(safe):,} character{'' if len(safe) == 1 else 's'}"
    system = _copy_to_system(safe)
    terminal = _copy_via_terminal(app, safe)
    if system:
        return f"Copied {what} ({size}) to the system clipboard"
    if terminal:
        return f"Copied {what} ({size}) via the terminal (OSC 52); no system clipboard found"
    return f"Could not copy {what}: no system clipboard, and the terminal copy failed"


def _copy_to_system(text: str) -> bool:
    try:
        import pyperclip

        pyperclip.copy(text)
    # PyperclipException when there is no backend; OSError / subprocess errors when a
    # backend exists but fails (xclip without a display, a killed wl-copy…). Copying must
    # never crash the reader, so anything is caught and logged.
    except Exception as error:
        _log.debug("system clipboard unavailable: %s", error)
        return False
    return True


def _copy_via_terminal(app: App[object], text: str) -> bool:
    try:
        app.copy_to_clipboard(text)
    except Exception as error:  # a closed or broken terminal driver
        _log.debug("OSC 52 copy failed: %s", error)
        return False
    return True
