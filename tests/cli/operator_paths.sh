# The operator rules of LAW.md ("Officials", "Agencies", "Dates",
# "Duplicates and re-runs", "What the agency is told"), each closed:
# revocations survive re-import and only `officials reinstate --note` lifts
# them; `revoke --effective` takes earlier dates only and never postpones;
# a recorded revocation binds every later decision whatever its --as-of;
# `process` only moves forward in time; agency codes compare
# case-insensitively; an empty or invalid date of birth makes no new person;
# eligible answers are held until the batch is settled or its review
# deadline has passed.
source "$(dirname "$0")/lib.sh" "$@"
POLICY_DIR=$(dirname "$0")/../policy
TODAY=$(date -u +%F)
TOMORROW=$(date -u -d "+1 day" +%F)
PAST=2026-11-23   # before today, and after the tax periods of defaults.csv

expect_exit 0 "keys for tests/policy/officials.csv" -- "$TG" keys \
  --officials "$POLICY_DIR/officials.csv" --out "$TMP/officials.csv" --private-keys "$TMP/keys.csv"
OFF=$TMP/officials.csv
KEYS=$TMP/keys.csv
expect_exit 0 "synth a small store" -- "$TG" synth --people 200 --requests 0 --seed 11 --out "$TMP/pop"

# newdb NAME [RECORDS]: a store with a population loaded (default the small one)
newdb() { "$TG" load --records "${2:-$TMP/pop/records.csv}" --db "$TMP/$1.db" >/dev/null 2>&1 || fail "load $1"; }
# mkbatch FILE ID|SIGNED_BY|OFFICIAL_ID|CASE|DOB ...: requests from
# tests/policy/defaults.csv (one lawful request; its person is not in the
# store), signed with $KEYS. DOB "=" keeps the default one.
mkbatch() {
  local out=$1; shift
  python3 - "$POLICY_DIR/defaults.csv" "$out" "$@" <<'PY'
import csv, sys
base = next(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
rows = []
for spec in sys.argv[3:]:
    rid, signer, official, case, dob = spec.split("|")
    tag = "".join(c for c in rid.lower() if c.isalpha())
    rows.append(dict(base, request_id=rid, signed_by=signer, official_id=official, case_number=case,
                     dob=base["dob"] if dob == "=" else dob,
                     reason=f"Subject is named in an arrest warrant in matter {case}, file {tag}; "
                            f"the address is needed to execute the warrant"))
with open(sys.argv[2], "w", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, fieldnames=list(base)); w.writeheader(); w.writerows(rows)
PY
  resign "$out" "$KEYS"
}
# codes FILE ID: the decision and reasons of request ID in a decisions file
codes() { awk -F, -v id="$2" '$1 == id {print $2 " " $3}' "$1"; }
# ANSWERED: decided on its merits (not refused by any rule); the person of
# defaults.csv is not in the store, so the match decides the rest
ANSWERED="^(no_record NO_MATCH|review (LOW_CONFIDENCE|AMBIGUOUS)|disclosed )$"
# want FILE ID PATTERN DESCRIPTION: the "decision reasons" of ID match PATTERN
want() {
  local got; got=$(codes "$1" "$2")
  if [[ "$got" =~ $3 ]]; then pass "$4 ($2: $got)"; else fail "$4: $2 is '$got', want /$3/"; fi
}
# revoked_on DB ID: the registry's revocation date of an official ("" if none)
revoked_on() {
  "$TG" officials list --db "$1" | python3 -c "
import csv, sys
print(next((r['revoked_on'] for r in csv.DictReader(sys.stdin) if r['official_id'] == sys.argv[1]), 'ABSENT'))" "$2"
}
leaves() { sql "$1" "SELECT COUNT(*) FROM audit_leaves"; }

# ---- revocations survive re-import; only reinstate --note undoes them --------
DB=$TMP/revoke.db; newdb revoke
expect_exit 0 "import officials" -- "$TG" officials import "$OFF" --db "$DB"
expect_exit 0 "revoke INV-2 (engaged official)" -- "$TG" officials revoke INV-2 --db "$DB"
expect_exit 0 "revoke IG-1 (signer)" -- "$TG" officials revoke IG-1 --db "$DB"
expect_exit 0 "import the same officials.csv again" -- "$TG" officials import "$OFF" --db "$DB"
[ "$(revoked_on "$DB" INV-2)" = "$TODAY" ] && [ "$(revoked_on "$DB" IG-1)" = "$TODAY" ] \
  && pass "re-import: both stay revoked" || fail "re-import undid a revocation: INV-2 '$(revoked_on "$DB" INV-2)', IG-1 '$(revoked_on "$DB" IG-1)'"
# An officials file carrying an empty revoked_on column (the list, edited) is no way back either.
"$TG" officials list --db "$DB" | sed 's/,[0-9-]*$/,/' > "$TMP/list_unrevoked.csv"
expect_exit 0 "import the registry listing with revoked_on emptied" -- "$TG" officials import "$TMP/list_unrevoked.csv" --db "$DB"
[ "$(revoked_on "$DB" INV-2)" = "$TODAY" ] && pass "still revoked" || fail "an edited listing undid the revocation"
mkbatch "$TMP/rev1.csv" "RV-W|DEL-1|INV-2|CR-RV-1|=" "RV-S|IG-1|INV-1|CR-RV-2|=" "RV-OK|DEL-1|INV-1|CR-RV-3|="
# The dry run too: an officials file given to `policy check` does not undo
# what the store recorded.
expect_exit 0 "policy check --officials (a file without the revocations)" -- "$TG" policy check \
  --requests "$TMP/rev1.csv" --officials "$OFF" --db "$DB" --out "$TMP/rev1-check.csv" --as-of "$TODAY"
want "$TMP/rev1-check.csv" RV-W "^rejected .*REQUESTER_NOT_AUTHORIZED" "policy check --officials: the revoked official works, refused"
want "$TMP/rev1-check.csv" RV-S "^rejected .*REQUESTER_NOT_AUTHORIZED" "policy check --officials: the revoked official signs, refused"
want "$TMP/rev1-check.csv" RV-OK "^eligible" "policy check --officials: officials in force, eligible"
expect_exit 0 "process --officials (imports again)" -- "$TG" process --requests "$TMP/rev1.csv" \
  --officials "$OFF" --db "$DB" --out "$TMP/rev1" --as-of "$TODAY"
[ "$(revoked_on "$DB" INV-2)" = "$TODAY" ] && pass "process --officials: INV-2 stays revoked" || fail "process --officials undid the revocation"
want "$TMP/rev1/decisions.csv" RV-W "^rejected .*REQUESTER_NOT_AUTHORIZED" "a request the revoked official works is refused"
want "$TMP/rev1/decisions.csv" RV-S "^rejected .*REQUESTER_NOT_AUTHORIZED" "a request the revoked official signs is refused"
want "$TMP/rev1/decisions.csv" RV-OK "$ANSWERED" "the same request with officials in force is not"
expect_exit 2 "reinstate without --note" -- "$TG" officials reinstate INV-2 --db "$DB"
expect_exit 1 "reinstate with an empty note" -- "$TG" officials reinstate INV-2 --note "  " --db "$DB"
expect_exit 1 "reinstate an official who is not revoked" -- "$TG" officials reinstate INV-1 --note "no reason" --db "$DB"
expect_exit 1 "reinstate an official who is not registered" -- "$TG" officials reinstate INV-99 --note "no reason" --db "$DB"
[ "$(revoked_on "$DB" INV-2)" = "$TODAY" ] && pass "the refused reinstatements changed nothing" || fail "INV-2 reinstated by a refused command"
expect_exit 0 "reinstate INV-2 --note" -- "$TG" officials reinstate INV-2 --note "order of counsel no. 42" --db "$DB"
[ -z "$(revoked_on "$DB" INV-2)" ] && [ "$(revoked_on "$DB" IG-1)" = "$TODAY" ] \
  && pass "INV-2 is back; IG-1 is still revoked" || fail "reinstate: INV-2 '$(revoked_on "$DB" INV-2)', IG-1 '$(revoked_on "$DB" IG-1)'"
python3 - "$DB" <<'PY' && pass "audited: revoke_official twice, one reinstate_official (operator) with the note" || fail "revocations not audited as required"
import json, sqlite3, sys
es = [json.loads(bytes(e)) for (e,) in sqlite3.connect(sys.argv[1]).execute(
    "SELECT entry FROM audit_leaves ORDER BY leaf_index")]
ops = [e for e in es if e["type"] == "operator"]
rev = [e for e in ops if e["action"] == "revoke_official"]
rein = [e for e in ops if e["action"] == "reinstate_official"]
assert sorted(e["facts"]["official_id"] for e in rev) == ["IG-1", "INV-2"], rev
assert len(rein) == 1 and rein[0]["facts"]["official_id"] == "INV-2", rein
assert "order of counsel no. 42" in json.dumps(rein[0]), rein
assert rein[0]["actor"]["kind"] == "operator"
PY
mkbatch "$TMP/rev2.csv" "RV-W2|DEL-1|INV-2|CR-RV-4|="
expect_exit 0 "process after the reinstatement" -- "$TG" process --requests "$TMP/rev2.csv" \
  --officials "$OFF" --db "$DB" --out "$TMP/rev2" --as-of "$TODAY"
want "$TMP/rev2/decisions.csv" RV-W2 "$ANSWERED" "INV-2 may work a request again"

# ---- revoke --effective: earlier dates only, never postponed ----------------
DB=$TMP/effective.db
expect_exit 0 "import officials" -- "$TG" officials import "$OFF" --db "$DB"
expect_exit 0 "revoke INV-2 --effective 2026-11-01 (earlier)" -- "$TG" officials revoke INV-2 --effective 2026-11-01 --db "$DB"
[ "$(revoked_on "$DB" INV-2)" = 2026-11-01 ] && pass "the earlier date is recorded" || fail "INV-2 revoked_on '$(revoked_on "$DB" INV-2)'"
expect_exit 1 "revoke INV-1 --effective tomorrow" -- "$TG" officials revoke INV-1 --effective "$TOMORROW" --db "$DB"
[ -z "$(revoked_on "$DB" INV-1)" ] && pass "a date after today is refused and nothing is recorded" || fail "INV-1 revoked_on '$(revoked_on "$DB" INV-1)'"
n=$(leaves "$DB")
expect_exit 0 "revoke INV-2 again --effective 2026-11-20 (later)" -- "$TG" officials revoke INV-2 --effective 2026-11-20 --db "$DB"
expect_exit 0 "revoke INV-2 again (today)" -- "$TG" officials revoke INV-2 --db "$DB"
expect_exit 0 "import officials again" -- "$TG" officials import "$OFF" --db "$DB"
[ "$(revoked_on "$DB" INV-2)" = 2026-11-01 ] && pass "a later revocation or an import never postpones 2026-11-01" || fail "postponed to '$(revoked_on "$DB" INV-2)'"
expect_exit 0 "revoke IG-1 (today)" -- "$TG" officials revoke IG-1 --db "$DB"
expect_exit 0 "revoke IG-1 again --effective 2026-11-05" -- "$TG" officials revoke IG-1 --effective 2026-11-05 --db "$DB"
[ "$(revoked_on "$DB" IG-1)" = 2026-11-05 ] && pass "a revocation can be moved earlier" || fail "IG-1 revoked_on '$(revoked_on "$DB" IG-1)'"
mkbatch "$TMP/eff.csv" "EF-W|DEL-1|INV-2|CR-EF-1|="
expect_exit 0 "policy check as of 2026-11-10" -- "$TG" policy check --requests "$TMP/eff.csv" --db "$DB" \
  --out "$TMP/eff_1110.csv" --as-of 2026-11-10
want "$TMP/eff_1110.csv" EF-W "^rejected .*REQUESTER_NOT_AUTHORIZED" "in force from 2026-11-01: refused on 2026-11-10"
expect_exit 0 "policy check as of 2026-10-15" -- "$TG" policy check --requests "$TMP/eff.csv" --db "$DB" \
  --out "$TMP/eff_1015.csv" --as-of 2026-10-15
want "$TMP/eff_1015.csv" EF-W "^eligible $" "before 2026-11-01 the dry run sees INV-2 in force"

# ---- a recorded revocation binds every later decision, whatever --as-of -------
DB=$TMP/asof.db; newdb asof
expect_exit 0 "import officials" -- "$TG" officials import "$OFF" --db "$DB"
expect_exit 0 "revoke INV-2 (today)" -- "$TG" officials revoke INV-2 --db "$DB"
mkbatch "$TMP/asof.csv" "AO-W|DEL-1|INV-2|CR-AO-1|=" "AO-OK|DEL-1|INV-1|CR-AO-2|="
expect_exit 0 "policy check as of $PAST (dry run of the past)" -- "$TG" policy check --requests "$TMP/asof.csv" \
  --db "$DB" --out "$TMP/asof_check_past.csv" --as-of $PAST
want "$TMP/asof_check_past.csv" AO-W "^eligible $" "the dry run of $PAST sees INV-2 in force then"
expect_exit 0 "policy check as of today" -- "$TG" policy check --requests "$TMP/asof.csv" \
  --db "$DB" --out "$TMP/asof_check_today.csv" --as-of "$TODAY"
want "$TMP/asof_check_today.csv" AO-W "^rejected .*REQUESTER_NOT_AUTHORIZED" "the dry run of today refuses INV-2"
expect_exit 0 "process --as-of $PAST (a fresh store takes a past date)" -- "$TG" process \
  --requests "$TMP/asof.csv" --db "$DB" --out "$TMP/asof" --as-of $PAST --json
expect_in "$TMP/last.out" "\"as_of\":\"$PAST\"" "decided as of $PAST"
want "$TMP/asof/decisions.csv" AO-W "^rejected .*REQUESTER_NOT_AUTHORIZED" "backdating does not skip the revocation recorded before the decision"
want "$TMP/asof/decisions.csv" AO-OK "$ANSWERED" "the official in force is not refused"

# ---- process goes forward in time only ---------------------------------------------
DB=$TMP/forward.db; newdb forward
mkbatch "$TMP/fw1.csv" "FW-1|DEL-1|INV-1|CR-FW-1|="
mkbatch "$TMP/fw2.csv" "FW-2|DEL-1|INV-1|CR-FW-2|="
expect_exit 0 "process batch 1 as of 2026-11-20 (fresh store, past date)" -- "$TG" process \
  --requests "$TMP/fw1.csv" --officials "$OFF" --db "$DB" --out "$TMP/fw1" --as-of 2026-11-20 --json
expect_in "$TMP/last.out" '"as_of":"2026-11-20"' "decided as of 2026-11-20"
n=$(leaves "$DB"); d=$(sql "$DB" "SELECT COUNT(*) FROM decisions")
expect_exit 1 "a new batch as of 2026-11-19 (before the store's latest)" -- "$TG" process \
  --requests "$TMP/fw2.csv" --db "$DB" --out "$TMP/fw2_early" --as-of 2026-11-19
expect_in "$TMP/last.err" "2026-11-20" "the refusal names the store's latest date"
expect_exit 1 "a new batch as of tomorrow" -- "$TG" process \
  --requests "$TMP/fw2.csv" --db "$DB" --out "$TMP/fw2_future" --as-of "$TOMORROW"
expect_exit 1 "a new batch backdated, with --officials" -- "$TG" process \
  --requests "$TMP/fw2.csv" --officials "$OFF" --db "$DB" --out "$TMP/fw2_early2" --as-of 2026-11-01
[ "$(leaves "$DB")" = "$n" ] && [ "$(sql "$DB" "SELECT COUNT(*) FROM decisions")" = "$d" ] \
  && pass "the refused runs wrote nothing to the audit log or the decisions" \
  || fail "refused runs wrote: leaves $n -> $(leaves "$DB"), decisions $d -> $(sql "$DB" "SELECT COUNT(*) FROM decisions")"
[ ! -s "$TMP/fw2_early/response.csv" ] && [ ! -s "$TMP/fw2_future/response.csv" ] \
  && pass "and no answer file" || fail "a refused run wrote response.csv"
expect_exit 0 "batch 1 again, as of 2026-11-25" -- "$TG" process \
  --requests "$TMP/fw1.csv" --db "$DB" --out "$TMP/fw1b" --as-of 2026-11-25 --json
expect_in "$TMP/last.out" '"as_of":"2026-11-20"' "a re-run keeps its first as-of"
expect_in "$TMP/last.out" '"decided_now":0' "and decides nothing"
expect_exit 0 "batch 2 as of 2026-11-22" -- "$TG" process \
  --requests "$TMP/fw2.csv" --db "$DB" --out "$TMP/fw2" --as-of 2026-11-22 --json
expect_in "$TMP/last.out" '"as_of":"2026-11-22"' "a later date is accepted"
expect_exit 0 "batch 1 again, after the store moved on to 2026-11-22" -- "$TG" process \
  --requests "$TMP/fw1.csv" --db "$DB" --out "$TMP/fw1c" --json
expect_in "$TMP/last.out" '"as_of":"2026-11-20"' "a re-run is no new decision: it keeps 2026-11-20"
cmp -s "$TMP/fw1/decisions.csv" "$TMP/fw1c/decisions.csv" && pass "and repeats its decisions" || fail "the re-run changed decisions"
expect_exit 1 "batch 1 changed by a byte is a new batch: as of 2026-11-20 is now too early" -- bash -c \
  "sed 's/CR-FW-1/CR-FW-3/' '$TMP/fw1.csv' > '$TMP/fw3.csv' && '$TG' sign --requests '$TMP/fw3.csv' --private-keys '$KEYS' --out '$TMP/fw3s.csv' >/dev/null && '$TG' process --requests '$TMP/fw3s.csv' --db '$DB' --out '$TMP/fw3' --as-of 2026-11-20"

# ---- agency codes compare case-insensitively ---------------------------------------
DB=$TMP/agency.db; newdb agency
# INV-1 registered under "dhs", INV-2 under full-width "ＤＨＳ" (the text
# rules make it DHS), the signers under "DHS".
python3 - "$OFF" "$TMP/officials_mixed.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
for r in rows:
    if r["official_id"] == "INV-1":
        r["agency"] = "dhs"
    if r["official_id"] == "INV-2":
        r["agency"] = "\uff24\uff28\uff33"
with open(sys.argv[2], "w", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0])); w.writeheader(); w.writerows(rows)
PY
mkbatch "$TMP/ag1.csv" "AG-1|DEL-1|INV-1|CR-AG-1|=" "AG-X|DEL-1|INV-DOJ|CR-AG-2|=" \
  "AG-W|DEL-1|INV-2|CR-AG-7|=" "AG-ID|DEL-1|inv-1|CR-AG-8|="
