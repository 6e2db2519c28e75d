"""ONNX Runtime engine: providers from settings, thread settings, an interface check at load."""

from __future__ import annotations

import itertools
import logging
import os
from collections import OrderedDict
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import onnxruntime as ort

from router_worker.engine.base import EngineError, EngineOutput
from router_worker.model_card import (
    INPUT_NAMES,
    OUTPUT_NAMES,
    ModelCard,
    Variant,
    load_card,
    sha256_file,
)
from router_worker.records import DECISIONS, REASONS
from router_worker.tokenize import Batch

log = logging.getLogger(__name__)

PREFERRED_PROVIDERS = ("TensorrtExecutionProvider", "CUDAExecutionProvider", "CPUExecutionProvider")
_GPU_PROVIDERS = {"TensorrtExecutionProvider", "CUDAExecutionProvider"}
_EXPECTED_OUTPUT_RANK = {"decision_probs": 2, "reason_probs": 2, "citation_probs": 2}
# On CPU, ONNX Runtime runs an encoder faster per token in small groups than in large ones:
# a ~1k-token group's activations stay in the cores' caches, a 16k-token group's do not
# (measured by benchmarks/engine.py's group-budget sweep: see benchmarks/README.md). The
# pipeline cuts its length-sorted groups at this many padded tokens on CPU.
CPU_BATCH_TOKENS = 1024
# On GPU, sequence lengths are padded up to a multiple of this: tensor-core friendly shapes
# and far fewer distinct shapes for the buffer cache and TensorRT's profiles.
GPU_PAD_MULTIPLE = 16
_BUFFER_CACHE_SHAPES = 64


