"""The lock: every package the README's commands install is pinned, and installed as pinned."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from paths import REPO

LOCK = REPO / "requirements.lock"


def locked_versions() -> dict[str, str]:
    """Package → the version the lock pins for this interpreter and platform."""
    pins: dict[str, str] = {}
    for line in LOCK.read_text("utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        requirement, _, marker = line.partition(";")
        name, _, version = requirement.strip().partition("==")
        assert version, f"not pinned exactly: {line}"
        if not marker.strip() or Marker(marker.strip()).evaluate():
            pins[canonicalize_name(name)] = version.strip()
    return pins


def project() -> dict[str, object]:
    return tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))


def roots() -> list[Requirement]:
    """What the README's two commands ask for: the application and its test extra."""
    table = project()["project"]
    assert isinstance(table, dict)
    return [Requirement(text) for text in table["dependencies"] +
            table["optional-dependencies"]["test"]]


def installed_closure() -> dict[str, str]:
    """Every installed distribution the roots need, directly or not, with its version."""
    found: dict[str, str] = {}
    pending = [(requirement, "") for requirement in roots()]
    while pending:
        requirement, extra = pending.pop()
        if requirement.marker is not None and not requirement.marker.evaluate({"extra": extra}):
            continue
        name = canonicalize_name(requirement.name)
        try:
            distribution = metadata.distribution(requirement.name)
        except metadata.PackageNotFoundError:
            continue  # not needed here (the lock's markers say where it is)
        wanted = {"", *requirement.extras}
        key = f"{name}[{','.join(sorted(wanted))}]"
        if key in found:
            continue
        found[key] = distribution.version
        for text in distribution.requires or []:
            dependency = Requirement(text)
            pending += [(dependency, wanted_extra) for wanted_extra in wanted]
    return {key.split("[")[0]: version for key, version in found.items()}


def test_every_installed_dependency_is_the_locked_version() -> None:
    pins = locked_versions()
    installed = installed_closure()
    assert "lxml-html-clean" in installed
    unlocked = sorted(name for name in installed if name not in pins)
    assert unlocked == [], "installed but not in the lock: run scripts/lock"
    different = {name: (version, pins[name]) for name, version in installed.items()
                 if version != pins[name]}
    assert different == {}, "(installed, locked): install with pip install -c requirements.lock"


def test_the_lock_names_the_html_cleaner_itself() -> None:
    assert re.search(r"^lxml-html-clean==\S+$", LOCK.read_text("utf-8"), re.MULTILINE)
    dependencies = project()["project"]["dependencies"]  # type: ignore[index]
    assert any(canonicalize_name(Requirement(text).name) == "lxml-html-clean"
               for text in dependencies)


def test_the_build_backend_is_pinned_exactly() -> None:
    requires = project()["build-system"]["requires"]  # type: ignore[index]
    assert requires and all("==" in text for text in requires)


def test_the_readme_commands_install_through_the_lock_and_ci_reads_them() -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    commands = re.findall(r"^```sh\n(python3 -m venv .*)\n```$", readme, re.MULTILINE)
    assert len(commands) == 2
    assert all("pip install -c requirements.lock " in command for command in commands)
    ci = (REPO / ".ci" / "run").read_text("utf-8")
    assert 'readme_command "## Install and run"' in ci
    assert 'readme_command "## Run the tests"' in ci
    assert not re.search(r"install .*(--upgrade|-U) +pip", ci)
    assert (REPO / "scripts" / "lock").stat().st_mode & 0o111
