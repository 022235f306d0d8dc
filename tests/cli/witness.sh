# Outside witnesses of the audit log (C2SP tlog-witness; docs/witnesses.md):
# two `taxgate witness serve` processes on loopback cosign every checkpoint
# the commands sign; `audit verify --witnesses F --min 2` needs both
# cosignatures, checked here independently with Python's `cryptography`.
# Then the attacks an operator holding the store could try:
#  (b) a copy of the store that grows differently (a fork) is refused;
#  (c) a witness killed and restarted keeps its state;
#  (a) the log cut together with its checkpoints, then grown again, is
#      refused by both witnesses and fails verify;
#  (d) a checkpoint with a bad log signature is refused (403), one of an
#      unknown log too (404), and a malformed request (400).
source "$(dirname "$0")/lib.sh" "$@"
DB=$TMP/store.db
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$TMP"
}
trap cleanup EXIT

expect_exit 0 "synth" -- "$TG" synth --people 400 --requests 200 --seed 31 --out "$TMP/in"
expect_exit 0 "train" -- "$TG" train --records "$TMP/in/records.csv" \
  --requests "$TMP/in/requests.csv" --out "$TMP/model.json"
python3 - "$TMP" <<'PY'
import csv, sys
t = sys.argv[1]
rows = list(csv.DictReader(open(f"{t}/in/requests.csv", encoding="utf-8")))
for i, name in enumerate("abcde"):
    with open(f"{t}/{name}.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys())); w.writeheader()
        w.writerows(rows[40 * i:40 * (i + 1)])
PY
run_process() {  # STORE BATCH [extra args]
  local db=$1 batch=$2; shift 2
  "$TG" process --requests "$TMP/$batch.csv" --officials "$TMP/in/officials.csv" --db "$db" \
    --out "$TMP/out-$batch" --as-of 2026-11-23 --model "$TMP/model.json" "$@"
}
expect_exit 0 "load" -- "$TG" load --records "$TMP/in/records.csv" --db "$DB"

# start_witness NAME: serves $TMP/NAME on a free port; sets URL_<NAME>.
start_witness() {
  local name=$1 log=$TMP/$1.log
  : > "$log"
  "$TG" witness serve --state "$TMP/$name" --listen 127.0.0.1:0 --name "test.witness/$name" \
    --log "$DB.keys/checkpoint-verifiers.txt" >>"$log" 2>&1 &
  local pid=$!
  PIDS+=("$pid")
  eval "PID_$name=$pid"
  for _ in $(seq 600); do
    grep -q "listening on" "$log" && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  local url
  url=$(grep -o 'listening on http://[0-9.:]*' "$log" | head -1 | cut -d' ' -f3)
  if [ -n "$url" ]; then pass "witness $name serves $url"; else fail "witness $name did not start"; cat "$log" >&2; fi
  eval "URL_$name=$url"
}
write_witnesses() {
  {
    echo "# name URL verifier-key"
    echo "w1 $URL_w1 $("$TG" witness key --state "$TMP/w1")"
    echo "w2 $URL_w2 $("$TG" witness key --state "$TMP/w2")"
  } > "$TMP/witnesses.txt"
}
start_witness w1
start_witness w2
write_witnesses
[ "$(stat -c %a "$TMP/w1")" = 700 ] && [ "$(stat -c %a "$TMP/w1/witness.key")" = 600 ] \
  && pass "the witness's state folder is 0700, its key 0600" || fail "witness state modes"
"$TG" witness key --state "$TMP/w1" | grep -q "^test.witness/w1+[0-9a-f]\{8\}+B" \
  && pass "witness key prints a cosignature/v1 verifier key" || fail "witness key: $(cat "$TMP/witnesses.txt")"

# A batch: its checkpoint is cosigned by both, and verify wants both.
expect_exit 0 "process batch a with --witnesses" -- run_process "$DB" a --witnesses "$TMP/witnesses.txt"
expect_in "$TMP/last.err" "cosigned by w1, w2" "process reports both cosignatures"
expect_exit 0 "verify --witnesses --min 2" -- "$TG" audit verify --db "$DB" --witnesses "$TMP/witnesses.txt" --min 2
expect_in "$TMP/last.out" "cosigned by w1, w2 (2 required)" "verify names the witnesses that cosigned"
expect_exit 0 "verify --json" -- "$TG" audit verify --db "$DB" --witnesses "$TMP/witnesses.txt" --json
python3 - "$TMP/last.out" <<'PY' && pass "verify --json lists the cosigners" || fail "verify --json"
import json, sys
j = json.load(open(sys.argv[1]))
assert j["ok"] and j["witnesses"]["cosigned_by"] == ["w1", "w2"] and j["witnesses"]["required"] == 2, j
PY
A_SIZE=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['witnesses']['tree_size'])" "$TMP/last.out")
expect_exit 1 "--min above the witnesses listed" -- "$TG" audit verify --db "$DB" --witnesses "$TMP/witnesses.txt" --min 3
expect_in "$TMP/last.err" "lists only 2 witnesses" "the error says how many the file lists"
expect_exit 1 "--min without --witnesses" -- "$TG" audit verify --db "$DB" --min 1
printf 'w1 ftp://x %s\n' "$("$TG" witness key --state "$TMP/w1")" > "$TMP/bad-witnesses.txt"
expect_exit 1 "a witnesses file with a bad URL" -- "$TG" audit witness --db "$DB" --witnesses "$TMP/bad-witnesses.txt"
expect_in "$TMP/last.err" "bad-witnesses.txt:1: URL 'ftp://x'" "the error names the file, line and field"

