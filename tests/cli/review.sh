# Human review and what the agency is told (LAW.md, "What the agency is
# told"): requests in review are listed with their evidence; a reviewer's
# decision is audited (who, why), settles the request once, and follows the
# same rules as an automatic decision ((i)(6), release profile); the
# eligible requests of a batch are answered together once every one is
# settled, and a matching review still open at the deadline is answered
# no_record.
source "$(dirname "$0")/lib.sh" "$@"
DB=$TMP/store.db
expect_exit 0 "synth" -- "$TG" synth --people 2500 --requests 900 --seed 1 --out "$TMP/in"
expect_exit 0 "load" -- "$TG" load --records "$TMP/in/records.csv" --db "$DB"
expect_exit 0 "process" -- "$TG" process --requests "$TMP/in/requests.csv" \
  --officials "$TMP/in/officials.csv" --db "$DB" --out "$TMP/out" --as-of 2026-11-23
expect_in "$TMP/last.out" "answers wait for" "process says the eligible answers are held"
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
c1 = matching[0]["evidence"]["candidates"]
open(sys.argv[3] + "/m1other", "w").write(c1[1]["record_id"] if len(c1) > 1 else "")
open(sys.argv[3] + "/m2", "w").write(matching[1]["request_id"])
open(sys.argv[3] + "/m3", "w").write(matching[2]["request_id"])
open(sys.argv[3] + "/m3rec", "w").write(matching[2]["evidence"]["candidates"][0]["record_id"])
open(sys.argv[3] + "/law", "w").write(law[0]["request_id"])
PY
M1=$(cat "$TMP/m1"); M2=$(cat "$TMP/m2"); M3=$(cat "$TMP/m3"); LAW=$(cat "$TMP/law")

# held: every eligible request reads pending with no codes while a matching
# review of the batch is open; refusals and law reviews are answered.
held() {  # held OUT_DIR   (rows by position: two agencies may share an id)
  python3 - "$1" "$TMP/pending.jsonl" "$DB" <<'PY'
import csv, json, sqlite3, sys
out = sys.argv[1]
rows = list(csv.DictReader(open(out + "/response.csv")))
dec = sqlite3.connect(sys.argv[3]).execute(
    "SELECT position, decision, match_decision FROM decisions ORDER BY position").fetchall()
assert len(dec) == len(rows)
law = {}
for l in open(sys.argv[2]):
    p = json.loads(l)
    if "AMBIGUOUS" not in p["reasons"] and "LOW_CONFIDENCE" not in p["reasons"]:
        law[p["position"]] = p["reasons"]
for (pos, decision, match), r in zip(dec, rows):
    if match:  # eligible: it went through matching
        assert r["answer"] == "pending" and r["reasons"] == "" and r["response_leaf"] == "", r
    elif pos in law and decision == "review":
        assert r["answer"] == "pending" and r["reasons"] == law[pos], r
    else:
        assert r["answer"] in ("rejected", "no_record") and r["response_leaf"], r
assert open(out + "/disclosures.jsonl").read() == ""
PY
}
held "$TMP/out" && pass "held: every eligible answer pending without codes, no disclosure out; law reviews pending with their codes" \
  || fail "answers released before the batch is settled"

# Under the two-person rule (policy release.two_person_disclosure, on as
# shipped) a disclosure is proposed by one reviewer and confirmed by another.
# two_person DESCRIPTION ARGS...: carol proposes, alice confirms.
two_person() {
  local what=$1; shift
  expect_exit 0 "$what: carol proposes" -- "$TG" review decide "$@" --reviewer carol
  expect_in "$TMP/last.out" "proposed by carol" "$what: the first disclose is only a proposal"
  expect_exit 0 "$what: alice confirms" -- "$TG" review decide "$@" --reviewer alice
}
size0=$(sql "$DB" "SELECT COUNT(*) FROM audit_leaves")
expect_exit 0 "carol proposes a candidate" -- "$TG" review decide --requests "$TMP/in/requests.csv" \
  --request "$M1" --action disclose --reason identity_confirmed --note "matched the W-2 of 2024" \
  --reviewer carol --db "$DB" --out "$TMP/out"
