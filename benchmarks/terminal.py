"""Timing the reader as a user sees it: in a real terminal (tmux), from the moment it is
launched, by reading the screen.

Start-up is timed from the ``tmux new-session`` call that starts ``slant`` (so the shell, the
interpreter's start, every import and the first paint count) to the first poll of the pane
that shows the document's text. A key is timed from ``send-keys`` to the first poll that
shows the screen changed. Polls are a few milliseconds apart; that is the resolution.

tmux is a system package (``apt install tmux``); without it the benchmarks say so and skip.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import time
import uuid
from collections.abc import Callable, Mapping

__all__ = ["Pane", "have_tmux"]


def have_tmux() -> bool:
    """True when tmux is installed."""
    return shutil.which("tmux") is not None


class Pane:
    """One program in its own detached tmux session of ``width`` × ``height`` cells."""

    def __init__(self, argv: list[str], env: Mapping[str, str], *, width: int = 120,
                 height: int = 40) -> None:
        self.name = f"slant-bench-{uuid.uuid4().hex[:8]}"
        exports = " ".join(f"{key}={shlex.quote(value)}" for key, value in env.items())
        command = f"env {exports} {shlex.join(argv)}"
        self.launched = time.perf_counter()
        subprocess.run(["tmux", "new-session", "-d", "-s", self.name, "-x", str(width),
                        "-y", str(height), command], check=True)

    def screen(self) -> str:
        """What the pane shows now."""
        done = subprocess.run(["tmux", "capture-pane", "-p", "-t", self.name],
                              capture_output=True, text=True, check=False)
        return done.stdout

    def wait_for(self, seen: Callable[[str], bool], timeout: float = 30.0) -> float:
        """Poll until ``seen(screen)``; the time of that poll, from launch (raises on timeout)."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if seen(self.screen()):
                return time.perf_counter() - self.launched
            time.sleep(0.002)
        raise TimeoutError(f"not seen within {timeout} s:\n{self.screen()}")

    def key_latency(self, key: str, changed: Callable[[str, str], bool],
                    timeout: float = 10.0) -> float:
        """Press ``key``; seconds until ``changed(before, now)`` holds for the screen."""
        before = self.screen()
        pressed = time.perf_counter()
        subprocess.run(["tmux", "send-keys", "-t", self.name, key], check=True)
        while time.perf_counter() - pressed < timeout:
            now = self.screen()
            if changed(before, now):
                return time.perf_counter() - pressed
            time.sleep(0.001)
        raise TimeoutError(f"{key} changed nothing within {timeout} s")

    def close(self) -> None:
        """Quit the program (q) and end the session."""
        subprocess.run(["tmux", "send-keys", "-t", self.name, "q"], check=False)
        time.sleep(0.3)
        subprocess.run(["tmux", "kill-session", "-t", self.name], check=False,
                       capture_output=True)
