#!/usr/bin/env bash
# How each training source affects dev.jsonl: fine-tune all-MiniLM-L6-v2 from scratch for the
# same number of steps on (a) the LLM-written records alone, (b) the generator's records alone
# and (c) both, export each final model to int8 ONNX with the default model's thresholds, and
# evaluate it on the dev set through `router-worker eval`. Results: $OUT/<name>/dev.json and
# a table on stdout. Equal steps (not epochs) so that every arm sees as many examples.
#
#   scripts/ablate_sources.sh                     # needs: pip install -e '.[train]'
#   STEPS=360 THREADS=2 SHARED=../shared scripts/ablate_sources.sh
#
# Resumable: an arm whose dev.json exists is skipped; a half-trained arm continues.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED="${SHARED:-../shared}"
OUT="${OUT:-runs/ablation}"
STEPS="${STEPS:-360}"
THREADS="${THREADS:-0}"
SEED="${SEED:-13}"
ARMS="${ARMS:-written generated both}"
WRITTEN="$SHARED/train/written_*.jsonl"
GEN=data/generated/train.jsonl
mkdir -p data/generated "$OUT"
[ -s "$GEN" ] || python3 -m router_worker.training.generate \
  --n 4000 --seed 7 --out "$GEN" --holdout-out data/generated/val.jsonl

for arm in $ARMS; do
  dir="$OUT/$arm"
  [ -s "$dir/dev.json" ] && continue
  case "$arm" in
    written)   data=(--train "$WRITTEN") ;;
    generated) data=(--train "$GEN") ;;
    both)      data=(--train "$WRITTEN" --extra-train "$GEN") ;;
    *) echo "unknown arm $arm" >&2; exit 2 ;;
  esac
  resume=(); [ -d "$dir/last" ] && resume=(--resume)
  python3 -m router_worker.training.train "${data[@]}" --out "$dir" \
    --epochs 10 --max-steps "$STEPS" --batch-size 16 --lr 8e-5 --head-lr-mult 10 \
    --max-length 256 --max-guidelines 32 --threads "$THREADS" --seed "$SEED" \
    --save-every 60 --patience 100 --log-every 20 "${resume[@]}" 2>&1 | tee -a "$dir.train.log"
  # The final weights (not the best-on-validation ones): every arm is judged after $STEPS steps.
  python3 -m router_worker.training.export --checkpoint "$dir/last" --out "$dir/model" \
    --variants int8 --int8-ops MatMul,Gather --min-confidence 0.45 --citation-threshold 0.25 \
    --sample-records "$SHARED/train/written_"*.jsonl 2>&1 | tail -3
  python3 -m router_worker.cli eval --data "$SHARED/eval/dev.jsonl" --model-dir "$dir/model" \
    --json > "$dir/dev.json.tmp"
  mv "$dir/dev.json.tmp" "$dir/dev.json"
done

python3 - "$OUT" $ARMS <<'PY'
import json, sys
from pathlib import Path
out = Path(sys.argv[1])
cols = ["coverage", "escalation_accuracy", "reason_accuracy", "citation_auc", "macro_f1",
        "missed_escalations"]
print("| arm | " + " | ".join(cols) + " |")
print("|---" * (len(cols) + 1) + "|")
for arm in sys.argv[2:]:
    m = json.loads((out / arm / "dev.json").read_text())
    cells = [f"{m[c]:.3f}" if isinstance(m[c], float) else str(m[c]) for c in cols]
    print(f"| {arm} | " + " | ".join(cells) + " |")
PY
