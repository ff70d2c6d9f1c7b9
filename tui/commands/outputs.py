"""Where ``slant analyze`` writes: standard output, one file, or a folder, one document at a
time as each is done, so memory never holds more than one document's report.

Several documents to one stream keep their format whole: JSON becomes an array, CSV keeps
one header, JSON Lines are lines, the reports are separated by rules and extracted texts by
``==> name <==`` headings. A folder gets one file per document and format.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import TextIO

from ..analysis.textsafety import NEWLINE_MARK, visible_inline

__all__ = ["FolderOutput", "Output", "StreamOutput", "output_names"]

_SEPARATORS = {"markdown": "\n---\n\n", "text": "\n" + "=" * 72 + "\n\n"}


class Output:
    """Receives each document's rendered outputs, in order; says what went wrong."""

    def __init__(self) -> None:
        self.problem: str | None = None
        """Why writing failed (the run stops writing), or None."""

    def write(self, position: int, source: str, rendered: dict[str, str]) -> None:
        """Write the document at ``position`` (its rendering per format)."""
        raise NotImplementedError

    def close(self) -> None:
        """Finish the output (close an array, a file)."""


def output_names(sources: list[str], extension: str) -> list[str]:
    """One distinct file name per document for ``--output-dir``."""
    names: list[str] = []
    taken: set[str] = set()
    for source in sources:
        stem = "stdin" if source == "-" else (Path(source).stem or "document")
        name, number = f"{stem}{extension}", 2
        while name in taken:
            name, number = f"{stem}-{number}{extension}", number + 1
        taken.add(name)
        names.append(name)
    return names


def _shown(path: str | Path) -> str:
    return visible_inline(str(path), newline=NEWLINE_MARK)


class StreamOutput(Output):
    """One format to standard output or to one file (opened at the first document)."""

    def __init__(self, fmt: str, path: str | None, many: bool) -> None:
        super().__init__()
        self.fmt = fmt
        self.path = path
        self.many = many
        """True when several documents were named: JSON is then always an array."""
        self._stream: TextIO | None = None
        self._count = 0

    def _open(self) -> TextIO | None:
        if self._stream is None:
            if self.path is None:
                # Placeholders such as ␛ and ⇄ must print even where stdout is not UTF-8.
                if isinstance(sys.stdout, io.TextIOWrapper):
                    sys.stdout.reconfigure(encoding="utf-8", errors="backslashreplace")
                self._stream = sys.stdout
            else:
                try:
                    self._stream = open(self.path, "w", encoding="utf-8", newline="")  # noqa: SIM115
                except OSError as error:
                    self.problem = f"cannot write {_shown(self.path)}: {error.strerror or error}"
                    return None
        return self._stream

    def write(self, position: int, source: str, rendered: dict[str, str]) -> None:
        """Append one document, framed for its format."""
        stream = self._open()
        if stream is None or self.problem:
            return
        output = rendered[self.fmt]
        fmt, first = self.fmt, self._count == 0
        if fmt == "json" and self.many:
            output = ("[\n" if first else ",\n") + output.rstrip("\n")
        elif fmt == "csv" and not first:
            output = output.split("\n", 1)[1] if "\n" in output else ""
        elif fmt == "extracted-text" and self.many:
            output = f"==> {_shown(source)} <==\n{output}\n"
        elif fmt in _SEPARATORS and not first:
            output = _SEPARATORS[fmt] + output
        try:
            stream.write(output)
            stream.flush()
        except OSError as error:
            self.problem = f"cannot write: {error.strerror or error}"
        self._count += 1

    def close(self) -> None:
        """Close the array and the file."""
        stream = self._stream
        if stream is None:
            if self.fmt == "json" and self.many and not self.problem:
                self._open()
                if self._stream is not None:
                    self._stream.write("[]\n")
                    stream = self._stream
            if stream is None:
                return
        try:
            if self.fmt == "json" and self.many and self._count:
                stream.write("\n]\n")
            stream.flush()
            if stream is not sys.stdout:
                stream.close()
        except OSError as error:
            self.problem = self.problem or f"cannot write: {error.strerror or error}"


class FolderOutput(Output):
    """One file per document and format in ``folder`` (``NAME.EXT``)."""

    def __init__(self, folder: str, sources: list[str], extensions: dict[str, str]) -> None:
        super().__init__()
        self.folder = Path(folder)
        self.names = {fmt: output_names(sources, extension)
                      for fmt, extension in extensions.items()}
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            self.problem = f"cannot create {_shown(self.folder)}: {error.strerror or error}"

    def write(self, position: int, source: str, rendered: dict[str, str]) -> None:
        """Write each format's file for the document at ``position``."""
        if self.problem:
            return
        for fmt, output in rendered.items():
            path = self.folder / self.names[fmt][position]
            try:
                with open(path, "w", encoding="utf-8", newline="") as handle:
                    handle.write(output)
            except OSError as error:
                self.problem = f"cannot write {_shown(path)}: {error.strerror or error}"
                return
