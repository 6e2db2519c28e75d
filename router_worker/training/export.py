"""``router-export``: a training checkpoint -> a servable model directory.

Writes ``model.onnx`` (fp32), ``model.fp16.onnx`` (fp16 weights and compute, fp32/int64 IO)
and ``model.int8.onnx`` (dynamic int8 quantization of the MatMul weights, per channel), copies
``tokenizer.json`` and writes ``model.json`` (``ModelCard``). Every variant is checked against
PyTorch on the same inputs; the measured max abs differences are printed, recorded in the
card, and the export fails when one exceeds its tolerance.

The graph's interface is the ONNX contract of the serving engine: inputs ``input_ids``,
``attention_mask`` (int64 [batch, seq]) and ``guideline_spans`` (int64 [batch, guidelines, 2]);
outputs ``decision_probs`` [batch, 3], ``reason_probs`` [batch, 8] and ``citation_probs``
[batch, guidelines], float32, with dynamic batch, seq and guidelines axes.
"""

from __future__ import annotations

import argparse
import json
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import onnx
import torch

from router_worker.model_card import (
    INPUT_NAMES,
    OUTPUT_NAMES,
    ModelCard,
    Thresholds,
    describe_file,
    write_card,
)
from router_worker.records import EvalRecord
from router_worker.tokenize import TextEncoder, pad_batch
from router_worker.training.model import TRAIN_CONFIG_FILE, EscalationModel, ExportWrapper

VARIANT_FILES = {"fp32": "model.onnx", "fp16": "model.fp16.onnx", "int8": "model.int8.onnx"}
# Max abs difference of any probability against PyTorch fp32 that the export accepts.
# int8: dynamic quantization of a fine-tuned MiniLM moves single probabilities by up to ~0.2
# near decision boundaries (measured: max 0.18, mean 0.013, top decision agreement 97.7%,
# held-out escalation accuracy -1 point); 6e-2 held only for untrained or tiny models.
TOLERANCES = {"fp32": 1e-4, "fp16": 2e-2, "int8": 0.25}
DYNAMIC_AXES = {
    "input_ids": {0: "batch", 1: "seq"},
    "attention_mask": {0: "batch", 1: "seq"},
    "guideline_spans": {0: "batch", 1: "guidelines"},
    "decision_probs": {0: "batch"},
    "reason_probs": {0: "batch"},
    "citation_probs": {0: "batch", 1: "guidelines"},
}


@dataclass(frozen=True, slots=True)
class SampleInputs:
    input_ids: np.ndarray
    attention_mask: np.ndarray
    guideline_spans: np.ndarray

    def as_feed(self) -> dict[str, np.ndarray]:
        return {
            "input_ids": self.input_ids,
            "attention_mask": self.attention_mask,
            "guideline_spans": self.guideline_spans,
        }

    def as_torch(self) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        return (
            torch.from_numpy(self.input_ids),
            torch.from_numpy(self.attention_mask),
            torch.from_numpy(self.guideline_spans),
        )


def load_for_export(ckpt_dir: str | Path) -> EscalationModel:
    """Eager attention: plain MatMul/Softmax ops that every exporter and ORT handle."""
    model = EscalationModel.load_checkpoint(ckpt_dir, attn_implementation="eager")
    return model.eval()


def export_fp32(model: EscalationModel, path: Path, sample: SampleInputs, opset: int = 17) -> Path:
    """TorchScript-based exporter (``dynamo=False``): with torch 2.15 it gives one static graph
    with the dynamic axes above for both BERT and ModernBERT; parity is checked afterwards."""
    wrapper = ExportWrapper(model).eval()
    path.parent.mkdir(parents=True, exist_ok=True)
    with torch.no_grad():
        torch.onnx.export(
            wrapper,
            sample.as_torch(),
            str(path),
            input_names=list(INPUT_NAMES),
            output_names=list(OUTPUT_NAMES),
            dynamic_axes=DYNAMIC_AXES,
            opset_version=opset,
            do_constant_folding=True,
            dynamo=False,
        )
    onnx.checker.check_model(str(path))
    return path


