# The persistent match index as a user meets it: `load` builds and keeps
# it, `process` and `match --db` map it and answer as a build from the rows
# would, a damaged, deleted or stale index is rebuilt (and said so), never
# used; a refresh adding a tax year writes only the new rows; a store row
# changed behind taxgate stops a release instead of going out.
source "$(dirname "$0")/lib.sh" "$@"
DB=$TMP/store.db
INDEX=$TMP/store.db.keys/match.index
expect_exit 0 "synth" -- "$TG" synth --people 800 --requests 300 --seed 13 --out "$TMP/in"

expect_exit 0 "load builds the index" -- "$TG" load --records "$TMP/in/records.csv" --db "$DB"
expect_in "$TMP/last.out" "match index: built in" "load says it built the index"
[ -s "$INDEX" ] && pass "the index file is kept beside the keys" || fail "no $INDEX"
[ "$(stat -c %a "$INDEX")" = 600 ] && pass "index file is owner-only" || fail "index mode $(stat -c %a "$INDEX")"
# A copy of the store as loaded, for the last check.
cp "$DB" "$TMP/copy.db"; cp -r "$TMP/store.db.keys" "$TMP/copy.db.keys"

expect_exit 0 "match --db maps it" -- "$TG" match --db "$DB" --requests "$TMP/in/requests.csv" \
  --out "$TMP/m-db.csv"
expect_in "$TMP/last.out" "match index: mapped from" "match --db maps the kept index"
expect_exit 0 "match --records builds from the file" -- "$TG" match --records "$TMP/in/records.csv" \
  --requests "$TMP/in/requests.csv" --out "$TMP/m-csv.csv"
cmp -s "$TMP/m-db.csv" "$TMP/m-csv.csv" && pass "the mapped index answers as one built from records.csv" \
  || { fail "match --db and match --records differ"; diff "$TMP/m-db.csv" "$TMP/m-csv.csv" | head >&2; }
# Another store's key folder beside this store (a copy made carelessly, or
# swapped on purpose): refused, and no index is written under that key.
mkdir -p "$TMP/other"
expect_exit 0 "another store" -- "$TG" load --records "$TMP/in/records.csv" --db "$TMP/other/store.db"
cp "$DB" "$TMP/swapped.db"; cp -r "$TMP/other/store.db.keys" "$TMP/swapped.db.keys"
rm -f "$TMP/swapped.db.keys/match.index"
expect_exit 1 "match --db with another store's key" -- "$TG" match --db "$TMP/swapped.db" \
  --requests "$TMP/in/requests.csv" --out "$TMP/m-swapped.csv"
expect_in "$TMP/last.err" "is not the key this store was made with" "another store's key is named"
[ ! -e "$TMP/swapped.db.keys/match.index" ] && pass "no index written under another store's key" \
  || fail "an index was written under another store's key"
expect_exit 1 "match needs --records or --db" -- "$TG" match --requests "$TMP/in/requests.csv" --out "$TMP/x.csv"

expect_exit 0 "process maps it" -- "$TG" process --requests "$TMP/in/requests.csv" \
  --officials "$TMP/in/officials.csv" --out "$TMP/out1" --db "$DB" --as-of 2026-12-01 --json
python3 - "$TMP/last.out" <<'PY' && pass "process --json reports the index mapped" || fail "process did not map the index"
import json, sys
j = json.loads(open(sys.argv[1]).read())
assert j["match_index"]["mapped"] is True and j["match_index"]["rebuilt_because"] == "", j
PY
python3 - "$TMP/last.out" <<'PY' && pass "process --json times each phase" || fail "process --json phase times are wrong"
import json, sys
j = json.loads(open(sys.argv[1]).read())
p = j["phase_seconds"]
want = {"read", "officials", "history", "policy", "prepare_matching", "match",
        "read_rows", "decide", "stage", "commit", "answer", "outputs"}
assert set(p) == want, sorted(p)
assert all(v >= 0 for v in p.values()), p
assert sum(p.values()) <= j["seconds"], (sum(p.values()), j["seconds"])
PY