def default_trt_cache_dir(model_path: Path) -> Path:
    """``$XDG_CACHE_HOME/escalation-router/trt/<model file name>-<size>``: engines on disk."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    st = model_path.stat()
    return base / "escalation-router" / "trt" / f"{model_path.stem}-{st.st_size}"


def trt_options(
    cache_dir: Path, max_batch: int, max_length: int, max_guidelines: int, fp16: bool = True
) -> dict[str, str]:
    """TensorRT provider options: engine and timing caches on disk, fp16, and one optimisation
    profile spanning every shape the pipeline sends (so no engine is rebuilt per shape)."""

    def shapes(b: int, t: int, g: int) -> str:
        return f"input_ids:{b}x{t},attention_mask:{b}x{t},guideline_spans:{b}x{g}x2"

    return {
        "trt_engine_cache_enable": "True",
        "trt_engine_cache_path": str(cache_dir),
        "trt_timing_cache_enable": "True",
        "trt_timing_cache_path": str(cache_dir),
        "trt_fp16_enable": "True" if fp16 else "False",
        "trt_profile_min_shapes": shapes(1, 1, 1),
        "trt_profile_opt_shapes": shapes(max(1, max_batch // 2), min(128, max_length), 8),
        "trt_profile_max_shapes": shapes(max_batch, max_length, max(1, max_guidelines)),
    }


def choose_providers(requested: Sequence[str], available: Sequence[str] | None = None) -> list[str]:
    """Requested providers that this onnxruntime build has; 'auto' means the preferred order."""
    have = list(available if available is not None else ort.get_available_providers())
    wanted = list(PREFERRED_PROVIDERS) if list(requested) in ([], ["auto"]) else list(requested)
    chosen = [p for p in wanted if p in have]
    if "CPUExecutionProvider" not in chosen and "CPUExecutionProvider" in have:
        chosen.append("CPUExecutionProvider")  # the fallback for nodes a GPU provider lacks
    if not chosen:
        raise EngineError(f"none of the providers {wanted} is available (have {have})")
    return chosen


def choose_variant(card: ModelCard, requested: str, providers: Sequence[str]) -> Variant:
    on_gpu = bool(_GPU_PROVIDERS.intersection(providers))
    if requested != "auto":
        if requested not in card.files:
            raise EngineError(
                f"model variant {requested!r} is not in the model card {sorted(card.files)}"
            )
        return requested
    order: tuple[Variant, ...] = ("fp16", "fp32", "int8") if on_gpu else ("int8", "fp32", "fp16")
    for v in order:
        if v in card.files:
            return v
    raise EngineError("the model card lists no model files")


def check_interface(session: ort.InferenceSession) -> None:
    """Fail at load, not on the first batch, when the graph is not the one the code expects."""
    inputs = {i.name: i for i in session.get_inputs()}
    outputs = {o.name: o for o in session.get_outputs()}
    problems = []
    for name in INPUT_NAMES:
        if name not in inputs:
            problems.append(f"missing input {name!r}")
        elif inputs[name].type != "tensor(int64)":
            problems.append(f"input {name!r} is {inputs[name].type}, expected tensor(int64)")
    extra = set(inputs) - set(INPUT_NAMES)
    if extra:
        problems.append(f"unexpected inputs {sorted(extra)}")
    for name in OUTPUT_NAMES:
        if name not in outputs:
            problems.append(f"missing output {name!r}")
        elif outputs[name].type != "tensor(float)":
            problems.append(f"output {name!r} is {outputs[name].type}, expected tensor(float)")
        elif len(outputs[name].shape) != _EXPECTED_OUTPUT_RANK[name]:
            problems.append(f"output {name!r} has rank {len(outputs[name].shape)}, expected 2")
    if problems:
        raise EngineError("model interface mismatch: " + "; ".join(problems))


class OnnxEngine:
    """Runs one exported model; safe to call from one worker thread at a time."""

    def __init__(
        self,
        model_path: Path,
        card: ModelCard,
        providers: Sequence[str] = ("auto",),
        intra_op_threads: int = 0,
        inter_op_threads: int = 1,
        trt_cache_dir: Path | None = None,
        *,
        cpu_batch_tokens: int | None = CPU_BATCH_TOKENS,
        io_binding: bool | None = None,
        max_batch_events: int = 64,
        cpu_parallel: int = 1,
    ) -> None:
        self.card = card
        self.model_version = card.version
        self.max_length = card.max_length
        opts = ort.SessionOptions()
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        opts.intra_op_num_threads = intra_op_threads
        opts.inter_op_num_threads = inter_op_threads
        opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        # Failures are raised as EngineError and logged by the pipeline, once.
        opts.log_severity_level = 3
        # Workers share the cores with the tokenizer thread; spinning threads would steal them.
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        chosen = choose_providers(providers)
        provider_args: list[str | tuple[str, dict[str, str]]] = []
        for p in chosen:
            if p == "TensorrtExecutionProvider":
                cache = trt_cache_dir or default_trt_cache_dir(model_path)
                cache.mkdir(parents=True, exist_ok=True)
                # The profile must hold every shape sent (one outside it fails): lengths padded
                # to GPU_PAD_MULTIPLE, and batches up to max_batch_events, at least 256.
                longest = -(-card.max_length // GPU_PAD_MULTIPLE) * GPU_PAD_MULTIPLE
                opts_trt = trt_options(
                    cache, max(max_batch_events, 256), longest, card.max_guidelines
                )
                provider_args.append((p, opts_trt))
            else:
                provider_args.append(p)
        try:
            self.session = ort.InferenceSession(str(model_path), opts, providers=provider_args)
        except Exception as e:  # onnxruntime raises its own exception types
            raise EngineError(f"cannot load {model_path}: {e}") from e
        check_interface(self.session)
        self.providers = self.session.get_providers()
        self.model_path = model_path
        self.on_gpu = bool(_GPU_PROVIDERS.intersection(self.providers))
        # How many padded tokens one call should carry at most (None: as many as batched).
        self.preferred_batch_tokens: int | None = None if self.on_gpu else cpu_batch_tokens
        # IOBinding with reusable, shape-keyed device buffers: on by default on GPU only, so
        # the CPU path stays a plain ``session.run``.
        self.use_io_binding = self.on_gpu if io_binding is None else io_binding
        self.device = "cuda" if self.on_gpu else "cpu"
        self.pad_multiple = GPU_PAD_MULTIPLE if self.on_gpu else 1
        self._binding = self.session.io_binding() if self.use_io_binding else None
        self._buffers: OrderedDict[tuple[int, ...], _Buffers] = OrderedDict()
        # CPU: a batch of several events can instead be split across ``cpu_parallel``
        # single-threaded runs at once (one per core), which avoids the intra-op threads'
        # synchronisation on these small matrices; a lone event still uses ``session``.
        self.cpu_parallel = cpu_parallel if not self.on_gpu else 1
        self._solo: ort.InferenceSession | None = None
        self._pool: ThreadPoolExecutor | None = None
        if self.cpu_parallel > 1:
            solo = ort.SessionOptions()
            solo.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
            solo.intra_op_num_threads = 1
            solo.inter_op_num_threads = 1
            solo.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
            solo.log_severity_level = 3
            self._solo = ort.InferenceSession(
                str(model_path), solo, providers=["CPUExecutionProvider"]
            )
            self._pool = ThreadPoolExecutor(self.cpu_parallel, thread_name_prefix="onnx")

    @classmethod
    def from_dir(
        cls,
        model_dir: Path,
        variant: str = "auto",
        providers: Sequence[str] = ("auto",),
        intra_op_threads: int = 0,
        inter_op_threads: int = 1,
        trt_cache_dir: Path | None = None,
        verify_hash: bool = True,
        **engine_options: Any,
    ) -> OnnxEngine:
        card = load_card(model_dir)
        card.check_compatible()
        chosen = choose_variant(card, variant, choose_providers(providers))
        entry = card.files[chosen]
        path = model_dir / entry.path
        if not path.is_file():
            raise EngineError(f"model file {path} named in the card is missing")
        if verify_hash and sha256_file(path) != entry.sha256:
            raise EngineError(f"model file {path} does not match the card's sha256")
        engine = cls(
            path,
            card,
            providers,
            intra_op_threads,
            inter_op_threads,
            trt_cache_dir,
            **engine_options,
        )
        engine.variant = chosen
        log.info(
            "engine loaded",
            extra={"model": card.version, "variant": chosen, "providers": engine.providers},
        )
        return engine

    variant: str = "fp32"

    def run(self, batch: Batch) -> EngineOutput:
        if self._binding is not None:
            return self._run_bound(batch)
        if self._pool is not None and batch.size >= 2:
            return self._run_split(batch)
        feeds = {
            "input_ids": batch.input_ids,
            "attention_mask": batch.attention_mask,
            "guideline_spans": batch.guideline_spans,
        }
        try:
            dec, rea, cit = self.session.run(list(OUTPUT_NAMES), feeds)
        except Exception as e:
            raise EngineError(f"inference failed: {e}") from e
        return EngineOutput(
            np.asarray(dec, np.float32), np.asarray(rea, np.float32), np.asarray(cit, np.float32)
        )

    def _run_split(self, batch: Batch) -> EngineOutput:
        """Rows split into ``cpu_parallel`` contiguous chunks of about equal real tokens, each
        trimmed to its own longest row and run single-threaded, all at once."""
        assert self._pool is not None and self._solo is not None
        solo = self._solo
        lengths = batch.attention_mask.sum(1)
        n = min(self.cpu_parallel, batch.size)
        cum = np.cumsum(lengths)
        cuts = [0]
        for k in range(1, n):  # about equal real tokens per chunk, at least one row each
            c = int(np.searchsorted(cum, cum[-1] * k / n)) + 1
            cuts.append(min(max(c, cuts[-1] + 1), batch.size - (n - k)))
        cuts.append(batch.size)

        def part(lo: int, hi: int) -> list[np.ndarray]:
            t = max(1, int(lengths[lo:hi].max()))
            feeds = {
                "input_ids": np.ascontiguousarray(batch.input_ids[lo:hi, :t]),
                "attention_mask": np.ascontiguousarray(batch.attention_mask[lo:hi, :t]),
                "guideline_spans": batch.guideline_spans[lo:hi],
            }
            return solo.run(list(OUTPUT_NAMES), feeds)

        try:
            futures = [self._pool.submit(part, lo, hi) for lo, hi in itertools.pairwise(cuts)]
            parts = [f.result() for f in futures]
        except Exception as e:
            raise EngineError(f"inference failed: {e}") from e
        dec, rea, cit = (np.concatenate([p[k] for p in parts]) for k in range(3))
        return EngineOutput(
            np.asarray(dec, np.float32), np.asarray(rea, np.float32), np.asarray(cit, np.float32)
        )

    def _padded(self, batch: Batch) -> Batch:
        """Sequence length rounded up to ``pad_multiple`` (padding tokens are masked out)."""
        b, t = batch.input_ids.shape
        m = self.pad_multiple
        t2 = -(-t // m) * m
        if t2 == t:
            return batch
        ids = np.zeros((b, t2), np.int64)
        mask = np.zeros((b, t2), np.int64)
        ids[:, :t] = batch.input_ids
        mask[:, :t] = batch.attention_mask
        return Batch(ids, mask, batch.guideline_spans)

    def _buffers_for(self, batch: Batch) -> _Buffers:
        b, t = batch.input_ids.shape
        g = batch.guideline_spans.shape[1]
        key = (b, t, g)
        buf = self._buffers.get(key)
        if buf is None:
            buf = _Buffers(key, self.device)
            self._buffers[key] = buf
            if len(self._buffers) > _BUFFER_CACHE_SHAPES:
                self._buffers.popitem(last=False)
        else:
            self._buffers.move_to_end(key)
        return buf

    def _run_bound(self, batch: Batch) -> EngineOutput:
        """IOBinding: inputs copied into reusable device buffers, outputs written into
        reusable device buffers, one copy of the (small) outputs back to the host."""
        assert self._binding is not None
        padded = self._padded(batch)
        try:
            buf = self._buffers_for(padded)
            buf.ids.update_inplace(np.ascontiguousarray(padded.input_ids))
            buf.mask.update_inplace(np.ascontiguousarray(padded.attention_mask))
            buf.spans.update_inplace(np.ascontiguousarray(padded.guideline_spans))
            binding = self._binding
            binding.clear_binding_inputs()
            binding.clear_binding_outputs()
            binding.bind_ortvalue_input("input_ids", buf.ids)
            binding.bind_ortvalue_input("attention_mask", buf.mask)
            binding.bind_ortvalue_input("guideline_spans", buf.spans)
            for name, value in zip(OUTPUT_NAMES, buf.outputs, strict=True):
                binding.bind_ortvalue_output(name, value)
            self.session.run_with_iobinding(binding)
            dec, rea, cit = (v.numpy() for v in buf.outputs)
        except Exception as e:
            raise EngineError(f"inference failed: {e}") from e
        return EngineOutput(
            np.array(dec, np.float32), np.array(rea, np.float32), np.array(cit, np.float32)
        )

    def close(self) -> None:
        # InferenceSession frees its memory when dropped; nothing else to release.
        self._buffers.clear()
        self._binding = None
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        self._solo = None
        del self.session


class _Buffers:
    """Device tensors for one (batch, seq, guidelines) shape, reused across calls."""

    def __init__(self, key: tuple[int, ...], device: str) -> None:
        b, t, g = key

        def alloc(shape: list[int], dtype: type) -> ort.OrtValue:
            return ort.OrtValue.ortvalue_from_shape_and_type(shape, dtype, device, 0)

        self.ids = alloc([b, t], np.int64)
        self.mask = alloc([b, t], np.int64)
        self.spans = alloc([b, g, 2], np.int64)
        self.outputs = (
            alloc([b, len(DECISIONS)], np.float32),
            alloc([b, len(REASONS)], np.float32),
            alloc([b, g], np.float32),
        )