expect_exit 0 "process: signer DHS, official dhs" -- "$TG" process --requests "$TMP/ag1.csv" \
  --officials "$TMP/officials_mixed.csv" --db "$DB" --out "$TMP/ag1" --as-of $PAST
want "$TMP/ag1/decisions.csv" AG-1 "$ANSWERED" "DHS and dhs are one agency: authorized"
want "$TMP/ag1/decisions.csv" AG-W "$ANSWERED" "DHS and ＤＨＳ (full width) are one agency: authorized"
want "$TMP/ag1/decisions.csv" AG-X "^rejected .*REQUESTER_NOT_AUTHORIZED" "DHS signing for a DOJ official is not"
want "$TMP/ag1/decisions.csv" AG-ID "^rejected .*REQUESTER_NOT_AUTHORIZED" "registry ids compare exactly: inv-1 is not INV-1"
expect_exit 0 "hold set dhs" -- "$TG" hold set dhs --note "D.D.C. order" --db "$DB"
mkbatch "$TMP/ag2.csv" "AG-2|DEL-1|INV-1|CR-AG-3|=" "AG-3|HEAD-1|INV-BULK|CR-AG-4|=" "AG-4|HEAD-2|INV-DOJ|CR-AG-5|="
expect_exit 0 "process under the hold" -- "$TG" process --requests "$TMP/ag2.csv" \
  --db "$DB" --out "$TMP/ag2" --as-of $PAST
