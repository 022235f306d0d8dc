# Human review: requests in review are listed with their evidence, and a
# reviewer's decision is audited (who, why), settles the request once, and
# follows the same rules as an automatic decision ((i)(6), release profile).
source "$(dirname "$0")/lib.sh" "$@"
DB=$TMP/store.db
expect_exit 0 "synth" -- "$TG" synth --people 2500 --requests 900 --seed 1 --out "$TMP/in"
expect_exit 0 "load" -- "$TG" load --records "$TMP/in/records.csv" --db "$DB"
expect_exit 0 "process" -- "$TG" process --requests "$TMP/in/requests.csv" \
  --officials "$TMP/in/officials.csv" --db "$DB" --out "$TMP/out" --as-of 2026-11-23
expect_exit 0 "review list --json" -- "$TG" review list --db "$DB" --json
cp "$TMP/last.out" "$TMP/pending.jsonl"
python3 - "$TMP/pending.jsonl" "$TMP/out/decisions.csv" "$TMP" <<'PY' && pass "every request in review is listed; matching reviews carry every candidate's per-field weights" || fail "review list wrong"
import csv, json, sys
pending = [json.loads(l) for l in open(sys.argv[1])]
review = [r for r in csv.DictReader(open(sys.argv[2])) if r["decision"] == "review"]
assert sorted(p["request_id"] for p in pending) == sorted(r["request_id"] for r in review)
matching = [p for p in pending if "AMBIGUOUS" in p["reasons"] or "LOW_CONFIDENCE" in p["reasons"]]
law = [p for p in pending if p not in matching]
assert len(matching) >= 3 and law, (len(matching), len(law))
for p in matching:
    cands = p["evidence"]["candidates"]
    assert cands and all(len(c["weights"]) == 9 for c in cands)
    assert all(abs(sum(w["weight"] for w in c["weights"]) - c["match_weight"]) < 1e-6 for c in cands)
for p in law:
    assert p["evidence"] == {}, p
open(sys.argv[3] + "/m1", "w").write(matching[0]["request_id"])
open(sys.argv[3] + "/m2", "w").write(matching[1]["request_id"])
open(sys.argv[3] + "/m3", "w").write(matching[2]["request_id"])
open(sys.argv[3] + "/m3rec", "w").write(matching[2]["evidence"]["candidates"][0]["record_id"])
open(sys.argv[3] + "/law", "w").write(law[0]["request_id"])
PY
M1=$(cat "$TMP/m1"); M2=$(cat "$TMP/m2"); M3=$(cat "$TMP/m3"); LAW=$(cat "$TMP/law")
python3 - "$TMP/out/response.csv" "$M1" "$LAW" "$TMP/pending.jsonl" <<'PY' && pass "the agency reads pending: with the rule codes for a law review, with none for a matching review" || fail "pending answers wrong"
import csv, json, sys
rows = {r["request_id"]: r for r in csv.DictReader(open(sys.argv[1]))}
law = {json.loads(l)["request_id"]: json.loads(l)["reasons"] for l in open(sys.argv[4])}
assert rows[sys.argv[2]]["answer"] == "pending" and rows[sys.argv[2]]["reasons"] == "", rows[sys.argv[2]]
assert rows[sys.argv[3]]["answer"] == "pending" and rows[sys.argv[3]]["reasons"] == law[sys.argv[3]], rows[sys.argv[3]]
assert not any(r["answer"] == "review" for r in rows.values())
PY
size0=$(sql "$DB" "SELECT COUNT(*) FROM audit_leaves")
expect_exit 0 "alice confirms a candidate" -- "$TG" review decide --requests "$TMP/in/requests.csv" \
  --request "$M1" --action disclose --reason identity_confirmed --note "matched the W-2 of 2024" \
  --reviewer alice --db "$DB" --out "$TMP/out"
python3 - "$TMP/out" "$M1" <<'PY' && pass "the reviewed request is answered like any disclosure: response.csv, disclosures.jsonl with receipt" || fail "outputs not updated"
import csv, json, sys
out, rid = sys.argv[1:3]
r = [x for x in csv.DictReader(open(out + "/response.csv")) if x["request_id"] == rid][0]
d = [x for x in csv.DictReader(open(out + "/decisions.csv")) if x["request_id"] == rid][0]
assert d["decision"] in ("disclosed", "no_record"), d
assert r["answer"] == d["decision"] and r["reasons"] == ""
if d["decision"] == "disclosed":
    lines = [json.loads(l) for l in open(out + "/disclosures.jsonl") if json.loads(l)["request_id"] == rid]
    assert len(lines) == 1 and lines[0]["audit"]["response_leaf"] == int(r["response_leaf"])