def convert_fp16(src: Path, dst: Path) -> Path:
    """fp16 weights and compute; inputs stay int64, outputs stay float32 (keep_io_types)."""
    from onnxruntime.transformers.float16 import convert_float_to_float16

    model = onnx.load(str(src))
    # Softmax-style reductions and the final sigmoid/softmax stay accurate enough in fp16;
    # keep_io_types adds the casts so the contract's float32 outputs are unchanged.
    fp16 = convert_float_to_float16(model, keep_io_types=True)
    onnx.save(fp16, str(dst))
    return dst


def ffn_matmuls(src: Path) -> list[str]:
    """Names of the feed-forward MatMuls (BERT intermediate/output, ModernBERT mlp)."""
    names = [n.name for n in onnx.load(str(src), load_external_data=False).graph.node]
    return [
        n
        for n in names
        if n.endswith("MatMul")
        and ("/intermediate/" in n or "/mlp/" in n or ("/output/" in n and "/attention/" not in n))
    ]


def named_nodes(src: Path, parts: tuple[str, ...]) -> list[str]:
    """Names of the nodes whose name contains any of ``parts``."""
    if not parts:
        return []
    names = [n.name for n in onnx.load(str(src), load_external_data=False).graph.node]
    return [n for n in names if any(p in n for p in parts)]


def convert_int8(
    src: Path,
    dst: Path,
    op_types: tuple[str, ...] = ("MatMul",),
    exclude: tuple[str, ...] = (),
) -> Path:
    """Dynamic quantization of weights to int8, per channel.

    MatMul only by default. Adding "Gather" also stores the embedding tables in int8, which
    for MiniLM cuts the file from ~59 MB to ~23 MB (the 30k x 384 word embeddings are half
    the model) at a similar measured parity.
    """
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(
        str(src),
        str(dst),
        weight_type=QuantType.QInt8,
        per_channel=True,
        op_types_to_quantize=list(op_types),
        nodes_to_exclude=list(exclude),
    )
    return dst


def torch_probs(model: EscalationModel, sample: SampleInputs) -> list[np.ndarray]:
    with torch.no_grad():
        outs = ExportWrapper(model).eval()(*sample.as_torch())
    return [o.numpy() for o in outs]


def ort_probs(path: Path, sample: SampleInputs, threads: int = 0) -> list[np.ndarray]:
    import onnxruntime as ort

    opts = ort.SessionOptions()
    if threads:
        opts.intra_op_num_threads = threads
    sess = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
    return sess.run(list(OUTPUT_NAMES), sample.as_feed())


def parity(reference: list[np.ndarray], got: list[np.ndarray]) -> dict[str, Any]:
    """Max abs difference per output and agreement of the top decision and reason."""
    diffs = {
        name: float(np.max(np.abs(r - g))) if r.size else 0.0
        for name, r, g in zip(OUTPUT_NAMES, reference, got, strict=True)
    }
    means = [float(np.mean(np.abs(r - g))) for r, g in zip(reference, got, strict=True) if r.size]
    return {
        "max_abs_diff": max(diffs.values()),
        "mean_abs_diff": float(np.mean(means)),
        "per_output": diffs,
        "decision_agreement": float(np.mean(reference[0].argmax(-1) == got[0].argmax(-1))),
        "reason_agreement": float(np.mean(reference[1].argmax(-1) == got[1].argmax(-1))),
        "n_samples": int(reference[0].shape[0]),
    }


def samples_from_records(
    records: list[EvalRecord], encoder: TextEncoder, limit: int
) -> SampleInputs | None:
    encs = [e for e in encoder.encode_batch([r.event for r in records]) if not e.too_long][:limit]
    if not encs:
        return None
    b = pad_batch(encs, encoder.pad_id)
    return SampleInputs(b.input_ids, b.attention_mask, b.guideline_spans)


def random_samples(vocab_size: int, seed: int = 0, batch: int = 4, seq: int = 48) -> SampleInputs:
    """Random ids with ragged lengths and guideline counts (padding paths exercised)."""
    rng = np.random.default_rng(seed)
    ids = rng.integers(5, max(6, vocab_size), size=(batch, seq), dtype=np.int64)
    mask = np.ones((batch, seq), np.int64)
    spans = np.zeros((batch, 3, 2), np.int64)
    for i in range(batch):
        n = seq - 7 * i
        mask[i, n:] = 0
        ids[i, n:] = 0
        for k in range(3 - i % 3):
            spans[i, k] = (1 + 5 * k, 4 + 5 * k)
    return SampleInputs(ids, mask, spans)


