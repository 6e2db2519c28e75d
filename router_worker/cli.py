"""``router-worker``: run | replay | eval | schemas | verify.

Flags override ``ROUTER_*`` environment variables, which override defaults; all three land in
the one ``Settings`` class.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import orjson
from pydantic import ValidationError

from router_worker.records import RECORD_TYPES, EvalRecord, Label
from router_worker.settings import Settings

# Flags of `run` that map one-to-one onto Settings fields (dest == field name).
_RUN_FLAGS: tuple[tuple[str, type, str], ...] = (
    ("bootstrap_servers", str, "Kafka bootstrap servers (host:port,...)"),
    ("input_topic", str, "topic of TurnEvents"),
    ("decisions_topic", str, "topic for RoutingDecisions"),
    ("fallback_topic", str, "topic for FallbackRequests"),
    ("dead_letter_topic", str, "topic for dead letters"),
    ("group_id", str, "consumer group id"),
    ("transactional_id_prefix", str, "prefix of the per-partition transactional ids"),
    ("security_protocol", str, "PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL"),
    ("sasl_mechanism", str, "PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512"),
    ("sasl_username", str, "SASL user (the password only via ROUTER_SASL_PASSWORD)"),
    ("ssl_cafile", Path, "CA bundle for TLS"),
    ("max_batch_events", int, "events per engine batch, at most"),
    ("max_batch_tokens", int, "padded tokens per engine batch, at most"),
    ("max_wait_ms", float, "longest wait of the oldest event for its batch to fill"),
    ("max_inflight_events", int, "events in flight before the consumer pauses"),
    ("max_record_bytes", int, "larger input records are dead-lettered unparsed"),
    ("model_dir", Path, "model directory (default: the packaged model)"),
    ("model_variant", str, "auto, fp32, fp16 or int8"),
    ("providers", str, "comma-separated ONNX Runtime providers, or auto"),
    ("intra_op_threads", int, "ONNX Runtime intra-op threads (0 = auto)"),
    ("min_confidence", float, "below this top decision probability: LLM fallback"),
    ("citation_threshold", float, "cite guidelines scoring at least this"),
    ("tenant_thresholds_file", Path, "JSON: {tenant: {escalate, offer, min_confidence}}"),
    ("metrics_host", str, "address of the /metrics /healthz /readyz server"),
    ("metrics_port", int, "port of that server (0 = any free port)"),
    ("shutdown_deadline_s", float, "drain deadline on SIGTERM"),
    ("log_level", str, "DEBUG, INFO, WARNING or ERROR"),
)


# Flags of `verify`: the connection and topic settings of `run`.
_VERIFY_FLAGS = tuple(
    f
    for f in _RUN_FLAGS
    if f[0]
    in (
        "bootstrap_servers",
        "input_topic",
        "decisions_topic",
        "fallback_topic",
        "dead_letter_topic",
        "security_protocol",
        "sasl_mechanism",
        "sasl_username",
        "ssl_cafile",
    )
)


def _settings(args: argparse.Namespace, names: Sequence[str]) -> Settings:
    overrides = {n: getattr(args, n) for n in names if getattr(args, n, None) is not None}
    try:
        return Settings(**overrides)
    except ValidationError as e:
        raise SystemExit(f"invalid settings:\n{e}") from e


def _add_model_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--model-dir", "--model", dest="model_dir", type=Path, help="model directory")
    p.add_argument("--model-variant", dest="model_variant", help="auto, fp32, fp16 or int8")
    p.add_argument("--min-confidence", dest="min_confidence", type=float)
    p.add_argument("--max-batch-events", dest="max_batch_events", type=int)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="router-worker", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="consume TurnEvents from Kafka and publish decisions")
    for name, typ, help_ in _RUN_FLAGS:
        run.add_argument("--" + name.replace("_", "-"), dest=name, type=typ, help=help_)

    replay = sub.add_parser("replay", help="the same pipeline over a JSONL file, without Kafka")
    replay.add_argument("input", type=Path, help="JSONL of TurnEvents or evaluation records")
    replay.add_argument("--out", type=Path, help="write results here (default: stdout)")
    _add_model_flags(replay)

    ev = sub.add_parser("eval", help="labels.md metrics of the model on an evaluation file")
    ev.add_argument("--data", type=Path, required=True, help="JSONL evaluation records")
    ev.add_argument("--json", action="store_true", help="print one JSON object")
    _add_model_flags(ev)

    verify = sub.add_parser(
        "verify",
        help="check a run in Kafka: lost, duplicated, unknown, out-of-order, aborted results",
        description="Reads the input topic and the three output topics (read_uncommitted and "
        "read_committed) and reports per run; exits 1 on any loss, duplicate, order violation "
        "or aborted record seen by read_committed. Connection settings as for `run` "
        "(flags or ROUTER_* variables; the SASL password only via ROUTER_SASL_PASSWORD).",
    )
    for name, typ, help_ in _VERIFY_FLAGS:
        verify.add_argument("--" + name.replace("_", "-"), dest=name, type=typ, help=help_)
    verify.add_argument("--json", action="store_true", help="print one JSON object")
    verify.add_argument(
        "--timeout",
        type=float,
        default=0.0,
        help="wait up to this many seconds for every input to have a result (0: check once)",
    )
    verify.add_argument(
        "--idle",
        type=float,
        default=2.0,
        help="with --timeout: stop once complete and nothing new arrived for this long",
    )
    verify.add_argument(
        "--group",
        dest="verify_group",
        help="a live deployment: inputs at/after this group's committed offsets are pending",
    )
    verify.add_argument(
        "--strict", action="store_true", help="also fail on results for unknown inputs"
    )

    schemas = sub.add_parser("schemas", help="write JSON Schemas of every record type")
    schemas.add_argument("--out", type=Path, default=Path("schemas"))
    schemas.add_argument("--check", action="store_true", help="fail if the files differ")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "run":
        return _cmd_run(args)
    if args.command == "replay":
        return _cmd_replay(args)
    if args.command == "eval":
        return _cmd_eval(args)
    if args.command == "verify":
        return _cmd_verify(args)
    return _cmd_schemas(args)


# ---------------------------------------------------------------------------- run
def _cmd_run(args: argparse.Namespace) -> int:
    from router_worker import logs
    from router_worker.app import run_worker

    settings = _settings(args, [n for n, _, _ in _RUN_FLAGS])
    logs.configure(settings.log_level)
    try:
        return asyncio.run(run_worker(settings))
    except Exception as e:  # one clear line, not a traceback; settings hold no secret in repr
        logging.getLogger("router_worker").error(
            "worker failed: %s: %s", type(e).__name__, e, exc_info=settings.log_level == "DEBUG"
        )
        return 1


# ---------------------------------------------------------------------------- replay / eval
_MODEL_FLAGS = ("model_dir", "model_variant", "min_confidence", "max_batch_events")


def _read_lines(path: Path) -> Iterator[tuple[int, bytes]]:
    with path.open("rb") as f:
        for n, line in enumerate(f, start=1):
            line = line.strip()
            if line:
                yield n, line


def _event_bytes(line: bytes) -> tuple[bytes, dict[str, Any] | None]:
    """An input line is a TurnEvent or an evaluation record; returns the event's bytes."""
    try:
        data = orjson.loads(line)
    except orjson.JSONDecodeError:
        return line, None
    if isinstance(data, dict) and isinstance(data.get("event"), dict):
        return orjson.dumps(data["event"]), data
    return line, None


