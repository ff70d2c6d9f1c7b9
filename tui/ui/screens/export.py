"""The export dialog (``x``): choose a format and a file, and write the report there.

The dialog is handed a snapshot of the analysis when it opens (:class:`ExportRequest`), so
results arriving meanwhile cannot change a report half written. Rendering and writing run
in a thread worker; the dialog closes when the file is written and the app says where.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, RadioButton, RadioSet, Static

from ...analysis.dismissed import Dismissed
from ...analysis.model import Analysis
from ...exports import EXPORT_FORMATS, FILE_EXTENSIONS, DocumentInfo, HtmlTheme
from ...exports.reports import document_info
from ..display import NEWLINE_MARK, safe_inline
from ..html_theme import html_theme
from ..reading import ReadingState

__all__ = ["ExportRequest", "ExportScreen", "default_export_path", "open_export_dialog"]


@dataclass(frozen=True)
class ExportRequest:
    """Everything a report is made from, taken when the dialog opens."""

    analysis: Analysis
    """The analysis so far (complete or not)."""
    text: str
    """The document's (extracted) text."""
    info: DocumentInfo
    """Where the document came from."""
    theme: HtmlTheme
    """The current theme's colours, for the HTML page."""
    complete: bool = True
    """False while the analysis is still running: the report has what is done so far."""
    document_path: Path | None = None
    """The document's own file, which an export must never overwrite."""
    dismissed: Dismissed = field(default_factory=Dismissed)
    """What the reader dismissed: marked in JSON, left out of the other formats."""


def default_export_path(info: DocumentInfo, fmt: str, folder: Path | None = None) -> Path:
    """``<folder>/<document name without extension>.<format's extension>``; the folder
    is the current one by default."""
    stem = Path(info.name).stem if info.source else "stdin"
    stem = "".join(char for char in stem if char.isprintable() and char not in "/\\") or "slant"
    return (folder or Path.cwd()) / f"{stem}-slant{FILE_EXTENSIONS[fmt]}"


