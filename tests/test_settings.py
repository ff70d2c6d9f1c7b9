"""Slant's user folder and remembered state: never an exception, whatever the disk holds."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tui.settings import (
    CONFIG_DIR_ENV,
    config_dir,
    load_last_theme,
    save_last_theme,
    state_path,
    user_rules_dir,
    user_themes_dir,
)


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty config folder that does not exist yet."""
    folder = tmp_path / "config"
    monkeypatch.setenv(CONFIG_DIR_ENV, str(folder))
    return folder


def test_environment_variable_chooses_the_folder(config: Path) -> None:
    assert config_dir() == config
    assert user_themes_dir() == config / "themes"
    assert user_rules_dir() == config / "rules"
    assert state_path() == config / "state.json"
    assert not config.exists(), "asking for the folder must not create it"


def test_without_the_variable_platformdirs_decides(monkeypatch: pytest.MonkeyPatch) -> None:
    from platformdirs import user_config_dir

    monkeypatch.delenv(CONFIG_DIR_ENV, raising=False)
    assert config_dir() == Path(user_config_dir("slant", appauthor=False))
    assert config_dir().name == "slant"
    monkeypatch.setenv(CONFIG_DIR_ENV, "   ")  # blank counts as unset
    assert config_dir() == Path(user_config_dir("slant", appauthor=False))


def test_home_is_expanded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CONFIG_DIR_ENV, "~/slant-test-config")
    assert config_dir() == Path.home() / "slant-test-config"


def test_last_theme_round_trip(config: Path) -> None:
    assert load_last_theme() is None
    assert save_last_theme("slant-light") is None
    assert load_last_theme() == "slant-light"
    assert save_last_theme("slant-mono") is None
    assert load_last_theme() == "slant-mono"
    # Only the state file is left behind: the temporary file was renamed over it.
    assert sorted(path.name for path in config.iterdir()) == ["state.json"]


def test_saving_keeps_other_state(config: Path) -> None:
    config.mkdir()
    (config / "state.json").write_text('{"other": [1, 2]}', encoding="utf-8")
    assert save_last_theme("slant-dark") is None
    data = json.loads((config / "state.json").read_text(encoding="utf-8"))
    assert data == {"other": [1, 2], "theme": "slant-dark"}


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"",
        b"[1, 2, 3]",
        b'"slant-dark"',
        b'{"theme": 42}',
        b'{"theme": ""}',
        b"\xff\xfe\x00garbage",
    ],
)
def test_corrupt_state_reads_as_unknown(config: Path, content: bytes) -> None:
    config.mkdir()
    (config / "state.json").write_bytes(content)
    assert load_last_theme() is None
    # ... and saving over it works.
    assert save_last_theme("slant-light") is None
    assert load_last_theme() == "slant-light"


def test_state_path_that_is_a_folder_reads_as_unknown(config: Path) -> None:
    (config / "state.json").mkdir(parents=True)
    assert load_last_theme() is None
    message = save_last_theme("slant-dark")
    assert message is not None and "state.json" in message


def test_unwritable_folder_returns_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tests run as root, where chmod does not stop writes; a folder below a regular file can
    # never be created, by anyone.
    blocker = tmp_path / "afile"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(CONFIG_DIR_ENV, str(blocker / "sub"))
    message = save_last_theme("slant-dark")
    assert isinstance(message, str)
    assert "Could not save the theme" in message and "afile" in message
    assert load_last_theme() is None


def test_failed_replace_leaves_no_temporary_file(
    config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert save_last_theme("slant-dark") is None

    def refuse(source: object, target: object) -> None:
        raise PermissionError(13, "Permission denied")

    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", refuse)
        message = save_last_theme("slant-light")
    assert message is not None and "Permission denied" in message
    # The old state survives intact, and no temporary file is left lying around.
    assert sorted(path.name for path in config.iterdir()) == ["state.json"]
    assert load_last_theme() == "slant-dark"