PY
python3 - "$DB" "$M1" <<'PY' && pass "a review entry names the reviewer and the reason; the note only as a keyed digest" || fail "review entry wrong"
import json, sqlite3, sys
db, rid = sys.argv[1:3]
es = [json.loads(bytes(e)) for (e,) in sqlite3.connect(db).execute("SELECT entry FROM audit_leaves")]
rv = [e for e in es if e["type"] == "review" and e["request_id"] == rid]
assert len(rv) == 1, rv
e = rv[0]
assert e["actor"] == {"kind": "reviewer", "name": "alice"} and e["action"] == "disclose"
assert e["reason"] == "identity_confirmed" and len(e["note_digest"]) == 64 and "record_digest" in e
assert not any("W-2 of 2024" in json.dumps(x) for x in es)
PY
size1=$(sql "$DB" "SELECT COUNT(*) FROM audit_leaves")
expect_exit 1 "deciding the same request again" -- "$TG" review decide --requests "$TMP/in/requests.csv" \
  --request "$M1" --action no_record --reason identity_not_confirmed --db "$DB"
expect_in "$TMP/last.err" "not waiting for review" "the second decision is refused"
[ "$(sql "$DB" "SELECT COUNT(*) FROM audit_leaves")" = "$size1" ] && pass "and logs nothing" || fail "a refused review logged entries"
expect_exit 1 "disclosing when a rule of law is open" -- "$TG" review decide --requests "$TMP/in/requests.csv" \
  --request "$LAW" --action disclose --reason identity_confirmed --db "$DB"
expect_in "$TMP/last.err" "can only be rejected" "a review for a rule of law cannot end in a disclosure"
expect_exit 0 "rejecting it" -- "$TG" review decide --requests "$TMP/in/requests.csv" \
  --request "$LAW" --action reject --reason request_unlawful --reviewer bob --db "$DB"
expect_exit 1 "a record that was not a candidate" -- "$TG" review decide --requests "$TMP/in/requests.csv" \
  --request "$M2" --action disclose --record NOT-A-CANDIDATE --reason identity_confirmed --db "$DB"
expect_exit 0 "no_record" -- "$TG" review decide --requests "$TMP/in/requests.csv" \
  --request "$M2" --action no_record --reason identity_not_confirmed --db "$DB" --out "$TMP/out"
