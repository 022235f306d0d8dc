#!/usr/bin/env bash
# The near-copy count of REASON_NOT_SPECIFIC alone, on this machine, one
# thread: each distinct reason of a synthetic batch counted against all of
# them by the trie walk, by the segments (PassJoin) and by the cheaper of
# the two per probe, with the time of each, how the cheaper one chose, and
# a check that the three agree. Run twice: on synth's reasons (a few
# templates with slots, what agencies send) and on reasons of words drawn
# at random from them (they differ from their first words on).
# Usage: bench/nearcopy.sh [REQUESTS]   (data cached in build/bench/data)
set -euo pipefail
cd "$(dirname "$0")/.."
requests=${1:-30000}
make bench >/dev/null
tg=build/bench/src/cli/taxgate
data=build/bench/data/policy-$requests
if [ ! -s "$data/requests.csv" ]; then
  "$tg" synth --people "$requests" --requests "$requests" --seed 1 --out "$data" >/dev/null
fi
build/bench/bench/taxgate_nearcopy_bench "$data/requests.csv" "$requests"
build/bench/bench/taxgate_nearcopy_bench "$data/requests.csv" "$requests" --varied
