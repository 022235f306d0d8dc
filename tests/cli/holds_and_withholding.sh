# Legal holds (per agency) and (i)(6) withholding flags (per taxpayer): set
# and lifted from the CLI, audited, enforced by `process`; none ships set.
source "$(dirname "$0")/lib.sh" "$@"
DB=$TMP/store.db
expect_exit 0 "synth" -- "$TG" synth --people 2000 --requests 300 --seed 5 --out "$TMP/in"
expect_exit 0 "load" -- "$TG" load --records "$TMP/in/records.csv" --db "$DB"
expect_exit 0 "process" -- "$TG" process --requests "$TMP/in/requests.csv" \
  --officials "$TMP/in/officials.csv" --db "$DB" --out "$TMP/out1" --as-of 2026-11-23
expect_exit 0 "no hold ships set" -- "$TG" hold list --db "$DB"
[ ! -s "$TMP/last.out" ] && pass "hold list is empty" || fail "holds present: $(cat "$TMP/last.out")"

# Make a new batch that repeats one disclosed request under a new id and
# matter, and note the TIN of the taxpayer it disclosed.
python3 - "$TMP" <<'PY'
import csv, sys
t = sys.argv[1]
dec = {r["request_id"]: r for r in csv.DictReader(open(f"{t}/out1/decisions.csv"))}
recs = {r["record_id"]: r for r in csv.DictReader(open(f"{t}/in/records.csv", encoding="utf-8"))}
rows = list(csv.DictReader(open(f"{t}/in/requests.csv", encoding="utf-8")))
for r in rows:
    d = dec.get(r["request_id"])
    if d and d["decision"] == "disclosed" and len(recs[d["record_id"]]["tin"].replace("-", "")) == 9:
        break
else:
    sys.exit("no disclosed request with a TIN")
