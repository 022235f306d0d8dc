#!/usr/bin/env bash
# The statute rules alone (issue 9), on this machine, printing figures:
# `taxgate policy check` (a dry run: every rule of LAW.md, the text layer,
# the near-copy boilerplate count, the signature of every request) over a
# synthetic batch, timed as a whole process with its peak memory; then the
# same batch with its signatures taken out and a policy that does not
# require them, so the share of the time spent verifying Ed25519 signatures
# shows. The synthetic batch has one agency, a few hundred officials and
# the reason templates of `taxgate synth` (many near-copies).
# Usage: bench/policy.sh [REQUESTS]   (data cached in build/bench/data)
set -euo pipefail
cd "$(dirname "$0")/.."
requests=${1:-100000}
make bench >/dev/null
tg=build/bench/src/cli/taxgate
data=build/bench/data/policy-$requests
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ ! -s "$data/requests.csv" ]; then
  "$tg" synth --people "$requests" --requests "$requests" --seed 1 --out "$data" >/dev/null
fi

# One run: prints "<seconds> <peak MB>" of `policy check`.
run() {
  local requests_csv=$1 policy=$2
  /usr/bin/time -f "%e %M" -o "$work/time" "$tg" policy check \
    --requests "$requests_csv" --officials "$data/officials.csv" \
    --db "$work/none.db" --out "$work/decisions.csv" --as-of 2026-11-22 \
    --policy "$policy" >/dev/null
  awk '{printf "%s %.0f\n", $1, $2 / 1024}' "$work/time"
}

# The same requests without signatures, under a policy that does not
# require them.
python3 - "$data/requests.csv" "$work/unsigned.csv" <<'PY'
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    rows = list(csv.DictReader(f))
cols = [c for c in rows[0] if c != "signature"]
with open(sys.argv[2], "w", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, fieldnames=cols, extrasaction="ignore")
    w.writeheader()
    w.writerows(rows)
PY
cp -r config "$work/config"
sed -i 's/^required = true/required = false/' "$work/config/policy.toml"

read -r signed_s signed_mb < <(run "$data/requests.csv" config/policy.toml)
cp "$work/decisions.csv" "$work/signed-decisions.csv"
read -r unsigned_s unsigned_mb < <(run "$work/unsigned.csv" "$work/config/policy.toml")
rate() { awk -v n="$requests" -v s="$1" 'BEGIN { printf "%.0f", n / s }'; }
echo "== policy check, $requests synthetic requests (seed 1) =="
printf 'signed requests:   %6.2f s  %8s requests/s  peak %s MB\n' \
  "$signed_s" "$(rate "$signed_s")" "$signed_mb"
printf 'unsigned requests: %6.2f s  %8s requests/s  peak %s MB\n' \
  "$unsigned_s" "$(rate "$unsigned_s")" "$unsigned_mb"
awk -v a="$signed_s" -v b="$unsigned_s" \
  'BEGIN { printf "signature checks:  %.0f%% of the time\n", 100 * (a - b) / a }'
echo "decisions of the signed requests:"
cut -d, -f2 "$work/signed-decisions.csv" | tail -n +2 | sort | uniq -c |
  awk '{printf "  %s %s\n", $2, $1}'
