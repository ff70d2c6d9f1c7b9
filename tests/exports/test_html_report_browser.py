"""The HTML report in a real browser: headless Chromium renders it, the highlights are
there, and opening it makes no network request at all.

Chromium is pointed at a local recording proxy; a control page that does load a remote
image proves the proxy sees requests, and the report must cause none. Skipped, with a
message, where Chromium is not installed (Debian: ``apt-get install chromium``).
"""

from __future__ import annotations

import shutil
import socketserver
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tui.analysis import analyze
from tui.documents.formats import open_document
from tui.exports.reports import document_info, render
from tui.ui.html_theme import load_html_theme

BROWSER = next((shutil.which(name) for name in ("chromium", "chromium-browser",
                                                 "google-chrome") if shutil.which(name)), None)
pytestmark = pytest.mark.skipif(
    BROWSER is None, reason="headless Chromium is not installed (apt-get install chromium)")

HOSTILE = (
    "Mayor Alex Moreno said the reckless harbour plan would destroy the town.\n\n"
    "Critics claimed <img src=\"http://tracker.invalid/pixel.png\"> the deal was a "
    "shameful betrayal <script>fetch('http://tracker.invalid/x')</script> and urged "
    "voters to resist.\n\n"
    "<link rel=\"stylesheet\" href=\"http://tracker.invalid/a.css\"> \x1b]8;;"
    "http://tracker.invalid\x07click\x1b]8;;\x07 <style>body{background:url("
    "http://tracker.invalid/bg.png)}</style>\n"
)


BROWSER_SERVICES = (
    "update.googleapis.com", "accounts.google.com", "clients1.google.com",
    "clients2.google.com", "safebrowsing.googleapis.com", "redirector.gvt1.com",
    "edgedl.me.gvt1.com", "optimizationguide-pa.googleapis.com",
    "content-autofill.googleapis.com",
)
"""Chromium's own update, sign-in and clock services, which it contacts in the background
whatever page it shows (flags switch most, not all, of that off). Any other host is a
request the page made."""


def page_requests(requests: list[str]) -> list[str]:
    """The recorded requests, less the browser's own background traffic."""
    def host(request: str) -> str:
        target = request.split(" ")[1] if " " in request else request
        target = target.split("://", 1)[-1]
        return target.split("/", 1)[0].split(":", 1)[0].lower()

    return [request for request in requests if host(request) not in BROWSER_SERVICES]


class _Recorder(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        line = self.rfile.readline(4096).decode("latin-1").strip()
        if line:
            self.server.requests.append(line)  # type: ignore[attr-defined]
        self.wfile.write(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")


@pytest.fixture
def proxy() -> Iterator[tuple[str, list[str]]]:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Recorder)
    server.daemon_threads = True
    server.requests = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.server_address[1]}", server.requests  # type: ignore[attr-defined]
    finally:
        server.shutdown()
        server.server_close()


def chromium(page: Path, proxy_address: str, profile: Path, *extra: str) -> str:
    assert BROWSER is not None
    result = subprocess.run(
        [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--disable-domain-reliability", "--disable-breakpad",
         "--metrics-recording-only", "--no-pings", f"--user-data-dir={profile}",
         "--disable-features=NetworkTimeServiceQuerying,OptimizationHints,Translate,"
         "MediaRouter,AutofillServerCommunication,CertificateTransparencyComponentUpdater",
         f"--proxy-server=http://{proxy_address}", "--proxy-bypass-list=<-loopback>",
         "--virtual-time-budget=3000", *extra, page.as_uri()],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    source = folder / "hostile.txt"
    source.write_text(HOSTILE, "utf-8")
    document = open_document(str(source))
    theme, problems = load_html_theme("slant-dark")
    assert not problems
    page = folder / "hostile.html"
    page.write_text(render("html", analyze(document.text), document.text,
                           document_info(document), theme=theme), "utf-8")
    return page


def test_the_proxy_sees_a_page_that_does_load_something(
    tmp_path: Path, proxy: tuple[str, list[str]]
) -> None:
    address, requests = proxy
    control = tmp_path / "control.html"
    control.write_text('<!DOCTYPE html><img src="http://control.invalid/pixel.png">', "utf-8")
    chromium(control, address, tmp_path / "profile", "--dump-dom")
    assert any("control.invalid" in request for request in requests), requests


def test_report_renders_with_highlights_and_no_request(
    report: Path, tmp_path: Path, proxy: tuple[str, list[str]]
) -> None:
    address, requests = proxy
    dom = chromium(report, address, tmp_path / "profile", "--dump-dom")
    assert '<span class="e e-person"' in dom
    assert 'class="d d-loaded-language' in dom
    assert "<li data-claim=" in dom
    assert "Moreno" in dom and "harbour plan" in dom
    # The document's markup arrives as text, never as elements.
    assert "&lt;img src=" in dom and "&lt;script&gt;fetch(" in dom
    assert "<img" not in dom and "<link" not in dom and dom.count("<script>") == 1
    assert "\x1b" not in dom
    assert page_requests(requests) == [], requests
    assert not any("invalid" in request for request in requests)


def test_report_screenshot_is_drawn(
    report: Path, tmp_path: Path, proxy: tuple[str, list[str]]
) -> None:
    address, requests = proxy
    shot = tmp_path / "report.png"
    chromium(report, address, tmp_path / "profile", f"--screenshot={shot}",
             "--window-size=1000,1200")
    assert shot.stat().st_size > 10_000  # a blank page compresses to far less
    assert page_requests(requests) == [], requests
