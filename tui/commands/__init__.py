"""The ``slant`` subcommands, one module each: ``open`` (the reader), ``analyze``, ``cache``,
``config``. :mod:`tui.cli` parses the command line and hands off to them."""