open(f"{t}/tin", "w").write(recs[d["record_id"]]["tin"])
for n in (2, 3, 4):
    r2 = dict(r, request_id=r["request_id"] + f"-B{n}", case_number=r["case_number"] + f"-B{n}")
    with open(f"{t}/batch{n}.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(r.keys()))
        w.writeheader()
        w.writerow(r2)
PY
for n in 2 3 4; do resign "$TMP/batch$n.csv" "$TMP/in/official-keys.csv"; done
TIN=$(cat "$TMP/tin")
expect_exit 0 "withhold set" -- "$TG" withhold set --tin "$TIN" --note "informant" --db "$DB"
# At rest the store keeps a keyed digest of the TIN, never the TIN.
[ "$(sql "$DB" "SELECT count(*) FROM flags WHERE kind = 'withheld_i6'")" = 1 ] \
  && pass "one (i)(6) flag stored" || fail "the (i)(6) flag was not stored"
[ "$(sql "$DB" "SELECT count(*) FROM flags WHERE key LIKE '%$TIN%' OR note LIKE '%$TIN%'")" = 0 ] \
  && pass "the flags table does not hold the TIN" || fail "the flags table holds the TIN in clear"
expect_exit 0 "process with the taxpayer withheld" -- "$TG" process --requests "$TMP/batch2.csv" \
  --db "$DB" --out "$TMP/out2" --as-of 2026-11-23
expect_in "$TMP/out2/decisions.csv" ",rejected,WITHHELD_I6," "withheld taxpayer is not disclosed (internal code WITHHELD_I6)"
[ ! -s "$TMP/out2/disclosures.jsonl" ] && pass "nothing went out" || fail "a disclosure went out"
# The agency's answer says only no_record, like a person not in the store,
# and the audit leaf its receipt points at holds no more than that.
python3 - "$TMP/out2/response.csv" <<'PY' && pass "response.csv: no_record, no codes" || fail "response.csv reveals the withholding"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
assert len(rows) == 1 and rows[0]["answer"] == "no_record" and rows[0]["reasons"] == "", rows
open(sys.argv[1] + ".leaf", "w").write(rows[0]["response_leaf"])
PY
expect_exit 0 "audit show the response leaf" -- "$TG" audit show "$(cat "$TMP/out2/response.csv.leaf")" --db "$DB"
expect_in "$TMP/last.out" '"answer":"no_record"' "the response leaf says no_record"
grep -q WITHHELD "$TMP/last.out" && fail "the response leaf names WITHHELD_I6" || pass "the response leaf does not name WITHHELD_I6"
expect_exit 0 "withhold list" -- "$TG" withhold list --db "$DB"
expect_in "$TMP/last.out" "1 taxpayers withheld" "list gives a count, never the TIN"
expect_exit 0 "withhold lift" -- "$TG" withhold lift --tin "$TIN" --db "$DB"
expect_exit 1 "lifting twice fails" -- "$TG" withhold lift --tin "$TIN" --db "$DB"
expect_exit 1 "a TIN that is not 9 digits is refused" -- "$TG" withhold set --tin 12345 --db "$DB"
# A store written by an earlier taxgate kept the TIN in clear: the next
# command that opens it for writing replaces it by its digest (audited), and
# the flag still withholds.
sql "$DB" "INSERT INTO flags(kind, key, note, set_on) VALUES ('withheld_i6', '$TIN', 'old', '2026-11-01')"
expect_exit 0 "withhold list (reads only: changes nothing)" -- "$TG" withhold list --db "$DB"
[ "$(sql "$DB" "SELECT count(*) FROM flags WHERE key = '$TIN'")" = 1 ] \
  && pass "a read-only command leaves the old row" || fail "a read-only command wrote"
expect_exit 0 "a writing command (audit checkpoint)" -- "$TG" audit checkpoint --db "$DB"
[ "$(sql "$DB" "SELECT count(*) FROM flags WHERE key LIKE '%$TIN%'")" = 0 ] \
  && pass "the old TIN key was replaced by its digest" || fail "the old TIN key is still in clear"
expect_exit 0 "audit verify after the replacement" -- "$TG" audit verify --db "$DB"
expect_exit 0 "withhold lift (by TIN) finds the replaced flag" -- "$TG" withhold lift --tin "$TIN" --db "$DB"

AGENCY=$(python3 -c "
import csv,sys
off={r['official_id']:r['agency'] for r in csv.DictReader(open(sys.argv[1]))}
r=next(csv.DictReader(open(sys.argv[2], encoding='utf-8')))
print(off[r['official_id']])" "$TMP/in/officials.csv" "$TMP/batch3.csv")
# Agency codes compare case-insensitively: a hold set in lower case stops
# the officials registered in upper case.
LOWER=$(echo "$AGENCY" | tr 'A-Z' 'a-z')
expect_exit 0 "hold set (lower case)" -- "$TG" hold set "$LOWER" --note "injunction" --db "$DB"
expect_exit 0 "policy check sees the hold" -- "$TG" policy check --requests "$TMP/batch3.csv" \
  --db "$DB" --out "$TMP/check3.csv" --as-of 2026-11-23
expect_in "$TMP/check3.csv" "LEGAL_HOLD" "dry run lists LEGAL_HOLD"
expect_exit 0 "process under a hold" -- "$TG" process --requests "$TMP/batch3.csv" \
  --db "$DB" --out "$TMP/out3" --as-of 2026-11-23
expect_in "$TMP/out3/decisions.csv" ",rejected,LEGAL_HOLD," "agency under a hold is refused"
expect_exit 0 "hold list" -- "$TG" hold list --db "$DB"
expect_in "$TMP/last.out" "$AGENCY" "the hold is listed under the agency's code"
expect_exit 0 "hold lift (upper case)" -- "$TG" hold lift "$AGENCY" --db "$DB"
expect_exit 0 "process after the hold is lifted" -- "$TG" process --requests "$TMP/batch4.csv" \
  --db "$DB" --out "$TMP/out4" --as-of 2026-11-23
expect_in "$TMP/out4/decisions.csv" ",disclosed," "disclosed again once lifted"

expect_exit 0 "audit verify" -- "$TG" audit verify --db "$DB"
n=$(sql "$DB" "SELECT COUNT(*) FROM audit_leaves WHERE CAST(entry AS TEXT) LIKE '%_flag%'")
# withhold set and lift, the old row's replacement and its lift, hold set
# and lift.
[ "$n" = 6 ] && pass "6 flag changes audited" || fail "$n flag entries, want 6"
m=$(sql "$DB" "SELECT COUNT(*) FROM audit_leaves WHERE instr(CAST(entry AS TEXT), '$TIN') > 0")
[ "$m" = 0 ] && pass "the TIN is not in the audit log" || fail "TIN found in $m entries"
finish
