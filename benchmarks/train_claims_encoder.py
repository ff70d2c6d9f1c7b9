"""Teach the fine-tuned encoder to mark attributions too: a claims branch on its shared trunk.

    nice -n 10 /work/train/bin/python benchmarks/train_claims_encoder.py prepare
    nice -n 10 /work/train/bin/python benchmarks/train_claims_encoder.py train   # train split
    nice -n 10 /work/train/bin/python benchmarks/train_claims_encoder.py export  # one ONNX file

Needs the device encoder's final weights first (``benchmarks/train_encoder.py final``, which
writes ``benchmarks/.cache/encoder/final.pt``). Everything here is written under
``benchmarks/.cache/claims-encoder/`` (not in git).

Design. The device encoder (all-MiniLM-L6-v2 fine-tuned on PTC, see
``benchmarks/train_encoder.py``) runs on every paragraph when ``--encoder`` is on. Its
embeddings and first ``--first`` transformer layers are shared: a *claims branch* — a copy of
the remaining layers, started from the device model's weights — reads the shared layer's
hidden states and ends in a linear head of six sigmoids per word piece: the piece lies in a
source, a cue, a content (at least half its characters inside a span of that role), and the
piece starts a source, a cue, a content (the first piece of each continuous part of a span).
The trunk stays frozen, so the device outputs are exactly those of the device model, and the
exported file runs the trunk once for both heads (the branch costs what its layers cost).

Data. PolNeAR v1.0.0 (Newell, Margolin, Ruths, LREC 2018), read from
``$SLANT_SHARED_DIR/eval/polnear`` as ``benchmarks/eval_claims.py`` reads it (first annotator
of each document). Trained on the ``train`` split only; ``dev`` is predicted for choosing the
decoding. Each paragraph (blank-line block, as Slant splits a text) is one sequence, cut into
windows of at most ``--max-len`` pieces: at run time the encoder sees one paragraph at a time,
so training sees what it will see. No corpus text is stored in the project: the weights are
all that leaves the cache.

Training. Binary cross-entropy over the six channels and real pieces; biases start at each
channel's log-odds; AdamW with linear warm-up (6%) and decay, the branch at ``--lr``, the
head at ten times that; bfloat16 autocast on the CPU.

Budget and results (2 cores). About 0.75 s per step of ~4,096 pieces, 265 steps per epoch
over the 815k pieces of train: ``--first 3 --epochs 4`` took 14 minutes, ``--first 2 --epochs
5`` 21, ``--first 2 --epochs 8`` (shipped) 30. Dev, per piece at 0.5 (printed at the end of
``train``): source / cue / content F1 0.813 / 0.673 / 0.892 with the three-layer branch,
0.843 / 0.701 / 0.904 with the four-layer one after 5 epochs, 0.849 / 0.711 / 0.906 after 8.
Export prunes the vocabulary's unused rows (see :func:`prune_vocabulary`): the four-layer file
is 29.9 MB in int8.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import pickle
import re
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import train_encoder as device  # noqa: E402
from eval_claims import load_split, shared_dir  # noqa: E402

CHANNELS = ("source", "cue", "content", "source-start", "cue-start", "content-start")
ROLES = ("source", "cue", "content")
CACHE = HERE / ".cache" / "claims-encoder"
_BLANK = "\n\n"


def paragraphs(text: str) -> list[tuple[int, int]]:
    """The blank-line blocks of ``text`` as Slant splits them (trimmed, non-empty)."""
    from tui.analysis.pipeline import split_paragraphs

    return [(p.span.start, p.span.end) for p in split_paragraphs(text)]


def piece_targets(starts: numpy.ndarray, ends: numpy.ndarray,
                  gold: Sequence[tuple[str, int, int]]) -> numpy.ndarray:
    """Targets ``[pieces, 6]`` from ``(role, start, end)`` parts (character offsets)."""
    y = numpy.zeros((len(starts), len(CHANNELS)), dtype=numpy.uint8)
    width = numpy.maximum(ends - starts, 1)
    for role, g_start, g_end in gold:
        overlap = numpy.minimum(ends, g_end) - numpy.maximum(starts, g_start)
        inside = (overlap > 0) & (overlap * 2 >= width)
        column = ROLES.index(role)
        y[inside, column] = 1
        where = numpy.flatnonzero(inside)
        if len(where):
            y[where[0], column + 3] = 1
    return y


def prepare(args: argparse.Namespace) -> dict[str, Any]:
    """Tokenise every paragraph of train and dev once (cached)."""
    path = CACHE / "corpus.pkl"
    if path.exists() and not args.force:
        return pickle.loads(path.read_bytes())
    tokenizer = device.load_tokenizer()
    corpus: dict[str, Any] = {"channels": CHANNELS, "documents": {}}
    for split in ("train", "dev"):
        for document in load_split(split, None):
            parts = [(role, s, e) for relation in document.gold
                     for role in ROLES for s, e in getattr(relation, role)]
            paras = []
            for p_start, p_end in paragraphs(document.text):
                ids, starts, ends = device.encode(tokenizer, document.text[p_start:p_end])
                inside = [(r, max(s, p_start) - p_start, min(e, p_end) - p_start)
                          for r, s, e in parts if s < p_end and e > p_start]
                paras.append({"start": p_start, "ids": ids, "starts": starts, "ends": ends,
                              "y": piece_targets(starts, ends, inside)})
            corpus["documents"][document.name] = {"split": split, "paragraphs": paras}
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(corpus))
    for split in ("train", "dev"):
        docs = [d for d in corpus["documents"].values() if d["split"] == split]
        pieces = sum(len(p["ids"]) for d in docs for p in d["paragraphs"])
        print(f"{split}: {len(docs)} documents, {pieces:,} pieces", flush=True)
    return corpus


# ------------------------------------------------------------------------------------ model


def build_shared(first: int) -> Any:
    """The device model (final weights) with a claims branch from layer ``first`` on."""
    import torch
    from transformers.masking_utils import create_bidirectional_mask

    tagger = device.load_final("eager")

    class Shared(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = tagger.encoder
            self.device_head = tagger.head
            self.first = first
            self.branch = torch.nn.ModuleList(
                copy.deepcopy(layer) for layer in self.bert.encoder.layer[first:]
            )
            self.dropout = torch.nn.Dropout(self.bert.config.hidden_dropout_prob)
            self.claims_head = torch.nn.Linear(self.bert.config.hidden_size, len(CHANNELS))
            self.with_devices = True

        def forward(self, input_ids, attention_mask, token_type_ids=None):  # type: ignore[no-untyped-def]
            if token_type_ids is None:
                token_type_ids = torch.zeros_like(input_ids)
            hidden = self.bert.embeddings(input_ids=input_ids, token_type_ids=token_type_ids)
            mask = create_bidirectional_mask(config=self.bert.config, inputs_embeds=hidden,
                                             attention_mask=attention_mask)
            layers = self.bert.encoder.layer
            for layer in layers[: self.first]:
                hidden = layer(hidden, mask)
            claims = hidden
            for layer in self.branch:
                claims = layer(claims, mask)
            claims = self.claims_head(self.dropout(claims))
            if not self.with_devices:
                return claims
            for layer in layers[self.first :]:
                hidden = layer(hidden, mask)
            return self.device_head(hidden), claims

    model = Shared()
    for name, parameter in model.named_parameters():
        parameter.requires_grad = name.startswith(("branch.", "claims_head."))
    return model


def windows_of(documents: list[dict[str, Any]], size: int) -> list[tuple[dict[str, Any], int, int]]:
    """Every paragraph's windows of at most ``size`` pieces (no overlap)."""
    found = []
    for document in documents:
        for para in document["paragraphs"]:
            n = len(para["ids"])
            found += [(para, a, min(a + size, n)) for a in range(0, n, size)]
    return found