# The cosigned note, checked independently: the log's Ed25519 note
# signature (0x01) and each witness's cosignature/v1 (0x04).
expect_exit 0 "audit checkpoint --cosigned" -- "$TG" audit checkpoint --db "$DB" \
  --witnesses "$TMP/witnesses.txt" --cosigned --out "$TMP/cosigned.txt"
pycrypto_python - "$TMP/cosigned.txt" "$DB.keys/checkpoint-verifiers.txt" "$TMP/witnesses.txt" <<'PY' \
  && pass "the log's signature and both cosignatures verify with Python's cryptography" \
  || fail "independent check of the cosigned note"
import base64, hashlib, struct, sys
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
note = open(sys.argv[1], encoding="utf-8").read()
text, sigs = note.split("\n\n", 1)
text += "\n"
def vkey(s, alg):
    name, kid, b = s.strip().split("+", 2)
    raw = base64.b64decode(b)
    assert raw[0] == alg, (s, alg)
    assert hashlib.sha256(name.encode() + b"\n" + raw[:1] + raw[1:]).digest()[:4].hex() == kid
    return name, bytes.fromhex(kid), Ed25519PublicKey.from_public_bytes(raw[1:])
lines = [l for l in sigs.split("\n") if l]
blobs = {}
for l in lines:
    dash, name, b64 = l.split(" ")
    assert dash == "\u2014"
    blobs.setdefault(name, []).append(base64.b64decode(b64))
log = [vkey(l, 1) for l in open(sys.argv[2]) if l.strip()][-1]
assert any(b[:4] == log[1] and (log[2].verify(b[4:], text.encode()) is None) for b in blobs[log[0]])
seen = 0
for l in open(sys.argv[3]):
    if not l.strip() or l.startswith("#"):
        continue
    name, kid, pub = vkey(l.split()[2], 4)
    (b,) = [b for b in blobs[name] if b[:4] == kid]
    assert len(b) == 76
    ts = struct.unpack(">Q", b[4:12])[0]
    pub.verify(b[12:], f"cosignature/v1\ntime {ts}\n".encode() + text.encode())
    seen += 1
assert seen == 2
PY

# Batch b through $TAXGATE_WITNESSES: sent with a proof from the size
# each witness cosigned.
TAXGATE_WITNESSES=$TMP/witnesses.txt expect_exit 0 "process batch b (TAXGATE_WITNESSES)" -- run_process "$DB" b
expect_in "$TMP/last.err" "cosigned by w1, w2" "both cosign batch b"
expect_in "$TMP/w1.log" "old $A_SIZE -> " "the witness got a consistency proof from the size it had cosigned"

# (b) A fork: a copy of the store grows differently from the original.
expect_exit 0 "backup (the copy a fork starts from)" -- "$TG" backup --db "$DB" --out "$TMP/fork.db" \
  --witnesses "$TMP/witnesses.txt"
expect_exit 0 "the original grows with batch c" -- run_process "$DB" c --witnesses "$TMP/witnesses.txt"
expect_in "$TMP/last.err" "cosigned by w1, w2" "both cosign the original"
expect_exit 0 "the fork grows with batch d (a witness refusing is a warning)" -- \
  run_process "$TMP/fork.db" d --witnesses "$TMP/witnesses.txt"