want "$TMP/ag2/decisions.csv" AG-2 "^rejected .*LEGAL_HOLD" "the hold on dhs stops the dhs official signed for by DHS"
want "$TMP/ag2/decisions.csv" AG-3 "^rejected .*LEGAL_HOLD" "the hold on dhs stops officials registered under DHS"
want "$TMP/ag2/decisions.csv" AG-4 "$ANSWERED" "DOJ is not under the hold"
expect_exit 0 "hold lift DHS" -- "$TG" hold lift DHS --db "$DB"
expect_exit 0 "hold list" -- "$TG" hold list --db "$DB"
[ ! -s "$TMP/last.out" ] && pass "no hold left" || fail "holds left: $(cat "$TMP/last.out")"
mkbatch "$TMP/ag3.csv" "AG-5|HEAD-1|INV-BULK|CR-AG-6|="
expect_exit 0 "process after the lift" -- "$TG" process --requests "$TMP/ag3.csv" \
  --db "$DB" --out "$TMP/ag3" --as-of $PAST
want "$TMP/ag3/decisions.csv" AG-5 "$ANSWERED" "lifted under DHS: answered again"

# ---- an empty or invalid date of birth equals any -----------------------------
DB=$TMP/dup.db; newdb dup
mkbatch "$TMP/dup1.csv" "DU-1|DEL-1|INV-1|CR-DU-1|=" "DU-2|DEL-1|INV-1|CR-DU-2|"
expect_exit 0 "process the first batch" -- "$TG" process --requests "$TMP/dup1.csv" \
  --officials "$OFF" --db "$DB" --out "$TMP/dup1" --as-of $PAST