def check_variants(
    model: EscalationModel,
    variants: dict[str, Path],
    samples: list[SampleInputs],
    tolerances: dict[str, float] | None = None,
) -> dict[str, dict[str, Any]]:
    """Parity of each ONNX variant with PyTorch over all sample batches."""
    tol = tolerances or TOLERANCES
    results: dict[str, dict[str, Any]] = {}
    refs = [torch_probs(model, s) for s in samples]
    for variant, path in variants.items():
        runs = [parity(r, ort_probs(path, s)) for r, s in zip(refs, samples, strict=True)]
        n = sum(r["n_samples"] for r in runs)
        results[variant] = {
            "max_abs_diff": max(r["max_abs_diff"] for r in runs),
            "mean_abs_diff": sum(r["mean_abs_diff"] * r["n_samples"] for r in runs) / n,
            "per_output": {name: max(r["per_output"][name] for r in runs) for name in OUTPUT_NAMES},
            "decision_agreement": sum(r["decision_agreement"] * r["n_samples"] for r in runs) / n,
            "reason_agreement": sum(r["reason_agreement"] * r["n_samples"] for r in runs) / n,
            "n_samples": n,
            "tolerance": tol[variant],
        }
        results[variant]["ok"] = results[variant]["max_abs_diff"] <= tol[variant]
    return results


def _read_json(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text()) if path.is_file() else {}


def _summary_metrics(m: dict[str, Any]) -> dict[str, Any]:
    keys = (
        "n",
        "covered",
        "coverage",
        "escalation_accuracy",
        "reason_accuracy",
        "citation_auc",
        "macro_f1",
        "f1",
        "missed_escalations",
        "missed_escalation_rate",
        "escalation_accuracy_overall",
        "reason_accuracy_overall",
        "confusion",
        "val_loss",
        "epoch",
        "global_step",
    )
    return {k: m[k] for k in keys if k in m}


