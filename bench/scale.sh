#!/usr/bin/env bash
# The national-scale benchmark of issue 13, printing every figure and
# writing them to a CSV. For each store size (synth people; about 3.92
# records per person):
#   1. synth: the store and 1,000,000 requests (seed 1); the first REQUESTS
#      of them are the `process` batch;
#   2. `taxgate load` into a fresh SQLite store: reading, writing, building
#      and keeping the match index, timed apart (load --json), peak memory;
#   3. `taxgate process` of REQUESTS requests (the whole path: signatures,
#      rules, matching with the mapped index, decisions, audit log with a
#      signed checkpoint per 256 requests, durable before any answer),
#      requests/s, peak memory; its matches.csv (the requests the rules let
#      through to matching) scored against their truth;
#   4. `taxgate match --db` of all 1,000,000 requests against the mapped
#      index (linkage alone: the national batch's matching), requests/s,
#      peak memory, scored with ../shared/tools/score_matches.py.
# Usage: bench/scale.sh [CSV] [PEOPLE...]
#   default CSV build/bench/scale.csv; PEOPLE 255000 1020000 2550000 (about
#   10^6, 4x10^6 and 10^7 records). REQUESTS=100000 and MATCH_REQUESTS=1000000
#   in the environment change the batch sizes. Data is kept in
#   build/bench/scale-data/ (delete it to make it again).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
csv=${1:-build/bench/scale.csv}
shift || true
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(255000 1020000 2550000)
requests=${REQUESTS:-100000}
match_requests=${MATCH_REQUESTS:-1000000}
shared=$root/../shared
CCACHE_BASEDIR=${CCACHE_BASEDIR:-/work} scripts/build release taxgate >/dev/null
tg=$root/build/release/src/cli/taxgate
mkdir -p "$(dirname "$csv")" build/bench/scale-data
csv=$(cd "$(dirname "$csv")" && pwd)/$(basename "$csv")

# Runs a command under /usr/bin/time; prints its stdout; "$1.time" gets
# "<seconds> <peak KB>".
timed() {
  local tag=$1
  shift
  /usr/bin/time -f "%e %M" -o "$tag.time" "$@"
}

echo "records,process_requests,load_seconds,load_records_per_s,load_write_seconds,index_build_seconds,index_bytes,index_bytes_per_record,load_peak_mb,process_seconds,process_requests_per_s,index_map_seconds,process_peak_mb,process_precision,process_recall,process_false_absent,process_review_share,match_requests,match_seconds,match_requests_per_s,match_pairs_per_request,match_peak_mb,match_precision,match_recall,match_false_absent,match_possible_share" >"$csv"

for people in "${sizes[@]}"; do
  data=$root/build/bench/scale-data/synth-$people-$match_requests
  if [ ! -s "$data/requests.csv" ]; then
    echo "== synth: $people people, $match_requests requests =="
    "$tg" synth --people "$people" --requests "$match_requests" --seed 1 \
      --out "$data" | head -1
  fi
  run=$root/build/bench/scale-data/run-$people
  rm -rf "$run"
  mkdir -p "$run"
  head -n $((requests + 1)) "$data/requests.csv" >"$run/requests.csv"
  records=$(($(wc -l <"$data/records.csv") - 1))
  echo "== $records records ($people people) =="

  timed "$run/load" "$tg" load --json --records "$data/records.csv" \
    --db "$run/store.db" >"$run/load.json"
  read -r load_s load_kb <"$run/load.time"

  timed "$run/process" "$tg" process --json --requests "$run/requests.csv" \
    --officials "$data/officials.csv" --out "$run/out" --db "$run/store.db" \
    --as-of 2026-12-01 >"$run/process.json"
  read -r process_s process_kb <"$run/process.time"
  # The batch's truth: its requests that the rules let through to matching
  # (the others were rejected or sent to a law review before any match).
  python3 - "$data/truth.csv" "$run/out/matches.csv" "$run/truth.csv" <<'PY'
import csv, sys
truth, matches, out = sys.argv[1:]
matched = {r["request_id"] for r in csv.DictReader(open(matches, newline=""))}
w = csv.writer(open(out, "w", newline=""))
w.writerow(["request_id", "record_id"])
for r in csv.DictReader(open(truth, newline="")):
    if r["request_id"] in matched:
        w.writerow([r["request_id"], r["record_id"]])
