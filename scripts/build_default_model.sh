#!/usr/bin/env bash
# Rebuild the packaged default model (router_worker/default_model/) from scratch:
# generate the synthetic data, fine-tune all-MiniLM-L6-v2 on it plus the LLM-written
# records, export int8 + fp16 ONNX with parity checks, and evaluate on the dev set.
#
#   scripts/build_default_model.sh            # needs: pip install -e '.[train]'
#   SHARED=/path/to/shared THREADS=16 scripts/build_default_model.sh
#
# Resumable: re-running continues the training run in runs/minilm from its last checkpoint.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED="${SHARED:-../shared}"
RUN="${RUN:-runs/minilm}"
THREADS="${THREADS:-0}"
SEED="${SEED:-13}"
mkdir -p data/generated "$RUN"

# 1. Synthetic records (seeded; whole businesses and templates held out for validation).
[ -s data/generated/train.jsonl ] || python3 -m router_worker.training.generate \
  --n 4000 --seed 7 --out data/generated/train.jsonl --holdout-out data/generated/val.jsonl

# 2. Fine-tune (whole written tenants held out for validation; never the dev set).
resume=(); [ -d "$RUN/last" ] && resume=(--resume)
python3 -m router_worker.training.train \
  --train "$SHARED/train/written_*.jsonl" --extra-train data/generated/train.jsonl \
  --out "$RUN" --epochs 5 --batch-size 16 --lr 8e-5 --head-lr-mult 10 \
  --max-length 256 --max-guidelines 32 --threads "$THREADS" --seed "$SEED" \
  --save-every 100 --patience 2 "${resume[@]}"

# 3. Export int8 ONNX + tokenizer + model card, with parity checks.
# Only int8 ships (the packaged model must stay under 50 MB); fp16 for GPUs: --variants fp16.
python3 -m router_worker.training.export --checkpoint "$RUN/best" \
  --out router_worker/default_model --variants int8 --int8-ops MatMul,Gather

# 4. Measure on the hand-written dev set with the worker's own code path.
python3 -m router_worker.cli eval --data "$SHARED/eval/dev.jsonl"
