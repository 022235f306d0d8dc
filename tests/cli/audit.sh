# The audit log for outside auditors (FORMATS.md): signed checkpoints,
# inclusion and consistency proofs checked by the independent
# ../shared/tools/rfc6962.py, receipts that prove each answer, key rotation
# with old checkpoints still verifiable, and tampering caught.
source "$(dirname "$0")/lib.sh" "$@"
DB=$TMP/store.db
expect_exit 0 "synth" -- "$TG" synth --people 1500 --requests 300 --seed 21 --out "$TMP/in"
expect_exit 0 "load" -- "$TG" load --records "$TMP/in/records.csv" --db "$DB"
expect_exit 0 "checkpoint after load" -- "$TG" audit checkpoint --db "$DB" --json
cp "$TMP/last.out" "$TMP/cp1.json"
mode=$(stat -c %a "$DB.keys/checkpoint.key")
[ "$mode" = 600 ] && pass "checkpoint key made on first use, owner-only" || fail "key mode $mode"
expect_exit 0 "process" -- "$TG" process --requests "$TMP/in/requests.csv" \
  --officials "$TMP/in/officials.csv" --db "$DB" --out "$TMP/out" --as-of 2026-11-23
[ -s "$TMP/out/checkpoint.txt" ] && pass "process writes the signed checkpoint its receipts name" || fail "no checkpoint.txt"
expect_exit 0 "checkpoint" -- "$TG" audit checkpoint --db "$DB" --json --out "$TMP/published.txt"
cp "$TMP/last.out" "$TMP/cp2.json"
cmp -s "$TMP/published.txt" "$TMP/out/checkpoint.txt" && pass "audit checkpoint --out publishes the same note" \
  || fail "published checkpoint differs from the batch's"
python3 - "$TMP/cp2.json" <<'PY' && pass "checkpoint JSON: C2SP note with origin, size and base64 root" || fail "checkpoint JSON wrong"
import base64, json, sys
c = json.load(open(sys.argv[1]))
text, sigs = c["note"].split("\n\n", 1)
origin, size, root = text.split("\n")
assert origin == c["origin"] and origin.startswith("taxgate/")
assert int(size) == c["tree_size"] and base64.b64decode(root).hex() == c["root_hash_hex"]
assert sigs.startswith("\u2014 " + origin + " ") and sigs.endswith("\n")
assert len(base64.b64decode(sigs.split(" ")[2])) == 68  # key id + Ed25519 signature
PY

# Every receipt proves its answer against the published checkpoint, checked
# by the independent verifier.
python3 - "$TG" "$DB" "$TMP/out/response.csv" "$TMP/cp2.json" "$SHARED/tools" <<'PY' && pass "every response leaf is in the signed tree (rfc6962.py), and says what response.csv says" || fail "a receipt does not prove"
import base64, csv, json, subprocess, sys
tg, db, responses, cp, tools = sys.argv[1:6]
sys.path.insert(0, tools)
import rfc6962
root = json.load(open(cp))["root_hash_hex"]
# Answers held for a matching review have no response leaf yet ("pending").
rows = [r for r in csv.DictReader(open(responses, encoding="utf-8")) if r["response_leaf"]]
assert rows
for r in rows[:60]:
    n = r["response_leaf"]
    p = json.loads(subprocess.run([tg, "audit", "proof", "--leaf", n, "--size", r["tree_size"],
                                   "--db", db, "--json"], capture_output=True, check=True).stdout)
    leaf = json.loads(subprocess.run([tg, "audit", "show", n, "--db", db, "--json"],
                                     capture_output=True, check=True).stdout)
    entry = base64.b64decode(leaf["leaf_base64"])
    assert p["root_hash_hex"] == root == r["root_hash_hex"], (p, r)
    assert rfc6962.verify_inclusion(entry, int(n), int(r["tree_size"]),
                                    [bytes.fromhex(x) for x in p["path_hex"]], bytes.fromhex(root))
    e = json.loads(entry)
    assert e["type"] == "response" and e["request_id"] == r["request_id"] and e["answer"] == r["answer"], (e, r)
