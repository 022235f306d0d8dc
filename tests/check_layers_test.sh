# scripts/check-layers on tiny fake source trees: it fails naming a module
# that includes a higher layer and a pure module that does I/O, spares the
# tests, and passes a clean tree with its one summary line.
# Usage: bash tests/check_layers_test.sh
set -euo pipefail
CHECK=$(cd "$(dirname "$0")/.." && pwd)/scripts/check-layers
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
FAILS=0
fail() { echo "FAIL: $*" >&2; FAILS=$((FAILS + 1)); }
pass() { echo "ok: $*"; }
# put FILE LINES...: writes FILE (under $TMP) with one line per argument.
put() { local f=$TMP/$1; shift; mkdir -p "$(dirname "$f")"; printf '%s\n' "$@" > "$f"; }
# expect_line TEXT DESCRIPTION: TEXT is in the last output.
expect_line() {
  if grep -qF -- "$1" "$TMP/out"; then pass "$2"; else
    fail "$2: '$1' not in the output"; cat "$TMP/out" >&2; fi
}
# run ROOT: runs the check on ROOT, output in $TMP/out, status in $rc.
run() { set +e; python3 "$CHECK" "$1" >"$TMP/out" 2>&1; rc=$?; set -e; }

# A clean tree: each module includes its own and lower layers; a policy test
# may include intake (a lower layer), test_util.h and <fstream>; comments
# and strings that name forbidden calls are no calls.
put clean/src/common/status.h '#include <string>'
put clean/src/domain/record.h '#include "common/status.h"'
put clean/src/intake/readers.cc '#include "intake/readers.h"' '#include "domain/record.h"' \
  '#include <fstream>' 'std::ifstream in("x");'
put clean/src/intake/readers.h '#include "common/status.h"'
put clean/src/policy/evaluator.cc '#include "policy/evaluator.h"' '#include "domain/record.h"' \
  '#include <string>' '// never getenv( here' 'const char* k = "fopen(";'
put clean/src/policy/evaluator.h '#include "common/status.h"'
put clean/src/policy/evaluator_test.cc '#include "policy/evaluator.h"' \
  '#include "intake/readers.h"' '#include "test_util.h"' '#include "gtest/gtest.h"' \
  '#include <fstream>' 'std::ifstream in("x");'
put clean/src/policy/test_inputs.cc '#include "intake/readers.h"' '#include <fstream>'
run "$TMP/clean/src"
[ "$rc" = 0 ] && pass "a clean tree passes" || { fail "clean tree: exit $rc"; cat "$TMP/out" >&2; }
expect_line "check-layers: 8 files, 17 includes, no violations" "one summary line"
[ "$(wc -l < "$TMP/out")" = 1 ] && pass "nothing else printed" || fail "more than one line"

# The same tree with violations of both rules.
cp -r "$TMP/clean" "$TMP/bad"
put bad/src/intake/readers.cc '#include "intake/readers.h"' '#include "policy/evaluator.h"'
put bad/src/domain/record.h '#include "common/status.h"' '#include "intake/readers.h"'
put bad/src/policy/evaluator.cc '#include "policy/evaluator.h"' '#include <fstream>' \
  'int x = 1;' 'const char* d = std::getenv("HOME");'
put bad/src/policy/loader.cc '#include "common/data_dir.h"' '#include "storage/database.h"'
put bad/src/policy/helper.cc '#include "test_util.h"'
run "$TMP/bad/src"
[ "$rc" = 1 ] && pass "violations fail (exit 1)" || fail "violations: exit $rc, want 1"
expect_line "src/intake/readers.cc:2: intake includes policy (higher layer: intake is layer 2, policy layer 3)" \
  "names a module that includes a higher layer"
expect_line "src/domain/record.h:2: domain includes intake (higher layer" "names domain including intake"
expect_line "src/policy/evaluator.cc:2: policy includes fstream (pure module: file-system code)" \
  "names a pure module that includes <fstream>"
expect_line "src/policy/evaluator.cc:4: policy uses getenv( (pure module reads the environment)" \
  "names a pure module that reads the environment"
expect_line "src/policy/loader.cc:1: policy includes common/data_dir.h (pure module" \
  "names a pure module that includes common/data_dir.h"
expect_line "src/policy/loader.cc:2: policy includes storage/database.h (pure module: storage code)" \
  "names a pure module that includes storage"
expect_line "src/policy/helper.cc:1: policy includes testutil" "test_util.h outside a test"
if grep -q "evaluator_test.cc\|test_inputs.cc" "$TMP/out"; then fail "a test file was reported"
else pass "test files are spared"; fi

# A module missing from the table is named, not skipped.
mkdir -p "$TMP/clean/src/gadget"
put clean/src/gadget/gadget.cc '#include "common/status.h"'
run "$TMP/clean/src"
[ "$rc" = 1 ] && pass "an unknown module fails" || fail "unknown module: exit $rc"
expect_line "module gadget is not in the LAYERS table" "names the unknown module"

if [ "$FAILS" -gt 0 ]; then echo "$FAILS check(s) failed" >&2; exit 1; fi
echo "all checks passed"
