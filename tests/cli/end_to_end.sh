# The main job end to end on the embedded store: synth -> load -> process ->
# audit verify; a re-run repeats nothing; a changed byte is caught.
source "$(dirname "$0")/lib.sh" "$@"
DB=$TMP/store.db
expect_exit 0 "synth" -- "$TG" synth --people 3000 --requests 800 --seed 11 --out "$TMP/in"
for f in records requests officials truth records_truth; do
  [ -s "$TMP/in/$f.csv" ] && pass "synth wrote $f.csv" || fail "synth did not write $f.csv"
done
expect_exit 0 "load" -- "$TG" load --records "$TMP/in/records.csv" --db "$DB"
records=$(sql "$DB" "SELECT COUNT(*) FROM records")
want=$(($(wc -l < "$TMP/in/records.csv") - 1))
[ "$records" = "$want" ] && pass "store holds all $want records" || fail "store holds $records records, want $want"
key_mode=$(stat -c %a "$DB.keys/hmac.key")
[ "$key_mode" = 600 ] && pass "HMAC key is owner-only" || fail "key mode $key_mode"

expect_exit 0 "process" -- "$TG" process --requests "$TMP/in/requests.csv" \
  --officials "$TMP/in/officials.csv" --db "$DB" --out "$TMP/out1" --as-of 2026-11-23 --json
cp "$TMP/last.out" "$TMP/summary1.json"
for d in disclosed no_record review rejected; do
  n=$(awk -F, -v d="$d" 'NR>1 && $2==d' "$TMP/out1/decisions.csv" | wc -l)
  [ "$n" -gt 0 ] && pass "$n requests $d" || fail "no request was $d"
done
rows=$(($(wc -l < "$TMP/out1/decisions.csv") - 1))
reqs=$(python3 -c "import csv,sys; print(sum(1 for _ in csv.DictReader(open(sys.argv[1], encoding='utf-8'))))" "$TMP/in/requests.csv")
[ "$rows" = "$reqs" ] && pass "one decision per request ($rows)" || fail "$rows decisions for $reqs requests"
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$(dirname "$0")/../../config/policy.toml")
python3 - "$TMP/out1/decisions.csv" "$version" <<'PY' && pass "every decision records policy version $version" || fail "policy_version missing from decisions.csv"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
assert rows and all(r["policy_version"] == sys.argv[2] for r in rows), rows[:2]
PY
# Every decision names the ruleset it was made under, and the matched ones
# the model; the audit leaves name the same (issue 10).
python3 - "$TMP/out1/decisions.csv" "$TMP/summary1.json" "$DB" <<'PY' && pass "decisions and audit leaves name the ruleset and model digests" || fail "ruleset or model digest missing"
import csv, json, re, sqlite3, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
summary = json.load(open(sys.argv[2]))
rs, md = summary["ruleset_digest"], summary["model_digest"]
assert re.fullmatch(r"[0-9a-f]{64}", rs) and re.fullmatch(r"[0-9a-f]{64}", md)
assert all(r["ruleset_digest"] == rs for r in rows), rows[:2]
matched = [r for r in rows if r["model_digest"]]
assert matched and all(r["model_digest"] == md for r in matched)
assert all(not r["model_digest"] for r in rows if r["decision"] == "rejected")
leaves = [json.loads(e) for (e,) in sqlite3.connect(sys.argv[3]).execute(
    "SELECT entry FROM audit_leaves ORDER BY leaf_index")]
