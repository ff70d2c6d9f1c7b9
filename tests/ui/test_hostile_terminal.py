"""The reader on a hostile document in a real pseudo-terminal: every byte it writes is read
back, and none of the document's escape sequences may be among them."""

from __future__ import annotations

import base64
import os
import re
import select
import signal
import struct
import sys
import time
from pathlib import Path

import pytest
from hostile import hostile_document

pty = pytest.importorskip("pty")
fcntl = pytest.importorskip("fcntl")
termios = pytest.importorskip("termios")

from paths import REPO  # noqa: E402

# The document's own sequences, as they would reach the terminal if Slant obeyed them.
FORBIDDEN = [
    b"\x1b]0;PWNED",
    b"\x1b]2;PWNED",
    b"\x1b]52;c;cHduZWQ=",
    b"\x1b]8;;http://evil",
    b"\x1bP1$r0m",
    b"\x1b[2J\x1b[H",
    b"\x1b[10;10H\x1b[5A",
    b"\xc2\x9b",  # C1 CSI, UTF-8 encoded
    b"\xc2\x9d",  # C1 OSC
    b"\x08",
    b"\x00",
    "\u202e".encode(),
    "\u2066".encode(),
]


_CONTROL_SEQUENCE = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]")
"""A CSI sequence: a cursor move, a style."""


class Terminal:
    """A child process on a pseudo-terminal, and everything it has written."""

    def __init__(self, args: list[str], env: dict[str, str], size: tuple[int, int]) -> None:
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: become the program
            os.chdir(REPO)
            os.execvpe(args[0], args, env)
        columns, rows = size
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        self.output = bytearray()
        self.exit_status: int | None = None

    def read_until(self, marker: bytes, timeout: float, *, as_shown: bool = False) -> bool:
        """Read output until ``marker`` has been written (True) or time is up (False).

        With ``as_shown`` the control sequences between characters are ignored: a line of
        text may reach the terminal in pieces with cursor moves between them (where another
        part of the screen was redrawn at the same moment)."""
        deadline = time.monotonic() + timeout
        start = len(self.output)
        while time.monotonic() < deadline:
            written = self.output[max(0, start - len(marker)):]
            if as_shown:
                written = bytearray(_CONTROL_SEQUENCE.sub(b"", bytes(written)))
            if marker in written:
                return True
            ready, _, _ = select.select([self.fd], [], [], 0.1)
            if ready:
                try:
                    data = os.read(self.fd, 65536)
                except OSError:  # the child has gone
                    return marker in self.output[start:]
                if not data:
                    return marker in self.output[start:]
                self.output += data
        return False

    def send(self, keys: bytes) -> None:
        """Type ``keys``."""
        os.write(self.fd, keys)

    def wait(self, timeout: float) -> int | None:
        """Wait for the program to exit, reading its output; its exit code, or None."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.read_until(b"\x00never\x00", 0.2)
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.exit_status = os.waitstatus_to_exitcode(status)
                return self.exit_status
        return None

    def close(self) -> None:
        """Kill the program if it is still running."""
        if self.exit_status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        os.close(self.fd)


@pytest.fixture
def evil(tmp_path: Path) -> Path:
    path = tmp_path / "evil.txt"
    path.write_bytes(hostile_document().encode("utf-8"))
    return path


def run_reader(path: Path, config: Path, *extra: str) -> Terminal:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTEST", "NO_COLOR"))
    }
    env.update(TERM="xterm-256color", SLANT_CONFIG_DIR=str(config), COLUMNS="120", LINES="40")
    return Terminal([sys.executable, "-m", "tui", str(path), *extra], env, (120, 40))


def test_the_terminal_never_receives_the_documents_sequences(evil: Path, tmp_path: Path) -> None:
    terminal = run_reader(evil, tmp_path / "config")
    try:
        assert terminal.read_until(b"analysed", 120), "the analysis did not finish"
        terminal.send(b"c")  # copy a claim: OSC 52 with the cleaned claim
        assert terminal.read_until(b"Copied", 20)
        terminal.send(b"C")  # copy every claim as Markdown
        assert terminal.read_until(b"Copied", 20)
        terminal.send(b"t")  # switch theme: everything is drawn again
        time.sleep(1)
        terminal.send(b"q")
        assert terminal.wait(30) == 0
    finally:
        terminal.close()
    output = bytes(terminal.output)
    assert b"Traceback" not in output
    for sequence in FORBIDDEN:
        assert sequence not in output, f"{sequence!r} reached the terminal"
    # The sequences are on screen as text, with a visible ESC.
    assert "␛]0;PWNED-TITLE␇".encode() in output
    assert b"[@click=app.quit]quit[/]" in output
    # BEL only ends Slant's own OSC sequences (Textual's pointer shape, the OSC 52 copy).
    osc = re.findall(rb"\x1b\](\d+);([^\x07\x1b]*)\x07", output)
    assert output.count(b"\x07") == len(osc)
    copies = [base64.b64decode(payload[2:]).decode() for code, payload in osc if code == b"52"]
    assert len(copies) == 2
    for copied in copies:
        assert "\x1b" not in copied and "\x07" not in copied and "\u202e" not in copied
        assert "radical elites" in copied or "Officials" in copied or "Line" in copied
    assert not [code for code, _ in osc if code not in (b"52", b"22")], "unexpected OSC"


def test_ctrl_c_shows_how_to_quit_and_q_exits_cleanly(evil: Path, tmp_path: Path) -> None:
    terminal = run_reader(evil, tmp_path / "config")
    try:
        assert terminal.read_until(b"Slant", 60)
        terminal.send(b"\x03")  # Ctrl+C, as the terminal sends it in raw mode
        assert terminal.read_until(b"to quit", 20, as_shown=True)
        terminal.send(b"q")
        assert terminal.wait(30) == 0
    finally:
        terminal.close()
    assert b"Traceback" not in terminal.output
