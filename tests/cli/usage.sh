# Every command has --help (exit 0); bad usage exits 2; the man page built
# from the --help texts holds every command; the commands that print a
# summary print it as JSON with --json.
source "$(dirname "$0")/lib.sh" "$@"
expect_exit 0 "taxgate --help" -- "$TG" --help
for cmd in synth load match process eval "policy check" "officials import" \
           "officials list" "officials revoke" "audit verify" "audit show" \
           "hold set" "hold lift" "hold list" "withhold set" "withhold lift"; do
  # shellcheck disable=SC2086
  expect_exit 0 "taxgate $cmd --help" -- "$TG" $cmd --help
done
expect_exit 2 "no subcommand" -- "$TG"
expect_exit 2 "unknown flag" -- "$TG" synth --out x --bogus
expect_exit 2 "missing required option" -- "$TG" process --out x
expect_exit 2 "unknown subcommand" -- "$TG" frobnicate
expect_exit 1 "bad --as-of value" -- "$TG" policy check --requests x --out y --as-of 2026-13-45
expect_in "$TMP/last.err" "--as-of: got '2026-13-45'" "bad --as-of names the flag"

# taxgate(1): written by the build (scripts/make-man) beside src/.
MAN="$(cd "$(dirname "$TG")/../.." && pwd)/taxgate.1"
if [ -f "$MAN" ]; then
  missing=""
  for cmd in $("$TG" --help | sed -n '/^Subcommands:/,/^$/p' | awk 'NR>1 && NF {print $1}'); do
    grep -q "^\.SS \"taxgate $cmd\"" "$MAN" || missing="$missing $cmd"
  done
  [ -z "$missing" ] && pass "the man page has every command" || fail "not in taxgate.1:$missing"
  expect_in "$MAN" '.SS "taxgate users add"' "and every subcommand"
  expect_in "$MAN" ".SH EXIT STATUS" "and the exit status"
else
  pass "(no taxgate.1 beside this binary: the man target was not built)"
fi

# --json: one JSON object (per line) on stdout, nothing else.
json_ok() {  # json_ok DESCRIPTION -- command...
  local what=$1; shift 2
  set +e; "$@" > "$TMP/j.out" 2> "$TMP/j.err"; local rc=$?; set -e
  if [ "$rc" = 0 ] && python3 -c '
import json, sys
lines = [l for l in open(sys.argv[1]) if l.strip()]
assert lines, "no output"
for l in lines: json.loads(l)' "$TMP/j.out"; then pass "$what --json"; else
    fail "$what --json (exit $rc)"; cat "$TMP/j.out" "$TMP/j.err" >&2; fi
}
D="$TMP/j"; DB="$D/s.db"
json_ok "synth" -- "$TG" synth --people 300 --requests 40 --seed 5 --out "$D" --json
json_ok "load" -- "$TG" load --records "$D/records.csv" --db "$DB" --json
json_ok "officials import" -- "$TG" officials import "$D/officials.csv" --db "$DB" --json
json_ok "policy check" -- "$TG" policy check --requests "$D/requests.csv" --officials "$D/officials.csv" --out "$D/p.csv" --json
json_ok "train" -- "$TG" train --records "$D/records.csv" --requests "$D/requests.csv" --out "$D/m.json" --json
json_ok "match" -- "$TG" match --records "$D/records.csv" --requests "$D/requests.csv" --out "$D/m.csv" --json
json_ok "process" -- "$TG" process --requests "$D/requests.csv" --officials "$D/officials.csv" --db "$DB" --out "$D/out" --json
json_ok "eval" -- "$TG" eval --matches "$D/out/matches.csv" --truth "$D/truth.csv" --records-truth "$D/records_truth.csv" --json
json_ok "review decide" -- "$TG" review decide --requests "$D/requests.csv" --all-matching --action no_record --reason identity_not_confirmed --db "$DB" --json
json_ok "release" -- "$TG" release --requests "$D/requests.csv" --out "$D/out" --db "$DB" --json
json_ok "audit verify" -- "$TG" audit verify --db "$DB" --json
json_ok "audit checkpoint" -- "$TG" audit checkpoint --db "$DB" --json
json_ok "report jct" -- "$TG" report jct --year "$(date -u +%Y)" --db "$DB" --json
printf 'a-long-pass-phrase\n' | "$TG" users add ann --role auditor --db "$DB" > /dev/null
json_ok "users list" -- "$TG" users list --db "$DB" --json
json_ok "backup" -- "$TG" backup --db "$DB" --out "$D/copy.db" --json
finish