def train(corpus: dict[str, Any], args: argparse.Namespace) -> Any:
    import torch

    log = device.logger("train", CACHE)
    torch.set_num_threads(args.threads)
    device.seed_everything(args.seed)
    model = build_shared(args.first)
    model.with_devices = False
    documents = [d for d in corpus["documents"].values() if d["split"] == "train"]
    size = args.max_len - 2
    windows = windows_of(documents, size)
    y_all = numpy.concatenate([p["y"] for d in documents for p in d["paragraphs"]])
    rate = numpy.clip(y_all.mean(axis=0), 1e-4, 1 - 1e-4)
    log("piece rates: " + ", ".join(f"{c} {r:.3f}" for c, r in zip(CHANNELS, rate, strict=True)))
    with torch.no_grad():
        model.claims_head.bias.copy_(torch.tensor(numpy.log(rate / (1 - rate)),
                                                  dtype=torch.float32))
        model.claims_head.weight.normal_(0.0, 0.02)
    rng = numpy.random.default_rng(args.seed)
    budget = args.batch_pieces
    steps_per_epoch = -(-sum(e - s + 2 for _, s, e in windows) // budget)
    total_steps = steps_per_epoch * args.epochs
    branch = [p for n, p in model.named_parameters() if n.startswith("branch.")]
    head = [p for n, p in model.named_parameters() if n.startswith("claims_head.")]
    optimizer, scheduler = device.adamw_with_warmup(
        model, lambda name: name.startswith("branch."),
        lambda name: name.startswith("claims_head."), args.lr, total_steps,
    )
    loss_fn = torch.nn.BCEWithLogitsLoss(reduction="none")
    log(f"{len(documents)} documents, {len(windows)} windows, ~{steps_per_epoch} steps/epoch "
        f"of ~{budget} pieces, {args.epochs} epochs, branch from layer {args.first}")
    started = time.perf_counter()
    step = 0
    for epoch in range(args.epochs):
        model.train()
        order = [windows[i] for i in rng.permutation(len(windows))]
        batches: list[list[tuple[dict[str, Any], int, int]]] = []
        for first in range(0, len(order), 512):
            chunk = sorted(order[first : first + 512], key=lambda w: w[2] - w[1])
            current: list[tuple[dict[str, Any], int, int]] = []
            for window in chunk:
                width = window[2] - window[1] + 2
                if current and width * (len(current) + 1) > budget:
                    batches.append(current)
                    current = []
                current.append(window)
            if current:
                batches.append(current)
        batches = [batches[i] for i in rng.permutation(len(batches))]
        epoch_started = time.perf_counter()
        running = 0.0
        for number, group in enumerate(batches):
            input_ids, mask = device.batch_arrays([p["ids"][s:e] for p, s, e in group])
            targets = numpy.zeros((len(group), input_ids.shape[1], len(CHANNELS)),
                                  dtype=numpy.float32)
            valid = numpy.zeros(input_ids.shape, dtype=numpy.float32)
            for row, (p, s, e) in enumerate(group):
                targets[row, 1 : e - s + 1] = p["y"][s:e]
                valid[row, 1 : e - s + 1] = 1.0
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=args.bf16):
                logits = model(torch.from_numpy(input_ids), torch.from_numpy(mask))
            losses = loss_fn(logits.float(), torch.from_numpy(targets)).mean(dim=-1)
            valid_t = torch.from_numpy(valid)
            loss = (losses * valid_t).sum() / valid_t.sum()
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(branch + head, 1.0)
            optimizer.step()
            scheduler.step()
            step += 1
            running += loss.item()
            if (number + 1) % 50 == 0:
                per = (time.perf_counter() - epoch_started) / (number + 1)
                log(f"  epoch {epoch + 1} step {number + 1}/{len(batches)} loss "
                    f"{running / 50:.4f}  {per:.2f} s/step")
                running = 0.0
            if args.max_steps and step >= args.max_steps:
                log(f"stopped after {step} steps: "
                    f"{(time.perf_counter() - started) / step:.2f} s/step")
                return model
        log(f"epoch {epoch + 1} done in {time.perf_counter() - epoch_started:.0f} s")
    torch.save({k: v for k, v in model.state_dict().items()
                if k.startswith(("branch.", "claims_head."))}, CACHE / "branch.pt")
    predict(corpus, model, args, log)
    return model