expect_in "$TMP/out/response.csv" "$M2,no_record,," "no_record says nothing else"
# (i)(6) is checked after a review as after a match.
TIN=$(python3 -c "
import csv,sys
rec={r['record_id']:r for r in csv.DictReader(open(sys.argv[1]))}
print(rec[sys.argv[2]]['tin'])" "$TMP/in/records.csv" "$(cat "$TMP/m3rec")")
if [ -n "$TIN" ]; then
  expect_exit 0 "withhold the candidate's taxpayer" -- "$TG" withhold set --tin "$TIN" --db "$DB"
  expect_exit 0 "confirm the withheld candidate" -- "$TG" review decide --requests "$TMP/in/requests.csv" \
    --request "$M3" --action disclose --record "$(cat "$TMP/m3rec")" --reason identity_confirmed --db "$DB" --out "$TMP/out"
  python3 - "$TMP/out/decisions.csv" "$M3" <<'PY' && pass "the internal decision is rejected and carries WITHHELD_I6" || fail "withheld taxpayer not refused"
import csv, sys
d = [r for r in csv.DictReader(open(sys.argv[1])) if r["request_id"] == sys.argv[2]][0]
assert d["decision"] == "rejected" and "WITHHELD_I6" in d["reasons"].split(";"), d
PY
  expect_in "$TMP/out/response.csv" "$M3,no_record,," "the agency is told only no_record"
else
  pass "(the candidate has no TIN; the (i)(6) case is covered by holds_and_withholding.sh)"
fi
expect_exit 0 "audit verify" -- "$TG" audit verify --db "$DB"

# A second store: what is checked again before a reviewed release.
DB2=$TMP/store2.db
expect_exit 0 "synth (second store)" -- "$TG" synth --people 3000 --requests 1200 --seed 2 --out "$TMP/in2"
expect_exit 0 "load (second store)" -- "$TG" load --records "$TMP/in2/records.csv" --db "$DB2"
expect_exit 0 "process (second store)" -- "$TG" process --requests "$TMP/in2/requests.csv" \
  --officials "$TMP/in2/officials.csv" --db "$DB2" --out "$TMP/out2" --as-of 2026-11-23
"$TG" review list --db "$DB2" --json > "$TMP/pending2.jsonl"
python3 - "$TMP/pending2.jsonl" "$TMP" <<'PY'
import json, sys
m = [json.loads(l) for l in open(sys.argv[1])]
m = [p for p in m if "AMBIGUOUS" in p["reasons"] or "LOW_CONFIDENCE" in p["reasons"]]
assert len(m) >= 3, len(m)
for i in range(3):
    open(f"{sys.argv[2]}/n{i}", "w").write(m[i]["request_id"] + " " + m[i]["agency"] + "\n")
PY
read -r N0 A0 < "$TMP/n0"; read -r N1 A1 < "$TMP/n1"; read -r N2 A2 < "$TMP/n2"
# Decided under the shipped policy: a conservative copy is another policy.
mkdir -p "$TMP/policy"
cp "$(dirname "$0")/../../config/statutes.csv" "$TMP/policy/"
sed 's/^profile = "dc-circuit-2026"$/profile = "conservative"/' \
  "$(dirname "$0")/../../config/policy.toml" > "$TMP/policy/policy.toml"
expect_exit 1 "a review under another policy file" -- "$TG" review decide --requests "$TMP/in2/requests.csv" \
  --request "$N0" --action disclose --reason identity_confirmed --db "$DB2" --policy "$TMP/policy/policy.toml"
expect_in "$TMP/last.err" "was decided under policy" "the release profile cannot change at review"
# A court order since processing: the reviewed release is refused.
expect_exit 0 "hold set on the agency" -- "$TG" hold set "$A1" --note "order of the court" --db "$DB2"
expect_exit 0 "confirm a candidate under the hold" -- "$TG" review decide --requests "$TMP/in2/requests.csv" \
  --request "$N1" --action disclose --reason identity_confirmed --db "$DB2" --out "$TMP/out2"
python3 - "$TMP/out2" "$N1" <<'PY' && pass "a hold set after processing stops the reviewed release (LEGAL_HOLD)" || fail "released under a hold"
import csv, sys
out, rid = sys.argv[1:3]
d = [r for r in csv.DictReader(open(out + "/decisions.csv")) if r["request_id"] == rid][0]
r = [x for x in csv.DictReader(open(out + "/response.csv")) if x["request_id"] == rid][0]
assert d["decision"] == "rejected" and "LEGAL_HOLD" in d["reasons"].split(";"), d
assert r["answer"] == "rejected" and r["reasons"] == "LEGAL_HOLD", r
assert not any(l for l in open(out + "/disclosures.jsonl") if rid in l)
PY
expect_exit 0 "hold lift" -- "$TG" hold lift "$A1" --db "$DB2"
expect_exit 0 "no_record" -- "$TG" review decide --requests "$TMP/in2/requests.csv" \
  --request "$N2" --action no_record --reason identity_not_confirmed --db "$DB2" --out "$TMP/out2"
expect_in "$TMP/out2/response.csv" "$N2,no_record,," "no_record says nothing else"
expect_exit 0 "reject a matching review" -- "$TG" review decide --requests "$TMP/in2/requests.csv" \
  --request "$N0" --action reject --reason request_unlawful --db "$DB2" --out "$TMP/out2"
expect_in "$TMP/out2/response.csv" "$N0,no_record,," "a refused matching review reads no_record to the agency"
expect_exit 0 "audit verify (second store)" -- "$TG" audit verify --db "$DB2"
today=$(date -u +%F)
expect_exit 0 "accounting" -- "$TG" report accounting --from 2000-01-01 --to "$today" --db "$DB"
d1=$(awk -F, -v id="$M1" '$1==id {print $2}' "$TMP/out/decisions.csv")
if [ "$d1" = disclosed ]; then
  expect_in "$TMP/last.out" ",$M1," "the reviewed disclosure is in the accounting"
fi
finish
