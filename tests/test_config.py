"""The TOML configuration file: where it is, what it sets, and how problems are reported."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from paths import REPO

from tui.analysis.model import Analysis, Device, Span
from tui.config import Config, config_path, load_config, without_devices


def test_path_follows_slant_config_dir(isolated_config: Path) -> None:
    assert config_path() == isolated_config / "config.toml"


def test_missing_file_gives_defaults() -> None:
    result = load_config()
    assert result.config == Config() and result.problems == ()


def test_every_setting_is_read(isolated_config: Path) -> None:
    (isolated_config / "config.toml").write_text(
        'theme = "slant-light"\nlayers = ["entities", "claims"]\nmodel = "en_core_web_md"\n'
        'disabled_devices = ["hedging", "scare-quotes"]\nexport_format = "markdown"\n'
        "encoder = true\n",
        "utf-8",
    )
    config = load_config().config
    assert config.encoder is True
    assert config.theme == "slant-light"
    assert config.layers == frozenset({"entities", "claims"})
    assert config.model == "en_core_web_md"
    assert config.disabled_devices == frozenset({"hedging", "scare-quotes"})
    assert config.export_format == "markdown"


def test_invalid_toml_is_reported_with_its_line_and_ignored(isolated_config: Path) -> None:
    (isolated_config / "config.toml").write_text(
        'theme = "slant-light"\n\nexport_format = markdown\n', "utf-8")
    result = load_config()
    assert result.config == Config()
    (problem,) = result.problems
    assert "line 3" in problem and "config.toml" in problem and "ignored" in problem


def test_bad_values_are_reported_with_their_line_and_skipped(isolated_config: Path) -> None:
    (isolated_config / "config.toml").write_text(
        'theme = "slant-light"\nlayers = ["entities", "sparkles"]\n'
        'export_format = "pdf"\ncolour = "red"\ndisabled_devices = ["no-such-device"]\n',
        "utf-8")
    result = load_config()
    assert result.config.theme == "slant-light"
    assert result.config.layers == Config().layers
    assert result.config.export_format is None
    lines = sorted(problem.split(", ")[1].split(":")[0] for problem in result.problems)
    assert lines == ["line 2", "line 3", "line 4", "line 5"]
    assert any("no-such-device" in problem for problem in result.problems)


def test_disabled_devices_drop_by_id_or_category() -> None:
    devices = (
        Device("hedging", "Hedging", "hedging", Span(0, 1), "r"),
        Device("scare-quotes", "Scare quotes", "rhetorical-figure", Span(1, 2), "r"),
        Device("loaded-language", "Loaded", "loaded-language", Span(2, 3), "r"),
    )
    analysis = Analysis(text_length=3, model="m", devices=devices)
    kept = without_devices(analysis, frozenset({"hedging", "rhetorical-figure"}))
    assert [device.id for device in kept.devices] == ["loaded-language"]
    assert without_devices(analysis, frozenset()) is analysis


def run(*args: str, env_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SLANT_CONFIG_DIR": str(env_dir)}
    return subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True,
                          text=True, timeout=120, cwd=REPO, env=env)


def test_slant_config_path_prints_the_location(isolated_config: Path) -> None:
    result = run("config", "--path", env_dir=isolated_config)
    assert result.returncode == 0
    assert result.stdout.strip() == str(isolated_config / "config.toml")


def test_slant_config_reports_problems(isolated_config: Path) -> None:
    (isolated_config / "config.toml").write_text('theme = [\n', "utf-8")
    result = run("config", env_dir=isolated_config)
    assert result.returncode == 1
    assert "config.toml" in result.stderr and "ignored" in result.stderr


def test_analyze_uses_the_configured_export_format(isolated_config: Path) -> None:
    (isolated_config / "config.toml").write_text('export_format = "csv"\n', "utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "tui", "analyze", "-"], input="Merz urges a careful exchange.\n",
        capture_output=True, text=True, timeout=300, cwd=REPO,
        env={**os.environ, "SLANT_CONFIG_DIR": str(isolated_config)},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("source,speaker,")
