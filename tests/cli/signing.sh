# Signed requests (FORMATS.md, "Signed requests"; LAW.md, SIGNATURE_INVALID),
# checked both ways against the independent signer and verifier
# ../shared/tools/sign_requests.py: the same test keys from the same seed,
# the same signed bytes for every row of a file full of awkward values, each
# side verifying the other's signatures, tampering refused by both and by
# the statute rules, the private key file kept owner-only, and a synthetic
# batch whose signatures end up in its `request` audit leaves.
source "$(dirname "$0")/lib.sh" "$@"
SR=$SHARED/tools/sign_requests.py
POLICY_DIR=$(dirname "$0")/../policy
SEED="signing-test-seed"
AS_OF=2026-11-23

# ---- keys: the same public keys from the same seed -------------------------
expect_exit 0 "taxgate keys --seed" -- "$TG" keys --officials "$POLICY_DIR/officials.csv" \
  --out "$TMP/off.csv" --private-keys "$TMP/keys.csv" --seed "$SEED"
expect_exit 0 "sign_requests.py keys --seed" -- pycrypto_python "$SR" keys \
  "$POLICY_DIR/officials.csv" "$TMP/off_py.csv" --seed "$SEED"
python3 - "$POLICY_DIR/officials.csv" "$TMP/off.csv" "$TMP/off_py.csv" "$TMP/keys.csv" <<'PY' \
  && pass "both give every official the same 32-byte public key; the other columns are kept" \
  || fail "taxgate keys and sign_requests.py keys disagree"
import base64, csv, sys
src, tg, py, priv = (list(csv.DictReader(open(p, encoding="utf-8"))) for p in sys.argv[1:5])
tg_keys = {r["official_id"]: r["public_key"] for r in tg}
py_keys = {r["official_id"]: r["public_key"] for r in py}
assert len(tg) == len(src) == 10 and tg_keys == py_keys, (tg_keys, py_keys)
assert all(len(base64.b64decode(k, validate=True)) == 32 for k in tg_keys.values())
assert len(set(tg_keys.values())) == len(tg_keys)
for a, b in zip(src, tg):
    assert all(a[c] == b[c] for c in a), (a, b)
assert sorted(r["official_id"] for r in priv) == sorted(tg_keys)
PY
mode=$(stat -c %a "$TMP/keys.csv")
[ "$mode" = 600 ] && pass "the private key file is mode 0600" || fail "private key file mode $mode"
(umask 000; "$TG" keys --officials "$POLICY_DIR/officials.csv" --out "$TMP/off_u.csv" \
  --private-keys "$TMP/keys_u.csv" --seed "$SEED" >/dev/null 2>&1)
mode=$(stat -c %a "$TMP/keys_u.csv")
[ "$mode" = 600 ] && pass "0600 whatever the umask" || fail "private key file mode $mode under umask 000"
before=$(sha256sum < "$TMP/keys.csv")
expect_exit 1 "keys refuses to overwrite the private key file" -- "$TG" keys \
  --officials "$POLICY_DIR/officials.csv" --out "$TMP/off_other.csv" --private-keys "$TMP/keys.csv" --seed other
expect_in "$TMP/last.err" "--force" "the refusal points at --force"
[ "$(sha256sum < "$TMP/keys.csv")" = "$before" ] && pass "the key file is unchanged" || fail "the key file was overwritten"
[ ! -e "$TMP/off_other.csv" ] && pass "and no officials file with unmatched public keys is written" \
  || fail "keys wrote public keys whose private keys it refused to store"
chmod 644 "$TMP/keys_u.csv"
expect_exit 0 "keys --force replaces it" -- "$TG" keys --officials "$POLICY_DIR/officials.csv" \
  --out "$TMP/off_u.csv" --private-keys "$TMP/keys_u.csv" --seed other --force
mode=$(stat -c %a "$TMP/keys_u.csv")
cmp -s "$TMP/keys.csv" "$TMP/keys_u.csv" && fail "--force kept the old keys" || pass "--force wrote new keys"
[ "$mode" = 600 ] && pass "a replaced key file is 0600 again (was 0644)" || fail "replaced key file mode $mode"