PY
  python3 "$shared/tools/score_matches.py" "$run/out/matches.csv" \
    "$run/truth.csv" "$data/records_truth.csv" >"$run/process.score"

  timed "$run/match" "$tg" match --db "$run/store.db" \
    --requests "$data/requests.csv" --out "$run/matches.csv" >"$run/match.txt"
  read -r match_s match_kb <"$run/match.time"
  python3 "$shared/tools/score_matches.py" "$run/matches.csv" \
    "$data/truth.csv" "$data/records_truth.csv" >"$run/match.score"

  python3 - "$run" "$records" "$requests" "$match_requests" "$load_s" \
    "$load_kb" "$process_s" "$process_kb" "$match_s" "$match_kb" "$csv" <<'PY'
import json, re, sys
(run, records, requests, match_requests, load_s, load_kb, process_s,
 process_kb, match_s, match_kb, csv) = sys.argv[1:]
records, requests, match_requests = int(records), int(requests), int(match_requests)
load_s, process_s, match_s = float(load_s), float(process_s), float(match_s)
load = json.load(open(f"{run}/load.json"))
proc = json.load(open(f"{run}/process.json"))
ps = json.loads(open(f"{run}/process.score").read().splitlines()[1])
ms = json.loads(open(f"{run}/match.score").read().splitlines()[1])
mt = open(f"{run}/match.txt").read()
pairs = int(re.search(r"(\d+) pairs scored", mt).group(1))
review = proc["decisions"].get("review", 0) / max(1, proc["requests"])
index_map = proc.get("match_index", {}).get("seconds", 0)
store_s = load["read_seconds"] + load["write_seconds"]
row = dict(
    records=records, process_requests=requests,
    load_seconds=round(load_s, 1),
    load_records_per_s=round(records / store_s),
    load_write_seconds=round(load["write_seconds"], 1),
    index_build_seconds=round(load["index_seconds"], 1),
    index_bytes=load["index_bytes"],
    index_bytes_per_record=round(load["index_bytes"] / records),
    load_peak_mb=round(int(load_kb) / 1024),
    process_seconds=round(process_s, 1),
    process_requests_per_s=round(requests / process_s),
    index_map_seconds=round(index_map, 2),
    process_peak_mb=round(int(process_kb) / 1024),
    process_precision=ps["precision"], process_recall=ps["recall"],
    process_false_absent=ps["false_absent"],
    process_review_share=round(review, 4),
    match_requests=match_requests, match_seconds=round(match_s, 1),
    match_requests_per_s=round(match_requests / match_s),
    match_pairs_per_request=round(pairs / match_requests, 1),
    match_peak_mb=round(int(match_kb) / 1024),
    match_precision=ms["precision"], match_recall=ms["recall"],
    match_false_absent=ms["false_absent"],
    match_possible_share=ms["possible_share"])
print(f"  load: {load_s:.1f} s whole command; rows read+written in {store_s:.1f} s "
      f"({row['load_records_per_s']} records/s); index built in "
      f"{load['index_seconds']:.1f} s, {load['index_bytes'] / 1e6:.0f} MB "
      f"({row['index_bytes_per_record']} bytes/record); peak {row['load_peak_mb']} MB")
print(f"  process {requests} requests: {process_s:.1f} s ({row['process_requests_per_s']}/s), "
      f"index mapped in {index_map:.2f} s, peak {row['process_peak_mb']} MB; "
      f"precision {ps['precision']} recall {ps['recall']} false answers for absent "
      f"persons {ps['false_absent']} of {ps['absent']}; review {review:.2%}")
phases = proc.get("phase_seconds", {})
print("    process phases (wall s): " + ", ".join(
    f"{k} {v:.1f}" for k, v in sorted(phases.items(), key=lambda kv: -kv[1])))
print(f"  match --db {match_requests} requests: {match_s:.1f} s "
      f"({row['match_requests_per_s']}/s, {row['match_pairs_per_request']} pairs/request), "
      f"peak {row['match_peak_mb']} MB; precision {ms['precision']} recall "
      f"{ms['recall']} false answers for absent persons {ms['false_absent']} of "
      f"{ms['absent']}; possible {ms['possible_share']}")
with open(csv, "a") as f:
    f.write(",".join(str(v) for v in row.values()) + "\n")
PY
  rm -rf "$run/store.db" "$run/store.db-wal" "$run/store.db-shm" "$run/store.db.keys"
done
echo "wrote $csv"
