#!/usr/bin/env bash
# The statute rules alone (issue 9), on this machine, printing figures:
# `taxgate policy check` (a dry run: every rule of LAW.md, the text layer,
# the near-copy boilerplate count, the signature of every request) over a
# synthetic batch, timed as a whole process with its peak memory; then
# `taxgate sign --check` on the same file, which verifies every signature
# and nothing else, so the share of the time spent on Ed25519 shows. The
# synthetic batch has one agency, a few hundred officials and the reason
# templates of `taxgate synth` (many near-copies: the boilerplate count is
# most of the time, and grows faster than the batch).
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

# One run of COMMAND...: prints "<seconds> <peak MB>".
timed() {
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null
  awk '{printf "%s %.0f\n", $1, $2 / 1024}' "$work/time"
}

read -r check_s check_mb < <(timed "$tg" policy check \
  --requests "$data/requests.csv" --officials "$data/officials.csv" \
  --db "$work/none.db" --out "$work/decisions.csv" --as-of 2026-11-22)
# sign --check exits 1 when a signature is bad (synth spoils a few).
read -r sig_s sig_mb < <(timed sh -c '"$0" sign --requests "$1" --check "$2" || true' \
  "$tg" "$data/requests.csv" "$data/officials.csv")
rate() { awk -v n="$requests" -v s="$1" 'BEGIN { printf "%.0f", n / s }'; }
echo "== policy check, $requests synthetic requests (seed 1) =="
printf 'policy check:     %7.2f s  %8s requests/s  peak %s MB\n' \
  "$check_s" "$(rate "$check_s")" "$check_mb"
printf 'signatures alone: %7.2f s  %8s requests/s  peak %s MB\n' \
  "$sig_s" "$(rate "$sig_s")" "$sig_mb"
echo "decisions:"
cut -d, -f2 "$work/decisions.csv" | tail -n +2 | sort | uniq -c |
  awk '{printf "  %s %s\n", $2, $1}'

# One matter: the same requests, every one under one official and one case
# number (the duplicate rule looks each person up among all the earlier
# ones of the matter; a review once found this grew with the square of the
# batch). Re-signed with the synthetic officials' keys.
python3 - "$data/requests.csv" "$work/one-matter.csv" <<'PY'
import csv, sys
src, dst = sys.argv[1:3]
with open(src, newline="", encoding="utf-8") as f, \
     open(dst, "w", newline="", encoding="utf-8") as g:
    r = csv.DictReader(f)
    fields = [c for c in r.fieldnames if c != "signature"]
    w = csv.DictWriter(g, fields, extrasaction="ignore")
    w.writeheader()
    signer = None
    for row in r:
        signer = signer or row["signed_by"]
        row["signed_by"] = signer
        row["official_id"] = "DHS-INV-0001"
        row["case_number"] = "CR-2026-ONE-MATTER"
        w.writerow(row)
PY
"$tg" sign --requests "$work/one-matter.csv" --out "$work/one-matter-signed.csv" \
  --private-keys "$data/official-keys.csv" >/dev/null
read -r one_s one_mb < <(timed "$tg" policy check \
  --requests "$work/one-matter-signed.csv" --officials "$data/officials.csv" \
  --db "$work/none.db" --out "$work/one-matter-decisions.csv" --as-of 2026-11-22)
echo "== the same $requests requests under one official and one matter =="
printf 'policy check:     %7.2f s  %8s requests/s  peak %s MB\n' \
  "$one_s" "$(rate "$one_s")" "$one_mb"
