# `policy check --as-of 2026-11-22` reproduces
# ../shared/data/legal-examples-v2/expected.csv exactly (decision and set of
# codes: the 221 public examples, signed, and six broken signatures),
# checked by the independent script; the signatures verify with the
# independent verifier too, and a policy file that does not require
# signatures still refuses the broken ones but one (the unsigned row).
source "$(dirname "$0")/lib.sh" "$@"
LX=$SHARED/data/legal-examples-v2
expect_exit 0 "policy check on the legal examples" -- "$TG" policy check \
  --requests "$LX/requests.csv" --officials "$LX/officials.csv" \
  --db "$TMP/none.db" --out "$TMP/decisions.csv" --as-of 2026-11-22
[ ! -e "$TMP/none.db" ] && pass "dry run created no store" || fail "policy check created a store"
expect_exit 0 "compare_decisions.py agrees on every row" -- \
  python3 "$SHARED/tools/compare_decisions.py" "$LX/expected.csv" "$TMP/decisions.csv" 1.0
cat "$TMP/last.out"

# Both verifiers give the same verdict on every row.
"$TG" sign --requests "$LX/requests.csv" --check "$LX/officials.csv" \
  >"$TMP/ours.csv" || true
pycrypto_python "$SHARED/tools/sign_requests.py" verify "$LX/requests.csv" \
  "$LX/officials.csv" >"$TMP/theirs.csv" || true
python3 - "$TMP/ours.csv" "$TMP/theirs.csv" <<'PY' && pass "taxgate and sign_requests.py agree on every signature" || fail "the verifiers disagree"
import csv, sys
ours = {r["request_id"]: r["result"] for r in csv.DictReader(open(sys.argv[1]))}
theirs = {r["request_id"]: r["result"] for r in csv.DictReader(open(sys.argv[2]))}
assert ours.keys() == theirs.keys()
# sign_requests.py reads a garbled signature as "bad"; taxgate names it
# "malformed".
bad = {k for k, v in ours.items() if v != "ok"}
assert bad == {k for k, v in theirs.items() if v != "ok"}, (ours, theirs)
assert len(bad) == 6 and all(k.startswith("LX-0037-S") for k in bad), bad
PY

# The same file under a policy that does not require signatures: only the
# unsigned row changes (to eligible); a bad signature is refused anyway.
sed 's/^required = true/required = false/' "$(dirname "$0")/../../config/policy.toml" \
  >"$TMP/policy.toml"
cp "$(dirname "$0")/../../config/statutes.csv" "$TMP/statutes.csv"
expect_exit 0 "policy check without required signatures" -- "$TG" policy check \
  --requests "$LX/requests.csv" --officials "$LX/officials.csv" \
  --db "$TMP/none.db" --out "$TMP/lax.csv" --as-of 2026-11-22 --policy "$TMP/policy.toml"
python3 - "$TMP/decisions.csv" "$TMP/lax.csv" <<'PY' && pass "unsigned row eligible, bad signatures refused, digests differ" || fail "signature policy not applied"
import csv, sys
strict = {r["request_id"]: r for r in csv.DictReader(open(sys.argv[1]))}
lax = {r["request_id"]: r for r in csv.DictReader(open(sys.argv[2]))}
changed = [k for k in strict if strict[k]["decision"] != lax[k]["decision"]]
assert changed == ["LX-0037-S1"], changed
assert lax["LX-0037-S1"]["decision"] == "eligible"
assert all(lax[f"LX-0037-S{i}"]["reasons"] == "SIGNATURE_INVALID" for i in range(2, 7))
PY
finish
