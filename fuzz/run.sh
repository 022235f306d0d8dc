#!/usr/bin/env bash
# Runs one libFuzzer harness for a while over a copy of its seed corpus.
# Usage: fuzz/run.sh BINARY SEED_DIR RUN_DIR SECONDS MAX_LEN [DICT|-]
#
# RUN_DIR is made afresh: RUN_DIR/corpus (the seeds, then what the fuzzer
# adds: the repository's corpus is never written), RUN_DIR/artifacts (a
# crash, timeout, leak or out-of-memory input) and RUN_DIR/log. Prints
# "ok" or the path of the input that failed, with the end of the log, and
# exits 1 when the harness failed.
set -euo pipefail
if [ $# -lt 5 ]; then
  echo "usage: fuzz/run.sh BINARY SEED_DIR RUN_DIR SECONDS MAX_LEN [DICT]" >&2
  exit 2
fi
binary=$1 seeds=$2 run=$3 seconds=$4 max_len=$5 dict=${6:--}
rm -rf "$run"
mkdir -p "$run/corpus" "$run/artifacts"
cp -r "$seeds"/. "$run/corpus/"
args=(-max_total_time="$seconds" -max_len="$max_len" -timeout=10
      -rss_limit_mb=2048 -print_final_stats=1
      -artifact_prefix="$run/artifacts/")
if [ "$dict" != - ]; then args+=(-dict="$dict"); fi
rc=0
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1} \
  "$binary" "${args[@]}" "$run/corpus" >"$run/log" 2>&1 || rc=$?
runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$run/log" |
       grep -o '[0-9]*$' || true)
if [ "$rc" = 0 ]; then
  echo "ok (${runs:-?} runs in ${seconds}s)"
  exit 0
fi
found=$(ls -t "$run/artifacts" 2>/dev/null | head -n 1)
if [ -n "$found" ]; then
  echo "FAILED: $run/artifacts/$found (exit $rc)"
else
  echo "FAILED: exit $rc, no artifact (log: $run/log)"
fi
# What broke, and the frames of taxgate's code and the harness.
grep -E 'ERROR|SUMMARY|fuzz property broken|runtime error|#[0-9]+ 0x[0-9a-f]+ in (taxgate|LLVMFuzzerTestOneInput)' \
  "$run/log" | head -n 40 || tail -n 40 "$run/log"
exit 1
