# The batch rules across batches, through the store's history (LAW.md):
# the engagement ceiling counts an official's matters over 365 days, the
# boilerplate rule an agency's reasons over 7 days, both ending on the as-of
# date; duplicates are found across batches whatever the date; re-running a
# batch repeats it; `policy check` reads the history and writes nothing;
# `process` goes only forward in time. The batches are signed with taxgate's
# own keys and signer (`taxgate keys`, `taxgate sign`).
source "$(dirname "$0")/lib.sh" "$@"
DB=$TMP/store.db
expect_exit 0 "keys for the officials" -- "$TG" keys \
  --officials "$(dirname "$0")/../policy/officials.csv" --out "$TMP/officials.csv" \
  --private-keys "$TMP/keys.csv"
OFF=$TMP/officials.csv
expect_exit 0 "synth" -- "$TG" synth --people 300 --requests 10 --seed 3 --out "$TMP/in"
expect_exit 0 "load" -- "$TG" load --records "$TMP/in/records.csv" --db "$DB"

python3 - "$TMP" "$(dirname "$0")/../policy/defaults.csv" <<'PY'
import csv, sys
tmp, defaults = sys.argv[1], sys.argv[2]
base = next(csv.DictReader(open(defaults, encoding="utf-8")))
cols = list(base)
def letters(n):
    s = ""
    while True:
        s += chr(97 + n % 26); n //= 26
        if n == 0: return s
def words(n):  # three words that differ from n to n: no near-copies
    out = []
    for slot in (1, 2, 3):
        h = ((n + 1) * 2654435761 * (slot + 7)) % (1 << 64)
        w = ""
        for _ in range(4):
            w += chr(97 + h % 26); h //= 26
        out.append(w)
    return " ".join(out)
def req(rid, official, case, first, reason, **kw):
    return {**base, "request_id": rid, "official_id": official, "case_number": case,
            "first_name": first, "reason": reason, **kw}
stock = "{f} Ortiz failed to depart after a final order of removal (case {c})"
a = [req(f"A-{i}", "INV-1", f"CR-A-{i}", "Ana", f"Warrant to execute at site {words(i)}")
     for i in range(1, 61)]
a += [req(f"S-{i}", "INV-2", f"CR-S-{i}", "Lu" + letters(i),
          stock.format(f="Lu" + letters(i), c=f"CR-S-{i}"), last_name="Ortiz")
      for i in range(1, 21)]
b = [req(f"C-{i}", "INV-1", f"CR-C-{i}", "Ana", f"Search warrant for premises {words(100 + i)}")
     for i in range(1, 42)]
b += [req(f"T-{i}", "INV-2", f"CR-S-{100 + i}", "Pe" + letters(i),
          stock.format(f="Pe" + letters(i), c=f"CR-S-{100 + i}"), last_name="Ortiz")
      for i in range(1, 7)]
# A request id the agency used in batch A, and batch A's S-1 again (same
# official, matter and person) under a new id; the same id at another agency.
b.append(req("A-1", "INV-BULK", "CR-X-1", "Rosa", "Grand jury subpoena for records yy"))
s1 = a[60]
b.append({**s1, "request_id": "S-1-AGAIN", "reason": "Arrest warrant issued in the matter zz"})
b.append(req("A-1", "INV-DOJ", "CR-DOJ-1", "Rosa", "Indictment returned; summons to serve qq",
             signed_by="HEAD-2"))
# S-2 again with no date of birth, S-3 again with an impossible one, S-4
# again with its name in capitals and accents added: the same person.
s2, s3, s4 = a[61], a[62], a[63]
b.append({**s2, "request_id": "S-2-NODOB", "dob": "", "reason": "Warrant execution xx yy"})
b.append({**s3, "request_id": "S-3-BADDOB", "dob": "2023-02-30", "reason": "Warrant execution ww vv"})
b.append({**s4, "request_id": "S-4-CAPS", "first_name": s4["first_name"].upper(),
          "last_name": "\u00d3RTIZ", "reason": "Warrant execution uu tt"})