# ---- the bytes signed, byte for byte -----------------------------------------
# A file with awkward values: non-ASCII names (precomposed and decomposed),
# quotes, commas, leading and trailing spaces, an embedded line feed (and
# CRLF), tabs and other control characters, U+2028, an emoji, backslashes;
# `unit` present but empty, `purpose` absent, an unknown column `notes`
# (never signed). Written LF, and again CRLF.
python3 - "$POLICY_DIR/defaults.csv" "$TMP" <<'PY'
import csv, sys
base = next(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
base["reason"] = "Subject is named in an arrest warrant issued in matter CR-2026-0001; the address is needed to execute it"
cols = [c for c in base if c != "purpose"] + ["notes"]
rows = [
    dict(base, request_id="T-1", first_name="José Ángel", last_name="Peña Núñez", notes="x"),
    dict(base, request_id="T-2", first_name='Mary "Molly"', last_name="O'Brien, Jr.",
         street="  12 Elm St  ", unit=""),
    dict(base, request_id="T-3", reason="Line one of the reason\nline two, with a comma, and \"quotes\"",
         city="San\tJuan", first_name="Zoë", last_name="王小明"),
    dict(base, request_id="T-4", reason="Bell \x07 DEL \x7f sep \u2028 emoji \U0001F600 back\\slash /",
         middle_name="", unit=""),
    dict(base, request_id="T-5", first_name="Jose\u0301", last_name="\ufb01sher \uff21",
         reason="a\r\nb\x08c\x0cd\x1fe ", case_number=" CR-2026-0005 "),
    dict(base, request_id="T-6", tin="", dob="", zip="", notes="extra, ignored"),
]
for name, eol in (("tricky.csv", "\n"), ("tricky_crlf.csv", "\r\n")):
    with open(f"{sys.argv[2]}/{name}", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=cols, lineterminator=eol)
        w.writeheader()
        for r in rows:
            w.writerow({c: r.get(c, "") for c in cols})
PY
for f in tricky tricky_crlf; do
  same=0
  for n in 1 2 3 4 5 6; do
    "$TG" sign --requests "$TMP/$f.csv" --bytes $n > "$TMP/$f.tg$n" 2>"$TMP/$f.err$n" || true
    pycrypto_python "$SR" bytes "$TMP/$f.csv" $n > "$TMP/$f.py$n"
    if [ -s "$TMP/$f.py$n" ] && cmp -s "$TMP/$f.tg$n" "$TMP/$f.py$n"; then same=$((same + 1)); else
      fail "$f.csv row $n: taxgate sign --bytes and sign_requests.py bytes differ"
      cmp "$TMP/$f.tg$n" "$TMP/$f.py$n" >&2 || true; cat "$TMP/$f.err$n" >&2; fi
  done
  [ "$same" = 6 ] && pass "$f.csv: identical signed bytes for all 6 rows"
done
python3 - "$TMP/tricky.py5" "$TMP/tricky.py2" <<'PY' && pass "the bytes hold the values exactly as given (no trimming, no normalization), purpose \"\" and no unknown column" || fail "reference bytes not as expected"
import json, sys
b5, b2 = (open(p, "rb").read() for p in sys.argv[1:3])
assert b5.startswith(b"taxgate-request-v1\n")
o5, o2 = json.loads(b5[19:]), json.loads(b2[19:])
assert o5["first_name"] == "Jose\u0301" and o5["reason"] == "a\r\nb\x08c\x0cd\x1fe "
assert o5["case_number"] == " CR-2026-0005 " and o2["street"] == "  12 Elm St  "
assert o5["purpose"] == "" and "notes" not in o5 and "signature" not in o5 and len(o5) == 19
PY
expect_exit 1 "--bytes past the last row" -- "$TG" sign --requests "$TMP/tricky.csv" --bytes 7

# ---- signed by one, verified by the other ----------------------------------
expect_exit 0 "taxgate sign --seed" -- "$TG" sign --requests "$TMP/tricky.csv" --seed "$SEED" --out "$TMP/tg_signed.csv"
expect_exit 0 "sign_requests.py verify accepts taxgate's signatures" -- \
  pycrypto_python "$SR" verify "$TMP/tg_signed.csv" "$TMP/off_py.csv"
[ "$(grep -c ',ok$' "$TMP/last.out")" = 6 ] && pass "all 6 ok" || fail "not all ok: $(cat "$TMP/last.out")"
expect_exit 0 "sign_requests.py sign" -- pycrypto_python "$SR" sign "$TMP/tricky.csv" "$TMP/py_signed.csv" --seed "$SEED"
expect_exit 0 "taxgate sign --check accepts sign_requests.py's signatures" -- \
  "$TG" sign --requests "$TMP/py_signed.csv" --check "$TMP/off.csv"
[ "$(grep -c ',ok$' "$TMP/last.out")" = 6 ] && pass "all 6 ok" || fail "not all ok: $(cat "$TMP/last.out")"
expect_exit 0 "sign_requests.py signs the CRLF file" -- pycrypto_python "$SR" sign \
  "$TMP/tricky_crlf.csv" "$TMP/py_crlf.csv" --seed "$SEED"
expect_exit 0 "taxgate sign --check accepts it" -- "$TG" sign --requests "$TMP/py_crlf.csv" --check "$TMP/off.csv"
expect_exit 0 "taxgate sign --private-keys" -- "$TG" sign --requests "$TMP/tricky.csv" \
  --private-keys "$TMP/keys.csv" --out "$TMP/tg_keyfile.csv"
python3 - "$TMP/tg_signed.csv" "$TMP/py_signed.csv" "$TMP/tg_keyfile.csv" <<'PY' \
  && pass "same seed, same signature column from both signers (and from the key file)" || fail "signature columns differ"
import csv, sys
cols = [[r["signature"] for r in csv.DictReader(open(p, encoding="utf-8"))] for p in sys.argv[1:4]]
assert len(cols[0]) == 6 and all(cols[0]) and len(set(cols[0])) == 6
assert cols[0] == cols[1] == cols[2], cols
PY
expect_exit 0 "policy check of sign_requests.py's batch" -- "$TG" policy check --requests "$TMP/py_signed.csv" \
  --officials "$TMP/off.csv" --db "$TMP/none.db" --out "$TMP/check_py.csv" --as-of $AS_OF
n=$(grep -c SIGNATURE_INVALID "$TMP/check_py.csv" || true)
[ "$n" = 0 ] && pass "policy check: no SIGNATURE_INVALID" || fail "policy check: $n SIGNATURE_INVALID on good signatures"
expect_exit 0 "policy check of the unsigned file" -- "$TG" policy check --requests "$TMP/tricky.csv" \
  --officials "$TMP/off.csv" --db "$TMP/none.db" --out "$TMP/check_unsigned.csv" --as-of $AS_OF
n=$(grep -c SIGNATURE_INVALID "$TMP/check_unsigned.csv" || true)
[ "$n" = 6 ] && pass "unsigned: SIGNATURE_INVALID on all 6" || fail "unsigned: SIGNATURE_INVALID on $n of 6"
# An unknown column is not signed: changing it breaks nothing.
sed 's/,x,/,y,/' "$TMP/py_signed.csv" > "$TMP/py_notes.csv"
cmp -s "$TMP/py_signed.csv" "$TMP/py_notes.csv" && fail "the notes edit did nothing" || true
expect_exit 0 "an unknown column edited after signing still verifies (taxgate)" -- \
  "$TG" sign --requests "$TMP/py_notes.csv" --check "$TMP/off.csv"

# ---- tampering and bad signatures ----------------------------------------------
python3 - "$POLICY_DIR/defaults.csv" "$TMP" <<'PY'
import csv, sys
base = next(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
base["reason"] = "Subject is named in an arrest warrant; the address is needed to execute it"
ids = ["X-OK", "X-TAMPER", "X-SPACE", "X-NFD", "X-OTHERKEY", "X-GARBLED", "X-NOTB64",
       "X-MISSING", "X-NOKEY", "X-NOTREG"]
signer = {"X-NOKEY": "IG-1", "X-NOTREG": "DEL-9"}
rows = [dict(base, request_id=i, case_number=f"CR-2026-{n + 10:04d}", signed_by=signer.get(i, "DEL-1"),
             first_name="José", street="  1420 N Main St  ") for n, i in enumerate(ids)]
with open(f"{sys.argv[2]}/x.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, fieldnames=list(base), lineterminator="\n"); w.writeheader(); w.writerows(rows)
# The registry copy in which IG-1 has no key.
o = list(csv.DictReader(open(f"{sys.argv[2]}/off.csv", encoding="utf-8")))
for r in o:
    if r["official_id"] == "IG-1":
        r["public_key"] = ""
with open(f"{sys.argv[2]}/off_nokey.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, fieldnames=list(o[0]), lineterminator="\n"); w.writeheader(); w.writerows(o)
PY
expect_exit 0 "sign the batch" -- "$TG" sign --requests "$TMP/x.csv" --seed "$SEED" --out "$TMP/x_signed.csv"
expect_exit 0 "sign it again with the engaged official's key" -- "$TG" sign --requests "$TMP/x.csv" \
  --seed "$SEED" --as official_id --out "$TMP/x_other.csv"
python3 - "$TMP" <<'PY'
import base64, csv, sys, unicodedata
t = sys.argv[1]
rows = list(csv.DictReader(open(f"{t}/x_signed.csv", encoding="utf-8")))
other = {r["request_id"]: r["signature"] for r in csv.DictReader(open(f"{t}/x_other.csv", encoding="utf-8"))}
for r in rows:
    i = r["request_id"]
    if i == "X-TAMPER": r["zip"] = "77003"
    if i == "X-SPACE": r["street"] = "1420 N Main St"
    if i == "X-NFD": r["first_name"] = unicodedata.normalize("NFD", r["first_name"])
    if i == "X-OTHERKEY": r["signature"] = other[i]
    if i == "X-GARBLED":
        raw = bytearray(base64.b64decode(r["signature"])); raw[5] ^= 1
        r["signature"] = base64.b64encode(bytes(raw)).decode()
    if i == "X-NOTB64": r["signature"] = "not a signature!"
    if i == "X-MISSING": r["signature"] = ""
with open(f"{t}/x_bad.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n"); w.writeheader(); w.writerows(rows)
PY
expect_exit 1 "sign_requests.py verify refuses the bad rows" -- pycrypto_python "$SR" verify "$TMP/x_bad.csv" "$TMP/off_nokey.csv"
cp "$TMP/last.out" "$TMP/verify_py.csv"
expect_exit 1 "taxgate sign --check refuses the bad rows" -- "$TG" sign --requests "$TMP/x_bad.csv" --check "$TMP/off_nokey.csv"
cp "$TMP/last.out" "$TMP/verify_tg.csv"
expect_exit 0 "policy check of the bad rows" -- "$TG" policy check --requests "$TMP/x_bad.csv" \
  --officials "$TMP/off_nokey.csv" --db "$TMP/none.db" --out "$TMP/check_bad.csv" --as-of $AS_OF
python3 - "$TMP/verify_py.csv" "$TMP/verify_tg.csv" "$TMP/check_bad.csv" <<'PY' && pass "altered field, a space trimmed, NFD for NFC, another official's key, a garbled, a non-base64 and a missing signature, a signer with no key, a signer not registered: refused by both verifiers and SIGNATURE_INVALID in policy check; the untouched row is ok and eligible" || fail "tampering not refused everywhere"
import csv, sys
py, tg, chk = ({r["request_id"]: r for r in csv.DictReader(open(p, encoding="utf-8"))} for p in sys.argv[1:4])
want_py = {"X-OK": "ok", "X-TAMPER": "bad", "X-SPACE": "bad", "X-NFD": "bad", "X-OTHERKEY": "bad",
           "X-GARBLED": "bad", "X-NOTB64": "bad", "X-MISSING": "missing", "X-NOKEY": "no_key",
           "X-NOTREG": "no_key"}
want_tg = dict(want_py, **{"X-NOTB64": ("bad", "malformed")})
errs = []
for i, w in want_py.items():
    if py[i]["result"] != w: errs.append(f"sign_requests.py {i}: {py[i]['result']}, want {w}")
    wt = want_tg[i] if isinstance(want_tg[i], tuple) else (want_tg[i],)
    if tg[i]["result"] not in wt: errs.append(f"taxgate {i}: {tg[i]['result']}, want {wt}")
    codes = chk[i]["reasons"].split(";")
    if i == "X-OK":
        if chk[i]["decision"] != "eligible": errs.append(f"policy check X-OK: {chk[i]}")
    elif "SIGNATURE_INVALID" not in codes or chk[i]["decision"] != "rejected":
        errs.append(f"policy check {i}: {chk[i]['decision']} {chk[i]['reasons']}")
assert not errs, "\n".join(errs)
PY
# Adding a column that was absent when signing (purpose) alters every request.
python3 - "$TMP/x_signed.csv" "$TMP/x_purpose.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
for r in rows: r["purpose"] = "civil removal"
with open(sys.argv[2], "w", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n"); w.writeheader(); w.writerows(rows)
PY
expect_exit 1 "a column added after signing: taxgate sign --check" -- "$TG" sign --requests "$TMP/x_purpose.csv" --check "$TMP/off.csv"
n=$(grep -c ',ok$' "$TMP/last.out" || true)
[ "$n" = 0 ] && pass "no row verifies" || fail "$n rows still verify"

# ---- the private key file and signers without a key --------------------------
cp "$TMP/keys.csv" "$TMP/keys_open.csv"
for m in 640 604; do
  chmod $m "$TMP/keys_open.csv"
  expect_exit 1 "sign refuses a key file of mode $m" -- "$TG" sign --requests "$TMP/tricky.csv" \
    --private-keys "$TMP/keys_open.csv" --out "$TMP/open_$m.csv"
  expect_in "$TMP/last.err" "keys_open.csv" "the refusal names the key file"
  expect_in "$TMP/last.err" "(mode $m)" "and its mode, in octal"
  [ ! -e "$TMP/open_$m.csv" ] && pass "nothing written" || fail "mode $m: wrote $TMP/open_$m.csv"
done
grep -v '^IG-1,' "$TMP/keys.csv" > "$TMP/keys_noig.csv"; chmod 600 "$TMP/keys_noig.csv"
# Row T-4 (physical line 6, after the quoted line feed of T-3) is signed by IG-1.
sed 's/^T-4,DEL-1,/T-4,IG-1,/' "$TMP/tricky.csv" > "$TMP/tricky_ig.csv"
grep -q '^T-4,IG-1,' "$TMP/tricky_ig.csv" || fail "test setup: T-4 not re-signed by IG-1"
echo "old contents" > "$TMP/out_ig.csv"
expect_exit 1 "sign refuses a signer with no private key" -- "$TG" sign --requests "$TMP/tricky_ig.csv" \
  --private-keys "$TMP/keys_noig.csv" --out "$TMP/out_ig.csv"
expect_in "$TMP/last.err" "tricky_ig.csv:6" "the refusal names the file and the physical line"
expect_in "$TMP/last.err" "signed_by" "and the column"
[ "$(cat "$TMP/out_ig.csv")" = "old contents" ] && pass "the output file is untouched" || fail "the output file was written"

# ---- end to end: synth, process, the signature in the audit log ----------------
DB=$TMP/store.db
expect_exit 0 "synth" -- "$TG" synth --people 300 --requests 20 --seed 4 --out "$TMP/in"
mode=$(stat -c %a "$TMP/in/official-keys.csv")
[ "$mode" = 600 ] && pass "synth's official-keys.csv is 0600" || fail "official-keys.csv mode $mode"
python3 - "$TMP/in/officials.csv" <<'PY' && pass "synth's officials.csv carries a public key for every official" || fail "officials.csv without keys"
import base64, csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
assert rows and all(len(base64.b64decode(r["public_key"], validate=True)) == 32 for r in rows)
PY
expect_exit 0 "sign_requests.py verify accepts synth's signed batch" -- pycrypto_python "$SR" verify \
  "$TMP/in/requests.csv" "$TMP/in/officials.csv"
[ "$(grep -c ',ok$' "$TMP/last.out")" = 20 ] && pass "all 20 ok" || fail "not all ok"
expect_exit 0 "re-sign with official-keys.csv" -- "$TG" sign --requests "$TMP/in/requests.csv" \
  --private-keys "$TMP/in/official-keys.csv" --out "$TMP/in_resigned.csv"
cmp -s "$TMP/in/requests.csv" "$TMP/in_resigned.csv" && pass "official-keys.csv holds the keys that signed the batch" \
  || fail "re-signing with official-keys.csv changed the batch"
expect_exit 0 "load" -- "$TG" load --records "$TMP/in/records.csv" --db "$DB"
expect_exit 0 "process" -- "$TG" process --requests "$TMP/in/requests.csv" --officials "$TMP/in/officials.csv" \
  --db "$DB" --out "$TMP/out" --as-of $AS_OF
sql "$DB" "SELECT leaf_index FROM audit_leaves WHERE CAST(entry AS TEXT) LIKE '%\"type\":\"request\"%' ORDER BY leaf_index" > "$TMP/request_leaves"
: > "$TMP/shown.jsonl"
while read -r i; do
  "$TG" audit show "$i" --json --db "$DB" >> "$TMP/shown.jsonl" || fail "audit show $i"
done < "$TMP/request_leaves"
python3 - "$TMP/shown.jsonl" "$TMP/in/requests.csv" <<'PY' && pass "every request's audit leaf (audit show --json) keeps its signature" || fail "signatures not in the request leaves"
import base64, csv, json, sys
sig = {r["request_id"]: r["signature"] for r in csv.DictReader(open(sys.argv[2], encoding="utf-8"))}
got = {}
for line in open(sys.argv[1]):
    leaf = json.loads(base64.b64decode(json.loads(line)["leaf_base64"]))
    assert leaf["type"] == "request", leaf
    got[leaf["request_id"]] = leaf.get("signature")
assert len(sig) == 20 and got == sig, (len(got), [k for k in sig if got.get(k) != sig[k]][:3])
PY
expect_exit 0 "audit verify" -- "$TG" audit verify --db "$DB"
finish
