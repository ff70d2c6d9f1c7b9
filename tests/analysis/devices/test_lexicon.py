"""The trained layer's lexicons are stored by hashed key, never as words."""

from __future__ import annotations

import numpy

from tui.analysis.devices.catalogue import data_dir
from tui.analysis.devices.learned import MODEL_FILE
from tui.analysis.devices.lexicons import HashedTable, hash_keys, pair_keys


def test_hash_keys_are_stable_and_tell_keys_apart() -> None:
    keys = pair_keys(["deep", "state", "lie"])
    first, again = hash_keys(keys), hash_keys(list(keys))
    assert first.dtype == numpy.uint32
    assert numpy.array_equal(first, again)
    assert len(set(first.tolist())) == len(keys)


def test_lexicon_reads_known_keys_and_gives_zeros_for_others() -> None:
    odds = numpy.array([[1.0, 2.0], [-1.0, 0.5]], dtype=numpy.float32)
    lexicon = HashedTable(hash_keys(["war", "peace"]), odds)
    rows = lexicon.rows(["peace", "talks", "war"])
    assert numpy.array_equal(rows, [[-1.0, 0.5], [0.0, 0.0], [1.0, 2.0]])
    assert lexicon.rows([]).shape == (0, 2)


def test_shipped_weights_hold_no_words() -> None:
    with (data_dir() / MODEL_FILE).open("rb") as handle, numpy.load(handle) as data:
        texts = sorted(name for name in data.files if data[name].dtype.kind in "US")
        assert texts == ["kinds", "labels", "widen_modes", "widen_techniques"]
        for name in ("word_keys", "pair_keys", "vector_keys"):
            keys = data[name]
            assert keys.dtype == numpy.uint32 and len(keys) > 1000
            assert (numpy.diff(keys.astype(numpy.int64)) > 0).all()
        # Each known word's share of the first layer, not its 384-number vector.
        assert data["vector_rows"].shape == (len(data["vector_keys"]), data["w1"].shape[1])
