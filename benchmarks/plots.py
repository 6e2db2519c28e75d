"""PNG plots of a benchmark run (matplotlib, Agg backend)."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def _plt() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def plot_engine(res: dict[str, Any], path: Path, title: str = "") -> Path:
    plt = _plt()
    fig, (a, m, b) = plt.subplots(1, 3, figsize=(17, 4.5))
    fixed = res.get("sweep_fixed_length", [])
    if fixed:
        a.plot(
            [s["batch"] for s in fixed],
            [s["events_per_s"] for s in fixed],
            "o-",
            label=f"fixed length ({fixed[0]['length']} tokens)",
        )
    a.set_xscale("log", base=2)
    a.set_xlabel("batch size (events)")
    a.set_ylabel("events/s")
    a.set_title(f"{res.get('variant', '')} model over batch size")
    a.grid(alpha=0.3)
    a.legend()
    a2 = a.twinx()
    if fixed:
        a2.plot(
            [s["batch"] for s in fixed],
            [s["tokens_per_s"] for s in fixed],
            ":",
            color="gray",
            label="tokens/s (fixed length)",
        )
        a2.set_ylabel("tokens/s (dotted)")

    mix = res.get("sweep_mix", [])
    if mix:
        m.plot(
            [s["group_tokens"] for s in mix],
            [s["events_per_s"] for s in mix],
            "s-",
            label="events/s",
        )
        for s in mix:
            m.annotate(
                f"{s['mean_batch_events']:.1f} ev, {100 * s['padding_waste']:.0f}% pad",
                (s["group_tokens"], s["events_per_s"]),
                fontsize=7,
                xytext=(3, 3),
                textcoords="offset points",
            )
        m.set_xscale("log", base=2)
        m.set_xlabel("padded tokens per engine call, at most (group budget)")
        m.set_ylabel("events/s")
        m.set_title("realistic mix: length-sorted groups by budget")
        m.grid(alpha=0.3)

    names, vals, notes = [], [], []
    for key, label in (
        ("batched", f"batched {res.get('variant', '')}"),
        ("batched_parallel", "batched, split over cores"),
        ("batched_fp32", "batched fp32"),
        ("single", f"one at a time {res.get('variant', '')}"),
        ("torch_eager", "PyTorch eager, full padding"),
    ):
        r = res.get(key, {})
        if "events_per_s" in r:
            names.append(label)
            vals.append(r["events_per_s"])
            notes.append(f"{r['events_per_s']:.1f}/s\n{r['gflops_per_s']:.0f} GFLOP/s")
    bars = b.bar(range(len(vals)), vals, color=["C0", "C4", "C1", "C2", "C3"][: len(vals)])
    for bar, note in zip(bars, notes, strict=True):
        b.text(
            bar.get_x() + bar.get_width() / 2,
            bar.get_height(),
            note,
            ha="center",
            va="bottom",
            fontsize=8,
        )
    b.set_xticks(range(len(vals)), names, rotation=15, fontsize=8)
    b.set_ylabel("events/s (realistic length mix)")
    peak = res.get("peak", {}).get("peak_gflops")
    b.set_title(
        f"engine vs baselines (peak matmul {peak} GFLOP/s;\n"
        f"fp32 model at {100 * (res.get('hw_fraction') or 0):.0f}% of it)"
    )
    b.grid(alpha=0.3, axis="y")
    if title:
        fig.suptitle(title, fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def plot_e2e(
    res: dict[str, Any], path: Path, engine_eps: float | None = None, title: str = ""
) -> Path:
    plt = _plt()
    steps = res.get("steps", [])
    fig, (a, b, c) = plt.subplots(1, 3, figsize=(15, 4.5))
    rates = [s["target_rate"] for s in steps]
    for q, style in (("p50", "o-"), ("p95", "s-"), ("p99", "^-")):
        a.plot(rates, [s["latency_s"].get(q, float("nan")) * 1000 for s in steps], style, label=q)
    a.set_xlabel("offered load (events/s, Poisson)")
    a.set_ylabel("end-to-end latency (ms)")
    a.set_title("latency: sent_at -> visible read_committed")
    a.grid(alpha=0.3)
    a.legend()

    b.plot(rates, [s["throughput"] for s in steps], "o-", label="delivered")
    b.plot(rates, rates, ":", color="gray", label="offered")
    sat = res.get("saturation", {}).get("events_per_s")
    if sat:
        b.axhline(sat, color="C1", ls="--", label=f"worker saturation {sat:.1f}/s")
    if engine_eps:
        b.axhline(engine_eps, color="C2", ls="-.", label=f"engine only {engine_eps:.1f}/s")
    b.set_xlabel("offered load (events/s)")
    b.set_ylabel("events/s")
    b.set_title("throughput")
    b.grid(alpha=0.3)
    b.legend(fontsize=8)

    offset = 0.0
    series = [("saturation", res.get("saturation", {}))] + [
        (f"{s['fraction']:.0%}", s) for s in steps
    ]
    for name, s in series:
        tl = s.get("timeline", [])
        if not tl:
            continue
        ts = [offset + p["t"] for p in tl]
        c.plot(ts, [p["outstanding"] for p in tl], label=f"{name} outstanding")
        lag = [p["group_lag"] if p["group_lag"] is not None else float("nan") for p in tl]
        c.plot(ts, lag, ":", color="gray")
        offset = ts[-1] + 1
    c.set_xlabel("time (s, steps one after another)")
    c.set_ylabel("events")
    c.set_title("outstanding events (solid) and consumer lag (dotted)")
    c.grid(alpha=0.3)
    c.legend(fontsize=7)
    if title:
        fig.suptitle(title, fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def plot_overhead(runs: list[dict[str, Any]], path: Path, title: str = "") -> Path:
    plt = _plt()
    fig, a = plt.subplots(figsize=(7, 4.5))
    labels = ["with tokenization" if r["tokenize"] else "tokenization skipped" for r in runs]
    x = range(len(runs))
    a.bar([i - 0.2 for i in x], [r["events_per_s"] for r in runs], 0.4, label="events/s (wall)")
    a.bar(
        [i + 0.2 for i in x],
        [r["events_per_cpu_s"] or 0 for r in runs],
        0.4,
        label="events per worker CPU-second",
    )
    a.axhline(10_000, color="red", ls="--", label="goal 10,000/s")
    a.set_xticks(list(x), labels)
    a.set_ylabel("events/s")
    a.set_title("worker with a no-op engine, real broker")
    a.legend()
    a.grid(alpha=0.3, axis="y")
    if title:
        fig.suptitle(title, fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def main(argv: list[str] | None = None) -> int:
    """Redraw the plots of a results file: ``python -m benchmarks.plots RESULTS.json``."""
    import sys

    import orjson

    args = argv if argv is not None else sys.argv[1:]
    path = Path(args[0])
    r = orjson.loads(path.read_bytes())
    name = r.get("mode", "quick")
    m = r.get("machine", {})
    title = f"{m.get('cpu')} ({m.get('physical_cores')} cores), {name} run {r.get('started')}"
    if "engine" in r:
        plot_engine(r["engine"], path.parent / f"engine-{name}.png", title)
    if "overhead" in r:
        plot_overhead(r["overhead"]["runs"], path.parent / f"overhead-{name}.png", title)
    if "e2e" in r:
        engine_eps = r.get("summary", {}).get("engine_events_per_s")
        plot_e2e(r["e2e"], path.parent / f"e2e-{name}.png", engine_eps, title)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