def training_recipe(ckpt: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """(training recipe, validation metrics) from the checkpoint and its run directory."""
    cfg = _read_json(ckpt / TRAIN_CONFIG_FILE)
    run = _read_json(ckpt.parent / "metrics.json")
    best = _read_json(ckpt / "metrics.json")
    data = cfg.get("data", {})
    recipe = {
        "data_files": data.get("train_files", []) + data.get("extra_train_files", []),
        "train_examples": data.get("train_examples"),
        "skipped_too_long": data.get("train_skipped_too_long"),
        "validation": f"{len(data.get('val_tenants', []))} held-out tenants, "
        f"{data.get('val_records')} records",
        "seed": cfg.get("seed"),
        "epochs": cfg.get("epochs"),
        "batch_size": cfg.get("batch_size"),
        "lr": cfg.get("lr"),
        "head_lr_mult": cfg.get("head_lr_mult"),
        "label_smoothing": cfg.get("label_smoothing"),
        "class_weight_power": cfg.get("class_weight_power"),
        "max_length": cfg.get("max_length"),
        "best_epoch": best.get("epoch"),
        "steps": run.get("global_step"),
        "wall_time_s": run.get("train_seconds"),
        "stopped": run.get("stopped"),
        "hardware": run.get("hardware"),
    }
    return {k: v for k, v in recipe.items() if v is not None}, _summary_metrics(best)


def validation_examples(ckpt: Path) -> tuple[list[Any], list[Any], int]:
    """(encoded examples, too_long records, pad id) of the run's held-out tenants."""
    from router_worker.training.data import encode_records, load_records, too_long_records

    cfg = _read_json(ckpt / TRAIN_CONFIG_FILE)
    data = cfg.get("data", {})
    val_tenants = set(data.get("val_tenants", []))
    files = [f for f in data.get("train_files", []) if Path(f).is_file()]
    if not val_tenants or not files or not cfg.get("tokenizer_file"):
        return [], [], 0
    records = [r for r in load_records(files) if r.event.tenant_id in val_tenants]
    encoder = TextEncoder.from_file(
        cfg["tokenizer_file"], int(cfg.get("max_length", 256)), int(cfg.get("max_guidelines", 32))
    )
    examples, _ = encode_records(records, encoder)
    return examples, too_long_records(records, encoder), encoder.pad_id


def variant_metrics(
    ckpt: Path, variants: dict[str, Path], batch_size: int = 32
) -> dict[str, dict[str, Any]]:
    """labels.md metrics of every ONNX variant on the held-out tenants, run by onnxruntime:
    what quantization costs in accuracy, which max-abs-diff alone does not say."""
    from router_worker.evaluate import Scored, compute_metrics
    from router_worker.records import DECISIONS, REASONS
    from router_worker.training.data import collate
    from router_worker.training.train import fallback_items

    examples, too_long, pad_id = validation_examples(ckpt)
    if not examples:
        return {}
    import onnxruntime as ort

    order = sorted(range(len(examples)), key=lambda i: examples[i].n_tokens)
    results: dict[str, dict[str, Any]] = {}
    for variant, path in variants.items():
        sess = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
        items: list[Scored] = []
        for b in range(0, len(order), batch_size):
            exs = [examples[i] for i in order[b : b + batch_size]]
            t = collate(exs, pad_id)
            feed = {k: t[k].numpy() for k in INPUT_NAMES}
            dec, rea, cit = sess.run(list(OUTPUT_NAMES), feed)
            for j, ex in enumerate(exs):
                items.append(
                    Scored(
                        label=ex.label,
                        guideline_ids=ex.guideline_ids,
                        language=ex.language,
                        decision=DECISIONS[int(dec[j].argmax())],
                        reason=REASONS[int(rea[j].argmax())],
                        citation_scores={
                            g: float(cit[j, k]) for k, g in enumerate(ex.guideline_ids)
                        },
                    )
                )
        m = compute_metrics(items + fallback_items(too_long), with_languages=False)
        results[variant] = _summary_metrics(m)
        print(
            f"validation {variant:>4}: escalation acc {m['escalation_accuracy']:.4f} "
            f"reason acc {m['reason_accuracy']:.4f} citation AUC {m['citation_auc']:.4f} "
            f"macro-F1 {m['macro_f1']:.4f} missed {m['missed_escalations']}",
            flush=True,
        )
    return results


def tune_citation_threshold(ckpt: Path, model: EscalationModel) -> tuple[float, dict[str, Any]]:
    """The citation threshold with the best F1 over the run's held-out tenants' guidelines.

    Uses the validation split recorded in the checkpoint's train_config (whole tenants never
    trained on), so the threshold is not fitted on training data.
    """
    from router_worker.training.train import predict

    examples, _, pad_id = validation_examples(ckpt)
    if not examples:
        return 0.5, {"tuned": False, "why": "no validation split recorded"}
    items, _ = predict(model, examples, pad_id, 32, torch.device("cpu"))
    scores, truth = [], []
    for it in items:
        cited = set(it.label.citations)
        for gid in it.guideline_ids:
            scores.append(it.citation_scores.get(gid, 0.0))
            truth.append(gid in cited)
    sc, tr = np.asarray(scores), np.asarray(truth)
    best_t, best_f1, table = 0.5, -1.0, {}
    for t in np.round(np.arange(0.1, 0.91, 0.05), 2):
        pred = sc >= t
        tp = int(np.sum(pred & tr))
        f1 = 2 * tp / max(1, int(pred.sum()) + int(tr.sum()))
        table[f"{t:.2f}"] = round(f1, 4)
        if f1 > best_f1:
            best_t, best_f1 = float(t), f1
    return best_t, {
        "tuned": True,
        "pairs": len(truth),
        "best_f1": round(best_f1, 4),
        "f1_by_threshold": table,
        "f1_at_0.50": table.get("0.50"),
    }


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="router-export", description=__doc__.splitlines()[0])
    p.add_argument("--checkpoint", required=True, help="a checkpoint dir (e.g. runs/x/best)")
    p.add_argument("--out", required=True, help="model directory to write")
    p.add_argument("--name", default="escalation-minilm")
    p.add_argument("--version", default="escalation-minilm-2026.11.1")
    p.add_argument("--tokenizer", default=None, help="tokenizer.json (default: from training)")
    p.add_argument("--max-length", type=int, default=0, help="default: the training value")
    p.add_argument("--max-guidelines", type=int, default=0, help="default: the training value")
    p.add_argument(
        "--variants", default="fp32,fp16,int8", help="comma list of variants to ship in --out"
    )
    p.add_argument(
        "--fp32-dir",
        default=None,
        help="where model.onnx goes when fp32 is not shipped (default: <ckpt>/onnx)",
    )
    p.add_argument("--opset", type=int, default=17)
    p.add_argument(
        "--sample-records",
        nargs="*",
        default=None,
        help="jsonl records for the parity inputs (default: first training file)",
    )
    p.add_argument("--n-samples", type=int, default=32)
    p.add_argument("--min-confidence", type=float, default=0.5)
    p.add_argument(
        "--citation-threshold",
        default="0.5",
        help="a number, or 'auto': best F1 on the run's held-out tenants",
    )
    p.add_argument(
        "--int8-ops",
        default="MatMul",
        help="ops whose weights int8 quantizes (MatMul; MatMul,Gather adds the embeddings)",
    )
    p.add_argument(
        "--int8-ffn-fp32",
        action="store_true",
        help="leave the feed-forward MatMuls in fp32 (closer to fp32, larger and slower)",
    )
    p.add_argument(
        "--int8-exclude",
        default="",
        help="comma list of node-name parts that int8 leaves in fp32 "
        "(e.g. 'layer.5/,citation_head': the last layer and the citation head)",
    )
    p.add_argument(
        "--no-val-metrics",
        action="store_true",
        help="skip running every variant over the run's held-out tenants",
    )
    p.add_argument("--backbone-name", default=None, help="backbone name for the card")
    p.add_argument("--no-strict", action="store_true", help="report parity failures, exit 0")
    p.add_argument("--training-note", default=None, help="free text for the card's training recipe")
    return p.parse_args(argv)


