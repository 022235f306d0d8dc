# Bad input: one clear error naming file, line and column (exit 1) or a
# per-row rejection naming the line; nothing already accepted is lost.
source "$(dirname "$0")/lib.sh" "$@"
DB=$TMP/store.db
H="record_id,tin,first_name,middle_name,last_name,dob,street,unit,city,state,zip,tax_year,source"
printf '%s\nR1,123456789,Ana,,Perez,1980-01-02,1 Main St,,Austin,TX,78701,2024,return\nR2,,Bo,,Li,,2 Elm St,,Reno,NV,89501,2024,irs\n' "$H" > "$TMP/good.csv"
expect_exit 0 "load a good file" -- "$TG" load --records "$TMP/good.csv" --db "$DB"

printf 'tin,first_name\n1,2\n' > "$TMP/nocol.csv"
expect_exit 1 "missing column" -- "$TG" load --records "$TMP/nocol.csv" --db "$DB"
expect_in "$TMP/last.err" "nocol.csv:1: column 'record_id' missing" "names the column and file"

printf '%s\nR9,,Jos\xe9,,X,,,,,,,2024,return\n' "$H" > "$TMP/latin1.csv"
expect_exit 1 "invalid UTF-8" -- "$TG" load --records "$TMP/latin1.csv" --db "$DB"
expect_in "$TMP/last.err" "latin1.csv:2: column 3 ('first_name'): invalid UTF-8" "names file, line and column"

printf '%s\nR9,,"Ana,,X,,,,,,,2024,return\n' "$H" > "$TMP/quote.csv"
expect_exit 1 "broken quoting" -- "$TG" load --records "$TMP/quote.csv" --db "$DB"
expect_in "$TMP/last.err" "quote.csv:2: column 3 ('first_name')" "names file, line and column"

: > "$TMP/empty.csv"
expect_exit 1 "empty file" -- "$TG" load --records "$TMP/empty.csv" --db "$DB"
expect_in "$TMP/last.err" "empty.csv:1: file is empty" "says the file is empty"

expect_exit 1 "missing file" -- "$TG" load --records "$TMP/nope.csv" --db "$DB"
expect_in "$TMP/last.err" "nope.csv: cannot open file" "names the missing file"

n=$(sql "$DB" "SELECT COUNT(*) FROM records")
[ "$n" = 2 ] && pass "the store still holds the 2 accepted records" || fail "store holds $n records"

# Options a person mistypes get a message in words, naming the option.
expect_exit 1 "hold set on an impossible date" -- "$TG" hold set DHS --date 2023-02-30 --db "$DB"
expect_in "$TMP/last.err" "--date: got '2023-02-30'" "the error names --date"
expect_exit 2 "a negative entry index" -- "$TG" audit proof --leaf -1 --db "$DB"
expect_in "$TMP/last.err" "--leaf: want a whole number 0 or more, got '-1'" "says what --leaf wants"
expect_exit 2 "a negative tree size" -- "$TG" audit proof --leaf 0 --size -3 --db "$DB"
expect_in "$TMP/last.err" "--size: want a whole number 1 or more" "says what --size wants"
expect_exit 2 "a negative batch position" -- "$TG" review decide --requests "$TMP/good.csv" --request Q \
  --position -2 --action reject --reason "x" --db "$DB"
expect_in "$TMP/last.err" "--position: want a whole number 0 or more" "says what --position wants"
printf '%s\n' "$H" > "$TMP/hdr.csv"; tail -n +2 "$TMP/good.csv" > "$TMP/nohdr.csv"
expect_exit 1 "a file without its header row" -- "$TG" load --records "$TMP/nohdr.csv" --db "$DB"
grep -qE "is it missing\?|is the header row missing\?" "$TMP/last.err" \
  && pass "the error says the header row may be missing" || { fail "header row not named"; cat "$TMP/last.err" >&2; }
printf '%s\nR1,123456789,Ana,,Perez,1980-01-02,1 Main\0St,,Austin,TX,78701,2024,return\n' "$H" > "$TMP/nul.csv"
expect_exit 1 "a NUL byte inside a field" -- "$TG" load --records "$TMP/nul.csv" --db "$DB"
expect_in "$TMP/last.err" "nul.csv:2: column 7 ('street'): NUL byte" "names file, line and column"