policy = [l for l in leaves if l["type"] == "policy_decision"]
match = [l for l in leaves if l["type"] == "match"]
assert len(policy) == len(rows) and all(l["ruleset"] == rs for l in policy)
assert match and all(l["ruleset"] == rs and l["model_digest"] == md for l in match)
PY
# One line per disclosure released to the agency (a batch with an open
# matching review holds its answers until it is settled: then none yet).
disclosed=$(awk -F, 'NR>1 && $2=="disclosed"' "$TMP/out1/response.csv" | wc -l)
lines=$(wc -l < "$TMP/out1/disclosures.jsonl")
[ "$disclosed" = "$lines" ] && pass "one disclosure line per disclosed answer" || fail "$lines disclosure lines for $disclosed disclosed"
python3 - "$TMP/out1/disclosures.jsonl" <<'PY' && pass "every disclosure names source and tax year of each field and its audit leaf" || fail "disclosure lines incomplete"
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(line)
    assert d["fields"], d
    for name, f in d["fields"].items():
        assert name in ("name", "address", "tin"), name
        assert f["source"] in ("return", "info_return", "irs"), f
        assert isinstance(f["tax_year"], int), f
    assert d["audit"]["decision_leaf"] < d["audit"]["tree_size"]
PY
expect_exit 0 "audit verify passes" -- "$TG" audit verify --db "$DB"
size1=$(sql "$DB" "SELECT COUNT(*) FROM audit_leaves")
# The independent RFC 6962 implementation computes the same root.
"$TG" audit verify --db "$DB" --json > "$TMP/verify.json"
python3 - "$SHARED/tools" "$DB" "$TMP/verify.json" <<'PY' && pass "rfc6962.py computes the root taxgate reports" || fail "root differs from rfc6962.py"
import json, sqlite3, sys
sys.path.insert(0, sys.argv[1])
import rfc6962
leaves = [bytes(r[0]) for r in sqlite3.connect(sys.argv[2]).execute("SELECT entry FROM audit_leaves ORDER BY leaf_index")]
want = json.load(open(sys.argv[3]))["root_hash_hex"]
assert rfc6962.root_of(leaves).hex() == want, (rfc6962.root_of(leaves).hex(), want)
PY

# Audit leaves hold no taxpayer data in clear: no request TIN, dob or surname.
python3 - "$DB" "$TMP/in/requests.csv" <<'PY' && pass "no TIN, date of birth or surname of a request in the audit log" || fail "taxpayer data found in the audit log"
import csv, sqlite3, sys
entries = "\n".join(r[0].decode() for r in sqlite3.connect(sys.argv[1]).execute("SELECT entry FROM audit_leaves"))
for row in csv.DictReader(open(sys.argv[2], encoding="utf-8")):
    for col in ("tin", "dob", "last_name"):
        v = row[col].strip()
        if len(v) >= 5 and v.upper() not in ("UNKNOWN",):
            assert v not in entries, (col, row["request_id"])
PY

# Re-running the same batch repeats nothing and gives the same outputs.
expect_exit 0 "process again" -- "$TG" process --requests "$TMP/in/requests.csv" \
  --officials "$TMP/in/officials.csv" --db "$DB" --out "$TMP/out2" --as-of 2026-11-23 --json
expect_in "$TMP/last.out" "\"decided_now\":0" "second run decides nothing"
cmp -s "$TMP/out1/decisions.csv" "$TMP/out2/decisions.csv" && pass "same decisions.csv" || fail "decisions differ on re-run"
size2=$(sql "$DB" "SELECT COUNT(*) FROM audit_leaves")
# The re-run only re-imports officials (one audited operator entry).
[ "$size2" = "$((size1 + 1))" ] && pass "re-run added only the officials import entry" || fail "audit grew from $size1 to $size2"
decided=$(sql "$DB" "SELECT COUNT(*) FROM decisions")
[ "$decided" = "$reqs" ] && pass "each request decided exactly once" || fail "$decided decisions stored"

# One byte changed in the database: verify fails and names the entry.
sql "$DB" "UPDATE audit_leaves SET entry = CAST(replace(CAST(entry AS TEXT), '\"type\"', '\"typf\"') AS BLOB) WHERE leaf_index = 42" >/dev/null
expect_exit 1 "audit verify fails after a changed byte" -- "$TG" audit verify --db "$DB"
expect_in "$TMP/last.out" "FAILED at entry 42" "verify names entry 42"
finish
