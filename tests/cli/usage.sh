# Every command has --help (exit 0); bad usage exits 2.
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
finish
