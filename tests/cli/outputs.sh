# Outputs never harm the store (issue 11, item 3): no output may be the
# store, its WAL or journal, a file of its key folder, a link, a device or a
# pipe; outputs are owner-only files in owner-only folders whatever the
# umask, and so is the store.
source "$(dirname "$0")/lib.sh" "$@"
umask 000
DB=$TMP/store.db
expect_exit 0 "synth" -- "$TG" synth --people 300 --requests 60 --seed 5 --out "$TMP/in"
expect_exit 0 "load" -- "$TG" load --records "$TMP/in/records.csv" --db "$DB"
mode() { stat -c %a "$1"; }
[ "$(mode "$DB")" = 600 ] && pass "the store file is owner-only under umask 000" || fail "store mode $(mode "$DB")"
expect_exit 0 "process" -- "$TG" process --requests "$TMP/in/requests.csv" \
  --officials "$TMP/in/officials.csv" --db "$DB" --out "$TMP/out" --as-of 2026-11-23
[ "$(mode "$TMP/out")" = 700 ] && pass "the output folder is owner-only" || fail "out mode $(mode "$TMP/out")"
for f in decisions.csv matches.csv response.csv disclosures.jsonl checkpoint.txt; do
  [ "$(mode "$TMP/out/$f")" = 600 ] && pass "$f is owner-only" || fail "$f mode $(mode "$TMP/out/$f")"
done
key_sum=$(sha256sum < "$DB.keys/hmac.key")
db_sum=$(sha256sum < "$DB")
expect_exit 1 "audit checkpoint --out the store" -- "$TG" audit checkpoint --db "$DB" --out "$DB"
expect_in "$TMP/last.err" "database" "says the target is a database"
expect_exit 1 "report accounting --out the store" -- "$TG" report accounting --from 2026-01-01 \
  --to 2026-12-31 --db "$DB" --out "$DB"
expect_exit 1 "policy check --out the store" -- "$TG" policy check --requests "$TMP/in/requests.csv" \
  --db "$DB" --out "$DB" --as-of 2026-11-23
expect_exit 1 "policy check --out the store's WAL name" -- "$TG" policy check \
  --requests "$TMP/in/requests.csv" --db "$DB" --out "$DB-wal" --as-of 2026-11-23
expect_exit 1 "audit checkpoint --out a key file" -- "$TG" audit checkpoint --db "$DB" --out "$DB.keys/hmac.key"
expect_in "$TMP/last.err" "key folder" "says it is the key folder"
expect_exit 1 "process --out the key folder" -- "$TG" process --requests "$TMP/in/requests.csv" \
  --db "$DB" --out "$DB.keys" --as-of 2026-11-23
[ "$(sha256sum < "$DB.keys/hmac.key")" = "$key_sum" ] && [ "$(mode "$DB.keys/hmac.key")" = 600 ] \
  && pass "the HMAC key is untouched" || fail "the HMAC key changed"
expect_exit 0 "audit verify after every refused output" -- "$TG" audit verify --db "$DB"
ln -s "$TMP/target.txt" "$TMP/link.txt"
expect_exit 1 "--out onto a symbolic link" -- "$TG" audit checkpoint --db "$DB" --out "$TMP/link.txt"
[ -L "$TMP/link.txt" ] && [ ! -e "$TMP/target.txt" ] && pass "the link is left alone" || fail "the link was replaced or followed"
mkfifo "$TMP/pipe"
expect_exit 1 "--out onto a pipe" -- "$TG" audit checkpoint --db "$DB" --out "$TMP/pipe"
[ -p "$TMP/pipe" ] && pass "the pipe is still a pipe" || fail "the pipe was replaced"
expect_exit 0 "--out onto a plain file is fine" -- "$TG" audit checkpoint --db "$DB" --out "$TMP/cp.txt"
[ "$(mode "$TMP/cp.txt")" = 600 ] && pass "the checkpoint file is owner-only" || fail "cp mode $(mode "$TMP/cp.txt")"

# Nothing is written before every input is known good (issue 11, failure 5).
leaves=$(sql "$DB" "SELECT COUNT(*) FROM audit_leaves")
echo '{"lambda": 2}' > "$TMP/bad-model.json"
expect_exit 1 "process with a bad --model and --officials" -- "$TG" process \
  --requests "$TMP/in/requests.csv" --officials "$TMP/in/officials.csv" --db "$DB" \
  --out "$TMP/out-bad" --as-of 2026-11-23 --model "$TMP/bad-model.json"
expect_in "$TMP/last.err" "bad-model.json" "the error names the model file"
: > "$TMP/a-file"
expect_exit 1 "process --out a file" -- "$TG" process --requests "$TMP/in/requests.csv" \
  --officials "$TMP/in/officials.csv" --db "$DB" --out "$TMP/a-file" --as-of 2026-11-23
expect_exit 1 "review decide --out a file" -- "$TG" review decide --db "$DB" \
  --requests "$TMP/in/requests.csv" --all-matching --action no_record \
  --reason identity_not_confirmed --out "$TMP/a-file"
[ "$(sql "$DB" "SELECT COUNT(*) FROM audit_leaves")" = "$leaves" ] \
  && pass "no officials import, decision or checkpoint was committed by the refused runs" \
  || fail "the refused runs wrote to the log"
finish
