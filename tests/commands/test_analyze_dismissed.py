"""``slant analyze`` and what the reader dismissed: marked in JSON and JSON Lines, left out
of the other formats unless ``--include-dismissed``, never counted."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from paths import REPO, SAMPLE

from tui.analysis.dismissed import dismissal_of
from tui.analysis.model import Device, Span
from tui.dismissals import add_dismissal
from tui.documents.loading import load_document


def slant(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui", "analyze", "--quiet", *args],
                          capture_output=True, text=True, timeout=600, cwd=REPO,
                          env={**os.environ, "SLANT_DATA_DIR": str(data)}, check=True)


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The sample analysed before and after dismissing its first device, in four formats."""
    data = tmp_path_factory.mktemp("data")
    before = json.loads(slant(data, str(SAMPLE)).stdout)
    first = before["devices"][0]
    text = load_document(str(SAMPLE)).text
    device = Device(first["id"], first["name"], first["category"],
                    Span(first["start"], first["end"]), first["reason"],
                    evidence=first["evidence"], rule=first["rule"])
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SLANT_DATA_DIR", str(data))
        assert add_dismissal(text, dismissal_of(device, text), "sample") is None
    return {
        "before": json.dumps(before),
        "json": slant(data, str(SAMPLE)).stdout,
        "jsonl": slant(data, str(SAMPLE), "--format", "jsonl").stdout,
        "markdown": slant(data, str(SAMPLE), "--format", "markdown").stdout,
        "markdown-all": slant(data, str(SAMPLE), "--format", "markdown",
                              "--include-dismissed").stdout,
        "text": slant(data, str(SAMPLE), "--format", "text").stdout,
        "before-markdown": slant(tmp_path_factory.mktemp("empty"), str(SAMPLE), "--format",
                                 "markdown").stdout,
    }


def test_json_marks_the_one_dismissed_device_and_does_not_count_it(runs) -> None:
    before, after = json.loads(runs["before"]), json.loads(runs["json"])
    marked = [device for device in after["devices"] if device.get("dismissed")]
    assert len(marked) == 1 and marked[0]["start"] == before["devices"][0]["start"]
    assert len(after["devices"]) == len(before["devices"])  # still listed
    assert after["counts"]["devices"] == before["counts"]["devices"] - 1
    assert after["counts"]["entities"] == before["counts"]["entities"]
    assert not any("dismissed" in entity for entity in after["entities"])
    line = json.loads(runs["jsonl"])
    assert line["devices"] == after["devices"] and line["counts"] == after["counts"]


def test_the_reports_leave_it_out_unless_asked(runs) -> None:
    def devices_in(report: str) -> int:
        found = re.search(r"([\d,]+) rhetorical devices?", report)
        assert found is not None
        return int(found.group(1).replace(",", ""))

    total = devices_in(runs["before-markdown"])
    assert devices_in(runs["markdown"]) == total - 1
    assert devices_in(runs["markdown-all"]) == total
    assert runs["markdown-all"] == runs["before-markdown"]
    assert f"RHETORICAL DEVICES ({total - 1})" in runs["text"]


def test_the_json_validates_against_the_schema(runs) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from tui.exports import schema_path

    schema = json.loads(schema_path().read_text("utf-8"))
    jsonschema.validate(json.loads(runs["json"]), schema)
