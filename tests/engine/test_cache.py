"""The analysis cache: round trips, keys, and entries that must not be trusted."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from tui.analysis import analyze_paragraphs, load_pipeline
from tui.analysis.model import ParagraphAnalysis
from tui.engine.cache import (
    analysis_version,
    cache_dir,
    cache_key,
    clear_cache,
    load_analysis,
    model_identity,
    store_analysis,
)

TEXT = (
    "Chancellor Friedrich Merz said on Tuesday that the talks in Geneva would resume.\n\n"
    "These reckless war profiteers want us to believe that peace is impossible! "
    "Is anyone surprised?\n\n"
    "According to European officials, the so-called \"ceasefire\" never held."
)


@pytest.fixture(scope="module")
def parts() -> list[ParagraphAnalysis]:
    return list(analyze_paragraphs(TEXT, load_pipeline()))


@pytest.fixture
def key() -> str:
    return cache_key(TEXT, "en_core_web_sm 3.8.0", analysis_version())


def entry_path(key: str) -> Path:
    [path] = [p for p in cache_dir().iterdir() if p.name.startswith(key[:40])]
    return path


def test_cache_folder_follows_the_environment(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SLANT_CACHE_DIR", str(tmp_path / "here"))
    assert cache_dir() == tmp_path / "here"


def test_an_analysis_comes_back_exactly(parts: list[ParagraphAnalysis], key: str) -> None:
    assert store_analysis(key, len(TEXT), "en_core_web_sm 3.8.0", parts) is None
    cached = load_analysis(key, len(TEXT))
    assert cached is not None
    assert cached.model == "en_core_web_sm 3.8.0"
    assert cached.parts == parts
    assert any(part.claims for part in cached.parts) and any(p.devices for p in cached.parts)


def test_the_key_changes_with_the_text_the_model_and_the_rules(tmp_path: Path) -> None:
    version = analysis_version()
    base = cache_key(TEXT, "m 1", version)
    assert cache_key(TEXT + " ", "m 1", version) != base
    assert cache_key(TEXT, "m 2", version) != base
    rules = tmp_path / "rules"
    rules.mkdir()
    assert analysis_version([rules]) == analysis_version([rules])
    (rules / "mine.toml").write_text('[[lexicon]]\ndevice = "loaded-language"\n', "utf-8")
    assert analysis_version([rules]) != version


def test_the_model_is_named_without_loading_it() -> None:
    identity = model_identity(None)
    assert identity is not None and identity.split()[0].startswith("en_core_web")
    assert model_identity("no_such_pipeline_xyz") is None


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: b"not gzip at all",
        lambda data: gzip.compress(b"{not json"),
        lambda data: gzip.compress(b"[1, 2, 3]"),
    ],
)
def test_a_corrupt_entry_is_ignored(damage, parts: list[ParagraphAnalysis], key: str) -> None:  # type: ignore[no-untyped-def]
    store_analysis(key, len(TEXT), "m", parts)
    path = entry_path(key)
    path.write_bytes(damage(path.read_bytes()))
    assert load_analysis(key, len(TEXT)) is None


def _rewrite(key: str, change) -> None:  # type: ignore[no-untyped-def]
    path = entry_path(key)
    entry = json.loads(gzip.decompress(path.read_bytes()))
    change(entry)
    path.write_bytes(gzip.compress(json.dumps(entry).encode()))


@pytest.mark.parametrize(
    "change",
    [
        lambda e: e.update(version=999),  # a future format
        lambda e: e.update(key="0" * 64),  # stored under another key
        lambda e: e["schema"]["Device"].append("extra:str"),  # another record layout
        lambda e: e["paragraphs"][0][3].append([0, 0, [0, 10**9], 0]),  # offset past the end
        lambda e: e["paragraphs"][0].__setitem__(1, -5),  # negative offset
        lambda e: e["strings"].append(7),  # a string table with a number in it
        lambda e: e["paragraphs"][1][4][0].__setitem__(0, 10**6),  # no such string
        lambda e: e["paragraphs"].reverse(),  # paragraphs out of order
    ],
)
def test_a_foreign_or_tampered_entry_is_ignored(change, parts: list[ParagraphAnalysis],  # type: ignore[no-untyped-def]
                                                 key: str) -> None:
    store_analysis(key, len(TEXT), "m", parts)
    _rewrite(key, change)
    assert load_analysis(key, len(TEXT)) is None


def test_an_entry_for_another_length_of_text_is_ignored(parts: list[ParagraphAnalysis],
                                                        key: str) -> None:
    store_analysis(key, len(TEXT), "m", parts)
    assert load_analysis(key, len(TEXT) + 1) is None


def test_clear_removes_every_entry(parts: list[ParagraphAnalysis], key: str) -> None:
    store_analysis(key, len(TEXT), "m", parts)
    other = cache_key("another text", "m", "v")
    store_analysis(other, len(TEXT), "m", parts)
    assert clear_cache() == 2
    assert load_analysis(key, len(TEXT)) is None
    assert clear_cache() == 0