def _run_items(settings: Settings, raws: list[bytes]) -> list[Any]:
    """The worker's own steps (prepare, score in batches) over in-memory records."""
    from router_worker.app import build_processor, load_model
    from router_worker.pipeline import Item, Source

    model = load_model(settings)
    proc = build_processor(settings, model)
    items = [Item(Source("file", 0, i), None, raw, time.monotonic()) for i, raw in enumerate(raws)]
    step = settings.max_batch_events * 4
    for lo in range(0, len(items), step):
        chunk = items[lo : lo + step]
        proc.prepare(chunk)
        proc.score(chunk)
    return items


def _cmd_replay(args: argparse.Namespace) -> int:
    settings = _settings(args, _MODEL_FLAGS)
    lines = list(_read_lines(args.input))
    raws = [_event_bytes(line)[0] for _, line in lines]
    items = _run_items(settings, raws)
    out = args.out.open("wb") if args.out else sys.stdout.buffer
    counts: dict[str, int] = {}
    try:
        for (lineno, _), it in zip(lines, items, strict=True):
            o = it.output
            counts[o.kind] = counts.get(o.kind, 0) + 1
            if o.kind == "dead_letter":
                headers = {k: v.decode() for k, v in o.headers}
                rec: bytes = orjson.dumps({"dead_letter": headers, "line": lineno})
            else:
                rec = o.value
            out.write(rec + b"\n")
    finally:
        if args.out:
            out.close()
    print(json.dumps({"input_lines": len(lines), **counts}), file=sys.stderr)
    return 0


