"""A tiny randomly initialised model with the real model's ONNX interface.

Tests, the pipeline benchmark and a broker-only demo use it so that every path runs through
real ONNX Runtime sessions without a trained model. It embeds tokens, mixes them with one
dense layer, mean-pools for the decision and reason heads, and mean-pools each guideline's
token span for the citation head: the same span arithmetic as the real export.

Needs the ``onnx`` package (in the ``dev`` and ``train`` extras), imported only here.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors
from tokenizers.trainers import WordPieceTrainer

from router_worker.model_card import ModelCard, Thresholds, describe_file, write_card
from router_worker.records import DECISIONS, REASONS

_SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
_CORPUS = [
    "I want to talk to a human agent right now, this is ridiculous",
    "where is my order it has been two weeks and nobody answers",
    "If the user asks about a specific order, hand off to a human agent.",
    "Never escalate pricing questions; point to the pricing page.",
    "refunds over 150 go to a human; under that the assistant processes it",
    "quiero hablar con una persona, por favor",
    "je veux parler à un conseiller humain",
    "ich möchte mit einem Mitarbeiter sprechen",
    "quero falar com um atendente humano",
    "my account was hacked and someone changed my password",
    "thanks that solved it, have a nice day",
    "guidelines context conversation user assistant offered a human handed off system plan",
    "account value usd renewal in days customer for contacts in last 7 days page incident",
    "0 1 2 3 4 5 6 7 8 9 enterprise pro free billing settings",
]


def build_tokenizer(vocab_size: int = 600) -> Tokenizer:
    """A small uncased WordPiece tokenizer, deterministic for a fixed corpus."""
    tok = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    tok.normalizer = normalizers.BertNormalizer(lowercase=True)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tok.decoder = decoders.WordPiece()
    trainer = WordPieceTrainer(vocab_size=vocab_size, special_tokens=_SPECIALS, show_progress=False)
    tok.train_from_iterator(_CORPUS * 3, trainer=trainer)
    cls_id, sep_id = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", special_tokens=[("[CLS]", cls_id), ("[SEP]", sep_id)]
    )
    return tok


def build_onnx(
    vocab_size: int, dim: int = 16, seed: int = 0, fail_token: int | None = None
) -> bytes:
    """Serialized ONNX graph with inputs/outputs of the real model (opset 17).

    ``fail_token``: when set, a batch containing that token id makes the graph fail at run
    time (a shape mismatch), so tests can exercise real engine errors.
    """
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(seed)

    def init(name: str, arr: np.ndarray) -> onnx.TensorProto:
        return numpy_helper.from_array(arr, name)

    f32 = np.float32
    inits = [
        init("emb", rng.normal(0, 1.0, (vocab_size, dim)).astype(f32)),
        init("w1", rng.normal(0, 0.5, (dim, dim)).astype(f32)),
        init("b1", np.zeros(dim, f32)),
        init("wd", rng.normal(0, 1.0, (dim, len(DECISIONS))).astype(f32)),
        init("bd", np.zeros(len(DECISIONS), f32)),
        init("wr", rng.normal(0, 1.0, (dim, len(REASONS))).astype(f32)),
        init("br", np.zeros(len(REASONS), f32)),
        init("wc", rng.normal(0, 1.0, (dim, 1)).astype(f32)),
        init("bc", np.zeros(1, f32)),
        init("ax1", np.array([1], np.int64)),
        init("ax2", np.array([2], np.int64)),
        init("axm1", np.array([-1], np.int64)),
        init("zero", np.array(0, np.int64)),
        init("one_i", np.array(1, np.int64)),
        init("one_f", np.array(1.0, f32)),
        init("idx0", np.array(0, np.int64)),
        init("idx1", np.array(1, np.int64)),
    ]
    n = helper.make_node
    nodes = [
        n("Gather", ["emb", "input_ids"], ["e"]),
        n("MatMul", ["e", "w1"], ["h0"]),
        n("Add", ["h0", "b1"], ["h1"]),
        n("Tanh", ["h1"], ["h"]),
        n("Cast", ["attention_mask"], ["mf"], to=TensorProto.FLOAT),
        n("Unsqueeze", ["mf", "axm1"], ["mf3"]),
        n("Mul", ["h", "mf3"], ["hm"]),
        n("ReduceSum", ["hm", "ax1"], ["hs"], keepdims=0),
        n("ReduceSum", ["mf3", "ax1"], ["ms"], keepdims=0),
        n("Max", ["ms", "one_f"], ["msc"]),
        n("Div", ["hs", "msc"], ["pooled"]),
        n("MatMul", ["pooled", "wd"], ["dl0"]),
        n("Add", ["dl0", "bd"], ["dl"]),
        n("Softmax", ["dl"], ["decision_probs"], axis=-1),
        n("MatMul", ["pooled", "wr"], ["rl0"]),
        n("Add", ["rl0", "br"], ["rl"]),
        n("Softmax", ["rl"], ["reason_probs"], axis=-1),
        # Span mask [B, G, T]: start <= t < end.
        n("Shape", ["input_ids"], ["shp"]),
        n("Gather", ["shp", "idx1"], ["tlen"]),
        n("Range", ["zero", "tlen", "one_i"], ["pos"]),
        n("Gather", ["guideline_spans", "idx0"], ["starts"], axis=2),
        n("Gather", ["guideline_spans", "idx1"], ["ends"], axis=2),
        n("Unsqueeze", ["starts", "axm1"], ["s3"]),
        n("Unsqueeze", ["ends", "axm1"], ["e3"]),
        n("GreaterOrEqual", ["pos", "s3"], ["ge"]),
        n("Less", ["pos", "e3"], ["lt"]),
        n("And", ["ge", "lt"], ["inspan"]),
        n("Cast", ["inspan"], ["spanf"], to=TensorProto.FLOAT),
        n("ReduceSum", ["spanf", "ax2"], ["cnt"], keepdims=1),
        n("Max", ["cnt", "one_f"], ["cntc"]),
        n("MatMul", ["spanf", "h"], ["gsum"]),
        n("Div", ["gsum", "cntc"], ["gpool"]),
        n("MatMul", ["gpool", "wc"], ["cl0"]),
        n("Add", ["cl0", "bc"], ["cl1"]),
        n("Squeeze", ["cl1", "axm1"], ["cl"]),
        n("Sigmoid", ["cl"], ["cp"]),
        n("Greater", ["ends", "starts"], ["valid"]),
        n("Cast", ["valid"], ["validf"], to=TensorProto.FLOAT),
        n("Mul", ["cp", "validf"], ["citation_probs_ok"]),
    ]
    if fail_token is None:
        nodes.append(n("Identity", ["citation_probs_ok"], ["citation_probs"]))
    else:
        # Reshape to [-1, 2] fails at run time when the element count is odd, which happens
        # only when fail_token is present: a real runtime error from onnxruntime.
        inits.append(init("fail_tok", np.array(fail_token, np.int64)))
        inits.append(init("two", np.array([2], np.int64)))
        nodes += [
            n("Equal", ["input_ids", "fail_tok"], ["hit"]),
            n("Cast", ["hit"], ["hiti"], to=TensorProto.INT64),
            n("ReduceMax", ["hiti"], ["anyhit"], keepdims=1),  # [1, 1]: 0 or 1
            n("Reshape", ["anyhit", "axm1"], ["anyhit1"]),  # [1]
            n("Sub", ["two", "anyhit1"], ["count"]),  # 2 normally, 1 when hit
            n("Expand", ["one_f", "count"], ["probe"]),
            n("Reshape", ["probe", "two"], ["probe2"]),  # a 1-element tensor cannot be [2]
            n("ReduceMean", ["probe2"], ["unit"], keepdims=0),  # 1.0
            n("Mul", ["citation_probs_ok", "unit"], ["citation_probs"]),
        ]
    i64, fl = TensorProto.INT64, TensorProto.FLOAT
    graph = helper.make_graph(
        nodes,
        "toy_escalation",
        [
            helper.make_tensor_value_info("input_ids", i64, ["batch", "seq"]),
            helper.make_tensor_value_info("attention_mask", i64, ["batch", "seq"]),
            helper.make_tensor_value_info("guideline_spans", i64, ["batch", "guidelines", 2]),
        ],
        [
            helper.make_tensor_value_info("decision_probs", fl, ["batch", len(DECISIONS)]),
            helper.make_tensor_value_info("reason_probs", fl, ["batch", len(REASONS)]),
            helper.make_tensor_value_info("citation_probs", fl, ["batch", "guidelines"]),
        ],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model.SerializeToString()


def write_toy_model(
    out_dir: Path,
    max_length: int = 512,
    seed: int = 0,
    min_confidence: float = 0.0,
    fail_on_text: str | None = None,
) -> Path:
    """Write a complete model directory (model.onnx, tokenizer.json, model.json).

    ``fail_on_text``: a word whose presence in an event makes inference fail (see build_onnx).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    tok = build_tokenizer()
    fail_token = None
    if fail_on_text is not None:
        # An added token matches the literal word only, never a piece of ordinary text.
        tok.add_tokens([fail_on_text])
        fail_token = tok.token_to_id(fail_on_text)
    tok.save(str(out_dir / "tokenizer.json"))
    (out_dir / "model.onnx").write_bytes(
        build_onnx(tok.get_vocab_size(with_added_tokens=True), seed=seed, fail_token=fail_token)
    )
    card = ModelCard(
        name="toy-escalation",
        version=f"toy-{seed}",
        backbone="toy (random, 1 dense layer)",
        max_length=max_length,
        files={"fp32": describe_file(out_dir, "model.onnx")},
        thresholds=Thresholds(min_confidence=min_confidence, citation=0.5),
        training={"note": "randomly initialised; for tests and benchmarks of the plumbing only"},
    )
    write_card(out_dir, card)
    return out_dir
