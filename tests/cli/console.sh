# The review console of `taxgate serve --console`, driven as a person would
# in Debian's headless chromium by Playwright (tests/browser/
# console.test.mjs): login, lockout, the queue, an item with its evidence,
# the two-person rule, the supervisor's view, the auditor checking an
# entry's inclusion proof in the browser, and an accessibility pass
# (axe-core). Then the store is checked from the command line: the audit
# log verifies, the entries name who did what, the disclosure went out
# once. Screenshots go to $TAXGATE_SCREENSHOTS (docs/images when set by
# scripts/screenshots).
source "$(dirname "$0")/lib.sh" "$@"
SRC=$(cd "$(dirname "$0")/../.." && pwd)
BROWSER="$SRC/tests/browser"
if [ ! -d "$BROWSER/node_modules/playwright-core" ]; then
  echo "console: $BROWSER/node_modules is missing: run scripts/install-deps (npm ci)" >&2
  exit 1
fi
command -v chromium >/dev/null || { echo "console: chromium is missing: run scripts/install-deps" >&2; exit 1; }
cd "$TMP"
"$TG" synth --people 3000 --requests 400 --seed 11 --out data >/dev/null
"$TG" officials import data/officials.csv --db s.db >/dev/null
"$TG" load --records data/records.csv --db s.db >/dev/null
"$TG" process --requests data/requests.csv --officials data/officials.csv \
  --db s.db --out out >/dev/null
"$TG" keys --tls tls --agency ICE >/dev/null 2>&1
printf 'rev-pass-phrase-1\n' | "$TG" users add rita --role reviewer --db s.db >/dev/null
printf 'sup-pass-phrase-2\n' | "$TG" users add sam --role supervisor --db s.db >/dev/null
printf 'aud-pass-phrase-3\n' | "$TG" users add audra --role auditor --db s.db >/dev/null
printf 'lock-pass-phrase-4\n' | "$TG" users add lou --role reviewer --db s.db >/dev/null
expect_exit 1 "users add refuses a short password" -- \
  sh -c "printf 'short\n' | '$TG' users add x --role reviewer --db s.db"
expect_exit 1 "users add refuses a name with capitals" -- \
  sh -c "printf 'long-enough-pass\n' | '$TG' users add Xavier --role reviewer --db s.db"
"$TG" users list --db s.db > users.txt
expect_in users.txt "rita	reviewer	active" "users list shows a role and state"

"$TG" serve --db s.db --listen 127.0.0.1:0 --cert tls/server.pem \
  --key tls/server.key --client-ca tls/ca.pem --console 127.0.0.1:0 \
  --console-lockout 3 > serve.log 2>&1 &
SERVE=$!
trap 'kill $SERVE 2>/dev/null || true; wait $SERVE 2>/dev/null || true; rm -rf "$TMP"' EXIT
for _ in $(seq 1 600); do  # up to 2 minutes (ASan on a busy machine)
  grep -q "review console on" serve.log && grep -q "listening on" serve.log && break
  sleep 0.2
done
URL=$(grep -o 'review console on https://[0-9.:]*' serve.log | sed 's/review console on //')
[ -n "$URL" ] || { cat serve.log >&2; fail "serve --console did not start"; finish; }

set +e
CONSOLE_URL="$URL" VERIFIER_KEY="$(head -1 s.db.keys/checkpoint-verifiers.txt)" \
  SCREENSHOTS="${TAXGATE_SCREENSHOTS:-$TMP/shots}" RESULT="$TMP/result.json" \
  node "$BROWSER/console.test.mjs"
rc=$?
set -e
[ "$rc" = 0 ] && pass "the browser test" || fail "the browser test (exit $rc)"

# What the browser did, from the command line.
kill $SERVE; wait $SERVE 2>/dev/null || true
if [ -f result.json ]; then
  leaf=$(python3 -c "import json; print(json.load(open('result.json'))['confirm_leaf'])")
  "$TG" audit show "$leaf" --db s.db > entry.txt
  expect_in entry.txt '"proposed_by":"rita"' "the confirmed disclosure's entry names who proposed it"
  expect_in entry.txt '"name":"sam"' "and who confirmed it"
  expect_in entry.txt '"action":"disclose"' "as a disclosure"
  "$TG" audit show "$((leaf + 1))" --db s.db > decision.txt
  expect_in decision.txt '"type":"decision"' "a decision entry follows it"
fi
"$TG" audit verify --db s.db > verify.txt 2>&1 || fail "audit verify after the console"
expect_in verify.txt "audit verify: OK" "the audit log verifies after the console's entries"
n_views=$(sql s.db "SELECT COUNT(*) FROM audit_leaves WHERE CAST(entry AS TEXT) LIKE '%console_view%'" 2>/dev/null || echo 0)
[ "${n_views:-0}" -ge 2 ] && pass "every view of a candidate is an audit entry ($n_views)" \
  || fail "console_view entries: ${n_views:-0}"
lock=$(sql s.db "SELECT COUNT(*) FROM audit_leaves WHERE CAST(entry AS TEXT) LIKE '%console_lockout%'" 2>/dev/null || echo 0)
[ "${lock:-0}" -ge 1 ] && pass "the lockout is audited" || fail "no console_lockout entry"
"$TG" users list --db s.db > users2.txt
expect_in users2.txt "lou	reviewer	locked" "the locked user stays locked (stored)"
"$TG" users unlock lou --db s.db >/dev/null
"$TG" users list --db s.db > users3.txt
expect_in users3.txt "lou	reviewer	active" "users unlock lifts it"
finish
