# Backups, restores and read-only opens (issue 11, items 5 and 8):
#  - `backup` while `process` writes: a copy as of one commit, with its keys,
#    owner-only whatever the umask, that verifies on its own; never over a
#    file or the store;
#  - `restore` sets aside what it replaces, is refused while another
#    process holds the store, and is checked against checkpoints published
#    outside the store: entries lost need --accept-loss (audited), and
#    `audit verify --published` tells a cut log from a whole one;
#  - every command that only reads works on an auditor's read-only copy
#    (another owner, a folder it cannot write) and leaves no file behind.
source "$(dirname "$0")/lib.sh" "$@"
DB="$TMP/store.db"
expect_exit 0 "synth" -- "$TG" synth --people 300 --requests 200 --seed 23 --out "$TMP/in"
expect_exit 0 "train" -- "$TG" train --records "$TMP/in/records.csv" \
  --requests "$TMP/in/requests.csv" --out "$TMP/model.json"
expect_exit 0 "load" -- "$TG" load --records "$TMP/in/records.csv" --db "$DB"
# Two batches: the first processed now, the second while a backup runs.
python3 - "$TMP" <<'PY'
import csv, sys
t = sys.argv[1]
rows = list(csv.DictReader(open(f"{t}/in/requests.csv", encoding="utf-8")))
for name, part in (("a", rows[:60]), ("b", rows[60:])):
    with open(f"{t}/{name}.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys())); w.writeheader(); w.writerows(part)
PY
run_process() {  # BATCH OUT [extra args]
  local batch=$1 out=$2; shift 2
  "$TG" process --requests "$batch" --officials "$TMP/in/officials.csv" --db "$DB" \
    --out "$out" --as-of 2026-11-23 --model "$TMP/model.json" "$@"
}
expect_exit 0 "process batch a" -- run_process "$TMP/a.csv" "$TMP/out-a"
expect_exit 0 "publish a checkpoint (a witness keeps it)" -- \
  "$TG" audit checkpoint --db "$DB" --out "$TMP/published-1.txt"

# A backup taken while batch b is processed, one request per transaction.
run_process "$TMP/b.csv" "$TMP/out-b" --chunk-size 1 >"$TMP/b.log" 2>&1 &
PROC=$!
sleep 1
(umask 000; "$TG" backup --db "$DB" --out "$TMP/backup.db") >"$TMP/backup.out" 2>&1 \
  && pass "backup beside process (exit 0)" || { fail "backup beside process"; cat "$TMP/backup.out" >&2; }
wait "$PROC" && pass "process b finished beside the backup" || { fail "process b"; cat "$TMP/b.log" >&2; }
expect_in "$TMP/backup.out" "signed checkpoints verified" "backup says what it verified"
[ "$(stat -c %a "$TMP/backup.db")" = 600 ] && pass "the copy is 0600 under umask 000" \
  || fail "the copy is $(stat -c %a "$TMP/backup.db")"
[ "$(stat -c %a "$TMP/backup.db.keys")" = 700 ] && [ "$(stat -c %a "$TMP/backup.db.keys/hmac.key")" = 600 ] \
  && pass "its key folder is 0700, its keys 0600" || fail "key folder modes"
[ ! -e "$TMP/backup.db-wal" ] && pass "the copy is one file (no -wal beside it)" || fail "the copy left a -wal"
expect_exit 0 "the copy verifies with its own keys" -- "$TG" audit verify --db "$TMP/backup.db" \
  --published "$TMP/published-1.txt"
expect_in "$TMP/last.out" "extends the 1 published checkpoints" "the copy extends the published checkpoint"
n=$(sql "$DB" "SELECT count(*) FROM audit_leaves WHERE CAST(entry AS TEXT) LIKE '%\"backup\"%'")
[ "$n" = 1 ] && pass "the backup is audited in the store" || fail "$n backup entries in the store"
expect_exit 1 "a backup is never written over a file" -- "$TG" backup --db "$DB" --out "$TMP/backup.db"
expect_exit 1 "nor over the store" -- "$TG" backup --db "$DB" --out "$DB"
expect_exit 0 "the store still verifies" -- "$TG" audit verify --db "$DB"
expect_exit 1 "a backup of a store that is not there" -- "$TG" backup --db "$TMP/nope.db" --out "$TMP/x.db"
[ ! -e "$TMP/nope.db" ] && pass "no store was made for it" || fail "backup made a store"

# The witness's latest checkpoint, after batch b.
expect_exit 0 "publish the latest checkpoint" -- "$TG" audit checkpoint --db "$DB" --out "$TMP/published-2.txt"
expect_exit 0 "verify against both published checkpoints" -- "$TG" audit verify --db "$DB" \
  --published "$TMP/published-1.txt" --published "$TMP/published-2.txt"
decided=$(sql "$DB" "SELECT count(*) FROM decisions")

# Restore: refused over a store, refused while a process holds the store.
expect_exit 1 "restore over a store without --replace" -- "$TG" restore --from "$TMP/backup.db" --db "$DB"
expect_in "$TMP/last.err" "--replace" "the refusal names --replace"
python3 -c "import sys,time; f=open(sys.argv[1],'rb'); print('open', flush=True); time.sleep(60)" "$DB" >"$TMP/holder.out" &
HOLDER=$!
for _ in $(seq 50); do grep -q open "$TMP/holder.out" 2>/dev/null && break; sleep 0.1; done
expect_exit 1 "restore while another process holds the store" -- \
  "$TG" restore --from "$TMP/backup.db" --db "$DB" --replace
expect_in "$TMP/last.err" "process $HOLDER" "the refusal names the process"
kill "$HOLDER"; wait "$HOLDER" 2>/dev/null || true
[ "$(sql "$DB" "SELECT count(*) FROM decisions")" = "$decided" ] && pass "nothing moved" || fail "the store changed"
# The witness's latest checkpoint signed entries the backup lacks.
expect_exit 1 "restore that would lose published entries" -- \
  "$TG" restore --from "$TMP/backup.db" --db "$DB" --replace --published "$TMP/published-2.txt"
expect_in "$TMP/last.err" "would be lost" "the refusal says entries would be lost"
expect_exit 0 "restore, loss accepted" -- "$TG" restore --from "$TMP/backup.db" --db "$DB" \
  --replace --published "$TMP/published-1.txt" --published "$TMP/published-2.txt" --accept-loss
expect_in "$TMP/last.out" "LOSS ACCEPTED" "restore says what was lost"
aside=$(ls -d "$TMP"/store.db.before-restore-* | grep -v -e '-wal$' -e '-shm$' | head -1)
[ -f "$aside" ] && [ -f "$(ls -d "$TMP"/store.db.keys.before-restore-* | head -1)/hmac.key" ] \
  && pass "the replaced store and its keys are set aside" || fail "nothing set aside"
[ "$(sql "$aside" "SELECT count(*) FROM decisions")" = "$decided" ] \
  && pass "the set-aside store holds every decision" || fail "the set-aside store lost decisions"
expect_exit 0 "the restored store verifies and extends the older checkpoint" -- \
  "$TG" audit verify --db "$DB" --published "$TMP/published-1.txt"
expect_exit 1 "the restored store does not reach the later checkpoint" -- \
  "$TG" audit verify --db "$DB" --published "$TMP/published-2.txt"
# Lost, or (when the backup was taken near the end of batch b and the
# restore entry has reached that size) rewritten: the restored log forks
# from what the witness holds.
grep -qE "were lost|were rewritten" "$TMP/last.out" && pass "verify says the published entries are gone" \
  || { fail "verify does not say the published entries are gone"; cat "$TMP/last.out" >&2; }
n=$(sql "$DB" "SELECT count(*) FROM audit_leaves WHERE CAST(entry AS TEXT) LIKE '%\"restore\"%' AND CAST(entry AS TEXT) LIKE '%lost_entries%'")
[ "$n" = 1 ] && pass "the restore and its loss are audited" || fail "$n restore entries"
# The restored store works: batch b again decides only what the backup lacks.
expect_exit 0 "process batch b again on the restored store" -- run_process "$TMP/b.csv" "$TMP/out-b2"
[ "$(sql "$DB" "SELECT count(*) FROM decisions")" = "$decided" ] \
  && pass "every request decided once on the restored store" || fail "decisions after restore"
expect_exit 0 "audit verify after the restore and the re-run" -- "$TG" audit verify --db "$DB" \
  --published "$TMP/published-1.txt"

# A tampered backup is never restored.
cp "$TMP/backup.db" "$TMP/tampered.db"; cp -r "$TMP/backup.db.keys" "$TMP/tampered.db.keys"
sql "$TMP/tampered.db" "UPDATE audit_leaves SET entry = CAST('forged' AS BLOB) WHERE leaf_index = 3"
expect_exit 1 "restore of a tampered backup" -- "$TG" restore --from "$TMP/tampered.db" --db "$TMP/new.db"
expect_in "$TMP/last.err" "does not verify" "the refusal says the log does not verify"
[ ! -e "$TMP/new.db" ] && pass "nothing restored" || fail "a tampered backup was restored"
expect_exit 0 "restore into a new place" -- "$TG" restore --from "$TMP/backup.db" --db "$TMP/new.db"
expect_exit 0 "which verifies" -- "$TG" audit verify --db "$TMP/new.db" --published "$TMP/published-1.txt"

# An auditor's read-only copy: another user, a folder it cannot write.
RO="$TMP/ro"; mkdir -p "$RO"; cp "$TMP/backup.db" "$RO/store.db"; cp -r "$TMP/backup.db.keys" "$RO/store.db.keys"
chmod 755 "$RO"; chmod 644 "$RO/store.db"; chmod 755 "$RO/store.db.keys"
chmod 644 "$RO/store.db.keys/checkpoint-verifiers.txt"; chmod 711 "$TMP"
as_reader() {
  if [ "$(id -u)" = 0 ]; then setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"
  else chmod 555 "$RO"; "$@"; fi
}
before=$(ls -A "$RO" | sort | tr '\n' ' ')
for cmd in "audit verify" "audit show 0" "audit proof --leaf 1" "audit consistency --from 1" \
           "review list" "withhold list" "hold list"; do
  # shellcheck disable=SC2086
  expect_exit 0 "read-only copy: $cmd" -- as_reader "$TG" $cmd --db "$RO/store.db"
done
expect_exit 0 "read-only copy: report accounting" -- as_reader "$TG" report accounting \
  --from 2026-01-01 --to 2026-12-31 --db "$RO/store.db"
[ "$(ls -A "$RO" | sort | tr '\n' ' ')" = "$before" ] && pass "no file was made beside the copy" \
  || fail "files appeared: $(ls -A "$RO")"
# A copy with a write-ahead log the reader cannot use: refused, clearly.
python3 - "$TMP/backup.db" "$TMP/walsrc.db" <<'PY'
import shutil, sqlite3, sys
shutil.copy(sys.argv[1], sys.argv[2])
con = sqlite3.connect(sys.argv[2])
con.execute("PRAGMA journal_mode=WAL")
con.execute("PRAGMA wal_autocheckpoint=0")
con.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('probe', 'x')")
con.commit()
shutil.copy(sys.argv[2], sys.argv[2] + ".snap")
shutil.copy(sys.argv[2] + "-wal", sys.argv[2] + ".snap-wal")
con.close()
PY
mkdir "$TMP/ro2"; cp "$TMP/walsrc.db.snap" "$TMP/ro2/store.db"; cp "$TMP/walsrc.db.snap-wal" "$TMP/ro2/store.db-wal"
cp -r "$TMP/backup.db.keys" "$TMP/ro2/store.db.keys"; chmod 755 "$TMP/ro2" "$TMP/ro2/store.db.keys"
chmod 644 "$TMP/ro2/store.db" "$TMP/ro2/store.db-wal" "$TMP/ro2/store.db.keys/checkpoint-verifiers.txt"
if [ "$(id -u)" = 0 ]; then
  expect_exit 1 "a read-only copy whose -wal cannot be read" -- as_reader "$TG" audit verify --db "$TMP/ro2/store.db"
  expect_in "$TMP/last.err" "write-ahead log" "the error names the write-ahead log"
fi
# The same reader cannot write: a writing command on the copy fails cleanly.
expect_exit 1 "read-only copy: a writing command fails" -- as_reader "$TG" audit checkpoint --db "$RO/store.db"
finish