PY
python3 - "$TG" "$DB" "$TMP/cp1.json" "$TMP/cp2.json" "$SHARED/tools" <<'PY' && pass "the tree after the batch extends the tree after load (consistency, rfc6962.py)" || fail "consistency proof fails"
import json, subprocess, sys
tg, db, a, b, tools = sys.argv[1:6]
sys.path.insert(0, tools)
import rfc6962
a, b = json.load(open(a)), json.load(open(b))
c = json.loads(subprocess.run([tg, "audit", "consistency", "--from", str(a["tree_size"]), "--db", db, "--json"],
                              capture_output=True, check=True).stdout)
assert c["to_size"] == b["tree_size"] and c["from_root_hex"] == a["root_hash_hex"] and c["to_root_hex"] == b["root_hash_hex"]
assert rfc6962.verify_consistency(c["from_size"], c["to_size"], [bytes.fromhex(x) for x in c["path_hex"]],
                                  bytes.fromhex(c["from_root_hex"]), bytes.fromhex(c["to_root_hex"]))
PY
expect_exit 1 "a proof beyond the log is refused" -- "$TG" audit proof --leaf 999999 --db "$DB"
expect_in "$TMP/last.err" "want leaf < size" "the error says what is wanted"

# Rotation: new checkpoints by the new key, old ones still verify.
old_key=$(head -1 "$DB.keys/checkpoint-verifiers.txt")
expect_exit 0 "rotate the checkpoint key" -- "$TG" audit rotate-key --db "$DB"
new_key=$(sed -n 2p "$DB.keys/checkpoint-verifiers.txt")
[ -n "$new_key" ] && [ "$new_key" != "$old_key" ] && pass "the new verifier key is listed after the old one" || fail "verifier list: $(cat "$DB.keys/checkpoint-verifiers.txt")"
expect_exit 0 "checkpoint after rotation" -- "$TG" audit checkpoint --db "$DB"
expect_in "$TMP/last.out" "$(echo "$new_key" | cut -d+ -f1)" "signed under the log's name"
expect_exit 0 "verify with both keys" -- "$TG" audit verify --db "$DB" --json
expect_in "$TMP/last.out" '"ok":true' "every checkpoint, before and after the rotation, verifies"
echo "$new_key" > "$TMP/only-new.txt"
expect_exit 1 "verify with the new key only" -- "$TG" audit verify --db "$DB" --verifiers "$TMP/only-new.txt"
expect_in "$TMP/last.out" "FAILED at checkpoint" "checkpoints signed before the rotation need the old key"
n=$(sql "$DB" "SELECT COUNT(*) FROM audit_leaves WHERE CAST(entry AS TEXT) LIKE '%rotate_checkpoint_key%'")
[ "$n" = 1 ] && pass "the rotation is an audited operator entry" || fail "$n rotation entries"

# Tampering: a rewritten checkpoint, then a rewritten leaf with its hashes.
cp "$DB" "$TMP/copy.db"
sql "$TMP/copy.db" "UPDATE checkpoints SET note = replace(note, char(10) || '0' || char(10), char(10) || '1' || char(10)) WHERE id = 1" >/dev/null
sql "$TMP/copy.db" "UPDATE checkpoints SET tree_size = tree_size + 1 WHERE id = 2" >/dev/null
expect_exit 1 "verify a copy with an altered checkpoint" -- "$TG" audit verify --db "$TMP/copy.db" \
  --verifiers "$DB.keys/checkpoint-verifiers.txt"
expect_in "$TMP/last.out" "FAILED at checkpoint" "the altered checkpoint is named"
cp "$DB" "$TMP/copy2.db"
python3 - "$TMP/copy2.db" "$(dirname "$0")" <<'PY'
import sqlite3, sys
sys.path.insert(0, sys.argv[2])
from merkle import leaf_hash as lh, root
con = sqlite3.connect(sys.argv[1])
entry = bytes(con.execute("SELECT entry FROM audit_leaves WHERE leaf_index = 7").fetchone()[0])
entry = entry.replace(b'"type"', b'"typf"')
# Rewrite the leaf and every root after it consistently: only the signed
# checkpoints can tell.
leaves = [bytes(r[0]) for r in con.execute("SELECT entry FROM audit_leaves ORDER BY leaf_index")]
leaves[7] = entry
hs = [lh(x) for x in leaves]
for i in range(7, len(leaves)):
    con.execute("UPDATE audit_leaves SET entry = ?, leaf_hash = ?, root_after = ? WHERE leaf_index = ?",
                (leaves[i], hs[i], root(hs[:i + 1]), i))