expect_in "$TMP/last.out" "proposed by carol" "a reviewer's disclosure is a proposal"
expect_exit 1 "carol confirms her own proposal" -- "$TG" review decide --requests "$TMP/in/requests.csv" \
  --request "$M1" --action disclose --reason identity_confirmed --reviewer carol --db "$DB"
expect_in "$TMP/last.err" "cannot also confirm" "the proposer cannot confirm (two-person rule)"
if [ -s "$TMP/m1other" ]; then
  expect_exit 1 "alice confirms another candidate than the one proposed" -- "$TG" review decide \
    --requests "$TMP/in/requests.csv" --request "$M1" --action disclose --record "$(cat "$TMP/m1other")" \
    --reason identity_confirmed --reviewer alice --db "$DB"
  expect_in "$TMP/last.err" "proposed another candidate" "a confirmation is of the candidate proposed"
fi
expect_exit 0 "alice confirms a candidate" -- "$TG" review decide --requests "$TMP/in/requests.csv" \
  --request "$M1" --action disclose --reason identity_confirmed --note "matched the W-2 of 2024" \
  --reviewer alice --db "$DB" --out "$TMP/out"
expect_in "$TMP/last.out" "answers still held" "the batch is not settled yet"
held "$TMP/out" && pass "still held after one review" || fail "released after one review of several"
python3 - "$DB" "$M1" <<'PY' && pass "a review entry names the reviewer and the reason; the note only as a keyed digest" || fail "review entry wrong"
import json, sqlite3, sys
db, rid = sys.argv[1:3]
es = [json.loads(bytes(e)) for (e,) in sqlite3.connect(db).execute("SELECT entry FROM audit_leaves")]
rv = [e for e in es if e["type"] == "review" and e["request_id"] == rid]
assert len(rv) == 2, rv
p, e = rv
assert p["actor"] == {"kind": "reviewer", "name": "carol"} and p["action"] == "propose_disclose", p
assert e["actor"] == {"kind": "reviewer", "name": "alice"} and e["action"] == "disclose"
assert e["proposed_by"] == "carol" and p["record_digest"] == e["record_digest"], e
assert e["reason"] == "identity_confirmed" and len(e["note_digest"]) == 64 and "record_digest" in e
assert not any("W-2 of 2024" in json.dumps(x) for x in es)
assert not any(e["type"] in ("disclosure", "response") and e.get("request_id") == rid for e in es)
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
  --request "$LAW" --action reject --reason request_unlawful --reviewer bob --db "$DB" --out "$TMP/out"
python3 - "$TMP/out/response.csv" "$LAW" <<'PY' && pass "a law review is answered as soon as it is decided" || fail "law review answer wrong"
import csv, sys
r = [x for x in csv.DictReader(open(sys.argv[1])) if x["request_id"] == sys.argv[2]][0]
assert r["answer"] == "rejected" and r["response_leaf"], r
PY
expect_exit 1 "a record that was not a candidate" -- "$TG" review decide --requests "$TMP/in/requests.csv" \
  --request "$M2" --action disclose --record NOT-A-CANDIDATE --reason identity_confirmed --db "$DB"
