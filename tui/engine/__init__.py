"""Running analyses: the layers each worker runs, the scheduler that picks the next job
(the viewport first), the one worker pool (:mod:`tui.engine.pool`, the only module that
starts processes), the reader's runner and ``slant analyze``'s batches, the cache shared by
both, and the results collected per document. It imports the analysis core, never the UI."""
