"""Markdown tables of a benchmark run: ``python -m benchmarks.report [RESULTS.json]``.

Prints what the README's results section shows, so the README can be refreshed from any run.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import orjson


def _f(x: Any, nd: int = 1) -> str:
    if x is None:
        return "n/a"
    if isinstance(x, bool):
        return "yes" if x else "**no**"
    if isinstance(x, float):
        return f"{x:,.{nd}f}"
    return str(x)


def render(r: dict[str, Any]) -> str:
    m = r.get("machine", {})
    s = r.get("summary", {})
    lines = [
        f"Machine: {m.get('cpu')}, {m.get('physical_cores')} physical cores "
        f"({m.get('logical_cpus')} logical), {m.get('memory_gib')} GiB, SIMD "
        f"{', '.join(m.get('simd', []))}; Python {m.get('python')}, onnxruntime "
        f"{m.get('onnxruntime')}. Run: `{r.get('mode')}` at {r.get('started')}, "
        f"{r.get('seconds')} s. Model: {r.get('model', {}).get('source')}. "
        f"Other busy processes: {r.get('busy_processes_at_start') or 'none'}.",
        "",
        "| figure | value | goal |",
        "| --- | --- | --- |",
    ]
    goals = s.get("goals", {})
    rows = [
        ("engine_vs_single", s.get("engine_vs_single"), "engine_vs_single>=5", 2),
        ("engine_vs_torch_eager", s.get("engine_vs_torch_eager"), "engine_vs_torch_eager>=3", 2),
        ("hw_fraction (fp32)", s.get("hw_fraction"), "hw_fraction>=0.5", 3),
        (
            "pipeline_events_per_s",
            s.get("pipeline_events_per_s"),
            "pipeline_events_per_s>=10000",
            0,
        ),
        ("e2e_vs_engine", s.get("e2e_vs_engine"), "e2e_vs_engine>=0.9", 3),
        ("p99_half_load_s", s.get("p99_half_load_s"), "p99_half_load<=wait+2*batch", 3),
    ]
    for name, val, goal, nd in rows:
        lines.append(f"| `{name}` | {_f(val, nd)} | {goal}: {_f(goals.get(goal))} |")
    lines.append(
        f"| `p99_half_load_bound_s` | {_f(s.get('p99_half_load_bound_s'), 3)} | "
        "max wait + 2 x engine time per call at that load |"
    )
    lines.append(
        f"| `e2e_score_busy_fraction` | {_f(s.get('e2e_score_busy_fraction'), 3)} | "
        "share of the saturation drain the worker spent scoring (engine + policy) |"
    )
    e = r.get("engine", {})
    if e:
        lines += [
            "",
            f"Engine ({e.get('variant')} default variant; length mix p50 "
            f"{e.get('mix', {}).get('p50')} tokens, p90 {e.get('mix', {}).get('p90')}; "
            f"group budget {e.get('group_tokens')} padded tokens; peak "
            f"{e.get('peak', {}).get('peak_gflops')} GFLOP/s fp32 matmul):",
            "",
            "| run | events/s | tokens/s | padding waste | events/call | GFLOP/s |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        for key in ("batched", "batched_parallel", "batched_fp32", "single", "torch_eager"):
            x = e.get(key, {})
            if "events_per_s" not in x:
                continue
            lines.append(
                f"| {key} | {_f(x['events_per_s'])} | {_f(x['tokens_per_s'], 0)} | "
                f"{100 * x['padding_waste']:.1f}% | {_f(x['mean_batch_events'])} | "
                f"{_f(x['gflops_per_s'])} |"
            )
        sweep = e.get("sweep_mix", [])
        if sweep:
            lines += ["", "Group budget sweep on the mix (padded tokens per engine call):", ""]
            lines.append("| budget | " + " | ".join(str(x["group_tokens"]) for x in sweep) + " |")
            lines.append("| --- |" + " --- |" * len(sweep))
            lines.append("| events/s | " + " | ".join(_f(x["events_per_s"]) for x in sweep) + " |")
            lines.append(
                "| events/call | " + " | ".join(_f(x["mean_batch_events"]) for x in sweep) + " |"
            )
    runs = r.get("overhead", {}).get("runs", [])
    if runs:
        lines += [
            "",
            "Pipeline overhead (no-op engine, one worker process, real broker):",
            "",
            "| tokenization | events/s | events per worker CPU-second | worker CPU s |",
            "| --- | --- | --- | --- |",
        ]
        for x in runs:
            lines.append(
                f"| {'yes' if x['tokenize'] else 'skipped'} | {_f(x['events_per_s'], 0)} | "
                f"{_f(x['events_per_cpu_s'], 0)} | {_f(x['worker_cpu_s'], 2)} |"
            )
    e2e = r.get("e2e", {})
    if e2e:
        sat = e2e.get("saturation", {})
        lines += [
            "",
            f"End to end (saturation {_f(sat.get('events_per_s'))} events/s; "
            f"latency = sent_at -> visible read_committed):",
            "",
            "| load | offered/s | delivered/s | p50 ms | p95 ms | p99 ms | engine s/call | "
            "events/call | mean ms: batch wait / score / publish |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        for x in e2e.get("steps", []):
            lat = x.get("latency_s", {})
            st = x.get("stage_mean_s") or {}
            stages = " / ".join(
                _f(1000 * st[k]) if st.get(k) is not None else "-"
                for k in ("batch_wait", "score", "publish")
            )
            lines.append(
                f"| {100 * x['fraction']:.0f}% | {_f(x['target_rate'])} | "
                f"{_f(x['throughput'])} | {_f(1000 * lat.get('p50', 0))} | "
                f"{_f(1000 * lat.get('p95', 0))} | {_f(1000 * lat.get('p99', 0))} | "
                f"{_f(x.get('engine_batch_s_mean'), 3)} | {_f(x.get('batch_events_mean'))} | "
                f"{stages} |"
            )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    path = Path(args[0]) if args else Path(__file__).parent / "results" / "bench-quick.json"
    sys.stdout.write(render(orjson.loads(path.read_bytes())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