def build_samples(
    model: EscalationModel, encoder: TextEncoder | None, record_files: list[str], n: int
) -> list[SampleInputs]:
    samples: list[SampleInputs] = []
    if encoder is not None:
        from router_worker.training.data import load_records

        records: list[EvalRecord] = []
        for f in record_files:
            if Path(f).is_file():
                records.extend(load_records([f]))
        # Batches of 8, ragged lengths and guideline counts, like serving batches.
        for i in range(0, min(len(records), 4 * n), 8 * 4):
            s = samples_from_records(records[i : i + 8 * 4 : 4], encoder, 8)
            if s is not None:
                samples.append(s)
            if sum(x.input_ids.shape[0] for x in samples) >= n:
                break
    vocab = int(model.backbone.config.vocab_size)
    samples.append(random_samples(vocab, seed=1))
    return samples


def export_model_dir(
    ckpt: Path,
    out: Path,
    *,
    name: str,
    version: str,
    variants: list[str],
    tokenizer: Path | None = None,
    max_length: int = 0,
    max_guidelines: int = 0,
    fp32_dir: Path | None = None,
    sample_records: list[str] | None = None,
    n_samples: int = 32,
    thresholds: Thresholds | None = None,
    tune_citation: bool = False,
    opset: int = 17,
    int8_ops: tuple[str, ...] = ("MatMul",),
    backbone_name: str | None = None,
    int8_ffn_fp32: bool = False,
    int8_exclude: tuple[str, ...] = (),
    val_metrics: bool = True,
    training_note: str | None = None,
) -> tuple[ModelCard, dict[str, dict[str, Any]]]:
    """Export, convert, check parity and write the card; returns (card, parity)."""
    t0 = time.monotonic()
    cfg = _read_json(ckpt / TRAIN_CONFIG_FILE)
    max_length = max_length or int(cfg.get("max_length", 256))
    max_guidelines = max_guidelines or int(cfg.get("max_guidelines", 32))
    tok = tokenizer or (Path(cfg["tokenizer_file"]) if cfg.get("tokenizer_file") else None)
    model = load_for_export(ckpt)
    encoder = TextEncoder.from_file(tok, max_length, max_guidelines) if tok else None
    if sample_records is None:
        sample_records = cfg.get("data", {}).get("train_files", [])[:1]
    samples = build_samples(model, encoder, sample_records, n_samples)

    out.mkdir(parents=True, exist_ok=True)
    fp32_home = out if "fp32" in variants else (fp32_dir or ckpt / "onnx")
    paths = {"fp32": export_fp32(model, fp32_home / VARIANT_FILES["fp32"], samples[0], opset)}
    if "fp16" in variants:
        paths["fp16"] = convert_fp16(paths["fp32"], out / VARIANT_FILES["fp16"])
    if "int8" in variants:
        exclude = tuple(ffn_matmuls(paths["fp32"])) if int8_ffn_fp32 else ()
        exclude += tuple(named_nodes(paths["fp32"], int8_exclude))
        paths["int8"] = convert_int8(paths["fp32"], out / VARIANT_FILES["int8"], int8_ops, exclude)
    results = check_variants(model, paths, samples)
    for variant, r in results.items():
        print(
            f"parity {variant:>4}: max abs diff {r['max_abs_diff']:.2e} "
            f"mean {r['mean_abs_diff']:.1e} "
            f"(tolerance {r['tolerance']:.2g}) decision agreement "
            f"{r['decision_agreement']:.3f} reason agreement {r['reason_agreement']:.3f} "
            f"over {r['n_samples']} samples -> {'ok' if r['ok'] else 'FAIL'}",
            flush=True,
        )

    per_variant = variant_metrics(ckpt, paths) if val_metrics else {}

    if tok is not None:
        shutil.copyfile(tok, out / "tokenizer.json")
    recipe, metrics = training_recipe(ckpt)
    if training_note:
        # A run resumed on other data records only its last call's files; the note says the rest.
        recipe["note"] = training_note
    thresholds = thresholds or Thresholds()
    tuning: dict[str, Any] = {}
    if tune_citation:
        t, tuning = tune_citation_threshold(ckpt, model)
        thresholds = thresholds.model_copy(update={"citation": t})
        print(f"citation threshold {t:.2f} ({tuning})", flush=True)
    shipped = {v: describe_file(out, VARIANT_FILES[v]) for v in variants if v in paths}
    card = ModelCard(
        name=name,
        version=version,
        backbone=backbone_name
        or model.head_config.backbone_name
        or model.backbone.config.model_type,
        max_length=max_length,
        max_guidelines=max_guidelines,
        files=shipped,
        thresholds=thresholds,
        threshold_tuning=tuning or None,
        training=recipe,
        metrics=({"validation": metrics} if metrics else {})
        | ({"validation_onnx": per_variant} if per_variant else {}),
        parity={v: r for v, r in results.items()},
        export={
            "opset": opset,
            "exporter": f"torch.onnx.export(dynamo=False), torch {torch.__version__}",
            "fp16": "onnxruntime.transformers.float16.convert_float_to_float16(keep_io_types)",
            "int8": "onnxruntime.quantization.quantize_dynamic(QInt8, per_channel, "
            f"{'+'.join(int8_ops)}{', FFN kept fp32' if int8_ffn_fp32 else ''})",
            "seconds": round(time.monotonic() - t0, 1),
        },
    )
    card.check_compatible()
    write_card(out, card)
    return card, results


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    variants = [v.strip() for v in args.variants.split(",") if v.strip()]
    unknown = set(variants) - set(VARIANT_FILES)
    if unknown:
        raise SystemExit(f"unknown variants {sorted(unknown)}; choose from {list(VARIANT_FILES)}")
    card, results = export_model_dir(
        Path(args.checkpoint),
        Path(args.out),
        name=args.name,
        version=args.version,
        variants=variants,
        tokenizer=Path(args.tokenizer) if args.tokenizer else None,
        max_length=args.max_length,
        max_guidelines=args.max_guidelines,
        fp32_dir=Path(args.fp32_dir) if args.fp32_dir else None,
        sample_records=args.sample_records,
        n_samples=args.n_samples,
        thresholds=Thresholds(
            min_confidence=args.min_confidence,
            citation=0.5 if args.citation_threshold == "auto" else float(args.citation_threshold),
        ),
        tune_citation=args.citation_threshold == "auto",
        opset=args.opset,
        int8_ops=tuple(o.strip() for o in args.int8_ops.split(",") if o.strip()),
        backbone_name=args.backbone_name,
        int8_ffn_fp32=args.int8_ffn_fp32,
        int8_exclude=tuple(x.strip() for x in args.int8_exclude.split(",") if x.strip()),
        val_metrics=not args.no_val_metrics,
        training_note=args.training_note,
    )
    sizes = {v: f"{f.bytes / 1e6:.1f} MB" for v, f in card.files.items()}
    print(f"wrote {args.out}: {sizes}", flush=True)
    failed = [v for v, r in results.items() if not r["ok"]]
    if failed and not args.no_strict:
        print(f"parity FAILED for {failed}", flush=True)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