for name, rows in (("a", a), ("b", b)):
    with open(f"{tmp}/batch_{name}.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=cols); w.writeheader(); w.writerows(rows)
PY
resign "$TMP/batch_a.csv" "$TMP/keys.csv"
resign "$TMP/batch_b.csv" "$TMP/keys.csv"

expect_exit 0 "process batch A (2026-03-01)" -- "$TG" process --requests "$TMP/batch_a.csv" \
  --officials "$OFF" --db "$DB" --out "$TMP/out_a" --as-of 2026-03-01
n=$(grep -c -E 'ENGAGEMENT|REASON_NOT_SPECIFIC|DUPLICATE' "$TMP/out_a/decisions.csv" || true)
[ "$n" = 0 ] && pass "batch A alone breaks no batch rule" || fail "batch A: $n batch-rule codes"

leaves_before=$(sql "$DB" "SELECT COUNT(*) FROM audit_leaves")
decisions_before=$(sql "$DB" "SELECT COUNT(*) FROM decisions")

# count FILE ID_PREFIX CODE: rows of the prefix whose reasons hold the code
count() { python3 - "$@" <<'PY'
import csv, sys
path, prefix, code = sys.argv[1:4]
rows = [r for r in csv.DictReader(open(path, encoding="utf-8"))
        if r["request_id"].startswith(prefix)]
print(sum(code in r["reasons"].split(";") for r in rows), "of", len(rows))
PY
}
check() {  # check AS_OF WANT_ENGAGEMENT WANT_BOILERPLATE
  local day=$1
  expect_exit 0 "policy check batch B as of $day" -- "$TG" policy check \
    --requests "$TMP/batch_b.csv" --db "$DB" --out "$TMP/check_$day.csv" --as-of "$day"
  local got
  got=$(count "$TMP/check_$day.csv" C- ENGAGEMENT_IMPLAUSIBLE)
  [ "$got" = "$2 of 41" ] && pass "$day: ENGAGEMENT_IMPLAUSIBLE on $got of INV-1's requests" \
    || fail "$day: ENGAGEMENT_IMPLAUSIBLE on $got, want $2 of 41"
  got=$(count "$TMP/check_$day.csv" T- REASON_NOT_SPECIFIC)
  [ "$got" = "$3 of 6" ] && pass "$day: REASON_NOT_SPECIFIC on $got of the stock reasons" \
    || fail "$day: REASON_NOT_SPECIFIC on $got, want $3 of 6"
  got=$(count "$TMP/check_$day.csv" A-1 DUPLICATE_REQUEST)
  [ "$got" = "1 of 2" ] && pass "$day: the reused request id is a duplicate, at DHS only" \
    || fail "$day: DUPLICATE_REQUEST on A-1: $got, want 1 of 2"
  got=$(count "$TMP/check_$day.csv" S-1-AGAIN DUPLICATE_REQUEST)
  [ "$got" = "1 of 1" ] && pass "$day: same official, matter and person is a duplicate" \
    || fail "$day: DUPLICATE_REQUEST on S-1-AGAIN: $got"
  for id in S-2-NODOB S-3-BADDOB S-4-CAPS; do
    got=$(count "$TMP/check_$day.csv" $id DUPLICATE_REQUEST)
    [ "$got" = "1 of 1" ] && pass "$day: $id is the same person" \
      || fail "$day: DUPLICATE_REQUEST on $id: $got"
  done
}
# 60 + 41 matters > 100 within 365 days; 20 + 6 stock reasons > 25 within 7.
check 2026-03-04 41 6
# Eleven days on, the boilerplate window has passed; the engagement one has not.
check 2026-03-12 41 0
# A year and four days on, both have passed; a duplicate stays a duplicate.
check 2027-03-05 0 0
# Before batch A was decided, neither window holds it (reproducibility).
check 2026-02-20 0 0

leaves_after=$(sql "$DB" "SELECT COUNT(*) FROM audit_leaves")
decisions_after=$(sql "$DB" "SELECT COUNT(*) FROM decisions")
[ "$leaves_after" = "$leaves_before" ] && [ "$decisions_after" = "$decisions_before" ] \
  && pass "policy check wrote nothing to the store" \
  || fail "policy check wrote: leaves $leaves_before -> $leaves_after, decisions $decisions_before -> $decisions_after"

expect_exit 0 "process batch B (2026-03-04)" -- "$TG" process --requests "$TMP/batch_b.csv" \
  --db "$DB" --out "$TMP/out_b" --as-of 2026-03-04
got=$(count "$TMP/out_b/decisions.csv" C- ENGAGEMENT_IMPLAUSIBLE)
[ "$got" = "41 of 41" ] && pass "process uses the same evaluator: ENGAGEMENT_IMPLAUSIBLE on $got" || fail "process: $got"
got=$(count "$TMP/out_b/decisions.csv" T- REASON_NOT_SPECIFIC)
[ "$got" = "6 of 6" ] && pass "process: REASON_NOT_SPECIFIC on $got" || fail "process: $got"
# The agency is told the codes it can act on.
got=$(count "$TMP/out_b/response.csv" C- ENGAGEMENT_IMPLAUSIBLE)
[ "$got" = "41 of 41" ] && pass "response.csv gives the agency the statute codes" || fail "response: $got"

# process goes only forward in time: a new batch is refused a date before
# the store's latest (a history window would shrink) or in the future, and
# nothing is written.
python3 - "$TMP" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(f"{sys.argv[1]}/batch_a.csv", encoding="utf-8")))
r = dict(rows[0], request_id="LATE-1", case_number="CR-LATE-1")
with open(f"{sys.argv[1]}/batch_c.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.DictWriter(f, fieldnames=list(r)); w.writeheader(); w.writerow(r)
PY
resign "$TMP/batch_c.csv" "$TMP/keys.csv"
leaves_before=$(sql "$DB" "SELECT COUNT(*) FROM audit_leaves")
expect_exit 1 "a new batch backdated before the store's latest date is refused" -- \
  "$TG" process --requests "$TMP/batch_c.csv" --db "$DB" --out "$TMP/out_c" --as-of 2026-03-02
expect_in "$TMP/last.err" "earlier than the latest date this store has decided with (2026-03-04)" \
  "the refusal names the store's latest date"
expect_exit 1 "a batch dated in the future is refused" -- \
  "$TG" process --requests "$TMP/batch_c.csv" --db "$DB" --out "$TMP/out_c" --as-of 2099-01-01
expect_in "$TMP/last.err" "is in the future" "the refusal says the date is in the future"
[ "$(sql "$DB" "SELECT COUNT(*) FROM audit_leaves")" = "$leaves_before" ] \
  && pass "refused runs wrote nothing" || fail "a refused run wrote to the log"

# Re-running batch B is not a new request: nothing is decided again and its
# own requests are not duplicates of themselves.
expect_exit 0 "process batch B again" -- "$TG" process --requests "$TMP/batch_b.csv" \
  --db "$DB" --out "$TMP/out_b2" --as-of 2026-03-09 --json
expect_in "$TMP/last.out" '"decided_now":0' "the re-run decides nothing"
expect_in "$TMP/last.out" '"as_of":"2026-03-04"' "the re-run keeps the first run's as-of date"
cmp -s "$TMP/out_b/decisions.csv" "$TMP/out_b2/decisions.csv" && pass "the re-run repeats the same decisions" \
  || fail "decisions changed on the re-run"
expect_exit 0 "audit verify" -- "$TG" audit verify --db "$DB"
finish