# OTHERDOB first: a different valid date is a different person (the control).
mkbatch "$TMP/dup2.csv" "DU-1-OTHERDOB|DEL-1|INV-1|CR-DU-1|1990-01-01" \
  "DU-1-NODOB|DEL-1|INV-1|CR-DU-1|" "DU-1-BADDOB|DEL-1|INV-1|CR-DU-1|2023-02-30" \
  "DU-2-DOB|DEL-1|INV-1|CR-DU-2|1971-03-04" "DU-1-OTHERCASE|DEL-1|INV-1|CR-DU-9|" \
  "DU-1-NADOB|DEL-1|INV-1|CR-DU-1|N/A"
expect_exit 0 "process the second batch" -- "$TG" process --requests "$TMP/dup2.csv" \
  --db "$DB" --out "$TMP/dup2" --as-of $PAST
want "$TMP/dup2/decisions.csv" DU-1-NODOB "^rejected .*DUPLICATE_REQUEST" "dob \"\" is the earlier request's person"
want "$TMP/dup2/decisions.csv" DU-1-BADDOB "^rejected .*DUPLICATE_REQUEST" "dob 2023-02-30 is the earlier request's person"
want "$TMP/dup2/decisions.csv" DU-1-NADOB "^rejected .*DUPLICATE_REQUEST" "dob N/A is the earlier request's person"
want "$TMP/dup2/decisions.csv" DU-2-DOB "^rejected .*DUPLICATE_REQUEST" "an empty dob on the earlier side equals any too"
want "$TMP/dup2/decisions.csv" DU-1-OTHERDOB "$ANSWERED" "another valid dob is another person"
want "$TMP/dup2/decisions.csv" DU-1-OTHERCASE "$ANSWERED" "another matter is another request"

