# `policy check` reproduces ../shared/data/legal-examples/expected.csv
# exactly (decision and set of codes), checked by the independent script.
source "$(dirname "$0")/lib.sh" "$@"
LX=$SHARED/data/legal-examples
expect_exit 0 "policy check on the legal examples" -- "$TG" policy check \
  --requests "$LX/requests.csv" --officials "$LX/officials.csv" \
  --db "$TMP/none.db" --out "$TMP/decisions.csv" --as-of 2026-11-23
[ ! -e "$TMP/none.db" ] && pass "dry run created no store" || fail "policy check created a store"
expect_exit 0 "compare_decisions.py agrees on every row" -- \
  python3 "$SHARED/tools/compare_decisions.py" "$LX/expected.csv" "$TMP/decisions.csv" 1.0
cat "$TMP/last.out"
finish