def _cmd_eval(args: argparse.Namespace) -> int:
    from router_worker.evaluate import compute_metrics, format_table

    settings = _settings(args, _MODEL_FLAGS)
    records: list[EvalRecord] = []
    for lineno, line in _read_lines(args.data):
        try:
            records.append(EvalRecord.model_validate_json(line))
        except ValidationError as e:
            raise SystemExit(f"{args.data}:{lineno}: not an evaluation record: {e}") from e
    raws = [orjson.dumps(r.event.model_dump(mode="json", exclude_none=True)) for r in records]
    items = _run_items(settings, raws)
    scored = [_scored(r.label, r, it) for r, it in zip(records, items, strict=True)]
    metrics = compute_metrics(scored)
    if args.json:
        print(json.dumps(metrics, indent=None, sort_keys=True))
    else:
        print(format_table(metrics))
    return 0


def _scored(label: Label, rec: EvalRecord, it: Any) -> Any:
    from router_worker.evaluate import Scored

    ev = rec.event
    o = it.output
    ids = tuple(g.id for g in ev.guidelines)
    if o.kind == "decision" and o.decision is not None:
        return Scored(
            label=label,
            guideline_ids=ids,
            language=ev.language,
            decision=o.decision.decision,
            reason=o.decision.reason,
            citation_scores=dict(it.scores.get("citations", {})),
        )
    return Scored(
        label=label,
        guideline_ids=ids,
        language=ev.language,
        fallback_reason=o.fallback_reason or o.kind,
    )


# ---------------------------------------------------------------------------- verify
def _cmd_verify(args: argparse.Namespace) -> int:
    from router_worker.verify import verify

    settings = _settings(args, [n for n, _, _ in _VERIFY_FLAGS])
    try:
        report = verify(settings, timeout=args.timeout, idle=args.idle, group=args.verify_group)
    except Exception as e:  # connection/metadata problems: a clear line, never a secret
        print(f"verify: could not read the run: {type(e).__name__}: {e}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(report.to_dict(), sort_keys=True))
    else:
        print(report.summary())
    failed = not report.ok or (args.strict and report.unknown > 0)
    return 1 if failed else 0


# ---------------------------------------------------------------------------- schemas
def schema_files() -> dict[str, str]:
    return {
        f"{name}.schema.json": json.dumps(model.model_json_schema(), indent=2, sort_keys=True)
        + "\n"
        for name, model in RECORD_TYPES.items()
    }


def _cmd_schemas(args: argparse.Namespace) -> int:
    files = schema_files()
    args.out.mkdir(parents=True, exist_ok=True)
    drift = []
    for name, text in files.items():
        path = args.out / name
        if args.check:
            if not path.is_file() or path.read_text() != text:
                drift.append(name)
        else:
            path.write_text(text)
    if drift:
        print(f"schemas out of date: {drift}; run `router-worker schemas`", file=sys.stderr)
        return 1
    if not args.check:
        print(f"wrote {len(files)} schemas to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