# ---- what the agency is told: answers held until the batch is settled -------------
expect_exit 0 "synth a batch with matching reviews" -- "$TG" synth --people 1500 --requests 400 --seed 7 --out "$TMP/big"
# The eligible requests (those that went to matching) are read from the
# internal decisions.csv that process writes: disclosed, no_record, or review
# for a matching reason only; $TMP/STORE.decisions.csv keeps that first copy.
ELIGIBLE='
def is_eligible(c):
    codes = set(c["reasons"].split(";")) - {""}
    return c["decision"] in ("disclosed", "no_record") or (
        c["decision"] == "review" and codes and codes <= {"LOW_CONFIDENCE", "AMBIGUOUS"})
'
# held OUT: every eligible request reads pending, no codes, no receipt; no disclosure out
held() {
  python3 - "$1" "$1.decisions.csv" "$ELIGIBLE" <<'PY'
import csv, sys
out, chk = sys.argv[1:3]
exec(sys.argv[3])
resp = list(csv.DictReader(open(out + "/response.csv", encoding="utf-8")))
chk = list(csv.DictReader(open(chk, encoding="utf-8")))
assert len(resp) == len(chk) and [r["request_id"] for r in resp] == [c["request_id"] for c in chk]
eligible = [r for r, c in zip(resp, chk) if is_eligible(c)]
assert len(eligible) > len(resp) // 2, len(eligible)
assert any(c["decision"] == "disclosed" for c in chk)
bad = [r for r in eligible if (r["answer"], r["reasons"], r["response_leaf"]) != ("pending", "", "")]
assert not bad, bad[:3]
for r, c in zip(resp, chk):
    if c["decision"] == "rejected":
        assert r["answer"] == "rejected" and r["reasons"], r
assert open(out + "/disclosures.jsonl").read() == ""
PY
}
# settled OUT: every eligible request answered (disclosed, no_record or
# rejected), with its receipt, all after LAST_LEAF; disclosures.jsonl holds
# the disclosed ones; the given matching reviews read no_record, no codes.
settled() {
  python3 - "$1" "$1.decisions.csv" "$2" "$3" "$ELIGIBLE" <<'PY'
import csv, json, sys
out, chk, after, nr = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4].split()
exec(sys.argv[5])
resp = list(csv.DictReader(open(out + "/response.csv", encoding="utf-8")))
chk = list(csv.DictReader(open(chk, encoding="utf-8")))
eligible = [r for r, c in zip(resp, chk) if is_eligible(c)]
assert len(resp) == len(chk) and len(eligible) > len(resp) // 2
for r in eligible:
    assert r["answer"] in ("disclosed", "no_record", "rejected") and r["response_leaf"], r
    assert int(r["response_leaf"]) > after, (r, after)
    if r["answer"] != "rejected":
        assert r["reasons"] == "", r
