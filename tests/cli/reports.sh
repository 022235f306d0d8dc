# The accounting the law requires reconciles exactly with the audit log:
# report accounting and report jct are recomputed here from the raw leaves
# (sqlite + json, independently of taxgate) and from the agency's files.
# Also: a release profile added to the policy file, end to end on records
# with mixed sources.
source "$(dirname "$0")/lib.sh" "$@"
DB=$TMP/store.db
expect_exit 0 "synth" -- "$TG" synth --people 2500 --requests 500 --seed 31 --out "$TMP/in"
expect_exit 0 "load" -- "$TG" load --records "$TMP/in/records.csv" --db "$DB"
python3 - "$TMP/in/requests.csv" "$TMP" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
half = len(rows) // 2
for name, part in (("a", rows[:half]), ("b", rows[half:])):
    with open(f"{sys.argv[2]}/batch_{name}.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys())); w.writeheader(); w.writerows(part)
PY
expect_exit 0 "process batch a" -- "$TG" process --requests "$TMP/batch_a.csv" \
  --officials "$TMP/in/officials.csv" --db "$DB" --out "$TMP/out_a" --as-of 2026-11-23
# The operator settles the batch's matching reviews, which releases its
# answers (LAW.md: together, once every eligible request is settled).
settle() {  # settle BATCH OUT [POLICY ARGS]
  local batch=$1 out=$2; shift 2
  expect_exit 0 "settle $(basename "$batch")" -- "$TG" review decide --requests "$batch" \
    --all-matching --action no_record --reason identity_not_confirmed --db "$DB" --out "$out" "$@"
}
settle "$TMP/batch_a.csv" "$TMP/out_a"
# Batch b under a profile the operator adds to the policy file (the sources
# of the shipped conservative one, under a name of its own): addresses the
# taxpayer filed on a return are withheld, the others go out. A profile is
# what the policy file says, not a name the code knows.
mkdir -p "$TMP/policy"
cp "$(dirname "$0")/../../config/statutes.csv" "$TMP/policy/"
sed 's/^profile = "dc-circuit-2026"$/profile = "third-party-only"/' \
  "$(dirname "$0")/../../config/policy.toml" > "$TMP/policy/policy.toml"
printf '\n[release.profiles.third-party-only]\nsources = ["info_return", "irs"]\ndescription = "added by the operator"\n' \
  >> "$TMP/policy/policy.toml"
grep -q '^profile = "third-party-only"' "$TMP/policy/policy.toml" && pass "a copy of the policy with a profile of its own" || fail "sed did not switch the profile"
expect_exit 0 "process batch b (third-party-only)" -- "$TG" process --requests "$TMP/batch_b.csv" \
  --db "$DB" --out "$TMP/out_b" --as-of 2026-11-23 --policy "$TMP/policy/policy.toml"
settle "$TMP/batch_b.csv" "$TMP/out_b" --policy "$TMP/policy/policy.toml"
python3 - "$TMP/out_a/disclosures.jsonl" "$TMP/out_b/disclosures.jsonl" <<'PY' && pass "dc-circuit-2026 releases return addresses; the added profile releases, never a return field" || fail "profiles not applied"
import json, sys
a = [json.loads(l) for l in open(sys.argv[1])]
b = [json.loads(l) for l in open(sys.argv[2])]
assert a and b
assert any(d["fields"]["address"]["source"] == "return" for d in a if "address" in d["fields"])
assert all(f["source"] != "return" for d in b for f in d["fields"].values()), "the added profile released a return field"
PY

today=$(date -u +%F)
expect_exit 0 "report accounting --json" -- "$TG" report accounting --from 2000-01-01 --to "$today" --db "$DB" --json
cp "$TMP/last.out" "$TMP/accounting.jsonl"
expect_exit 0 "report accounting (CSV)" -- "$TG" report accounting --from 2000-01-01 --to "$today" --db "$DB" --out "$TMP/accounting.csv"
expect_exit 0 "report jct --json" -- "$TG" report jct --year "${today:0:4}" --db "$DB" --json
cp "$TMP/last.out" "$TMP/jct.json"
python3 - "$DB" "$TMP" <<'PY' && pass "accounting and JCT counts agree exactly with the raw audit log and the agency's files" || fail "reports do not reconcile"
import csv, json, sqlite3, sys
from collections import defaultdict
db, t = sys.argv[1:3]
entries = [(i, json.loads(bytes(e))) for i, e in
           sqlite3.connect(db).execute("SELECT leaf_index, entry FROM audit_leaves ORDER BY leaf_index")]
req = {}
for i, e in entries:
    if e["type"] == "request":
        req[(e["batch"], e["position"])] = e
want = []
for i, e in entries:
    if e["type"] != "disclosure":
        continue
    q = req[(e["batch"], e["position"])]
    want.append({"request_id": q["request_id"], "agency": q["actor"]["agency"],
                 "official_id": q["actor"]["official_id"], "signed_by": q["actor"]["signed_by"],
                 "statute": q["statute"], "purpose": q["purpose"], "case_number": q["case_number"],
                 "fields": e["fields"], "disclosure_leaf": i, "date": e["time"][:10]})
got = [json.loads(l) for l in open(t + "/accounting.jsonl")]
keys = list(want[0].keys())
assert [{k: g[k] for k in keys} for g in got] == want, "accounting rows differ from the log"
# ...and with what the agency received.
sent = [json.loads(l)["request_id"] for b in ("a", "b") for l in open(f"{t}/out_{b}/disclosures.jsonl")]
assert sorted(sent) == sorted(g["request_id"] for g in got), "accounting differs from disclosures.jsonl"
csv_rows = list(csv.DictReader(open(t + "/accounting.csv", encoding="utf-8")))
assert [r["request_id"] for r in csv_rows] == [g["request_id"] for g in got]
# Names of fields, never values: no released street or name is in the report.
values = {f["value"].get("street", "") for b in ("a", "b") for l in open(f"{t}/out_{b}/disclosures.jsonl")
          for f in json.loads(l)["fields"].values()} - {""}
text = open(t + "/accounting.csv", encoding="utf-8").read()
assert not any(v in text for v in values), "a released value is in the accounting"
# JCT: per agency, requests, disclosures and distinct taxpayers.
jct = json.load(open(t + "/jct.json"))
year = str(jct["year"])
counts = defaultdict(lambda: {"requests": 0, "disclosures": 0, "taxpayers": set()})
for i, e in entries:
    if e["time"][:4] != year:
        continue
    if e["type"] == "request":
        counts[e["actor"].get("agency", "")]["requests"] += 1
    elif e["type"] == "disclosure":
        a = req[(e["batch"], e["position"])]["actor"].get("agency", "")
        counts[a]["disclosures"] += 1
        counts[a]["taxpayers"].add(e["taxpayer_digest"])
for a, c in counts.items():
    g = jct["by_agency"][a]
    assert (g["requests"], g["disclosures"], g["taxpayers"]) == (c["requests"], c["disclosures"], len(c["taxpayers"])), (a, g, c)
assert jct["total"]["disclosures"] == len(want) == len(sent)
decided = sum(jct["decisions"].values())
assert decided == jct["total"]["requests"], (jct["decisions"], jct["total"])
PY
# The HTML reports: report.html beside a batch's outputs, and report html
# over a period and for the year (counts only), charts drawn as SVG.
expect_exit 0 "process again with the truth files" -- "$TG" process --requests "$TMP/batch_a.csv" \
  --db "$DB" --out "$TMP/out_a2" --as-of 2026-11-23 \
  --truth "$TMP/in/truth.csv" --records-truth "$TMP/in/records_truth.csv" --json
cp "$TMP/last.out" "$TMP/process_a2.json"
expect_exit 0 "eval the same matches" -- "$TG" eval --matches "$TMP/out_a2/matches.csv" \
  --truth "$TMP/in/truth.csv" --records-truth "$TMP/in/records_truth.csv" --json
cp "$TMP/last.out" "$TMP/eval_a2.json"
expect_exit 2 "--truth without --records-truth" -- "$TG" process --requests "$TMP/batch_a.csv" \
  --db "$DB" --out "$TMP/out_a3" --truth "$TMP/in/truth.csv"
expect_exit 0 "report html for the period" -- "$TG" report html --from 2026-01-01 --to "$today" \
  --out "$TMP/period.html" --db "$DB"
expect_exit 0 "report html for the year" -- "$TG" report html --year "${today:0:4}" \
  --out "$TMP/annual.html" --db "$DB"
expect_exit 2 "--year with --from" -- "$TG" report html --year 2026 --from 2026-01-01 --out "$TMP/x.html" --db "$DB"
expect_exit 1 "a bad date" -- "$TG" report html --from 2026-02-30 --to 2026-03-01 --out "$TMP/x.html" --db "$DB"
python3 - "$TMP" <<'PY' && pass "report.html and report html: outcomes, codes, histogram, estimate, PR curve; the annual report names no one" || fail "HTML reports"
import csv, json, re, sys
t = sys.argv[1]
page = open(t + "/out_a2/report.html", encoding="utf-8").read()
assert "://" not in page and "<script" not in page, "the report must open offline"
assert page.count("<svg") >= 5, page.count("<svg")
rows = list(csv.DictReader(open(t + "/out_a2/decisions.csv")))
for d in ("disclosed", "no_record", "rejected"):
    n = sum(1 for r in rows if r["decision"] == d)
    if n:
        assert f"{d}: {n} requests" in page, (d, n)
ev = json.load(open(t + "/eval_a2.json"))
assert "Precision-recall" in page and f"{ev['precision']:.4f}" in page, ev["precision"]
pj = json.load(open(t + "/process_a2.json"))
est = pj["estimated_errors"]
matches = list(csv.DictReader(open(t + "/out_a2/matches.csv")))
want = sum(1 - float(m["match_probability"]) for m in matches if m["decision"] == "match" and m["match_probability"])
assert abs(est["expected_false_matches"] - want) < 1e-6, (est, want)
assert any(o.endswith("report.html") for o in pj["outputs"])
annual = open(t + "/annual.html", encoding="utf-8").read()
jct = json.load(open(t + "/jct.json"))
assert f"<th scope=\"row\">requests</th><td>{jct['total']['requests']}</td>" in annual
req_ids = {r["request_id"] for r in rows}
officials = {r["official_id"] for r in csv.DictReader(open(t + "/in/requests.csv"))}
assert not any(x in annual for x in req_ids | officials if x), "the public report names a request or official"
period = open(t + "/period.html", encoding="utf-8").read()
assert "Disclosures by agency" in period and period.count("<svg") >= 5
PY
expect_exit 1 "a bad date is refused" -- "$TG" report accounting --from 2026-13-01 --to "$today" --db "$DB"
expect_in "$TMP/last.err" "want YYYY-MM-DD" "the error says what is wanted"
finish
