"""The shipped encoder run with ONNX Runtime, and Slant without it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy
import pytest
from paths import REPO

from tui.analysis.claims.tagged import CHANNELS
from tui.encoder import encoder_problem, load_encoder
from tui.encoder import runtime as encoder_runtime

SEED = REPO / "seeds" / "anti-imperialist-op-ed-peace-talks.txt"

pytestmark = pytest.mark.skipif(
    encoder_problem() is not None, reason=f"the encoder cannot run here: {encoder_problem()}"
)


def test_pieces_cover_the_text_with_one_probability_per_label() -> None:
    encoder = load_encoder()
    assert encoder is not None and encoder.labels[0] == "O"
    # The device head's fifteen labels, then the claims head's six channels.
    assert len(encoder.labels) == 21 and encoder.labels[15:] == CHANNELS
    text = "Senator Olga Brandt called the deal “a shameful betrayal” of the valley."
    (starts, ends, probs), = encoder([text])
    assert probs.shape == (len(starts), len(encoder.labels))
    assert ((probs >= 0) & (probs <= 1)).all()
    words = {text[s:e].lower() for s, e in zip(starts, ends, strict=True)}
    assert {"senator", "deal", "valley"} <= words  # uncased pieces, offsets into the text
    assert (numpy.diff(starts) > 0).all()


def test_the_claims_head_marks_source_cue_and_content() -> None:
    encoder = load_encoder()
    assert encoder is not None
    text = "Councillor Dan Okafor insisted that the reservoir deal was a betrayal of the valley."
    (starts, ends, probs), = encoder([text])
    column = {label: index for index, label in enumerate(encoder.labels)}

    def chance(word: str, channel: str) -> float:
        """The highest chance among the pieces of ``word`` (a name is cut in several)."""
        first = text.index(word)
        return max(float(p[column["claim:" + channel]])
                   for s, p in zip(starts, probs, strict=True)
                   if first <= s < first + len(word))

    assert chance("Okafor", "source") > 0.5 > chance("Okafor", "content")
    assert chance("insisted", "cue") > 0.5 > chance("insisted", "content")
    assert chance("reservoir", "content") > 0.5 > chance("reservoir", "source")
    assert chance("valley", "content") > 0.5 > chance("valley", "cue")


def test_a_long_paragraph_is_read_in_overlapping_windows() -> None:
    encoder = load_encoder()
    assert encoder is not None
    text = " ".join(["The committee met again on Tuesday to review the budget."] * 80)
    (starts, ends, probs), = encoder([text])
    assert len(starts) > 600 and ends[-1] == len(text)
    assert numpy.isfinite(probs).all()


def test_charged_words_score_above_plain_ones() -> None:
    encoder = load_encoder()
    assert encoder is not None
    charged, plain = encoder([
        "These corrupt, treasonous thugs are destroying our great nation.",
        "The committee will meet on Tuesday to review the budget figures.",
    ])
    techniques = slice(1, 15)  # the device head's columns (the claims head's follow)
    assert charged[2][:, techniques].max() > plain[2][:, techniques].max() + 0.2


def test_without_the_weights_the_rules_and_the_token_network_still_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from importlib.resources import files

    from tui.analysis import analyze, load_pipeline
    from tui.engine.layers import attach_encoder

    monkeypatch.setattr(encoder_runtime, "_data", lambda: files("tui").joinpath("no-such"))
    for cached in (encoder_runtime.encoder_problem, encoder_runtime.load_encoder,
                   encoder_runtime.weights_digest):
        cached.cache_clear()
    try:
        assert "not installed" in (encoder_runtime.encoder_problem() or "")
        pipeline = load_pipeline()
        assert attach_encoder(pipeline.nlp) is False
        analysis = analyze(SEED.read_text("utf-8"), pipeline)
        assert analysis.devices and {d.rule for d in analysis.devices if d.evidence == "model"} \
            <= {"ptc-token-mlp"}
    finally:
        for cached in (encoder_runtime.encoder_problem, encoder_runtime.load_encoder,
                       encoder_runtime.weights_digest):
            cached.cache_clear()


def test_slant_analyze_runs_without_onnxruntime(tmp_path: Path) -> None:
    shadow = tmp_path / "shadow"
    shadow.mkdir()
    (shadow / "sitecustomize.py").write_text("import sys\nsys.modules['onnxruntime'] = None\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(shadow), str(REPO)])}
    run = subprocess.run(
        [sys.executable, "-m", "tui", "analyze", str(SEED), "--format", "json", "--no-cache",
         "--encoder"],
        capture_output=True, text=True, env=env, timeout=300, check=False,
    )
    assert run.returncode == 0, run.stderr
    devices = json.loads(run.stdout)["devices"]
    assert devices and not any("onnx" in d.get("rule", "") for d in devices)
    assert "Traceback" not in run.stderr
    assert "the encoder needs onnxruntime" in run.stderr


def test_off_by_default_and_encoder_adds_its_model_devices(
    tmp_path: Path,
) -> None:
    def devices(*extra: str) -> list[dict[str, object]]:
        run = subprocess.run(
            [sys.executable, "-m", "tui", "analyze", str(SEED), "--format", "json", *extra],
            capture_output=True, text=True, timeout=300, check=True, cwd=REPO,
        )
        found: list[dict[str, object]] = json.loads(run.stdout)["devices"]
        return found

    without = devices("--no-cache")
    assert {d["rule"] for d in without if d["evidence"] == "model"} <= {"ptc-token-mlp"}
    with_encoder = devices("--encoder", "--no-cache")
    assert all("ptc-minilm-onnx" in str(d["rule"])
               for d in with_encoder if d["evidence"] == "model")
