"""The analysis over worker processes gives what the whole pipeline gives, in one process."""

from __future__ import annotations

from tui.analysis import analyze_paragraphs, load_pipeline
from tui.analysis.model import ParagraphAnalysis
from tui.analysis.pipeline import split_paragraphs
from tui.engine.layers import FULL
from tui.engine.runner import AnalysisRunner, Progress

TEXT = "\n\n".join(
    f"{n}. The minister said that the harbour in Valmora would reopen. Critics warned that "
    f"the reckless plan would ruin the fishing towns. Is anyone surprised?"
    for n in range(40)
)


class Sink:
    def __init__(self) -> None:
        self.model = ""
        self.parts: dict[int, ParagraphAnalysis] = {}
        self.levels: dict[int, int] = {}
        self.progress: list[Progress] = []
        self.finished = False
        self.failures: list[str] = []

    def model_loaded(self, model: str, seconds: float, warnings: tuple[str, ...]) -> None:
        self.model = model

    def batch(self, parts: tuple[ParagraphAnalysis, ...], levels: tuple[int, ...],
              progress: Progress) -> None:
        for part, level in zip(parts, levels, strict=True):
            assert level >= self.levels.get(part.paragraph.index, 0), "layers only go up"
            self.parts[part.paragraph.index] = part
            self.levels[part.paragraph.index] = level
        self.progress.append(progress)

    def done(self, seconds: float, warnings: tuple[str, ...]) -> None:
        self.finished = True

    def failed(self, message: str) -> None:
        self.failures.append(message)


def test_worker_processes_give_the_same_analysis_as_one_pipeline() -> None:
    paragraphs = split_paragraphs(TEXT)
    sink = Sink()
    stored: list[list[ParagraphAnalysis]] = []
    runner = AnalysisRunner(TEXT, paragraphs, sink, jobs=2, batch_size=8,
                            on_complete=lambda parts, model: stored.append(parts))
    runner.focus(30, 33)
    runner.run()
    assert sink.finished and not sink.failures
    assert sink.model.startswith("en_core_web")
    assert set(sink.levels.values()) == {FULL}
    expected = list(analyze_paragraphs(TEXT, load_pipeline()))
    assert [sink.parts[i] for i in range(len(paragraphs))] == expected
    assert stored == [expected]
    fractions = [p.fraction for p in sink.progress]
    assert fractions == sorted(fractions) and abs(fractions[-1] - 1.0) < 1e-9


def test_a_missing_model_is_reported_not_raised() -> None:
    sink = Sink()
    runner = AnalysisRunner(TEXT, split_paragraphs(TEXT), sink, model="no_such_pipeline_xyz",
                            jobs=1)
    runner.run()
    assert not sink.finished
    assert sink.failures and "no_such_pipeline_xyz" in sink.failures[0]


SCRIPT = """
import sys
sys.path.insert(0, {repo!r})
from tui.analysis import analyze_paragraphs, load_pipeline
from tui.analysis.pipeline import split_paragraphs
from tui.engine.pool import start_worker_server
from tui.engine.runner import AnalysisRunner
sys.path.insert(0, {tests!r})
from test_runner import TEXT, Sink

if __name__ == "__main__":
    start_worker_server(None, [{rules!r}])
    sink = Sink()
    runner = AnalysisRunner(TEXT, split_paragraphs(TEXT), sink, jobs=1, rule_dirs=[{rules!r}])
    runner.run()
    expected = list(analyze_paragraphs(TEXT, load_pipeline()))
    got = [sink.parts[i] for i in range(len(expected))]
    print("SAME" if sink.finished and got == expected else "DIFFERENT")
"""


def test_workers_forked_from_a_preloaded_server_give_the_same_analysis(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys
    from pathlib import Path

    script = tmp_path / "preloaded.py"
    script.write_text(SCRIPT.format(tests=str(Path(__file__).parent),
                                    repo=str(Path(__file__).resolve().parents[2]),
                                    rules=str(tmp_path / "rules")), encoding="utf-8")
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                            timeout=300, check=False)
    assert result.stdout.strip().endswith("SAME"), result.stdout + result.stderr
