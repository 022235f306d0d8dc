#!/usr/bin/env bash
# taxgate serve under load on loopback (issue 12): a store of about a
# million records (synth), single signed requests over mutual TLS from an
# open-loop client (bench/serve_load.cc: requests go out when due, whatever
# the server does; latency counts from when each was due), at 500 requests/s
# and then at higher rates until p99 passes 100 ms.
# Durability as in production: SQLite in WAL mode with synchronous=FULL, one
# transaction (decisions, audit leaves, signed checkpoint) per request,
# fsynced before the answer goes out (no group commit across requests).
# Usage: bench/serve.sh [PEOPLE] [SECONDS_PER_STEP] [RATES...]
#   defaults: 250000 people (~1M records), 30 s, rates 500 750 1000 1500 2000
set -euo pipefail
cd "$(dirname "$0")/.."
people=${1:-250000}
secs=${2:-30}
shift 2 || true
rates=("$@")
[ ${#rates[@]} -gt 0 ] || rates=(500 750 1000 1500 2000)
total=0
for r in "${rates[@]}"; do total=$((total + r * secs)); done
make bench >/dev/null
tg=build/bench/src/cli/taxgate
load=build/bench/bench/taxgate_serve_load
data=build/bench/data/serve-$people-$total
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
if [ ! -s "$data/requests.csv" ]; then
  "$tg" synth --people "$people" --requests "$total" --seed 7 --out "$data" >/dev/null
fi
echo "store: $(($(wc -l < "$data/records.csv") - 1)) records; $total requests in $data"
sed -e 's/^requests_per_minute = .*/requests_per_minute = 10000000/' \
  config/policy.toml > "$work/policy.toml"
cp config/statutes.csv "$work/"
/usr/bin/time -f "load: %e s, %M KB peak" "$tg" load --records "$data/records.csv" --db "$work/s.db" >/dev/null
"$tg" officials import "$data/officials.csv" --db "$work/s.db" >/dev/null
agencies=$(python3 -c "
import csv; print(' '.join(sorted({r['agency'] for r in csv.DictReader(open('$data/officials.csv'))})))")
args=()
for a in $agencies; do args+=(--agency "$a"); done
"$tg" keys --tls "$work/certs" "${args[@]}" >/dev/null 2>&1
t0=$(date +%s.%N)
"$tg" serve --db "$work/s.db" --listen 127.0.0.1:0 --cert "$work/certs/server.pem" \
  --key "$work/certs/server.key" --client-ca "$work/certs/ca.pem" --policy "$work/policy.toml" \
  --connections 512 > "$work/serve.log" 2>&1 &
server=$!
until grep -q listening "$work/serve.log"; do
  sleep 0.2
  kill -0 $server 2>/dev/null || { cat "$work/serve.log"; exit 1; }
done
echo "serve: ready in $(echo "$(date +%s.%N) - $t0" | bc) s ($(grep -o '([^)]*)' "$work/serve.log" | head -1))"
port=$(grep -o '127.0.0.1:[0-9]*' "$work/serve.log" | cut -d: -f2)
skip=0
for r in "${rates[@]}"; do
  n=$((r * secs))
  "$load" --port "$port" --certs "$work/certs" --requests "$data/requests.csv" \
    --officials "$data/officials.csv" --rate "$r" --count "$n" --skip "$skip" --workers 64 || echo "serve_load: exit $?"
  skip=$((skip + n))
  echo "serve: rss $(ps -o rss= -p $server) KB"
done
kill $server; wait $server || true
"$tg" audit verify --db "$work/s.db" | tail -1
