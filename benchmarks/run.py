"""One command for every benchmark: ``python -m benchmarks.run [--quick] [--json]``.

Runs the engine benchmark, the pipeline-overhead benchmark and the end-to-end benchmark
(the last two against a real broker: ``KAFKA_BOOTSTRAP_SERVERS`` when set, else one started
with ``scripts/kafka.sh`` for the run), writes ``<out>/bench-<quick|full>.json`` and PNG plots,
and with ``--json`` prints one JSON object with the headline ratios:

``engine_vs_single``, ``engine_vs_torch_eager``, ``hw_fraction``, ``pipeline_events_per_s``,
``e2e_vs_engine``, ``p99_half_load_s`` (+ the goals, the settings and the machine).

See benchmarks/README.md for what each figure means and how the ratios are computed.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

import orjson

from benchmarks import common
from benchmarks.common import log


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="benchmarks.run", description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="small sizes: under 5 minutes")
    p.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    p.add_argument("--model-dir", type=Path, default=None, help="model directory to measure")
    p.add_argument("--out", type=Path, default=common.RESULTS, help="results directory")
    p.add_argument(
        "--only",
        default="engine,overhead,e2e",
        help="comma list of benchmarks to run (engine, overhead, e2e)",
    )
    p.add_argument("--no-plots", action="store_true")
    p.add_argument("--no-torch", action="store_true", help="skip the PyTorch eager baseline")
    p.add_argument(
        "--smoke", action="store_true", help="tiny sizes for tests: seconds, meaningless numbers"
    )
    p.add_argument("--threads", type=int, default=0, help="ONNX Runtime intra-op threads (0=auto)")
    p.add_argument("--max-batch-events", type=int, default=None)
    p.add_argument("--max-batch-tokens", type=int, default=None)
    p.add_argument("--max-wait-ms", type=float, default=None)
    p.add_argument("--partitions", type=int, default=3, help="input partitions (Kafka runs)")
    return p.parse_args(argv)


# Sizes per mode.
PROFILES: dict[str, dict[str, Any]] = {
    "full": {
        "n_events": 512,
        "min_seconds": 8.0,
        "sweep": (1, 2, 4, 8, 16, 32, 64, 128),
        "budgets": (128, 256, 512, 1024, 2048, 4096, 8192, 16_384),
        "torch_batch": 32,
        "torch_events": 128,
        "peak_n": 4096,
        "overhead_events": 60_000,
        "kafka_templates": 2000,
        "rounds": 3,
        "fractions": (0.1, 0.25, 0.5, 0.75, 0.9, 1.1),
        "step_seconds": 60.0,
        "sat_count": 1500,
        "event_files": None,
    },
    "quick": {
        "n_events": 96,
        "min_seconds": 1.0,
        "sweep": (1, 4, 16, 64),
        "budgets": (256, 1024, 4096, 16_384),
        "torch_batch": 16,
        "torch_events": 32,
        "peak_n": 2048,
        "overhead_events": 10_000,
        "kafka_templates": 1000,
        "rounds": 3,
        "fractions": (0.25, 0.5, 0.75),
        "step_seconds": 12.0,
        "sat_count": 720,
        "event_files": 4,
    },
    "smoke": {
        "n_events": 16,
        "min_seconds": 0.05,
        "sweep": (1, 4),
        "budgets": (64, 1024),
        "torch_batch": 4,
        "torch_events": 4,
        "peak_n": 128,
        "overhead_events": 200,
        "kafka_templates": 50,
        "rounds": 1,
        "fractions": (0.5,),
        "step_seconds": 1.5,
        "sat_count": 30,
        "event_files": 1,
    },
}


def _worker_settings(args: argparse.Namespace) -> dict[str, Any]:
    from router_worker.settings import Settings

    s = Settings()
    return {
        "max_batch_events": args.max_batch_events or s.max_batch_events,
        "max_batch_tokens": args.max_batch_tokens or s.max_batch_tokens,
        "max_wait_ms": args.max_wait_ms if args.max_wait_ms is not None else s.max_wait_ms,
        "intra_op_threads": args.threads,
    }


def summarise(results: dict[str, Any]) -> dict[str, Any]:
    """The headline ratios and the goals, from the three benchmarks' results."""
    eng = results.get("engine", {})
    ovh = results.get("overhead", {})
    e2e = results.get("e2e", {})
    out: dict[str, Any] = {
        "engine_vs_single": eng.get("engine_vs_single"),
        "engine_vs_torch_eager": eng.get("engine_vs_torch_eager"),
        "hw_fraction": eng.get("hw_fraction"),
        "hw_fraction_useful": eng.get("hw_fraction_useful"),
        "engine_events_per_s": eng.get("batched", {}).get("events_per_s"),
        "engine_tokens_per_s": eng.get("batched", {}).get("tokens_per_s"),
        "engine_variant": eng.get("variant"),
        "peak_gflops": eng.get("peak", {}).get("peak_gflops"),
    }
    runs = ovh.get("runs", [])
    with_tok = [r for r in runs if r["tokenize"]]
    without = [r for r in runs if not r["tokenize"]]
    out["pipeline_events_per_s"] = with_tok[0]["events_per_s"] if with_tok else None
    out["pipeline_events_per_cpu_s"] = with_tok[0]["events_per_cpu_s"] if with_tok else None
    out["pipeline_events_per_s_no_tokenize"] = without[0]["events_per_s"] if without else None
    out["pipeline_events_per_cpu_s_no_tokenize"] = (
        without[0]["events_per_cpu_s"] if without else None
    )
    sat = e2e.get("saturation", {}).get("events_per_s")
    engine_eps = out["engine_events_per_s"]
    out["e2e_events_per_s"] = sat
    out["e2e_vs_engine"] = round(sat / engine_eps, 3) if sat and engine_eps else None
    out["e2e_score_busy_fraction"] = e2e.get("saturation", {}).get("score_busy_fraction")
    half = [s for s in e2e.get("steps", []) if abs(s["fraction"] - 0.5) < 1e-6]
    if half:
        h = half[0]
        out["p99_half_load_s"] = h["latency_s"].get("p99")
        out["p50_half_load_s"] = h["latency_s"].get("p50")
        bt = h.get("engine_batch_s_mean")
        wait = e2e.get("max_wait_ms", 5.0) / 1000
        out["p99_half_load_bound_s"] = round(wait + 2 * bt, 5) if bt is not None else None
        out["engine_batch_s_half_load"] = bt
    else:
        out["p99_half_load_s"] = None
        out["p99_half_load_bound_s"] = None

    def ge(x: Any, limit: float) -> bool | None:
        return None if x is None else bool(x >= limit)

    out["goals"] = {
        "engine_vs_single>=5": ge(out["engine_vs_single"], 5),
        "engine_vs_torch_eager>=3": ge(out["engine_vs_torch_eager"], 3),
        "hw_fraction>=0.5": ge(out["hw_fraction"], 0.5),
        "pipeline_events_per_s>=10000": ge(out["pipeline_events_per_s"], 10_000),
        "e2e_vs_engine>=0.9": ge(out["e2e_vs_engine"], 0.9),
        "p99_half_load<=wait+2*batch": None
        if out.get("p99_half_load_s") is None or out.get("p99_half_load_bound_s") is None
        else bool(out["p99_half_load_s"] <= out["p99_half_load_bound_s"]),
    }
    return out


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    only = {x.strip() for x in args.only.split(",") if x.strip()}
    mode = "smoke" if args.smoke else "quick" if args.quick else "full"
    prof = PROFILES[mode]
    t_start = time.monotonic()
    busy = common.other_heavy_processes()
    if busy:
        log(f"WARNING: other busy processes distort the timings: {busy}")
    wsettings = _worker_settings(args)
    choice = common.resolve_model(args.model_dir)
    log(f"model: {choice.model_dir} ({choice.source})")
    encoder = common.encoder_for(choice.model_dir)
    events, events_source = common.load_events(limit_files=prof["event_files"])
    results: dict[str, Any] = {
        "mode": mode,
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": common.machine(),
        "busy_processes_at_start": busy,
        "model": {
            "dir": str(choice.model_dir),
            "source": choice.source,
            "torch_source": choice.torch_source,
        },
        "events_source": events_source,
        "settings": {
            "worker": wsettings,
            "partitions": args.partitions,
        },
    }

    lengths, lsrc = common.dev_lengths(encoder)
    results["length_source"] = lsrc if lengths is not None else "training records"
    if lengths is not None:
        results["eval_lengths"] = common.length_summary(lengths)

    if "engine" in only:
        from benchmarks.engine import EngineConfig, run_engine

        fp32_path, fp32_source = common.fp32_model(choice)
        results["model"]["fp32_source"] = fp32_source
        pool = common.encode_events(encoder, events)
        ecfg = EngineConfig(
            model_dir=choice.model_dir,
            checkpoint=choice.checkpoint,
            backbone_config=choice.backbone_config,
            pool=pool,
            target_lengths=lengths,
            pad_id=encoder.pad_id,
            max_length=encoder.max_length,
            n_events=prof["n_events"],
            max_batch_events=wsettings["max_batch_events"],
            max_batch_tokens=wsettings["max_batch_tokens"],
            threads=args.threads,
            min_seconds=prof["min_seconds"],
            rounds=prof["rounds"],
            sweep_sizes=prof["sweep"],
            group_budgets=prof["budgets"],
            torch_batch=prof["torch_batch"],
            torch_events=prof["torch_events"],
            peak_n=prof["peak_n"],
            with_torch=not args.no_torch,
            fp32_path=fp32_path,
            parallel=common.physical_cores(),
        )
        results["engine"] = run_engine(ecfg, log)

    if only & {"overhead", "e2e"}:
        from router_worker.loadgen import make_template

        # The same length mix as the engine benchmark, so that events/s compare.
        mix = common.mix_indices(
            common.event_lengths(encoder, events), lengths, prof["kafka_templates"], seed=1
        )
        templates = [make_template(events[i]) for i in mix]
        results["kafka_mix"] = common.length_summary(
            common.event_lengths(encoder, [events[i] for i in mix])
        )
        with common.broker() as bootstrap:
            results["broker"] = bootstrap
            if "overhead" in only:
                from benchmarks.overhead import run_overhead

                runs = []
                for tok in (True, False):
                    runs.append(
                        run_overhead(
                            bootstrap,
                            choice.model_dir,
                            templates,
                            n_events=prof["overhead_events"],
                            partitions=args.partitions,
                            tokenize=tok,
                            worker_settings={
                                **wsettings,
                                # No engine: batches as large as Kafka fetches allow.
                                "max_batch_events": 1024,
                                "max_batch_tokens": 1_000_000,
                                "max_wait_ms": wsettings["max_wait_ms"],
                                "fetch_max_records": 2000,
                                "max_inflight_events": 8192,
                            },
                            log=log,
                        )
                    )
                results["overhead"] = {"runs": runs}
            if "e2e" in only:
                from benchmarks.e2e import run_e2e

                results["e2e"] = run_e2e(
                    bootstrap,
                    choice.model_dir,
                    templates,
                    fractions=prof["fractions"],
                    step_seconds=prof["step_seconds"],
                    sat_count=prof["sat_count"],
                    partitions=args.partitions,
                    worker_settings=wsettings,
                    log=log,
                )

    summary = summarise(results)
    results["summary"] = summary
    results["seconds"] = round(time.monotonic() - t_start, 1)
    busy_end = common.other_heavy_processes()
    results["busy_processes_at_end"] = busy_end

    args.out.mkdir(parents=True, exist_ok=True)
    name = mode
    common.write_json(args.out / f"bench-{name}.json", results)
    plots: list[str] = []
    if not args.no_plots:
        from benchmarks import plots as P

        title = (
            f"{results['machine']['cpu']} ({results['machine']['physical_cores']} cores), "
            f"{results['mode']} run {results['started']}"
        )
        try:
            if "engine" in results:
                plots.append(
                    str(P.plot_engine(results["engine"], args.out / f"engine-{name}.png", title))
                )
            if "overhead" in results:
                plots.append(
                    str(
                        P.plot_overhead(
                            results["overhead"]["runs"], args.out / f"overhead-{name}.png", title
                        )
                    )
                )
            if "e2e" in results:
                plots.append(
                    str(
                        P.plot_e2e(
                            results["e2e"],
                            args.out / f"e2e-{name}.png",
                            summary.get("engine_events_per_s"),
                            title,
                        )
                    )
                )
        except ImportError as e:
            log(f"no plots: {e}")
    log(f"done in {results['seconds']}s; results in {args.out}")

    headline = {
        **{k: v for k, v in summary.items()},
        "settings": results["settings"],
        "model": results["model"],
        "machine": {k: results["machine"][k] for k in ("cpu", "physical_cores", "simd")},
        "busy_processes": busy or busy_end,
        "mode": results["mode"],
        "seconds": results["seconds"],
        "results_file": str(args.out / f"bench-{name}.json"),
        "plots": plots,
    }
    if args.json:
        sys.stdout.write(orjson.dumps(headline, option=orjson.OPT_SERIALIZE_NUMPY).decode() + "\n")
    else:
        for k, v in headline.items():
            print(f"{k}: {v}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
