"""Claims and who makes each one: the passes that propose them from spaCy's parse
(:mod:`.extraction`, with cue verbs and nouns from ``data/cues.toml``), the speakers and
how mentions of one speaker are linked across the document (:mod:`.speakers`,
:mod:`.linking`), quotations (:mod:`.quotes`, :mod:`.layout`), nesting, and the learned
re-scorer (:mod:`.rescore`, weights in ``data/claims_model.json``).

Pure like the rest of :mod:`tui.analysis`: spaCy objects come in, frozen
:class:`~tui.analysis.model.Claim` values go out.
"""

from __future__ import annotations

from .extraction import UNNAMED, claims_from_doc
from .linking import link_speakers

__all__ = ["UNNAMED", "claims_from_doc", "link_speakers"]