expect_in "$TMP/last.err" "witness w1 did not cosign" "the fork's checkpoint is refused by w1"
expect_in "$TMP/last.err" "witness w2 did not cosign" "and by w2"
expect_exit 1 "audit witness on the fork" -- "$TG" audit witness --db "$TMP/fork.db" --witnesses "$TMP/witnesses.txt"
expect_in "$TMP/last.out" "w1: NOT cosigned" "audit witness names the refusing witness"
expect_exit 1 "verify the fork --witnesses --min 2" -- "$TG" audit verify --db "$TMP/fork.db" \
  --witnesses "$TMP/witnesses.txt" --min 2
expect_exit 1 "verify the fork --min 0: the witnesses' checkpoints are not in it" -- \
  "$TG" audit verify --db "$TMP/fork.db" --witnesses "$TMP/witnesses.txt" --min 0
expect_in "$TMP/last.out" "FAILED" "the fork fails verify"
expect_exit 0 "the original still verifies with both" -- "$TG" audit verify --db "$DB" \
  --witnesses "$TMP/witnesses.txt" --min 2

# (c) w1 killed (no clean shutdown) and restarted on another port: it
# keeps what it cosigned.
kill -9 "$PID_w1"; wait "$PID_w1" 2>/dev/null || true
start_witness w1
write_witnesses
expect_exit 0 "after the restart the original verifies" -- "$TG" audit verify --db "$DB" \
  --witnesses "$TMP/witnesses.txt" --min 2
expect_in "$TMP/w1.log" "served checkpoint" "the restarted witness serves what it cosigned before"

# (a) The log cut back to batch a's size together with its checkpoints.
CUT_FROM=$(sql "$DB" "SELECT count(*) FROM audit_leaves")
sql "$DB" "DELETE FROM audit_leaves WHERE leaf_index >= $A_SIZE" >/dev/null
sql "$DB" "DELETE FROM checkpoints WHERE tree_size > $A_SIZE" >/dev/null
expect_exit 0 "the cut log passes verify on its own (what witnesses are for)" -- \
  "$TG" audit verify --db "$DB"
expect_exit 1 "verify --witnesses --min 2 fails on the cut log" -- "$TG" audit verify --db "$DB" \
  --witnesses "$TMP/witnesses.txt" --min 2
expect_in "$TMP/last.out" "were lost" "verify says entries were lost"
expect_exit 1 "audit witness on the cut log" -- "$TG" audit witness --db "$DB" --witnesses "$TMP/witnesses.txt"
expect_in "$TMP/last.out" "entries were lost" "the witnesses hold a larger tree"
expect_exit 0 "the cut log grows with batch e" -- run_process "$DB" e --witnesses "$TMP/witnesses.txt"
expect_in "$TMP/last.err" "witness w1 did not cosign" "the restarted w1 refuses the cut log's new checkpoint"
expect_in "$TMP/last.err" "witness w2 did not cosign" "w2 refuses it too"
NEW_SIZE=$(sql "$DB" "SELECT count(*) FROM audit_leaves")
echo "log cut from $CUT_FROM to $A_SIZE entries, grown again to $NEW_SIZE"
expect_exit 1 "verify --witnesses --min 2 fails after the regrowth" -- "$TG" audit verify --db "$DB" \
  --witnesses "$TMP/witnesses.txt" --min 2
expect_in "$TMP/last.out" "FAILED" "verify fails"
if grep -qE "add-checkpoint (409|422) " "$TMP/w1.log"; then pass "the restarted w1 answered 409/422"
else fail "w1 log: $(cat "$TMP/w1.log")"; fi

# (d) Requests no witness may cosign, sent by hand.
python3 - "$URL_w2" "$TMP/cosigned.txt" <<'PY' && pass "bad log signature 403, unknown log 404, malformed 400" || fail "(d)"
import sys, urllib.error, urllib.request
url, note = sys.argv[1], open(sys.argv[2], encoding="utf-8").read()
def post(body):
    try:
        return urllib.request.urlopen(urllib.request.Request(url + "/add-checkpoint", data=body.encode(),
                                                             method="POST"), timeout=30).status
    except urllib.error.HTTPError as e:
        return e.code
origin, size, root = note.split("\n")[:3]
log_sig = [l for l in note.split("\n\n", 1)[1].split("\n") if l.startswith("\u2014 " + origin + " ")][0]
flipped = root[:-3] + ("A" if root[-3] != "A" else "B") + root[-2:]
assert post(f"old 0\n\n{origin}\n{size}\n{flipped}\n\n{log_sig}\n") == 403
assert post(f"old 0\n\ntaxgate/0000\n{size}\n{root}\n\n\u2014 taxgate/0000 AAAAAAAA\n") == 404
assert post("old 01\n\n" + note) == 400
assert post("hello") == 400
PY
expect_in "$TMP/w2.log" "does not verify" "the witness logs the bad signature"
finish