# load never empties or shrinks the store by surprise (issue 11).
printf '%s\n' "$H" > "$TMP/header_only.csv"
expect_exit 1 "a header-only file" -- "$TG" load --records "$TMP/header_only.csv" --db "$DB"
expect_in "$TMP/last.err" "no valid row" "says there is no valid row"
printf '%s\nR1,123,Ana,,Perez,1980-13-45,1 Main St,,Austin,TX,78701,20x4,return\nR2,,Bo,,Li,,2 Elm St,,Reno,NV,89501,2024,nowhere\n' "$H" > "$TMP/all_bad.csv"
expect_exit 1 "a file whose every row is invalid" -- "$TG" load --records "$TMP/all_bad.csv" --db "$DB"
printf '%s\0\nR1,123456789,Ana,,Perez,1980-01-02,1 Main St,,Austin,TX,78701,2024,return\n' "$H" > "$TMP/nul_header.csv"
expect_exit 1 "a NUL after the last header name" -- "$TG" load --records "$TMP/nul_header.csv" --db "$DB"
printf 'R3,,Cy,,Wu,,3 Oak St,,Reno,NV,89501,2024,irs\n' >> "$TMP/good3.tmp"
{ cat "$TMP/good.csv"; cat "$TMP/good3.tmp"; } > "$TMP/good3.csv"
head -c -12 "$TMP/good3.csv" > "$TMP/cut3.csv"
expect_exit 1 "a file cut off mid-row" -- "$TG" load --records "$TMP/cut3.csv" --db "$DB"
expect_in "$TMP/last.err" "looks truncated" "says the file looks truncated"
{ cat "$TMP/good3.csv"; for i in $(seq 1 3); do echo "B$i,,X,,Y,,,,,,,2024,nowhere"; done; } > "$TMP/many_bad.csv"
expect_exit 1 "more rejected rows than the threshold" -- "$TG" load --records "$TMP/many_bad.csv" --db "$DB"
expect_in "$TMP/last.err" "rows rejected, more than 1%" "names the share of rejected rows"
n=$(sql "$DB" "SELECT COUNT(*) FROM records")
[ "$n" = 2 ] && pass "every refused load left the store as it was" || fail "store holds $n records after refused loads"
expect_exit 0 "a refresh that adds" -- "$TG" load --records "$TMP/good3.csv" --db "$DB"
expect_in "$TMP/last.out" "1 added, 0 changed, 0 removed, 2 unchanged" "a refresh says what it adds, changes and removes"
printf '%s\nR1,123456789,Ana,,Perez,1980-01-02,1 Main St,,Austin,TX,78701,2024,return\n' "$H" > "$TMP/shrunk.csv"
expect_exit 1 "a refresh removing most of the store" -- "$TG" load --records "$TMP/shrunk.csv" --db "$DB"
expect_in "$TMP/last.err" "--allow-removal" "says how to remove records on purpose"
n=$(sql "$DB" "SELECT COUNT(*) FROM records")
[ "$n" = 3 ] && pass "the store was not shrunk" || fail "store holds $n records"
expect_exit 0 "the same with --allow-removal" -- "$TG" load --records "$TMP/shrunk.csv" --db "$DB" --allow-removal
expect_in "$TMP/last.out" "0 added, 0 changed, 2 removed, 1 unchanged" "the removal is reported"
sql "$DB" "SELECT entry FROM audit_leaves ORDER BY leaf_index DESC LIMIT 1" | grep -q '"allow_removal":"yes"' \
  && pass "the audit entry records that removal was allowed" || fail "allow_removal not in the audit entry"

# A row with too many fields in a batch: rejected with its line, rest decided.
cat > "$TMP/officials.csv" <<'CSV'
official_id,name,agency,title,role
HEAD-1,Head,DHS,Secretary,head_of_agency
INV-1,Inv,DHS,Agent,investigator
CSV
R="request_id,signed_by,official_id,case_number,statute,tax_periods,reason,purpose,fields_requested,first_name,middle_name,last_name,dob,street,unit,city,state,zip,tin"
{
  echo "$R"
  echo "Q1,HEAD-1,INV-1,CR-1,8 U.S.C. 1253(a)(1),2024,Subject Perez failed to depart after a final order in matter CR-1,criminal_investigation,address,Ana,,Perez,1980-01-02,1 Main St,,Austin,TX,78701,"
  echo "Q2,HEAD-1,INV-1,CR-2,8 U.S.C. 1253(a)(1),2024,reason,criminal_investigation,address,Bo,,Li,,2 Elm St,,Reno,NV,89501,,extra"
  echo "Q3,HEAD-1,INV-1,,8 U.S.C. 1253(a)(1),2024,Subject Li is charged in matter CR-3 with reentry,criminal_investigation,address,Bo,,Li,,2 Elm St,,Reno,NV,89501,"
} > "$TMP/requests.csv"
expect_exit 0 "process a batch with one malformed row" -- "$TG" process --requests "$TMP/requests.csv" \
  --officials "$TMP/officials.csv" --db "$DB" --out "$TMP/out" --as-of 2026-11-23
expect_in "$TMP/last.err" "requests.csv:3: 20 fields, header has 19 (too many fields)" "rejection names the line"
expect_in "$TMP/out/decisions.csv" "Q1," "Q1 decided"
expect_in "$TMP/out/decisions.csv" "Q3,rejected,CASE_MISSING" "Q3 decided"
if grep -q "^Q2," "$TMP/out/decisions.csv"; then fail "malformed Q2 decided"; else pass "malformed Q2 not decided"; fi
expect_exit 0 "audit verify" -- "$TG" audit verify --db "$DB"

# A data folder that is missing is an error naming the file, never a quiet
# fallback to smaller tables that would match differently with exit 0.
mkdir -p "$TMP/empty-data"
printf 'record_id,first_name,last_name,tax_year,source\nX1,Ana,Perez,2024,return\n' > "$TMP/records.csv"
expect_exit 1 "match without its reference tables" -- env TAXGATE_DATA_DIR="$TMP/empty-data" \
  "$TG" match --records "$TMP/records.csv" --requests "$TMP/requests.csv" --out "$TMP/m.csv"
expect_in "$TMP/last.err" "empty-data/reference/" "the error names the missing file"
finish