def predict(corpus: dict[str, Any], model: Any, args: argparse.Namespace,
            log: Callable[[str], None]) -> None:
    """The dev documents' pieces with their six probabilities, in document offsets."""
    import torch

    model.eval()
    model.with_devices = False

    def run(input_ids: numpy.ndarray, mask: numpy.ndarray) -> numpy.ndarray:
        with torch.inference_mode():
            return model(torch.from_numpy(input_ids), torch.from_numpy(mask)).float().numpy()

    found: dict[str, list[tuple[int, int, numpy.ndarray]]] = {}
    for name, document in corpus["documents"].items():
        if document["split"] != "dev":
            continue
        pieces: list[tuple[int, int, numpy.ndarray]] = []
        for para in document["paragraphs"]:
            if not len(para["ids"]):
                continue
            probs = device.predict_pieces(para["ids"], run, args.max_len, args.stride)
            pieces += [(int(s) + para["start"], int(e) + para["start"], p)
                       for s, e, p in zip(para["starts"], para["ends"], probs, strict=True)]
        found[name] = pieces
    (CACHE / "dev.pkl").write_bytes(pickle.dumps({"channels": CHANNELS, "documents": found}))
    gold = numpy.concatenate([p["y"] for d in corpus["documents"].values()
                              if d["split"] == "dev" for p in d["paragraphs"]])
    probs = numpy.concatenate([numpy.stack([p for *_, p in v]) for v in found.values() if v])
    for column, channel in enumerate(CHANNELS):
        guess = probs[:, column] >= 0.5
        truth = gold[:, column] == 1
        tp = float((guess & truth).sum())
        p = tp / max(guess.sum(), 1)
        r = tp / max(truth.sum(), 1)
        log(f"dev pieces, {channel}: P {p:.3f} R {r:.3f} F1 {2 * p * r / max(p + r, 1e-9):.3f}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("stage", choices=("prepare", "train", "export"))
    parser.add_argument("--first", type=int, default=3,
                        help="the shared layers; the branch copies the rest")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--lr", type=float, default=1e-4)
    parser.add_argument("--batch-pieces", type=int, default=4096,
                        help="pieces per step, padding included")
    parser.add_argument("--max-len", type=int, default=256)
    parser.add_argument("--stride", type=int, default=192)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--max-steps", type=int, default=0, help="stop early (timing)")
    parser.add_argument("--no-bf16", dest="bf16", action="store_false")
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args(argv)
    if not (shared_dir() / "eval" / "polnear" / "train").is_dir():
        print(f"skipped: PolNeAR is not under {shared_dir()} (set SLANT_SHARED_DIR)")
        return 0
    corpus = prepare(args)
    if args.stage == "train":
        train(corpus, args)
    elif args.stage == "export":
        export(args)
    return 0


def load_shared(first: int) -> Any:
    """The device model with its trained claims branch, ready to run (eval mode)."""
    import torch

    model = build_shared(first)
    model.load_state_dict(torch.load(CACHE / "branch.pt", map_location="cpu"), strict=False)
    model.eval()
    return model


_UNUSED = re.compile(r"\[unused\d+\]")


def prune_vocabulary(model: Any, tokenizer_out: Path) -> numpy.ndarray:
    """Drop the vocabulary's 994 ``[unusedN]`` rows, which the tokenizer never produces (its
    pre-tokenizer splits off the brackets), from the model's word embeddings, and write the
    tokenizer with ids renumbered to match: 0.38 MB less in int8, the same outputs. Returns
    the old id → new id map (-1 for a dropped id)."""
    import torch

    spec = json.loads((device.model_dir() / "tokenizer.json").read_text("utf-8"))
    vocab: dict[str, int] = spec["model"]["vocab"]
    kept = sorted(i for token, i in vocab.items() if not _UNUSED.fullmatch(token))
    remap = numpy.full(len(vocab), -1, dtype=numpy.int64)
    remap[kept] = numpy.arange(len(kept))
    spec["model"]["vocab"] = {token: int(remap[i]) for token, i in vocab.items()
                              if remap[i] >= 0}
    for added in spec.get("added_tokens", []):
        added["id"] = int(remap[added["id"]])
    for special in (spec.get("post_processor") or {}).get("special_tokens", {}).values():
        special["ids"] = [int(remap[i]) for i in special["ids"]]
    tokenizer_out.write_text(json.dumps(spec, ensure_ascii=False), "utf-8")
    old = model.bert.embeddings.word_embeddings
    new = torch.nn.Embedding(len(kept), old.embedding_dim, padding_idx=int(remap[0]))
    with torch.no_grad():
        new.weight.copy_(old.weight[torch.tensor(kept)])
    model.bert.embeddings.word_embeddings = new
    return remap


def export(args: argparse.Namespace) -> None:
    """One ONNX file with both heads (outputs ``logits`` and ``claims``), fp32 and int8,
    checked against PyTorch on a padded batch."""
    import onnx
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    log = device.logger("export", CACHE)
    torch.set_num_threads(args.threads)
    model = load_shared(args.first)
    remap = prune_vocabulary(model, CACHE / "tokenizer.json")
    ids = torch.tensor([[device.CLS, 2023, 2003, 1037, 3231, device.SEP]] * 2)
    fp32, int8 = CACHE / "model.onnx", CACHE / "model-int8.onnx"
    torch.onnx.export(
        model, (ids, torch.ones_like(ids), torch.zeros_like(ids)), str(fp32),
        input_names=["input_ids", "attention_mask", "token_type_ids"],
        output_names=["logits", "claims"],
        dynamic_axes={name: {0: "batch", 1: "sequence"} for name in
                      ("input_ids", "attention_mask", "token_type_ids", "logits", "claims")},
        opset_version=18, dynamo=False,
    )
    onnx.save(onnx.load(str(fp32)), str(fp32), save_as_external_data=False)
    onnx.checker.check_model(str(fp32))
    layers = len(model.bert.encoder.layer)
    # What the shipped settings' provenance says of the branch (benchmarks/ship_encoder.py).
    (CACHE / "branch.json").write_text(json.dumps({"first": args.first, "layers": layers}))
    # The device encoder's own settings: per-channel scales, 7-bit weights.
    quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8, per_channel=True,
                     reduce_range=True)
    corpus = pickle.loads((CACHE / "corpus.pkl").read_bytes())
    para = next(p for d in corpus["documents"].values() if d["split"] == "dev"
                for p in d["paragraphs"] if len(p["ids"]) > 120)
    input_ids, mask = device.batch_arrays([para["ids"][:40], para["ids"][:120], para["ids"][5:9]])
    # The reference is the unpruned model on the original ids; the files take the new ids.
    with torch.inference_mode():
        reference = [t.float().numpy() for t in load_shared(args.first)(
            torch.from_numpy(input_ids), torch.from_numpy(mask))]
    input_ids = remap[input_ids]
    text = "Councillor Dan Okafor insisted that the deal was a betrayal."
    before = device.encode(device.load_tokenizer(), text)[0]
    after = device.encode(device.load_tokenizer(CACHE / "tokenizer.json"), text)[0]
    assert (remap[before] == after).all(), "the pruned tokenizer's ids do not follow the remap"
    real = mask.astype(bool)
    for path in (fp32, int8):
        session = device.onnx_session(path, args.threads)
        outputs = session.run(["logits", "claims"], {
            "input_ids": input_ids, "attention_mask": mask,
            "token_type_ids": numpy.zeros_like(input_ids)})
        gaps = [float(numpy.abs(1 / (1 + numpy.exp(-a)) - 1 / (1 + numpy.exp(-b)))[real].max())
                for a, b in zip(outputs, reference, strict=True)]
        log(f"{path.name}: {path.stat().st_size / 1e6:.1f} MB; max |prob - torch prob| "
            f"devices {gaps[0]:.4f}, claims {gaps[1]:.4f}")


if __name__ == "__main__":
    raise SystemExit(main())