# A damaged index: one byte flipped in the middle of it.
python3 - "$INDEX" <<'PY'
import os, sys
p = sys.argv[1]
with open(p, "r+b") as f:
    f.seek(os.path.getsize(p) // 2)
    b = f.read(1)
    f.seek(-1, 1)
    f.write(bytes([b[0] ^ 0x10]))
PY
expect_exit 0 "match --db with a damaged index" -- "$TG" match --db "$DB" \
  --requests "$TMP/in/requests.csv" --out "$TMP/m-damaged.csv"
expect_in "$TMP/last.out" "damaged match index" "a damaged index is named and rebuilt"
cmp -s "$TMP/m-damaged.csv" "$TMP/m-csv.csv" && pass "answers after the rebuild are the same" || fail "answers changed after a rebuild"
expect_exit 0 "the rebuilt index is kept" -- "$TG" match --db "$DB" \
  --requests "$TMP/in/requests.csv" --out "$TMP/m-again.csv"
expect_in "$TMP/last.out" "match index: mapped from" "the next command maps the rebuilt index"
rm -f "$INDEX"
expect_exit 0 "match --db with no index" -- "$TG" match --db "$DB" \
  --requests "$TMP/in/requests.csv" --out "$TMP/m-none.csv"
expect_in "$TMP/last.out" "no match index" "a missing index is rebuilt"

# A refresh adding a tax year: only the new rows are written, the index is
# stale for the old digest and built again by load.
python3 - "$TMP/in/records.csv" "$TMP/refresh.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
out = csv.DictWriter(open(sys.argv[2], "w", newline=""), fieldnames=rows[0].keys())
out.writeheader()
for r in rows:
    out.writerow(r)
for r in rows[:50]:
    r = dict(r, record_id=r["record_id"] + "-2026", tax_year="2026")
    out.writerow(r)
PY
old_digest=$(sql "$DB" "SELECT value FROM meta WHERE key='records_digest'")
expect_exit 0 "refresh with a new tax year" -- "$TG" load --records "$TMP/refresh.csv" --db "$DB"
expect_in "$TMP/last.out" "50 added, 0 changed, 0 removed" "the refresh counts only the new rows"
new_digest=$(sql "$DB" "SELECT value FROM meta WHERE key='records_digest'")
[ -n "$new_digest" ] && [ "$new_digest" != "$old_digest" ] && pass "the store's records digest follows the rows" \
  || fail "records digest not updated ($old_digest -> $new_digest)"
expect_exit 0 "match after the refresh" -- "$TG" match --db "$DB" \
  --requests "$TMP/in/requests.csv" --out "$TMP/m-refresh.csv"
expect_in "$TMP/last.out" "match index: mapped from" "load kept the refreshed index"
expect_in "$TMP/last.out" "against $(( $(wc -l <"$TMP/refresh.csv") - 1 )) records" "the refreshed index has every row"

# The copy made after the load: its store changed behind taxgate's back
# (one matched person's street): the release is refused.
victim=$(python3 - "$TMP/out1/decisions.csv" <<'PY'
import csv, sys
for r in csv.DictReader(open(sys.argv[1])):
    if r["decision"] == "disclosed" and r["record_id"]:
        print(r["record_id"]); break
PY
)
if [ -n "$victim" ]; then
  sql "$TMP/copy.db" "UPDATE records SET street='1 Elsewhere Rd' WHERE record_id='$victim'" >/dev/null
  expect_exit 0 "match still answers on the changed store" -- "$TG" match --db "$TMP/copy.db" \
    --requests "$TMP/in/requests.csv" --out "$TMP/m-copy2.csv"
  expect_in "$TMP/last.out" "match index: mapped from" "the index file still names the loaded rows"
  python3 - "$TMP/in/requests.csv" "$TMP/one.csv" "$TMP/out1/decisions.csv" "$victim" <<'PY'
import csv, sys
reqs, out, decisions, victim = sys.argv[1:]
rid = next(r["request_id"] for r in csv.DictReader(open(decisions)) if r["record_id"] == victim)
rows = list(csv.DictReader(open(reqs, newline="")))
w = csv.DictWriter(open(out, "w", newline=""), fieldnames=rows[0].keys())
w.writeheader()
w.writerow(next(r for r in rows if r["request_id"] == rid))
PY
  expect_exit 1 "process refuses to release a row changed behind taxgate" -- "$TG" process \
    --requests "$TMP/one.csv" --officials "$TMP/in/officials.csv" --out "$TMP/out2" \
    --db "$TMP/copy.db" --as-of 2026-12-01
  expect_in "$TMP/last.err" "differs from the row that was matched" "the refusal names the changed row"
  [ "$(sql "$TMP/copy.db" "SELECT count(*) FROM decisions WHERE decision='disclosed'")" = 0 ] \
    && pass "nothing was disclosed from the changed store" || fail "a disclosure from a changed row"
else
  fail "no disclosed request to test with"
fi
finish
