"""ONNX Runtime engine: providers from settings, thread settings, an interface check at load."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

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
from router_worker.tokenize import Batch

log = logging.getLogger(__name__)

PREFERRED_PROVIDERS = ("TensorrtExecutionProvider", "CUDAExecutionProvider", "CPUExecutionProvider")
_GPU_PROVIDERS = {"TensorrtExecutionProvider", "CUDAExecutionProvider"}
_EXPECTED_OUTPUT_RANK = {"decision_probs": 2, "reason_probs": 2, "citation_probs": 2}


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
            if p == "TensorrtExecutionProvider" and trt_cache_dir is not None:
                trt_cache_dir.mkdir(parents=True, exist_ok=True)
                provider_args.append(
                    (
                        p,
                        {
                            "trt_engine_cache_enable": "True",
                            "trt_engine_cache_path": str(trt_cache_dir),
                            "trt_fp16_enable": "True",
                        },
                    )
                )
            else:
                provider_args.append(p)
        try:
            self.session = ort.InferenceSession(str(model_path), opts, providers=provider_args)
        except Exception as e:  # onnxruntime raises its own exception types
            raise EngineError(f"cannot load {model_path}: {e}") from e
        check_interface(self.session)
        self.providers = self.session.get_providers()
        self.model_path = model_path

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
        engine = cls(path, card, providers, intra_op_threads, inter_op_threads, trt_cache_dir)
        engine.variant = chosen
        log.info(
            "engine loaded",
            extra={"model": card.version, "variant": chosen, "providers": engine.providers},
        )
        return engine

    variant: str = "fp32"

    def run(self, batch: Batch) -> EngineOutput:
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

    def close(self) -> None:
        # InferenceSession frees its memory when dropped; nothing else to release.
        del self.session
