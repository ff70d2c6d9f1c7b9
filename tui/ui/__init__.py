"""The reader: the Textual app, its screens and widgets, theming, the clipboard, the command
palette and the messages workers post. Widgets are thin; the reading screen keeps its state
in :class:`tui.ui.reading.ReadingState`, a plain object."""
