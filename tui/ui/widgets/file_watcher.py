"""Watching the document's file: when it changes on disk, read it again off the UI thread.

An invisible widget of the reading screen. Once a second it compares the file's signature
(modification time and size) with the one it read; on a change it reads the file again in a
thread worker and posts :class:`FileWatcher.Reloaded` with the new version. A file that is
gone or cannot be read is said in the status bar (and why, in a notification); the last
version stays on screen.
"""

from __future__ import annotations

from textual import work
from textual.message import Message
from textual.widget import Widget
from textual.worker import get_current_worker

from ...documents import Document, DocumentError, open_document
from ...documents.loading import file_signature
from ..messages import StatusChanged

__all__ = ["FileWatcher"]

CHECK_SECONDS = 1.0
"""How often the file is looked at."""
GONE = "file is gone from disk; showing the last version"
UNREADABLE = "the file on disk cannot be read; showing the last version"


class FileWatcher(Widget):
    """Posts a message when the document's file changes, is gone, or cannot be read."""

    DEFAULT_CSS = "FileWatcher { display: none; }"

    class Reloaded(Message):
        """The file changed on disk and was read again."""

        def __init__(self, document: Document) -> None:
            super().__init__()
            self.document = document
            """The new version."""

    def __init__(self, document: Document, max_bytes: int | None) -> None:
        super().__init__()
        self.document = document
        """The version last read."""
        self.max_bytes = max_bytes
        """The size limit the document was opened with; reloads use it too."""
        self._signature = document.signature

    def on_mount(self) -> None:
        """Look at the file once a second (a document from standard input has none)."""
        if self.document.path is not None:
            self.set_interval(CHECK_SECONDS, self._check)

    def _check(self) -> None:
        path = self.document.path
        if path is None:
            return
        signature = file_signature(path)
        if signature == self._signature:
            return
        self._signature = signature
        if signature is None:
            self.post_message(StatusChanged(warning=GONE))
            return
        self._reload(str(path))

    @work(thread=True, exclusive=True, exit_on_error=False, group="reload")
    def _reload(self, source: str) -> None:
        """Read the changed file again, off the UI thread."""
        try:
            document = open_document(source, input_format=self.document.format,
                                     max_bytes=self.max_bytes)
        except DocumentError as error:
            self.post_message(StatusChanged(warning=UNREADABLE))
            self.app.call_from_thread(self.notify, f"Not reloaded: {error}", severity="warning",
                                      markup=False)
            return
        if not get_current_worker().is_cancelled:
            self.document = document
            self.post_message(self.Reloaded(document))