con.commit()
PY
expect_exit 1 "verify a copy with a rewritten, rehashed leaf" -- "$TG" audit verify --db "$TMP/copy2.db" \
  --verifiers "$DB.keys/checkpoint-verifiers.txt"
expect_in "$TMP/last.out" "FAILED at checkpoint" "a consistent rewrite is caught by the signed checkpoints"

# An unsigned tail and a log without checkpoints fail verify, and `audit
# checkpoint` never signs them (issue 11).
cp "$DB" "$TMP/copy3.db"; cp -r "$DB.keys" "$TMP/copy3.db.keys"
python3 - "$TMP/copy3.db" "$(dirname "$0")" <<'PY'
import sqlite3, sys
sys.path.insert(0, sys.argv[2])
from merkle import leaf_hash as lh, root
con = sqlite3.connect(sys.argv[1])
n, = con.execute("SELECT COUNT(*) FROM audit_leaves").fetchone()
leaves = [bytes(r[0]) for r in con.execute("SELECT entry FROM audit_leaves ORDER BY leaf_index")]
forged = b'{"type":"disclosure","forged":true}'
leaves.append(forged)
hs = [lh(x) for x in leaves]
con.execute("INSERT INTO audit_leaves(leaf_index, entry, leaf_hash, root_after) VALUES (?,?,?,?)",
            (n, forged, hs[n], root(hs)))
con.commit()
PY
expect_exit 1 "verify a log with a forged entry appended" -- "$TG" audit verify --db "$TMP/copy3.db" \
  --verifiers "$DB.keys/checkpoint-verifiers.txt"
expect_in "$TMP/last.out" "covered by no signed checkpoint" "the unsigned tail is named"
expect_exit 1 "audit checkpoint refuses to sign the forged tail" -- "$TG" audit checkpoint --db "$TMP/copy3.db"
expect_in "$TMP/last.err" "not signed" "the refusal says it is not signed"
expect_exit 1 "still failing after the refused checkpoint" -- "$TG" audit verify --db "$TMP/copy3.db" \
  --verifiers "$DB.keys/checkpoint-verifiers.txt"
cp "$DB" "$TMP/copy4.db"
sql "$TMP/copy4.db" "DELETE FROM checkpoints" >/dev/null
expect_exit 1 "verify a log whose checkpoints were deleted" -- "$TG" audit verify --db "$TMP/copy4.db" \
  --verifiers "$DB.keys/checkpoint-verifiers.txt"
expect_in "$TMP/last.out" "no signed checkpoint" "says nothing is signed"
expect_exit 1 "verify a mistyped store path" -- "$TG" audit verify --db "$TMP/no-such.db"
[ ! -e "$TMP/no-such.db" ] && pass "no empty store was made for it" || fail "verify made $TMP/no-such.db"

# Checkpoints and key rotations beside a running batch: verify stays OK.
DB5=$TMP/race.db
expect_exit 0 "load (race store)" -- "$TG" load --records "$TMP/in/records.csv" --db "$DB5"
"$TG" process --requests "$TMP/in/requests.csv" --officials "$TMP/in/officials.csv" \
  --db "$DB5" --out "$TMP/race-out" --as-of 2026-11-23 --chunk-size 5 >/dev/null 2>"$TMP/race.err" &
pid=$!
races=0
while kill -0 "$pid" 2>/dev/null; do
  "$TG" audit checkpoint --db "$DB5" >/dev/null 2>&1 || true
  if [ $((races % 5)) = 0 ]; then "$TG" audit rotate-key --db "$DB5" >/dev/null 2>&1 || true; fi
  races=$((races + 1))
done
wait "$pid" && pass "process finished beside $races checkpoints and rotations" || fail "process failed: $(cat "$TMP/race.err")"
expect_exit 0 "verify after the race" -- "$TG" audit verify --db "$DB5"
finish