by_id = {r["request_id"]: r for r in eligible}
for rid in nr:
    assert by_id[rid]["answer"] == "no_record" and by_id[rid]["reasons"] == "", by_id[rid]
disclosed = [r for r in resp if r["answer"] == "disclosed"]
lines = [json.loads(l) for l in open(out + "/disclosures.jsonl")]
assert disclosed and len(lines) == len(disclosed), (len(lines), len(disclosed))
PY
}
# matching OUT_FILE: the open matching reviews (ids) of a store
matching() {
  "$TG" review list --db "$1" --json | python3 -c "
import json, sys
ids = [p['request_id'] for p in map(json.loads, sys.stdin)
       if 'AMBIGUOUS' in p['reasons'] or 'LOW_CONFIDENCE' in p['reasons']]
print(' '.join(ids))"
}
for s in settle deadline; do
  newdb "$s" "$TMP/big/records.csv"
  expect_exit 0 "process the batch ($s store)" -- "$TG" process --requests "$TMP/big/requests.csv" \
    --officials "$TMP/big/officials.csv" --db "$TMP/$s.db" --out "$TMP/$s" --as-of "$TODAY"
  cp "$TMP/$s/decisions.csv" "$TMP/$s.decisions.csv"
  held "$TMP/$s" && pass "$s: every eligible answer pending without codes; disclosures.jsonl empty" \
    || fail "$s: answers released before the batch is settled"
