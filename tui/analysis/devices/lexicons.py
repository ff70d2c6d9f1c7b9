"""Keys of the trained layer's word tables, and the tables themselves, read by hash.

Each token is looked up by its lower-case lemma, and by the pairs it forms with the words on
either side. The shipped tables (the learned lexicons and the words' share of the network's
first layer) hold a stable hash of each key, never the word: no corpus text is in the package.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from typing import Any

import numpy
from numpy.typing import NDArray

from .decoding import Matrix, token_strings

__all__ = ["HashedTable", "hash_keys", "lexical_key", "lexical_keys", "pair_keys"]


def lexical_key(token: Any) -> str:
    """The word a token is looked up by in the learned lexicon: its lower-case lemma."""
    return str(token.lemma_).lower() or str(token.lower_)


def lexical_keys(doc: Any) -> list[str]:
    """:func:`lexical_key` of every token of ``doc``, read from its arrays."""
    return [
        lemma.lower() or lower
        for lemma, lower in zip(
            token_strings(doc, "LEMMA"), token_strings(doc, "LOWER"), strict=True
        )
    ]


def pair_keys(words: Sequence[str]) -> list[str]:
    """The keys of each token's two word pairs in the learned pair lexicon: all the pairs with
    the word before (``L``, ``deep``, ``state`` for "state"), then all those with the word after
    (``R``, ``deep``, ``state`` for "deep"), joined by the unit separator (which no word holds);
    ``^`` and ``$`` stand for the edges of the text."""
    last = len(words) - 1
    left = [f"L\x1f{words[i - 1] if i else '^'}\x1f{word}" for i, word in enumerate(words)]
    right = [f"R\x1f{word}\x1f{words[i + 1] if i < last else '$'}" for i, word in enumerate(words)]
    return left + right


def hash_keys(keys: Sequence[str]) -> NDArray[numpy.uint32]:
    """The stable 32-bit hash (CRC-32 of the UTF-8 text) of each lexicon key: the shipped
    lexicons store these, never words. With some tens of thousands of keys among four billion
    values, an unknown key is taken for a known one about once in 100,000 look-ups."""
    return numpy.fromiter((zlib.crc32(key.encode()) for key in keys), numpy.uint32, len(keys))


class HashedTable:
    """A table read by hashed key: a sorted key array and each key's row (a learned
    lexicon's log-odds, or a word's share of the first layer)."""

    def __init__(self, keys: NDArray[Any], odds: NDArray[Any]) -> None:
        order = numpy.argsort(keys, kind="stable")
        self._keys = numpy.asarray(keys, dtype=numpy.uint32)[order]
        # Row 0: keys the table does not know carry no evidence either way.
        self.odds: Matrix = numpy.vstack(
            [numpy.zeros((1, odds.shape[1]), numpy.float32), odds[order].astype(numpy.float32)]
        )

    def rows(self, keys: Sequence[str]) -> Matrix:
        """The row of each key (zeros for keys not in the table)."""
        return self.rows_of(hash_keys(keys))

    def rows_of(self, hashes: NDArray[numpy.uint32]) -> Matrix:
        """The row of each key given by its :func:`hash_keys` hash (for keys looked up in
        more than one table, hashed once)."""
        if not len(self._keys):
            return self.odds[numpy.zeros(len(hashes), dtype=numpy.int64)]
        found = numpy.minimum(numpy.searchsorted(self._keys, hashes), len(self._keys) - 1)
        return self.odds[numpy.where(self._keys[found] == hashes, found + 1, 0)]
