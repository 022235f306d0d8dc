#!/usr/bin/env bash
# The linkage benchmark of issue 4, on this machine, printing figures:
#   1. synth store (default 255,000 people = about 1,000,000 records) and
#      100,000 requests: read, index build, train, match timed apart, peak
#      memory, pairs/s per core, where one thread's time goes; precision and
#      recall by ../shared/tools/score_matches.py;
#   2. FEBRL4 (5,000 v 5,000): the whole `taxgate match` process, best of 5,
#      against the Python Record Linkage Toolkit's documented pipeline
#      (about 9 s here), and its accuracy with and without request TINs.
# Usage: bench/linkage.sh [PEOPLE] [REQUESTS]   (data cached in build/bench/data)
set -euo pipefail
cd "$(dirname "$0")/.."
people=${1:-255000}
requests=${2:-100000}
shared=../shared
make bench >/dev/null
tg=build/bench/src/cli/taxgate
bench=build/bench/bench/taxgate_linkage_bench
data=build/bench/data/synth-$people-$requests
if [ ! -s "$data/requests.csv" ]; then
  "$tg" synth --people "$people" --requests "$requests" --seed 1 --out "$data" >/dev/null
fi

echo "== synth: $people people, $requests requests (seed 1) =="
"$bench" --records "$data/records.csv" --requests "$data/requests.csv" \
  --out "$data/matches.csv" --profile 5000
python3 "$shared/tools/score_matches.py" "$data/matches.csv" "$data/truth.csv" \
  "$data/records_truth.csv" | sed -n 1p

echo
echo "== FEBRL4: the whole taxgate match process (best of 5) =="
f=$shared/data/febrl4
python3 - "$tg" "$f" "$data/febrl4.csv" <<'PY'
import subprocess, sys, time
tg, f, out = sys.argv[1:4]
best = min(
    (lambda t0: (subprocess.run([tg, "match", "--records", f + "/records.csv",
                                 "--requests", f + "/requests.csv", "--out", out],
                                capture_output=True, check=True),
                 time.perf_counter() - t0)[1])(time.perf_counter())
    for _ in range(5))
print(f"whole process {best:.3f} s: {9 / best:.0f}x faster than the toolkit's ~9 s")
PY
python3 "$shared/tools/score_matches.py" "$data/febrl4.csv" "$f/truth.csv" \
  "$f/records_truth.csv" | sed -n 1p
echo "-- request TINs removed (names, date of birth and address alone):"
"$bench" --records "$f/records.csv" --requests "$f/requests.csv" --no-tin \
  --out "$data/febrl4-notin.csv" | tail -2
python3 "$shared/tools/score_matches.py" "$data/febrl4-notin.csv" "$f/truth.csv" \
  "$f/records_truth.csv" | sed -n 1p