done
M=$(matching "$TMP/settle.db"); set -- $M
[ "$#" -ge 2 ] && pass "the batch has $# matching reviews" || fail "only $# matching reviews: the held checks prove little"
M1=$1
expect_exit 0 "settle one matching review" -- "$TG" review decide --requests "$TMP/big/requests.csv" \
  --request "$M1" --action no_record --reason identity_not_confirmed --db "$TMP/settle.db" --out "$TMP/settle"
held "$TMP/settle" && pass "one review of several settled: still held" || fail "released before every review was settled"
expect_exit 0 "release before the deadline" -- "$TG" release --requests "$TMP/big/requests.csv" \
  --db "$TMP/settle.db" --out "$TMP/settle"
held "$TMP/settle" && pass "release before the deadline releases nothing" || fail "release released an unsettled batch"
last_review=$(sql "$TMP/settle.db" "SELECT MAX(leaf_index) FROM audit_leaves WHERE CAST(entry AS TEXT) LIKE '%\"type\":\"review\"%'")
expect_exit 0 "settle the rest (--all-matching no_record)" -- "$TG" review decide --requests "$TMP/big/requests.csv" \
  --all-matching --action no_record --reason identity_not_confirmed --db "$TMP/settle.db" --out "$TMP/settle"
last_review=$(sql "$TMP/settle.db" "SELECT MAX(leaf_index) FROM audit_leaves WHERE CAST(entry AS TEXT) LIKE '%\"type\":\"review\"%'")
settled "$TMP/settle" "$last_review" "$M" \
  && pass "settled: every eligible answer out together after the last review, the reviews no_record" \
  || fail "settled batch not answered as LAW.md says"