class ExportScreen(ModalScreen[None]):
    """Choose an export format and a file name, then write the report."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    DEFAULT_CSS = """
    ExportScreen {
        align: center middle;
    }
    ExportScreen > Vertical {
        width: 76;
        max-width: 100%;
        height: auto;
        border: round $primary;
        background: $surface;
        padding: 0 1;
    }
    ExportScreen RadioSet {
        width: 100%;
        border: none;
    }
    ExportScreen Input {
        margin: 1 0 0 0;
    }
    ExportScreen Horizontal {
        height: auto;
        align: right middle;
        margin-top: 1;
    }
    ExportScreen Button {
        margin-left: 2;
    }
    """

    class Written(Message):
        """The report was written (posted by the worker)."""

        def __init__(self, path: Path) -> None:
            super().__init__()
            self.path = path
            """Where."""

    class Failed(Message):
        """The report could not be written (posted by the worker)."""

        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason
            """Why, on one line."""

    def __init__(self, request: ExportRequest, fmt: str = "json") -> None:
        super().__init__()
        self.request = request
        """What to export."""
        self.fmt = fmt if fmt in EXPORT_FORMATS else "json"
        """The chosen format."""
        self._auto_path = str(default_export_path(request.info, self.fmt))
        self._may_create: Path | None = None

    def compose(self) -> ComposeResult:
        """Title, formats, file name, buttons."""
        title = Text("Export ", style="bold")
        title.append(safe_inline(self.request.info.heading, 50))
        with Vertical():
            yield Static(title)
            if not self.request.complete:
                yield Static(Text("The analysis is still running: the report will hold "
                                  "what is done so far.", style="italic"))
            with RadioSet(id="export-format"):
                for fmt, description in EXPORT_FORMATS.items():
                    yield RadioButton(Text(f"{fmt:<9}{description}"), value=fmt == self.fmt,
                                      name=fmt)
            yield Input(self._auto_path, id="export-path", placeholder="file to write")
            yield Static(Text("Enter writes · Esc cancels", style="dim"), id="export-status")
            with Horizontal():
                yield Button("Export", variant="primary", id="export-write")
                yield Button("Cancel", id="export-cancel")

    def on_mount(self) -> None:
        """Start in the format list."""
        self.query_one(RadioSet).focus()

    @on(RadioSet.Changed)
    def _format_chosen(self, event: RadioSet.Changed) -> None:
        event.stop()
        fmt = event.pressed.name or "json"
        self.fmt = fmt
        field = self.query_one(Input)
        if field.value == self._auto_path:  # the user has not typed a name of their own
            self._auto_path = str(default_export_path(self.request.info, fmt))
            field.value = self._auto_path
        else:
            path = Path(field.value)
            field.value = str(path.with_suffix(FILE_EXTENSIONS[fmt]))

    @on(Input.Submitted)
    @on(Button.Pressed, "#export-write")
    def _write_pressed(self) -> None:
        self.action_export()

    @on(Button.Pressed, "#export-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_export(self) -> None:
        """Write the report to the file named."""
        value = self.query_one(Input).value.strip()
        if not value:
            self._say("Name a file to write.")
            return
        path = Path(value).expanduser()
        if not path.is_absolute():
            path = Path.cwd() / path
        folder = path.parent
        if not folder.is_dir() and self._may_create != folder:
            # A typo in a folder's name must not quietly make folders: ask first.
            self._may_create = folder
            self._say(f"The folder {safe_inline(str(folder), 60, newline=NEWLINE_MARK)} does "
                      "not exist: Enter again creates it, or change the name.")
            return
        self._say("Writing…")
        self._write(self.fmt, path, create=self._may_create == folder)

    def action_cancel(self) -> None:
        """Close without writing."""
        self.dismiss(None)

    def _say(self, message: str) -> None:
        self.query_one("#export-status", Static).update(Text(message))

    @work(thread=True, exclusive=True, exit_on_error=False, group="export")
    def _write(self, fmt: str, path: Path, *, create: bool = False) -> None:
        """Render and write off the UI thread; post the outcome."""
        from ...exports.reports import render

        request = self.request
        own = request.document_path
        try:
            if own is not None and path.exists() and os.path.samefile(path, own):
                self.post_message(self.Failed("that is the document itself; Slant never "
                                              "writes its documents"))
                return
            output = render(fmt, request.analysis, request.text, request.info,
                            theme=request.theme, dismissed=request.dismissed)
            if create:
                path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="") as handle:
                handle.write(output)
        except OSError as error:
            self.post_message(self.Failed(error.strerror or str(error)))
            return
        except Exception as error:  # a report that cannot be made must not end the app
            self.post_message(self.Failed(f"{type(error).__name__}: {error}"))
            return
        self.post_message(self.Written(path))

    def on_export_screen_written(self, message: Written) -> None:
        """Close and say where the report is."""
        shown = safe_inline(str(message.path), 200, newline=NEWLINE_MARK)
        self.app.notify(f"Exported {self.fmt} to {shown}", title="Export", markup=False)
        self.dismiss(None)

    def on_export_screen_failed(self, message: Failed) -> None:
        """Stay open and say why."""
        self._say(f"Not written: {safe_inline(message.reason, 200)}")


def open_export_dialog(app: App[object], state: ReadingState, model: str) -> None:
    """Open the export dialog on what the reading screen has analysed (``state``), with
    ``model`` named as the pipeline that analysed it."""
    from ...analysis.assembly import assemble_analysis  # the claims code: not before it is used

    document = state.document
    # Everything received, dismissed or not: the JSON lists what was dismissed, marked.
    parts = [state.received.parts[index] for index in sorted(state.received.parts)]
    kinds = tuple(state.device_kinds.values())
    analysis = assemble_analysis(len(document.text), model, parts, kinds)
    # The claims list is the screen's: whole-document passes may have revised the parts'.
    analysis = replace(analysis, claims=tuple(state.claims))
    theme = html_theme(app.current_theme, app.theme_variables)
    request = ExportRequest(analysis, document.text, document_info(document), theme,
                            complete=state.analysis_complete, document_path=document.path,
                            dismissed=state.dismissed)
    config = getattr(app, "config", None)
    fmt = getattr(config, "export_format", None) or "json"
    app.push_screen(ExportScreen(request, fmt))