# (i)(6) is checked after a review as after a match.
TIN=$(python3 -c "
import csv,sys
rec={r['record_id']:r for r in csv.DictReader(open(sys.argv[1]))}
print(rec[sys.argv[2]]['tin'])" "$TMP/in/records.csv" "$(cat "$TMP/m3rec")")
if [ -n "$TIN" ]; then
  expect_exit 0 "withhold the candidate's taxpayer" -- "$TG" withhold set --tin "$TIN" --db "$DB"
  two_person "confirm the withheld candidate" --requests "$TMP/in/requests.csv" \
    --request "$M3" --action disclose --record "$(cat "$TMP/m3rec")" --reason identity_confirmed --db "$DB" --out "$TMP/out"
  python3 - "$TMP/out/decisions.csv" "$M3" <<'PY' && pass "the internal decision is rejected and carries WITHHELD_I6" || fail "withheld taxpayer not refused"
import csv, sys
d = [r for r in csv.DictReader(open(sys.argv[1])) if r["request_id"] == sys.argv[2]][0]
assert d["decision"] == "rejected" and "WITHHELD_I6" in d["reasons"].split(";"), d
PY
else
  pass "(the candidate has no TIN; the (i)(6) case is covered by holds_and_withholding.sh)"
fi
held "$TMP/out" && pass "still held while a matching review is open" || fail "released too early"

# M2, then every other open matching review (--all-matching), no_record:
# the last one settled releases the batch.
expect_exit 0 "no_record" -- "$TG" review decide --requests "$TMP/in/requests.csv" \
  --request "$M2" --action no_record --reason identity_not_confirmed --db "$DB" --out "$TMP/out"
expect_exit 0 "settle the rest (--all-matching)" -- "$TG" review decide --requests "$TMP/in/requests.csv" \
  --all-matching --action no_record --reason identity_not_confirmed --reviewer carol --db "$DB" --out "$TMP/out"
grep -q "the batch is settled" "$TMP/last.out" "$TMP/last.err" || \
  [ "$(sql "$DB" "SELECT COUNT(*) FROM decisions WHERE leaf_index = -1")" = 0 ] \
  && pass "settling the last matching review releases the batch" || fail "the batch was not released"
python3 - "$TMP/out" "$M1" "$M2" "$M3" "$DB" <<'PY' && pass "released together: every eligible answer out with its receipt; M1 as decided, M2 and M3 no_record" || fail "release wrong"
import csv, json, sqlite3, sys
out, m1, m2, m3, db = sys.argv[1:6]
con = sqlite3.connect(db)
dec = con.execute("SELECT position, request_id, decision, match_decision FROM decisions ORDER BY position").fetchall()
rows = list(csv.DictReader(open(out + "/response.csv")))
assert len(dec) == len(rows)
by_id = {}
eligible_leaves = []
for (pos, rid, decision, match), r in zip(dec, rows):
    if match:
        assert r["answer"] in ("disclosed", "no_record", "rejected") and r["response_leaf"], r
        eligible_leaves.append(int(r["response_leaf"]))
        by_id[rid] = (decision, r)
    elif r["answer"] == "pending":  # only law reviews nobody has decided
        assert decision == "review" and r["reasons"], r
assert by_id[m1][1]["answer"] == by_id[m1][0] and by_id[m1][1]["reasons"] == ""
assert by_id[m2][1]["answer"] == "no_record" and by_id[m2][1]["reasons"] == ""
assert by_id[m3][1]["answer"] == "no_record" and by_id[m3][1]["reasons"] == ""
lines = [json.loads(l) for l in open(out + "/disclosures.jsonl")]
disclosed = [r for r in rows if r["answer"] == "disclosed"]
assert len(lines) == len(disclosed)
assert sorted(l["audit"]["response_leaf"] for l in lines) == sorted(int(r["response_leaf"]) for r in disclosed)
for l in lines:
    assert l["audit"]["disclosure_leaf"] == l["audit"]["response_leaf"] - 1
# Every eligible answer was written after the last review: together.
es = [json.loads(bytes(e)) for (e,) in con.execute("SELECT entry FROM audit_leaves ORDER BY leaf_index")]
last_review = max(i for i, e in enumerate(es) if e["type"] == "review")
assert eligible_leaves and min(eligible_leaves) > last_review
PY
expect_exit 0 "audit verify" -- "$TG" audit verify --db "$DB"

# A second store: what is checked again before a release, and the deadline.
DB2=$TMP/store2.db
expect_exit 0 "synth (second store)" -- "$TG" synth --people 3000 --requests 1200 --seed 7 --out "$TMP/in2"
expect_exit 0 "load (second store)" -- "$TG" load --records "$TMP/in2/records.csv" --db "$DB2"
expect_exit 0 "process (second store)" -- "$TG" process --requests "$TMP/in2/requests.csv" \
  --officials "$TMP/in2/officials.csv" --db "$DB2" --out "$TMP/out2" --as-of 2026-11-23
"$TG" review list --db "$DB2" --json > "$TMP/pending2.jsonl"
python3 - "$TMP/pending2.jsonl" "$TMP" <<'PY'
import json, sys
m = [json.loads(l) for l in open(sys.argv[1])]
m = [p for p in m if "AMBIGUOUS" in p["reasons"] or "LOW_CONFIDENCE" in p["reasons"]]
assert len(m) >= 4, len(m)
for i in range(4):
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
two_person "confirm a candidate under the hold" --requests "$TMP/in2/requests.csv" \
  --request "$N1" --action disclose --reason identity_confirmed --db "$DB2" --out "$TMP/out2"
python3 - "$TMP/out2" "$N1" <<'PY' && pass "a hold set after processing stops the reviewed release (LEGAL_HOLD)" || fail "released under a hold"
import csv, sys
out, rid = sys.argv[1:3]
d = [r for r in csv.DictReader(open(out + "/decisions.csv")) if r["request_id"] == rid][0]
assert d["decision"] == "rejected" and "LEGAL_HOLD" in d["reasons"].split(";"), d
PY
expect_exit 0 "no_record" -- "$TG" review decide --requests "$TMP/in2/requests.csv" \
  --request "$N2" --action no_record --reason identity_not_confirmed --db "$DB2" --out "$TMP/out2"
expect_exit 0 "reject a matching review" -- "$TG" review decide --requests "$TMP/in2/requests.csv" \
  --request "$N0" --action reject --reason request_unlawful --db "$DB2" --out "$TMP/out2"
# Before the deadline, `release` changes nothing.
size=$(sql "$DB2" "SELECT COUNT(*) FROM audit_leaves")
expect_exit 0 "release before the deadline" -- "$TG" release --requests "$TMP/in2/requests.csv" \
  --db "$DB2" --out "$TMP/out2" --json
expect_in "$TMP/last.out" '"released_now":0' "nothing is released while reviews are open"
# Seven days after the batch, the open reviews are answered no_record and
# every answer goes out; the hold on A1 stops every held answer of A1 alike,
# matched or not (were only its disclosures stopped, a LEGAL_HOLD answer
# would tell that the person had matched).
age_batches "$DB2" 8
expect_exit 0 "release after the deadline" -- "$TG" release --requests "$TMP/in2/requests.csv" \
  --db "$DB2" --out "$TMP/out2" --json
python3 - "$TMP/last.out" "$TMP/out2" "$N0" "$N1" "$N2" "$A1" "$DB2" <<'PY' && pass "the deadline answers open reviews no_record and releases the batch; a hold set since refuses every held answer of the agency alike, matched or not" || fail "deadline release wrong"
import csv, json, sqlite3, sys
summary = json.loads(open(sys.argv[1]).read())
out, n0, n1, n2, a1, db = sys.argv[2:8]
assert summary["expired_reviews"] >= 1 and summary["open_matching_reviews"] == 0, summary
dec = sqlite3.connect(db).execute(
    "SELECT request_id, agency, decision, reasons, match_decision FROM decisions ORDER BY position").fetchall()
rows = list(csv.DictReader(open(out + "/response.csv")))
assert len(rows) == len(dec)
answer = {}
expired = stopped = 0
for (rid, agency, decision, reasons, match), r in zip(dec, rows):
    if r["answer"] == "pending":  # only law reviews nobody decided
        assert decision == "review" and not match and r["reasons"] and r["response_leaf"], r
    if match:
        answer[rid] = r
        assert r["answer"] != "pending" and r["response_leaf"], r
        codes = reasons.split(";")
        if agency.lower() == a1.lower():
            # Every answer of the held agency alike, whatever its match.
            stopped += 1
            assert "LEGAL_HOLD" in codes, (rid, reasons)
            assert r["answer"] == "rejected" and r["reasons"] == "LEGAL_HOLD", r
        elif "REVIEW_EXPIRED" in codes:
            assert r["answer"] == "no_record" and r["reasons"] == "", r
        if "REVIEW_EXPIRED" in codes:
            expired += 1
assert expired == summary["expired_reviews"]
agency_of = {rid: agency for (rid, agency, d, reasons, match) in dec}
assert answer[n1]["answer"] == "rejected" and answer[n1]["reasons"] == "LEGAL_HOLD"
for rid in (n0, n2):  # refused by the reviewer, or not confirmed: no_record
    want = ("rejected", "LEGAL_HOLD") if agency_of[rid].lower() == a1.lower() else ("no_record", "")
    assert (answer[rid]["answer"], answer[rid]["reasons"]) == want, (answer[rid], want)
kinds = {(r["answer"], r["reasons"]) for (rid, agency, d, reasons, match), r in zip(dec, rows)
         if match and agency.lower() == a1.lower()}
assert kinds == {("rejected", "LEGAL_HOLD")}, kinds
assert stopped >= 2, "the held agency had too few eligible requests to show it"
PY
expect_exit 0 "release again changes nothing" -- "$TG" release --requests "$TMP/in2/requests.csv" \
  --db "$DB2" --out "$TMP/out2" --json
expect_in "$TMP/last.out" '"released_now":0' "an answer is released once"
expect_exit 0 "audit verify (second store)" -- "$TG" audit verify --db "$DB2"
today=$(date -u +%F)
expect_exit 0 "accounting" -- "$TG" report accounting --from 2000-01-01 --to "$today" --db "$DB"
d1=$(awk -F, -v id="$M1" '$1==id {print $2}' "$TMP/out/decisions.csv")
if [ "$d1" = disclosed ]; then
  expect_in "$TMP/last.out" ",$M1," "the reviewed disclosure is in the accounting"
fi

# A batch processed with --model is decided under a ruleset that names the
# model file: a reviewer's disclosure needs the same files, and is told so.
expect_exit 0 "train" -- "$TG" train --records "$TMP/in/records.csv" \
  --requests "$TMP/in/requests.csv" --out "$TMP/model.json"
DB3=$TMP/store3.db
expect_exit 0 "load (third store)" -- "$TG" load --records "$TMP/in/records.csv" --db "$DB3"
expect_exit 0 "process --model" -- "$TG" process --requests "$TMP/in/requests.csv" \
  --officials "$TMP/in/officials.csv" --db "$DB3" --out "$TMP/out3" --as-of 2026-11-23 \
  --model "$TMP/model.json"
M3B=$(python3 - "$TMP/out3/decisions.csv" <<'PY'
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1])) if r["decision"] == "review"
        and ("AMBIGUOUS" in r["reasons"] or "LOW_CONFIDENCE" in r["reasons"])]
print(rows[0]["request_id"])
PY
)
expect_exit 1 "disclose without the model the batch was processed with" -- "$TG" review decide \
  --db "$DB3" --requests "$TMP/in/requests.csv" --request "$M3B" --action disclose \
  --reason identity_confirmed
expect_in "$TMP/last.err" "--model" "the refusal says to pass the model file"
two_person "disclose with it" --db "$DB3" \
  --requests "$TMP/in/requests.csv" --request "$M3B" --action disclose \
  --reason identity_confirmed --model "$TMP/model.json"
expect_exit 1 "re-running the batch under other rules is refused" -- "$TG" process \
  --requests "$TMP/in/requests.csv" --db "$DB3" --out "$TMP/out3b" --as-of 2026-11-23
expect_in "$TMP/last.err" "decided under ruleset" "the refusal names the ruleset the batch was decided under"
finish