# The deadline store: nobody reviews; eight days on, release answers them.
M=$(matching "$TMP/deadline.db")
expect_exit 2 "release takes no date: one ahead would close the reviews early" -- "$TG" release \
  --requests "$TMP/big/requests.csv" --db "$TMP/deadline.db" --out "$TMP/deadline" \
  --as-of "$(date -u -d "+8 days" +%F)"
held "$TMP/deadline" && pass "a date ahead releases nothing" || fail "released on a date ahead"
age_batches "$TMP/deadline.db" 6
expect_exit 0 "release 6 days on" -- "$TG" release --requests "$TMP/big/requests.csv" \
  --db "$TMP/deadline.db" --out "$TMP/deadline"
held "$TMP/deadline" && pass "6 days on, within the deadline: still held" || fail "released before the review deadline"
age_batches "$TMP/deadline.db" 2
n=$(leaves "$TMP/deadline.db")
expect_exit 0 "release 8 days on" -- "$TG" release --requests "$TMP/big/requests.csv" \
  --db "$TMP/deadline.db" --out "$TMP/deadline"
settled "$TMP/deadline" $((n - 1)) "$M" \
  && pass "past the review deadline the open matching reviews read no_record and every answer goes out" \
  || fail "deadline release wrong"
[ -z "$(matching "$TMP/deadline.db")" ] && pass "no matching review left open" || fail "matching reviews still open"
for s in revoke asof forward agency dup settle deadline; do
  "$TG" audit verify --db "$TMP/$s.db" >/dev/null 2>&1 || fail "audit verify $s"
done
pass "audit verify on every store"
finish
